//! Widths, word layouts and core presets: the single source of every integer layout in Flux
//! (`docs/model.md` sections 1 and 6). The model packs and unpacks words with these [`Field`]s, and the
//! hardware generator sizes its `Bits`/`Signed` signals and slices from the same values.

/// One field of a packed word: `width` bits starting at `lsb`, two's complement when `signed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub lsb: u32,
    pub width: u32,
    pub signed: bool,
}

impl Field {
    pub const fn new(name: &'static str, lsb: u32, width: u32, signed: bool) -> Self {
        Self {
            name,
            lsb,
            width,
            signed,
        }
    }

    /// First bit above the field.
    pub const fn end(&self) -> u32 {
        self.lsb + self.width
    }

    /// Smallest value the field can hold.
    pub const fn min(&self) -> i64 {
        if self.signed {
            -(1i64 << (self.width - 1))
        } else {
            0
        }
    }

    /// Largest value the field can hold.
    pub const fn max(&self) -> i64 {
        if self.signed {
            (1i64 << (self.width - 1)) - 1
        } else {
            (1i64 << self.width) - 1
        }
    }

    const fn mask(&self) -> u128 {
        (1u128 << self.width) - 1
    }

    /// Reads the field out of `word`, sign-extending signed fields.
    #[inline(always)]
    pub const fn get(&self, word: u128) -> i64 {
        let raw = ((word >> self.lsb) & self.mask()) as i64;
        if self.signed && raw >> (self.width - 1) != 0 {
            raw - (1i64 << self.width)
        } else {
            raw
        }
    }

    /// Writes `value` into the field of `word`. The value is truncated to the field width; callers
    /// check ranges first (see [`Field::fits`]).
    #[inline(always)]
    pub const fn set(&self, word: u128, value: i64) -> u128 {
        let bits = (value as u128) & self.mask();
        (word & !(self.mask() << self.lsb)) | (bits << self.lsb)
    }

    /// Whether `value` is representable in the field.
    pub const fn fits(&self, value: i64) -> bool {
        value >= self.min() && value <= self.max()
    }
}

/// Width of the neuron state word (`docs/model.md` §6).
pub const STATE_BITS: u32 = 100;

/// The neuron state word.
pub mod state {
    use super::Field;
    pub const V: Field = Field::new("v", 0, 24, true);
    pub const U: Field = Field::new("u", 24, 25, true);
    pub const THR_OFF: Field = Field::new("thr_off", 49, 16, true);
    pub const MOD_LEVEL: Field = Field::new("mod_level", 65, 16, true);
    pub const REF_CNT: Field = Field::new("ref_cnt", 81, 8, false);
    pub const QUIET_CNT: Field = Field::new("quiet_cnt", 89, 8, false);
    pub const PROFILE: Field = Field::new("profile", 97, 3, false);
    pub const ALL: [Field; 7] = [V, U, THR_OFF, MOD_LEVEL, REF_CNT, QUIET_CNT, PROFILE];
}

/// Width of the profile word (`docs/model.md` §6).
pub const PROFILE_BITS: u32 = 127;

/// The profile word: common fields, then the fields of each kind, which overlap.
pub mod profile {
    use super::Field;
    pub const KIND: Field = Field::new("kind", 0, 2, false);
    pub const REF_PERIOD: Field = Field::new("ref_period", 2, 8, false);
    pub const COMMON: [Field; 2] = [KIND, REF_PERIOD];

    /// `kind` value of the FLUX modulated LIF.
    pub const KIND_FLUX: i64 = 0;
    /// `kind` value of the Loihi-compatible CUBA LIF.
    pub const KIND_CUBA: i64 = 1;
    /// `kind` value of the integer Izhikevich neuron.
    pub const KIND_IZH: i64 = 2;
    /// `kind` value of the Xylo-compatible IAF (`docs/model.md` §4.2).
    pub const KIND_XYLO: i64 = 3;

