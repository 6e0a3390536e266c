//! The Verilated core behind a safe Rust API: the shim library (`shim/flux_shim.cpp`) loaded at run
//! time, driven through the host interface of `hdl/README.md`.

use std::ffi::{CString, c_char, c_void};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use flux_sim::image::{CoreImage, Event};
use flux_sim::spec::Preset;

use crate::verilate::RtlBuild;

/// The shim's ABI version this wrapper speaks (`ABI_VERSION` in `flux_shim.cpp`).
const ABI_VERSION: u32 = 4;

/// The memories behind `cfg_mem` / `dbg_mem` (`hdl/README.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Mem {
    Profile = 0,
    State = 1,
    Fanout = 2,
    Synapse = 3,
    /// Registers: address 0 is `n_neurons`. Write-only.
    Register = 4,
    /// The dendritic ring, address `slot * N + neuron`.
    Ring = 5,
    /// Learning rule words, one per profile (`docs/model.md` §12).
    LearnRules = 6,
    /// Learning table words, address `profile * L + k`.
    LearnTable = 7,
}

impl Mem {
    /// The memory of host-interface code `code` ([`flux_sim::spec::mem`]).
    pub fn from_code(code: u32) -> Option<Mem> {
        use flux_sim::spec::mem;
        Some(match code {
            mem::PROFILES => Mem::Profile,
            mem::STATE => Mem::State,
            mem::FANOUT => Mem::Fanout,
            mem::SYNAPSES => Mem::Synapse,
            mem::REGISTERS => Mem::Register,
            mem::RING => Mem::Ring,
            mem::LEARN_RULES => Mem::LearnRules,
            mem::LEARN_TABLE => Mem::LearnTable,
            _ => return None,
        })
    }
}

// The enum's codes are the spec's.
const _: () = {
    use flux_sim::spec::mem;
    assert!(Mem::Profile as u32 == mem::PROFILES);
    assert!(Mem::State as u32 == mem::STATE);
    assert!(Mem::Fanout as u32 == mem::FANOUT);
    assert!(Mem::Synapse as u32 == mem::SYNAPSES);
    assert!(Mem::Register as u32 == mem::REGISTERS);
    assert!(Mem::Ring as u32 == mem::RING);
    assert!(Mem::LearnRules as u32 == mem::LEARN_RULES);
    assert!(Mem::LearnTable as u32 == mem::LEARN_TABLE);
};

/// Address of the `n_neurons` register in [`Mem::Register`].
pub const REG_N_NEURONS: u32 = flux_sim::spec::reg::N_NEURONS;
/// Address of the `learn_en` register in [`Mem::Register`].
pub const REG_LEARN_EN: u32 = flux_sim::spec::reg::LEARN_EN;

#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
struct FfiEvent {
    inj: u32,
    addr: u32,
    value: i32,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
struct FfiSpike {
    addr: u32,
    t: u32,
    count: u32,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
struct FfiStepStats {
    cycles: u64,
    push_cycles: u64,
    n_spikes: u64,
    t_after: u32,
    _pad: u32,
}

type Handle = *mut c_void;

/// The shim's entry points, valid while `_lib` is loaded.
struct Shim {
    new: unsafe extern "C" fn(*const c_char) -> Handle,
    free: unsafe extern "C" fn(Handle),
    has_trace: unsafe extern "C" fn() -> u32,
    cfg_write: unsafe extern "C" fn(Handle, u32, u32, *const u64, u64),
    dbg_read: unsafe extern "C" fn(Handle, u32, u32, *mut u64, u64),
    dbg_read_slow: unsafe extern "C" fn(Handle, u32, u32, *mut u64, u64),
    step: unsafe extern "C" fn(
        Handle,
        *const FfiEvent,
        u64,
        *mut FfiSpike,
        u64,
        u64,
        *mut FfiStepStats,
    ) -> i32,
    t: unsafe extern "C" fn(Handle) -> u32,
    edges: unsafe extern "C" fn(Handle) -> u64,
    flush: unsafe extern "C" fn(Handle),
    set_dump: unsafe extern "C" fn(Handle, u32),
    set_mutsel: unsafe extern "C" fn(Handle, u32) -> u32,
    push: unsafe extern "C" fn(Handle, *const FfiEvent, u64, u64) -> i32,
    start: unsafe extern "C" fn(Handle, u64) -> u32,
    reset: unsafe extern "C" fn(Handle, u64, u64, *mut u64, *mut u64) -> i32,
    _lib: libloading::Library,
}

/// Why the RTL could not be loaded or a timestep failed.
#[derive(Debug, thiserror::Error)]
pub enum RtlError {
    #[error("loading the Verilated model {path}: {source}")]
    Load {
        path: PathBuf,
        source: libloading::Error,
    },
    #[error(
        "{path} speaks shim ABI {found}, this flux expects {ABI_VERSION}: delete the cache entry and rebuild"
    )]
    Abi { path: PathBuf, found: u32 },
    #[error("a VCD was requested but {path} was built without --trace")]
    NoTrace { path: PathBuf },
    #[error("VCD path {0} is not valid UTF-8 without NUL bytes")]
    VcdPath(PathBuf),
    #[error("timestep {t}: {fault}")]
    Step { t: u32, fault: StepFault },
    #[error("image is for preset `{image}` but the RTL was opened for `{rtl}`")]
    PresetMismatch {
        image: &'static str,
        rtl: &'static str,
    },
    #[error("event {event:?} does not fit the AER input port (16-bit address)")]
    EventRange { event: Event },
    #[error("{path} has no `mutsel` input: it is not a design built by `flux mutate`")]
    NoMutsel { path: PathBuf },
}

