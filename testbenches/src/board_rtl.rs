//! The Verilated board top (`flux_board_<preset>`, pins `clock`, `rx`, `tx`) behind a safe Rust
//! API: the board shim (`shim/board_shim.cpp`) loaded at run time. It drives the serial line one
//! clock at a time and knows nothing of the protocol on it (`docs/host_link.md`): the host's UART
//! serialiser sits on top.
//!
//! ```no_run
//! use flux_testbenches::board_rtl::{BoardDesign, BoardRtl};
//! // rtl-out/flux_board_small.v, verilated (cached) and powered up; `rx` idles high.
//! let mut board = BoardRtl::build(&BoardDesign::rtl_out("small")?, None)?;
//! let cpb = board.clocks_per_bit() as usize;
//! // One byte, 0xA5, LSB first: start bit (low), 8 data bits, stop bit (high); each level is
//! // held for `cpb` clocks.
//! let mut rx = vec![0u8; cpb];
//! for bit in 0..8 {
//!     rx.extend(std::iter::repeat_n((0xA5u8 >> bit) & 1, cpb));
//! }
//! rx.extend(std::iter::repeat_n(1u8, cpb));
//! let mut tx = Vec::new();
//! board.run_bits(&rx, &mut tx); // tx[i]: the `tx` level after clock i
//! board.run_idle(40 * cpb, &mut tx); // keep clocking with `rx` high, collecting `tx`
//! # Ok::<(), flux_testbenches::board_rtl::BoardRtlError>(())
//! ```
//!
//! Timing: `run_bits` sets `rx` to `rx[i]` while the clock is low, clocks one rising and falling
//! edge, and then samples `tx` (a registered output). The board's receiver synchronises `rx` through
//! two flip-flops and samples each bit in its middle, so the host may start a byte on any clock.

use std::ffi::{CString, c_char, c_void};
use std::path::{Path, PathBuf};

use crate::verilate::{self, BuildError, RtlBuild, Shim, VerilateSpec};

/// The board shim's ABI version this wrapper speaks (`BOARD_ABI_VERSION` in `board_shim.cpp`).
const BOARD_ABI_VERSION: u32 = 2;

/// The header line of an emitted board top that gives its bit time: `// CLOCKS_PER_BIT = <n>`.
pub const CLOCKS_PER_BIT_HEADER: &str = "// CLOCKS_PER_BIT = ";

/// Why a board top could not be found, built or loaded.
#[derive(Debug, thiserror::Error)]
pub enum BoardRtlError {
    #[error("reading {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path} has no `{CLOCKS_PER_BIT_HEADER}<n>` header line (n > 0): is it an emitted board top?"
    )]
    NoClocksPerBit { path: PathBuf },
    #[error(transparent)]
    Build(#[from] BuildError),
    #[error("loading the Verilated board {path}: {source}")]
    Load {
        path: PathBuf,
        source: libloading::Error,
    },
    #[error(
        "{path} speaks board shim ABI {found}, this flux expects {BOARD_ABI_VERSION}: delete the cache entry and rebuild"
    )]
    Abi { path: PathBuf, found: u32 },
    #[error("a VCD was requested but {path} was built without --trace")]
    NoTrace { path: PathBuf },
    #[error("VCD path {0} is not valid UTF-8 without NUL bytes")]
    VcdPath(PathBuf),
}

/// A board top's Verilog and its bit time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardDesign {
    /// What to verilate (the top module is the board top).
    pub spec: VerilateSpec,
    /// Clocks per UART bit, the generator parameter the board top was emitted with.
    pub clocks_per_bit: u32,
}

impl BoardDesign {
    /// The board top in `path` with top module `top`; the bit time is read from the file's
    /// [`CLOCKS_PER_BIT_HEADER`] line (which `flux emit --board` writes).
    pub fn from_file(
        path: impl Into<PathBuf>,
        top: impl Into<String>,
    ) -> Result<Self, BoardRtlError> {
        let path = path.into();
        let text = std::fs::read_to_string(&path).map_err(|source| BoardRtlError::Read {
            path: path.clone(),
            source,
        })?;
        let clocks_per_bit = clocks_per_bit_of(&text)
            .ok_or_else(|| BoardRtlError::NoClocksPerBit { path: path.clone() })?;
        Ok(Self {
            spec: VerilateSpec::new(path, top),
            clocks_per_bit,
        })
    }