    pub const RESET_MODE: Field = Field::new("reset_mode", 10, 1, false);
    pub const LEAK_MODE: Field = Field::new("leak_mode", 11, 1, false);
    pub const V_REST: Field = Field::new("v_rest", 12, 16, true);
    pub const V_RESET: Field = Field::new("v_reset", 28, 16, true);
    pub const THR: Field = Field::new("thr", 44, 16, false);
    pub const LEAK: Field = Field::new("leak", 60, 12, false);
    pub const HAB_RATE: Field = Field::new("hab_rate", 72, 8, false);
    pub const POT_RATE: Field = Field::new("pot_rate", 80, 8, false);
    pub const QUIET_STEPS: Field = Field::new("quiet_steps", 88, 8, false);
    pub const THR_OFF_MAX: Field = Field::new("thr_off_max", 96, 15, false);
    pub const MOD_RELAX: Field = Field::new("mod_relax", 111, 8, false);
    pub const MOD_GAIN: Field = Field::new("mod_gain", 119, 8, false);
    pub const FLUX: [Field; 12] = [
        RESET_MODE,
        LEAK_MODE,
        V_REST,
        V_RESET,
        THR,
        LEAK,
        HAB_RATE,
        POT_RATE,
        QUIET_STEPS,
        THR_OFF_MAX,
        MOD_RELAX,
        MOD_GAIN,
    ];

    pub const DU: Field = Field::new("du", 10, 12, false);
    pub const DV: Field = Field::new("dv", 22, 12, false);
    pub const VTH: Field = Field::new("vth", 34, 17, false);
    pub const BIAS_MANT: Field = Field::new("bias_mant", 51, 13, true);
    pub const BIAS_EXP: Field = Field::new("bias_exp", 64, 3, false);
    pub const CUBA: [Field; 5] = [DU, DV, VTH, BIAS_MANT, BIAS_EXP];

    // The Izhikevich kind (2) has no refractory period: its fields start right after `kind`,
    // over `ref_period` (`docs/model.md` §4.1 gives each field's fixed point).
    pub const IZH_K2: Field = Field::new("k2", 2, 16, false);
    pub const IZH_K1: Field = Field::new("k1", 18, 16, true);
    pub const IZH_K0: Field = Field::new("k0", 34, 16, true);
    pub const IZH_A: Field = Field::new("a", 50, 15, true);
    pub const IZH_AB: Field = Field::new("ab", 65, 16, true);
    pub const IZH_UB: Field = Field::new("ub", 81, 16, true);
    pub const IZH_C: Field = Field::new("c", 97, 10, true);
    pub const IZH_D: Field = Field::new("d", 107, 16, true);
    pub const IZH_IN_SHIFT: Field = Field::new("in_shift", 123, 3, false);
    pub const IZH: [Field; 9] = [
        IZH_K2,
        IZH_K1,
        IZH_K0,
        IZH_A,
        IZH_AB,
        IZH_UB,
        IZH_C,
        IZH_D,
        IZH_IN_SHIFT,
    ];

    // The Xylo-compatible IAF (kind 3, `docs/model.md` §4.2): no refractory period, fields from
    // bit 2.
    pub const XYLO_DASH_MEM: Field = Field::new("dash_mem", 2, 4, false);
    pub const XYLO_DASH_SYN1: Field = Field::new("dash_syn1", 6, 4, false);
    pub const XYLO_DASH_SYN2: Field = Field::new("dash_syn2", 10, 4, false);
    pub const XYLO_V_TH: Field = Field::new("v_th", 14, 15, false);
    pub const XYLO_BIAS: Field = Field::new("bias", 29, 16, true);
    pub const XYLO_CAP: Field = Field::new("cap", 45, 5, false);
    pub const XYLO: [Field; 6] = [
        XYLO_DASH_MEM,
        XYLO_DASH_SYN1,
        XYLO_DASH_SYN2,
        XYLO_V_TH,
        XYLO_BIAS,
        XYLO_CAP,
    ];
}