/// How one timestep went wrong in the RTL (the shim's result codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StepFault {
    #[error("`busy` was high before the timestep started")]
    BusyAtStart,
    #[error(
        "`aer_in_ready` stayed low for {max_cycles} cycles while offering event {index} of {events}"
    )]
    PushTimeout {
        index: u64,
        events: u64,
        max_cycles: u64,
    },
    #[error("`busy` still high after {max_cycles} cycles (watchdog)")]
    StepTimeout { max_cycles: u64 },
    #[error(
        "{seen} `aer_out` events, more than the {cap} neurons (a neuron spikes at most once per timestep)"
    )]
    SpikeOverflow { seen: u64, cap: u64 },
    #[error("unknown shim result code {0}")]
    Unknown(i32),
}

/// One spike of an `aer_out` event (an event of count `k` gives `k` of them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RtlSpike {
    /// `aer_out_addr`.
    pub neuron: u32,
    /// `aer_out_t`.
    pub t: u32,
}

/// What one RTL timestep produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RtlStep {
    /// The `t` output before the timestep (the timestep that ran).
    pub t: u32,
    /// The `t` output once `busy` fell.
    pub t_after: u32,
    /// `aer_out` events in the order they appeared.
    pub spikes: Vec<RtlSpike>,
    /// The timestep's cycle count (`hdl/README.md`: the tick edge is 1, up to `busy` low).
    pub cycles: u64,
    /// Edges spent offering the external events before `tick` (not part of `cycles`).
    pub push_cycles: u64,
}

/// What a reset did ([`Rtl::reset`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RtlReset {
    /// Its cycle count: the last edge that samples `reset` high is 1, up to `busy` low.
    pub cycles: u64,
    /// `aer_out` events seen from the first reset edge on (the reset drops the neurons in flight).
    pub spikes: u64,
}

/// One Verilated core instance.
pub struct Rtl {
    shim: Arc<Shim>,
    handle: Handle,
    library: PathBuf,
    preset: Option<Preset>,
    /// Watchdog: most edges spent waiting for `busy` to fall, or for `aer_in_ready` per event.
    pub max_cycles: u64,
    events: Vec<FfiEvent>,
    spikes: Vec<FfiSpike>,
}

// The Verilated model has no thread affinity; `Rtl` owns its instance exclusively.
unsafe impl Send for Rtl {}

impl Drop for Rtl {
    fn drop(&mut self) {
        // SAFETY: `handle` came from `new` of this library and is freed exactly once.
        unsafe { (self.shim.free)(self.handle) }
    }
}