    /// `rtl-out/flux_board_<preset>.v` of this source tree (top module `flux_board_<preset>`).
    pub fn rtl_out(preset: &str) -> Result<Self, BoardRtlError> {
        let top = format!("flux_board_{preset}");
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("rtl-out")
            .join(format!("{top}.v"));
        Self::from_file(path, top)
    }

    /// The same design built with tracing on or off (a traced build can write a VCD).
    pub fn with_trace(mut self, trace: bool) -> Self {
        self.spec = self.spec.with_trace(trace);
        self
    }
}

/// The bit time in the header of an emitted board top's Verilog, if any.
pub fn clocks_per_bit_of(verilog: &str) -> Option<u32> {
    verilog
        .lines()
        .take_while(|l| l.starts_with("//"))
        .find_map(|l| l.strip_prefix(CLOCKS_PER_BIT_HEADER))
        .and_then(|n| n.trim().parse().ok())
        .filter(|&n| n > 0)
}

type Handle = *mut c_void;

/// The shim's entry points, valid while `_lib` is loaded.
struct BoardShim {
    new: unsafe extern "C" fn(*const c_char) -> Handle,
    free: unsafe extern "C" fn(Handle),
    has_trace: unsafe extern "C" fn() -> u32,
    run_bits: unsafe extern "C" fn(Handle, *const u8, *mut u8, u64),
    run_idle: unsafe extern "C" fn(Handle, *mut u8, u64),
    tx: unsafe extern "C" fn(Handle) -> u32,
    set_reset: unsafe extern "C" fn(Handle, u32),
    edges: unsafe extern "C" fn(Handle) -> u64,
    set_dump: unsafe extern "C" fn(Handle, u32),
    flush: unsafe extern "C" fn(Handle),
    _lib: libloading::Library,
}

fn load_shim(path: &Path) -> Result<BoardShim, BoardRtlError> {
    let err = |source| BoardRtlError::Load {
        path: path.to_owned(),
        source,
    };
    // SAFETY: the library is a board-shim build of this crate; its initialisers only set up
    // Verilator's statics. The ABI version is checked before any other entry point is used.
    unsafe {
        let lib = libloading::Library::new(path).map_err(err)?;
        let abi: libloading::Symbol<unsafe extern "C" fn() -> u32> =
            lib.get(b"flux_board_abi_version").map_err(err)?;
        let found = abi();
        if found != BOARD_ABI_VERSION {
            return Err(BoardRtlError::Abi {
                path: path.to_owned(),
                found,
            });
        }
        macro_rules! sym {
            ($name:literal) => {
                *lib.get($name).map_err(err)?
            };
        }
        Ok(BoardShim {
            new: sym!(b"flux_board_new"),
            free: sym!(b"flux_board_free"),
            has_trace: sym!(b"flux_board_has_trace"),
            run_bits: sym!(b"flux_board_run_bits"),
            run_idle: sym!(b"flux_board_run_idle"),
            tx: sym!(b"flux_board_tx"),
            set_reset: sym!(b"flux_board_set_reset"),
            edges: sym!(b"flux_board_edges"),
            set_dump: sym!(b"flux_board_set_dump"),
            flush: sym!(b"flux_board_flush"),
            _lib: lib,
        })
    }
}

/// One Verilated board, powered up with `rx` idle (high).
pub struct BoardRtl {
    shim: BoardShim,
    handle: Handle,
    clocks_per_bit: u32,
}

// The Verilated model has no thread affinity; `BoardRtl` owns its instance exclusively.
unsafe impl Send for BoardRtl {}

impl Drop for BoardRtl {
    fn drop(&mut self) {
        // SAFETY: `handle` came from `new` of this library and is freed exactly once.
        unsafe { (self.shim.free)(self.handle) }
    }
}