/// Width of a dendritic slot word (`docs/model.md` §6).
pub const SLOT_BITS: u32 = 41;

/// The dendritic slot word: what has arrived for one neuron in one timestep.
pub mod slot {
    use super::Field;
    pub const A_IN: Field = Field::new("a_in", 0, 24, true);
    pub const M_IN: Field = Field::new("m_in", 24, 16, true);
    pub const E: Field = Field::new("e", 40, 1, false);
    pub const ALL: [Field; 3] = [A_IN, M_IN, E];
}

/// Width of the learning rule word (`docs/model.md` §6, §12).
pub const LEARN_RULE_BITS: u32 = 60;

/// The learning rule word: one per profile.
pub mod learn_rule {
    use super::Field;
    pub const LR_GAIN: Field = Field::new("lr_gain", 0, 8, false);
    pub const LR_REVERSE: Field = Field::new("lr_reverse", 8, 1, false);
    pub const W_MIN: Field = Field::new("w_min", 9, 16, true);
    pub const W_MAX: Field = Field::new("w_max", 25, 16, true);
    pub const FADE_SHIFT: Field = Field::new("fade_shift", 41, 4, false);
    pub const CONS_THR: Field = Field::new("cons_thr", 45, 15, false);
    pub const ALL: [Field; 6] = [LR_GAIN, LR_REVERSE, W_MIN, W_MAX, FADE_SHIFT, CONS_THR];
}

/// Width of the learning table word (`docs/model.md` §6, §12).
pub const LEARN_TABLE_BITS: u32 = 16;

/// The learning table word: one per profile and window step.
pub mod learn_table {
    use super::Field;
    pub const LTP: Field = Field::new("ltp", 0, 8, false);
    pub const LTD: Field = Field::new("ltd", 8, 8, false);
    pub const ALL: [Field; 2] = [LTP, LTD];
}

/// Memory codes of the host interface (`cfg_mem`/`dbg_mem`, `hdl/README.md`; `docs/model.md` §12).
pub mod mem {
    pub const PROFILES: u32 = 0;
    pub const STATE: u32 = 1;
    pub const FANOUT: u32 = 2;
    pub const SYNAPSES: u32 = 3;
    pub const REGISTERS: u32 = 4;
    pub const RING: u32 = 5;
    pub const LEARN_RULES: u32 = 6;
    pub const LEARN_TABLE: u32 = 7;
}

/// Register addresses in memory [`mem::REGISTERS`] (`docs/model.md` §8, §12.1).
pub mod reg {
    pub const N_NEURONS: u32 = 0;
    pub const LEARN_EN: u32 = 1;
    pub const SWEEP_LEN: u32 = 2;
    pub const SWEEP_STEP: u32 = 3;
    /// The timestep counter `t` (32 bits): the next timestep to run (`docs/model.md` §7).
    pub const T: u32 = 4;
    /// The noise generator's `xorshift32` state `x` (32 bits, `docs/model.md` §3.1).
    pub const NOISE: u32 = 5;
    /// The noise width `k` of every profile, [`NOISE_BITS_PER_PROFILE`] bits each, profile `p` at
    /// bits `4p .. 4p + 4` (`4 * P` bits, `docs/model.md` §3.1).
    pub const NOISE_BITS: u32 = 6;
    /// Width of one profile's noise width `k` in register [`NOISE_BITS`] (`k` in `0..=15`).
    pub const NOISE_BITS_PER_PROFILE: u32 = 4;
    /// Width of `sweep_step`.
    pub const SWEEP_STEP_BITS: u32 = 8;
    /// Write-only: appends an event to the spike buffer, which the next route phase routes after
    /// the external events (the word of [`super::spike_push`], `docs/model.md` §2.1). Only in a core
    /// with the `net` unit.
    pub const SPIKE_PUSH: u32 = 7;
    /// Bit 0: the update phase does not put its spikes into the spike buffer (a core of a chip,
    /// whose exchange pushes every spike, `docs/model.md` §2.1). Only with the `net` unit.
    pub const EXTERN_SPIKES: u32 = 8;
}