fn load_shim(path: &Path) -> Result<Shim, RtlError> {
    let err = |source| RtlError::Load {
        path: path.to_owned(),
        source,
    };
    // SAFETY: the library is a shim build of this crate; its initialisers only set up Verilator's
    // statics. The ABI version is checked before any other entry point is used.
    unsafe {
        let lib = libloading::Library::new(path).map_err(err)?;
        let abi: libloading::Symbol<unsafe extern "C" fn() -> u32> =
            lib.get(b"flux_rtl_abi_version").map_err(err)?;
        let found = abi();
        if found != ABI_VERSION {
            return Err(RtlError::Abi {
                path: path.to_owned(),
                found,
            });
        }
        macro_rules! sym {
            ($name:literal) => {
                *lib.get($name).map_err(err)?
            };
        }
        Ok(Shim {
            new: sym!(b"flux_rtl_new"),
            free: sym!(b"flux_rtl_free"),
            has_trace: sym!(b"flux_rtl_has_trace"),
            cfg_write: sym!(b"flux_rtl_cfg_write"),
            dbg_read: sym!(b"flux_rtl_dbg_read"),
            dbg_read_slow: sym!(b"flux_rtl_dbg_read_slow"),
            step: sym!(b"flux_rtl_step"),
            t: sym!(b"flux_rtl_t"),
            edges: sym!(b"flux_rtl_edges"),
            flush: sym!(b"flux_rtl_flush"),
            set_dump: sym!(b"flux_rtl_set_dump"),
            set_mutsel: sym!(b"flux_rtl_set_mutsel"),
            push: sym!(b"flux_rtl_push"),
            start: sym!(b"flux_rtl_start"),
            reset: sym!(b"flux_rtl_reset"),
            _lib: lib,
        })
    }
}

/// Default watchdog: far above any real timestep of the shipped presets (the `large` preset's worst
/// case is about sources × fan-out + neurons, well under 2^24).
pub const DEFAULT_MAX_CYCLES: u64 = 1 << 24;

impl Rtl {
    /// A fresh instance of a built model, writing a VCD to `vcd` when given (the build must have
    /// tracing on).
    pub fn open(build: &RtlBuild, vcd: Option<&Path>) -> Result<Self, RtlError> {
        Self::open_library(&build.library, vcd)
    }

    /// A fresh instance of the model in the shim library at `library`.
    pub fn open_library(library: &Path, vcd: Option<&Path>) -> Result<Self, RtlError> {
        let shim = Arc::new(load_shim(library)?);
        let vcd_c = match vcd {
            None => None,
            Some(p) => {
                // SAFETY: a plain query of the loaded library.
                if unsafe { (shim.has_trace)() } == 0 {
                    return Err(RtlError::NoTrace {
                        path: library.to_owned(),
                    });
                }
                let s = p.to_str().ok_or_else(|| RtlError::VcdPath(p.to_owned()))?;
                Some(CString::new(s).map_err(|_| RtlError::VcdPath(p.to_owned()))?)
            }
        };
        let ptr = vcd_c.as_ref().map_or(std::ptr::null(), |c| c.as_ptr());
        // SAFETY: `ptr` is null or a NUL-terminated path that outlives the call.
        let handle = unsafe { (shim.new)(ptr) };
        Ok(Self {
            shim,
            handle,
            library: library.to_owned(),
            preset: None,
            max_cycles: DEFAULT_MAX_CYCLES,
            events: Vec::new(),
            spikes: Vec::new(),
        })
    }

    /// The shared library this instance runs.
    pub fn library(&self) -> &Path {
        &self.library
    }

    /// Writes `words` to `mem` at `addr, addr + 1, ...` through the cfg port (one edge per word).
    pub fn cfg_write(&mut self, mem: Mem, addr: u32, words: &[u128]) {
        let flat: Vec<u64> = words
            .iter()
            .flat_map(|&w| [w as u64, (w >> 64) as u64])
            .collect();
        // SAFETY: `flat` holds `2 * words.len()` u64s.
        unsafe {
            (self.shim.cfg_write)(
                self.handle,
                mem as u32,
                addr,
                flat.as_ptr(),
                words.len() as u64,
            )
        }
    }

    /// Reads `n` words of `mem` from `addr` through the debug port, pipelined (one edge per word).
    pub fn dbg_read(&mut self, mem: Mem, addr: u32, n: usize) -> Vec<u128> {
        let mut flat = vec![0u64; 2 * n];
        // SAFETY: `flat` has room for `n` words.
        unsafe { (self.shim.dbg_read)(self.handle, mem as u32, addr, flat.as_mut_ptr(), n as u64) }
        flat.chunks_exact(2)
            .map(|c| c[0] as u128 | (c[1] as u128) << 64)
            .collect()
    }