impl BoardRtl {
    /// Verilates `design` with the board shim (cached by content, as [`verilate::build`]) and
    /// powers up one instance, writing a VCD to `vcd` when given (then `design` must be built with
    /// tracing: [`BoardDesign::with_trace`]).
    pub fn build(design: &BoardDesign, vcd: Option<&Path>) -> Result<Self, BoardRtlError> {
        let build = verilate::build_shim(&design.spec, Shim::Board)?;
        Self::open(&build, design.clocks_per_bit, vcd)
    }

    /// A fresh instance of a board-shim build (from [`verilate::build_shim`] with [`Shim::Board`])
    /// whose board top was emitted with `clocks_per_bit`.
    pub fn open(
        build: &RtlBuild,
        clocks_per_bit: u32,
        vcd: Option<&Path>,
    ) -> Result<Self, BoardRtlError> {
        let library = &build.library;
        let shim = load_shim(library)?;
        let vcd_c = match vcd {
            None => None,
            Some(p) => {
                // SAFETY: a plain query of the loaded library.
                if unsafe { (shim.has_trace)() } == 0 {
                    return Err(BoardRtlError::NoTrace {
                        path: library.to_owned(),
                    });
                }
                let s = p
                    .to_str()
                    .ok_or_else(|| BoardRtlError::VcdPath(p.to_owned()))?;
                Some(CString::new(s).map_err(|_| BoardRtlError::VcdPath(p.to_owned()))?)
            }
        };
        let ptr = vcd_c.as_ref().map_or(std::ptr::null(), |c| c.as_ptr());
        // SAFETY: `ptr` is null or a NUL-terminated path that outlives the call.
        let handle = unsafe { (shim.new)(ptr) };
        Ok(Self {
            shim,
            handle,
            clocks_per_bit,
        })
    }

    /// Clocks per UART bit of this board top (8 data bits, no parity, 1 stop bit; a byte is
    /// `10 * clocks_per_bit` clocks).
    pub fn clocks_per_bit(&self) -> u32 {
        self.clocks_per_bit
    }

    /// Runs `rx.len()` clocks: before clock `i`, `rx` is set to `rx[i]` (0 low, anything else
    /// high); after it, the `tx` level (0 or 1) is appended to `tx`. `rx` keeps its last level
    /// afterwards.
    pub fn run_bits(&mut self, rx: &[u8], tx: &mut Vec<u8>) {
        let start = tx.len();
        tx.resize(start + rx.len(), 1);
        // SAFETY: `rx` and the tail of `tx` both hold `rx.len()` bytes.
        unsafe {
            (self.shim.run_bits)(
                self.handle,
                rx.as_ptr(),
                tx[start..].as_mut_ptr(),
                rx.len() as u64,
            )
        }
    }

    /// Runs `n` clocks with `rx` high (idle), appending the `tx` level after each to `tx`.
    pub fn run_idle(&mut self, n: usize, tx: &mut Vec<u8>) {
        let start = tx.len();
        tx.resize(start + n, 1);
        // SAFETY: the tail of `tx` holds `n` bytes.
        unsafe { (self.shim.run_idle)(self.handle, tx[start..].as_mut_ptr(), n as u64) }
    }

    /// Sets the `reset` pin for the clocks that follow (`docs/model.md` §7.1).
    pub fn set_reset(&mut self, high: bool) {
        // SAFETY: a plain call on the live instance.
        unsafe { (self.shim.set_reset)(self.handle, high as u32) }
    }

    /// The `tx` level now (high when idle).
    pub fn tx(&self) -> bool {
        // SAFETY: a plain query of the live instance.
        unsafe { (self.shim.tx)(self.handle) != 0 }
    }

    /// Rising edges clocked since power-up.
    pub fn edges(&self) -> u64 {
        // SAFETY: a plain query of the live instance.
        unsafe { (self.shim.edges)(self.handle) }
    }

    /// Starts or pauses writing VCD samples (on from power-up when a VCD was asked for).
    pub fn set_dump(&mut self, on: bool) {
        // SAFETY: a plain call on the live instance.
        unsafe { (self.shim.set_dump)(self.handle, on as u32) }
    }

    /// Flushes the VCD, if one is being written.
    pub fn flush(&mut self) {
        // SAFETY: a plain call on the live instance.
        unsafe { (self.shim.flush)(self.handle) }
    }
}