/// The word written to register `spike_push` (`docs/model.md` §2.1).
pub mod spike_push {
    use super::Field;
    /// The source: neuron `n`, or input channel `c` as `N + c`.
    pub const SOURCE: Field = Field::new("source", 0, 16, false);
    /// How many spikes the event carries, 1..=31 (a Xylo neuron's count, §4.2).
    pub const COUNT: Field = Field::new("count", 16, 5, false);
}

/// The input-FIFO word: one external event as the core queues it for the next timestep
/// (`docs/model.md` §6). Its fields are the `aer_in_*` ports of the host interface, of the same
/// names and widths ([`host`]).
pub mod fifo {
    use super::Field;
    /// Injection value (`aer_in_value`).
    pub const VALUE: Field = Field::new("value", 0, 16, true);
    /// Neuron (injection) or channel (spike) (`aer_in_addr`).
    pub const ADDR: Field = Field::new("addr", VALUE.end(), 16, false);
    /// 1: current injection; 0: channel spike (`aer_in_inj`).
    pub const INJ: Field = Field::new("inj", ADDR.end(), 1, false);
    pub const ALL: [Field; 3] = [VALUE, ADDR, INJ];
}

/// Width of an input-FIFO word.
pub const FIFO_BITS: u32 = fifo::INJ.end();

/// The host interface of `flux_core_<preset>`: every port, its direction seen from the core and
/// its width, in the order of `hdl/README.md`'s table. The one declaration behind the core's
/// ports and the board's host link (`flux-hdl`, whose tests compare both blocks' ports with it),
/// the FPGA flow's contract (`flux-fpga`) and the README table (tested). It lives here rather
/// than in `flux-hdl` because `flux-fpga` does not depend on the hardware crate.
pub mod host {
    use super::fifo;

    /// A port's direction, seen from the core.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Dir {
        In,
        Out,
    }

    /// One port of the core.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Port {
        pub name: &'static str,
        pub dir: Dir,
        pub width: u32,
    }

    const fn port(name: &'static str, dir: Dir, width: u32) -> Port {
        Port { name, dir, width }
    }

    /// Width of a memory code (`cfg_mem`, `dbg_mem`; codes in [`super::mem`]).
    pub const MEM_BITS: u32 = 3;
    /// Width of a word address (`cfg_addr`, `dbg_addr`).
    pub const ADDR_BITS: u32 = 32;
    /// Width of a host word (`cfg_data`, `dbg_data`): the widest memory word, right-aligned.
    pub const DATA_BITS: u32 = 128;
    /// Width of a neuron id on `aer_out_addr`.
    pub const NEURON_ID_BITS: u32 = 16;
    /// Width of a timestep count (`t`, `aer_out_t`).
    pub const T_BITS: u32 = 32;

    pub const CLOCK: Port = port("clock", Dir::In, 1);
    pub const RESET: Port = port("reset", Dir::In, 1);
    pub const CFG_WE: Port = port("cfg_we", Dir::In, 1);
    pub const CFG_MEM: Port = port("cfg_mem", Dir::In, MEM_BITS);
    pub const CFG_ADDR: Port = port("cfg_addr", Dir::In, ADDR_BITS);
    pub const CFG_DATA: Port = port("cfg_data", Dir::In, DATA_BITS);
    pub const AER_IN_VALID: Port = port("aer_in_valid", Dir::In, 1);
    pub const AER_IN_READY: Port = port("aer_in_ready", Dir::Out, 1);
    pub const AER_IN_INJ: Port = port("aer_in_inj", Dir::In, fifo::INJ.width);
    pub const AER_IN_ADDR: Port = port("aer_in_addr", Dir::In, fifo::ADDR.width);
    pub const AER_IN_VALUE: Port = port("aer_in_value", Dir::In, fifo::VALUE.width);
    pub const TICK: Port = port("tick", Dir::In, 1);
    pub const BUSY: Port = port("busy", Dir::Out, 1);
    pub const AER_OUT_VALID: Port = port("aer_out_valid", Dir::Out, 1);
    pub const AER_OUT_ADDR: Port = port("aer_out_addr", Dir::Out, NEURON_ID_BITS);
    pub const AER_OUT_T: Port = port("aer_out_t", Dir::Out, T_BITS);
    /// Width of a spike count (`aer_out_count`: up to 31, `docs/model.md` §4.2).
    pub const COUNT_BITS: u32 = 5;
    pub const AER_OUT_COUNT: Port = port("aer_out_count", Dir::Out, COUNT_BITS);
    pub const T: Port = port("t", Dir::Out, T_BITS);
    pub const DBG_MEM: Port = port("dbg_mem", Dir::In, MEM_BITS);
    pub const DBG_ADDR: Port = port("dbg_addr", Dir::In, ADDR_BITS);
    pub const DBG_DATA: Port = port("dbg_data", Dir::Out, DATA_BITS);

    /// Every port, in `hdl/README.md`'s order.
    pub const PORTS: [Port; 21] = [
        CLOCK,
        RESET,
        CFG_WE,
        CFG_MEM,
        CFG_ADDR,
        CFG_DATA,
        AER_IN_VALID,
        AER_IN_READY,
        AER_IN_INJ,
        AER_IN_ADDR,
        AER_IN_VALUE,
        TICK,
        BUSY,
        AER_OUT_VALID,
        AER_OUT_ADDR,
        AER_OUT_T,
        AER_OUT_COUNT,
        T,
        DBG_MEM,
        DBG_ADDR,
        DBG_DATA,
    ];

    /// The ports the board's host link leaves unconnected: it reports `t` after a timestep, not
    /// the timestep of each spike (`docs/host_link.md`), and one id per spiking neuron, not its
    /// count (so `flux board run` refuses Xylo profiles with `cap > 1`, `docs/model.md` §4.2).
    pub const NOT_ON_HOST_LINK: [Port; 2] = [AER_OUT_T, AER_OUT_COUNT];
}