    /// As [`Rtl::dbg_read`], but holding each address for two edges: relies on nothing beyond the
    /// latency in `hdl/README.md`. Used to check that the pipelined read is sound.
    pub fn dbg_read_unpipelined(&mut self, mem: Mem, addr: u32, n: usize) -> Vec<u128> {
        let mut flat = vec![0u64; 2 * n];
        // SAFETY: `flat` has room for `n` words.
        unsafe {
            (self.shim.dbg_read_slow)(self.handle, mem as u32, addr, flat.as_mut_ptr(), n as u64)
        }
        flat.chunks_exact(2)
            .map(|c| c[0] as u128 | (c[1] as u128) << 64)
            .collect()
    }

    /// Loads a core image through the cfg port in the order of [`CoreImage::load_sequence`]
    /// (every memory, the learning registers, `n_neurons` last: it clears the tail).
    pub fn load_image(&mut self, image: &CoreImage) {
        self.preset = Some(image.preset);
        for block in image.load_sequence() {
            let mem =
                Mem::from_code(block.mem).expect("load_sequence uses the spec's memory codes");
            self.cfg_write(mem, block.addr, &block.words);
        }
    }

    /// Writes register `learn_en` between timesteps (the host switches learning on or off).
    pub fn set_learn_en(&mut self, on: bool) {
        self.cfg_write(Mem::Register, REG_LEARN_EN, &[on as u128]);
    }

    /// Writes register `t` between timesteps: the next timestep is `t` (`docs/model.md` §7).
    pub fn set_t(&mut self, t: u32) {
        self.cfg_write(Mem::Register, flux_sim::spec::reg::T, &[u128::from(t)]);
    }

    /// The synapse words `0..n` through the debug port (pipelined, one edge per word).
    pub fn synapse_words(&mut self, n: u32) -> Vec<u64> {
        self.dbg_read(Mem::Synapse, 0, n as usize)
            .into_iter()
            .map(|w| w as u64)
            .collect()
    }

    /// The state word of neuron `n`.
    pub fn state_word(&mut self, n: u32) -> u128 {
        self.dbg_read(Mem::State, n, 1)[0]
    }

    /// The state words of neurons `0..n`.
    pub fn state_words(&mut self, n: u32) -> Vec<u128> {
        self.dbg_read(Mem::State, 0, n as usize)
    }

    /// The `t` output: timesteps completed since reset.
    pub fn t(&mut self) -> u32 {
        // SAFETY: a plain query of the live instance.
        unsafe { (self.shim.t)(self.handle) }
    }

    /// Rising edges clocked since the instance was created, all traffic included.
    pub fn edges(&self) -> u64 {
        // SAFETY: a plain query of the live instance.
        unsafe { (self.shim.edges)(self.handle) }
    }

    /// Flushes the VCD, if one is being written.
    pub fn flush(&mut self) {
        // SAFETY: a plain call on the live instance.
        unsafe { (self.shim.flush)(self.handle) }
    }

    /// Starts or pauses writing VCD samples (on from [`Rtl::open`] when a VCD was asked for).
    pub fn set_dump(&mut self, on: bool) {
        // SAFETY: a plain call on the live instance.
        unsafe { (self.shim.set_dump)(self.handle, on as u32) }
    }

    /// Activates mutant `k` of a design built by `flux mutate` (0: the unmutated design), before
    /// anything else is driven. Fails when the design has no `mutsel` input.
    pub fn set_mutant(&mut self, k: u32) -> Result<(), RtlError> {
        // SAFETY: a plain call on the live instance.
        match unsafe { (self.shim.set_mutsel)(self.handle, k) } {
            0 => Err(RtlError::NoMutsel {
                path: self.library.clone(),
            }),
            _ => Ok(()),
        }
    }

    /// `events` as the shim takes them, in `self.events`.
    fn stage_events(&mut self, events: &[Event]) -> Result<(), RtlError> {
        self.events.clear();
        for &event in events {
            let (inj, addr, value) = match event {
                Event::Spike { channel } => (0, channel, 0),
                Event::Current { neuron, value } => (1, neuron, value as i32),
            };
            if addr > u16::MAX as u32 {
                return Err(RtlError::EventRange { event });
            }
            self.events.push(FfiEvent { inj, addr, value });
        }
        Ok(())
    }