/// Synapse types (`docs/model.md` §5).
pub mod syn_type {
    pub const DIRECT: i64 = 0;
    pub const MODULATORY: i64 = 1;
    pub const ELECTRIC: i64 = 2;
    /// A Xylo current synapse (`docs/model.md` §5): onto `a_in` or `m_in` with 16-bit saturation,
    /// its weight shifted; only in a core with the `xylo` unit (reserved without).
    pub const CURRENT: i64 = 3;
}

/// Generator parameters of one core (`docs/model.md` §1). Every size is a power of two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    pub name: &'static str,
    pub neurons: u32,
    pub channels: u32,
    pub synapses: u32,
    pub delay_slots: u32,
    pub profiles: u32,
    pub weight_bits: u32,
    pub input_fifo: u32,
    /// Tail entries K of the learning unit (`docs/model.md` §12.1).
    pub tail: u32,
    /// Learning window L in timesteps, 1..=255 (`docs/model.md` §12.1).
    pub stdp_window: u32,
    /// The core has the CUBA datapath; without it every profile word runs as FLUX
    /// (`docs/model.md` §1).
    pub cuba: bool,
    /// The core has the Izhikevich datapath; without it an Izhikevich profile word runs as FLUX
    /// (`docs/model.md` §1, §4.1).
    pub izh: bool,
    /// The core has the Xylo IAF datapath and current synapses; without it a Xylo profile word runs
    /// as FLUX and synapse type 3 is reserved (`docs/model.md` §1, §4.2).
    pub xylo: bool,
    /// The core has the learning unit; without it `learn_en` reads 0 and memories 6 and 7 read 0
    /// (`docs/model.md` §1, §12).
    pub learning: bool,
    /// The board top carries the on-chip input generators (`docs/model.md` §9.1,
    /// `input_gen::ENTRIES` entries); the core itself is the same either way.
    pub generators: bool,
    /// The input generators have their list memory (`input_gen::LIST_WORDS` words) and injection
    /// schedule (`input_gen::SCHEDULE_WORDS`), which run spike lists, delta coding and current
    /// injections on the chip (`docs/model.md` §9.1).
    pub spike_lists: bool,
    /// The board top's host link takes `BURST` frames (several words of a memory per frame) and
    /// keeps the load checksum (`docs/host_link.md` §2, `flux_sim::link::burst`).
    pub burst: bool,
    /// The core takes spike events from outside (registers `spike_push` and `extern_spikes`,
    /// `docs/model.md` §2.1): what a core of a chip needs (`crate::chip`).
    pub net: bool,
}

/// Fast cosimulation.
pub const SMALL: Preset = Preset {
    name: "small",
    neurons: 256,
    channels: 64,
    synapses: 4096,
    delay_slots: 8,
    profiles: 8,
    weight_bits: 8,
    input_fifo: 256,
    tail: 16,
    stdp_window: 16,
    cuba: true,
    izh: true,
    xylo: true,
    learning: true,
    generators: true,
    spike_lists: true,
    burst: true,
    net: true,
};

/// Sized for a Lattice iCE40 UP5K: FLUX neurons only, no learning unit and two profiles, so that
/// the core, the host link and the input generators fit its 5280 logic cells and 30 block RAMs
/// (`docs/model.md` §1).
pub const UP5K: Preset = Preset {
    name: "up5k",
    neurons: 256,
    channels: 64,
    synapses: 32_768,
    delay_slots: 4,
    profiles: 2,
    weight_bits: 8,
    input_fifo: 256,
    tail: 8,
    stdp_window: 8,
    cuba: false,
    izh: false,
    xylo: false,
    learning: false,
    generators: true,
    spike_lists: false,
    burst: false,
    net: false,
};

/// Sized for a Lattice ECP5-85F (the ULX3S): both kinds and the learning unit, 4x the neurons and
/// 8x the synapses of `small`. 65536 synapses would fit the block RAM (165 of 208), but the write
/// data of the synapse memory reaches every one of its banks and the learning unit's write path
/// then missed the 25 MHz board clock (24.6 MHz; `fpga/README.md`).
pub const ULX3S: Preset = Preset {
    name: "ulx3s",
    neurons: 1024,
    channels: 256,
    synapses: 32_768,
    delay_slots: 8,
    profiles: 8,
    weight_bits: 8,
    input_fifo: 1024,
    tail: 32,
    stdp_window: 16,
    cuba: true,
    izh: true,
    xylo: true,
    learning: true,
    generators: true,
    spike_lists: true,
    burst: true,
    net: true,
};

/// Holds the CUBA example network.
pub const LARGE: Preset = Preset {
    name: "large",
    neurons: 4096,
    channels: 1024,
    synapses: 262_144,
    delay_slots: 8,
    profiles: 8,
    weight_bits: 8,
    input_fifo: 1024,
    tail: 32,
    stdp_window: 16,
    cuba: true,
    izh: true,
    xylo: true,
    learning: true,
    generators: true,
    spike_lists: true,
    burst: true,
    net: true,
};

/// Every shipped preset, smallest first.
pub const PRESETS: [Preset; 4] = [SMALL, UP5K, ULX3S, LARGE];

/// The shipped presets' names, for messages: `small, up5k, ulx3s, large`.
pub fn preset_names() -> String {
    PRESETS.map(|p| p.name).join(", ")
}

/// Looks a shipped preset up by name.
pub fn preset(name: &str) -> Option<Preset> {
    PRESETS.iter().copied().find(|p| p.name == name)
}

impl Preset {
    /// `log2` of a power of two.
    const fn log2(x: u32) -> u32 {
        x.trailing_zeros()
    }