    /// Queues `events` in the input FIFO without starting a timestep (the next [`Rtl::step`] runs
    /// them after its own, or a reset drops them).
    pub fn push(&mut self, events: &[Event]) -> Result<(), RtlError> {
        self.stage_events(events)?;
        let t = self.t();
        // SAFETY: the event buffer holds the length passed.
        let rc = unsafe {
            (self.shim.push)(
                self.handle,
                self.events.as_ptr(),
                self.events.len() as u64,
                self.max_cycles,
            )
        };
        match rc {
            0 => Ok(()),
            _ => Err(RtlError::Step {
                t,
                fault: StepFault::PushTimeout {
                    index: 0,
                    events: self.events.len() as u64,
                    max_cycles: self.max_cycles,
                },
            }),
        }
    }

    /// Starts a timestep with the queued events and clocks `edges` edges, the `tick` edge included,
    /// without waiting for it to end (a reset may then land in the middle). Returns `busy`.
    pub fn start(&mut self, edges: u64) -> bool {
        // SAFETY: a plain call on the live instance.
        unsafe { (self.shim.start)(self.handle, edges) != 0 }
    }

    /// Holds `reset` high for `hold` edges (at least one) and clocks until `busy` falls: the
    /// reset's cycle count ([`flux_sim::timing::reset_cycles`]).
    pub fn reset(&mut self, hold: u64) -> Result<RtlReset, RtlError> {
        let t = self.t();
        let (mut cycles, mut spikes) = (0u64, 0u64);
        // SAFETY: `cycles` and `spikes` are valid out-pointers.
        let rc = unsafe {
            (self.shim.reset)(self.handle, hold, self.max_cycles, &mut cycles, &mut spikes)
        };
        match rc {
            0 => Ok(RtlReset { cycles, spikes }),
            _ => Err(RtlError::Step {
                t,
                fault: StepFault::StepTimeout {
                    max_cycles: self.max_cycles,
                },
            }),
        }
    }

    /// Runs one timestep with the given external events (in delivery order): pushes them through
    /// the AER input, pulses `tick`, and clocks until `busy` falls (one FFI call).
    pub fn step(&mut self, events: &[Event]) -> Result<RtlStep, RtlError> {
        self.stage_events(events)?;
        // A neuron spikes at most once per timestep; one spare slot detects a violation.
        let cap = self.preset.map_or(1 << 16, |p| p.neurons as usize) + 1;
        self.spikes.resize(cap, FfiSpike::default());
        let t = self.t();
        let mut stats = FfiStepStats::default();
        // SAFETY: the event and spike buffers hold the lengths passed; `stats` is a valid out-pointer.
        let rc = unsafe {
            (self.shim.step)(
                self.handle,
                self.events.as_ptr(),
                self.events.len() as u64,
                self.spikes.as_mut_ptr(),
                cap as u64,
                self.max_cycles,
                &mut stats,
            )
        };
        let fault = match rc {
            0 => None,
            1 => Some(StepFault::BusyAtStart),
            2 => Some(StepFault::PushTimeout {
                index: stats.push_cycles.min(self.events.len() as u64),
                events: self.events.len() as u64,
                max_cycles: self.max_cycles,
            }),
            3 => Some(StepFault::StepTimeout {
                max_cycles: self.max_cycles,
            }),
            4 => Some(StepFault::SpikeOverflow {
                seen: stats.n_spikes,
                cap: cap as u64 - 1,
            }),
            other => Some(StepFault::Unknown(other)),
        };
        if let Some(fault) = fault {
            return Err(RtlError::Step { t, fault });
        }
        let n = stats.n_spikes as usize;
        Ok(RtlStep {
            t,
            t_after: stats.t_after,
            // A neuron that fired `count` spikes (a Xylo neuron, `docs/model.md` §4.2) is listed
            // `count` times, as the model lists it.
            spikes: self.spikes[..n]
                .iter()
                .flat_map(|s| {
                    std::iter::repeat_n(
                        RtlSpike {
                            neuron: s.addr,
                            t: s.t,
                        },
                        s.count as usize,
                    )
                })
                .collect(),
            cycles: stats.cycles,
            push_cycles: stats.push_cycles,
        })
    }
}