    /// Address bits of a neuron id.
    pub const fn neuron_bits(&self) -> u32 {
        Self::log2(self.neurons)
    }
    /// Address bits of a synapse address.
    pub const fn synapse_addr_bits(&self) -> u32 {
        Self::log2(self.synapses)
    }
    /// Bits of a delay.
    pub const fn delay_bits(&self) -> u32 {
        Self::log2(self.delay_slots)
    }
    /// Bits of a profile index.
    pub const fn profile_bits(&self) -> u32 {
        Self::log2(self.profiles)
    }
    /// Number of sources: neurons then input channels.
    pub const fn sources(&self) -> u32 {
        self.neurons + self.channels
    }

    /// A state word as the core stores it (`docs/model.md` §1): without `cuba` and `izh` the `u`
    /// field is not stored and reads 0 (the FLUX kind never uses it); every other bit is kept.
    pub const fn stored_state(&self, word: u128) -> u128 {
        if self.cuba || self.izh {
            word
        } else {
            state::U.set(word, 0)
        }
    }

    /// The kind a core of this preset runs a profile word of kind `kind` as (`docs/model.md` §1):
    /// a kind whose datapath the preset leaves out runs as FLUX.
    pub const fn runs_as(&self, kind: i64) -> i64 {
        match kind {
            profile::KIND_CUBA if self.cuba => profile::KIND_CUBA,
            profile::KIND_IZH if self.izh => profile::KIND_IZH,
            profile::KIND_XYLO if self.xylo => profile::KIND_XYLO,
            _ => profile::KIND_FLUX,
        }
    }

    /// Width of register `noise_bits` (`docs/model.md` §3.1): a 4-bit noise width per profile.
    pub const fn noise_bits_width(&self) -> u32 {
        self.profiles * reg::NOISE_BITS_PER_PROFILE
    }

    /// Register `noise_bits` as the core stores a written value: its low `4 * P` bits.
    pub const fn stored_noise_bits(&self, value: u32) -> u32 {
        let w = self.noise_bits_width();
        if w >= 32 {
            value
        } else {
            value & ((1 << w) - 1)
        }
    }

    /// Synapse word fields (`docs/model.md` §6).
    pub const fn syn_target(&self) -> Field {
        Field::new("target", 0, self.neuron_bits(), false)
    }
    pub const fn syn_weight(&self) -> Field {
        Field::new("weight", self.neuron_bits(), self.weight_bits, true)
    }
    pub const fn syn_delay(&self) -> Field {
        Field::new("delay", self.syn_weight().end(), self.delay_bits(), false)
    }
    pub const fn syn_type(&self) -> Field {
        Field::new("type", self.syn_delay().end(), 2, false)
    }
    pub const fn syn_plastic(&self) -> Field {
        Field::new("plastic", self.syn_type().end(), 1, false)
    }
    /// The short-term weight component: `weight_bits + 1` bits, signed (`docs/model.md` §12).
    pub const fn syn_stw(&self) -> Field {
        Field::new("stw", self.syn_plastic().end(), self.weight_bits + 1, true)
    }
    /// A current synapse's current (type 3, `docs/model.md` §5): 0 adds to `a_in` (current 1),
    /// 1 to `m_in` (current 2). Bit 0 of the `stw` field, which a current synapse does not use.
    pub const fn syn_current(&self) -> Field {
        Field::new("current", self.syn_stw().lsb, 1, false)
    }
    /// A current synapse's weight shift, 0..=15: bits 1..5 of the `stw` field.
    pub const fn syn_shift(&self) -> Field {
        Field::new("shift", self.syn_stw().lsb + 1, 4, false)
    }
    /// Width of a synapse word.
    pub const fn synapse_bits(&self) -> u32 {
        self.syn_stw().end()
    }
    /// Words of the learning table memory: one per profile and window step (`docs/model.md` §12).
    pub const fn learn_table_words(&self) -> u32 {
        self.profiles * self.stdp_window
    }

    /// Fan-out word fields (`docs/model.md` §6).
    pub const fn fanout_start(&self) -> Field {
        Field::new("start", 0, self.synapse_addr_bits(), false)
    }
    pub const fn fanout_count(&self) -> Field {
        Field::new(
            "count",
            self.synapse_addr_bits(),
            self.synapse_addr_bits() + 1,
            false,
        )
    }
    /// The synapse addresses `start .. start + count` of fan-out word `word`, unclipped: a reader
    /// clips them to the memory it holds (an image that `validate` refuses may point past it).
    pub fn fanout_range(&self, word: u128) -> std::ops::Range<u64> {
        let start = self.fanout_start().get(word) as u64;
        start..start + self.fanout_count().get(word) as u64
    }
    /// Width of a fan-out word.
    pub const fn fanout_bits(&self) -> u32 {
        self.fanout_count().end()
    }
    /// Width of a word of memory `mem` ([`mem`]) as the core keeps it; the registers and any other
    /// code: the whole `cfg_data` word.
    pub const fn word_bits(&self, mem: u32) -> u32 {
        match mem {
            mem::PROFILES => PROFILE_BITS,
            mem::STATE => STATE_BITS,
            mem::FANOUT => self.fanout_bits(),
            mem::SYNAPSES => self.synapse_bits(),
            mem::RING => SLOT_BITS,
            mem::LEARN_RULES => LEARN_RULE_BITS,
            mem::LEARN_TABLE => LEARN_TABLE_BITS,
            _ => host::DATA_BITS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_packed(fields: &[Field], total: u32) {
        let mut next = 0;
        for f in fields {
            assert_eq!(
                f.lsb, next,
                "field {} does not follow the previous one",
                f.name
            );
            next = f.end();
        }
        assert_eq!(next, total);
    }

    #[test]
    fn layouts_are_dense_and_match_widths() {
        check_packed(&state::ALL, STATE_BITS);
        check_packed(&slot::ALL, SLOT_BITS);
        check_packed(&learn_rule::ALL, LEARN_RULE_BITS);
        check_packed(&learn_table::ALL, LEARN_TABLE_BITS);
        check_packed(&fifo::ALL, FIFO_BITS);
        let flux: Vec<Field> = profile::COMMON
            .iter()
            .chain(&profile::FLUX)
            .copied()
            .collect();
        check_packed(&flux, PROFILE_BITS);
        assert_eq!(profile::CUBA[0].lsb, profile::REF_PERIOD.end());
        assert!(profile::CUBA.last().unwrap().end() <= PROFILE_BITS);
        let izh: Vec<Field> = std::iter::once(profile::KIND).chain(profile::IZH).collect();
        assert_eq!(izh.last().unwrap().end(), PROFILE_BITS - 1);
    }

    #[test]
    fn signed_fields_round_trip_at_their_limits() {
        for f in state::ALL {
            for v in [f.min(), f.max(), 0] {
                let w = f.set(u128::MAX, v);
                assert_eq!(f.get(w), v, "{}", f.name);
            }
        }
    }

    #[test]
    fn the_fifo_word_holds_the_event_ports() {
        // Every field is the `aer_in_<name>` port, at that port's width.
        for f in fifo::ALL {
            let name = format!("aer_in_{}", f.name);
            let port = host::PORTS.iter().find(|p| p.name == name).unwrap();
            assert_eq!((port.dir, port.width), (host::Dir::In, f.width), "{name}");
        }
        // Host words carry every memory word, right-aligned.
        for bits in [STATE_BITS, PROFILE_BITS, SLOT_BITS, LEARN_RULE_BITS] {
            assert!(bits <= host::DATA_BITS);
        }
        const { assert!(mem::LEARN_TABLE < 1 << host::MEM_BITS) };
    }

    #[test]
    fn synapse_word_small() {
        // small: 8 target bits, 8 weight bits, 3 delay bits, 2 type bits, 1 plastic bit, 9 stw bits.
        assert_eq!(SMALL.synapse_bits(), 8 + 8 + 3 + 2 + 1 + 9);
        // 12 start bits and 13 count bits (a source may own all 4096 synapses).
        assert_eq!(SMALL.fanout_bits(), 12 + 13);
    }
}
