//! `NoiseGen`: the noise generator of `docs/model.md` §3.1 (registers `noise` and `noise_bits`). The
//! bit-exact twin is `flux_sim::noise::NoiseGen`.
//!
//! In the cycle a neuron enters the datapath (`in_valid`, with its profile index and kind), `eta`
//! is its noise term: the low `k` bits of the state `x`, sign-extended, where `k` is its profile's
//! width in `noise_bits`; and the edge that ends the cycle steps `x` once (`xorshift32`). A neuron
//! whose width is 0, or whose profile runs as CUBA, gets `eta = 0` and leaves `x` alone. One neuron
//! per clock, no latency: `eta` is combinational from the inputs and `x`. Host writes of the two
//! registers come only while the core is idle and draws only while it updates, so they never meet
//! (a write wins). A reset keeps both registers and draws nothing at its edge.
//!
//! Its own module, so that the combinational path from the profile table's read port to `eta`
//! stays out of `FluxCore`'s one `always` block (joined there, Verilator reported a loop through
//! the learning unit).

use flux_sim::inputs::Xorshift32;
use flux_sim::noise::NOISE_K_MAX;
use flux_sim::spec::{Preset, profile, reg, state};
use rust_hdl::prelude::*;
use rust_hdl::widgets::prelude::DFFWithInit;

use crate::neuron_core::{KIND_W, NOISE_W, w};

/// Width of a profile index at this block's input (the state word's `profile` field).
pub const PROFILE_INDEX_W: usize = w(state::PROFILE);
/// Width of one profile's `k` in `noise_bits`.
const K_W: usize = reg::NOISE_BITS_PER_PROFILE as usize;
/// Width of a bit index into the 32-bit `noise_bits`.
const SEL_W: usize = 5;
const _: () = assert!(NOISE_K_MAX as usize == (1 << K_W) - 1 && NOISE_W == 1 << K_W);
const _: () = assert!((1 << SEL_W) == 32 && K_W << PROFILE_INDEX_W == 32);

#[derive(LogicBlock)]
pub struct NoiseGen {
    /// The clock.
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: no draw at an edge that samples it high (the registers are kept).
    pub reset: Signal<In, Bit>,
    /// Write register `noise` with `cfg_value` at this edge.
    pub cfg_we_state: Signal<In, Bit>,
    /// Write register `noise_bits` with `cfg_value` at this edge (its `4 * P` low bits are kept).
    pub cfg_we_bits: Signal<In, Bit>,
    /// The value of a register write (32 bits).
    pub cfg_value: Signal<In, Bits<32>>,
    /// A neuron enters the datapath in this cycle.
    pub in_valid: Signal<In, Bit>,
    /// Its profile index (the table's entry), valid with `in_valid`.
    pub in_profile: Signal<In, Bits<PROFILE_INDEX_W>>,
    /// Its profile word's `kind` field, valid with `in_valid`.
    pub in_kind: Signal<In, Bits<KIND_W>>,
    /// `η` for the neuron entering, 16-bit two's complement (0 without noise), in the same cycle.
    pub eta: Signal<Out, Bits<NOISE_W>>,
    /// Register `noise`: the state `x` (for the debug view of tests).
    pub state: Signal<Out, Bits<32>>,

    x: DFFWithInit<Bits<32>>,
    bits: DFFWithInit<Bits<32>>,
    /// The bits of `noise_bits` the core stores: `4 * P` (`Preset::stored_noise_bits`).
    bits_kept: Constant<Bits<32>>,
    /// The core has the CUBA (Izhikevich, Xylo) datapath: only then does a CUBA (Izhikevich,
    /// Xylo) `kind` switch noise off; every kind that runs as FLUX draws (`Preset::runs_as`).
    has_cuba: Constant<bool>,
    has_izh: Constant<bool>,
    has_xylo: Constant<bool>,
    kind_cuba: Constant<Bits<KIND_W>>,
    kind_izh: Constant<Bits<KIND_W>>,
    kind_xylo: Constant<Bits<KIND_W>>,
    /// Bit index of the neuron's `k` in `noise_bits` (4 times its profile index).
    sel: Signal<Local, Bits<SEL_W>>,
    k: Signal<Local, Bits<K_W>>,
    on: Signal<Local, Bit>,
    x1: Signal<Local, Bits<32>>,
    x2: Signal<Local, Bits<32>>,
    x3: Signal<Local, Bits<32>>,
    /// `2^k - 1`.
    mask: Signal<Local, Bits<NOISE_W>>,
    /// `x mod 2^k`.
    low: Signal<Local, Bits<NOISE_W>>,
    /// `2^(k-1)`: the sign bit of a `k`-bit number.
    sign: Signal<Local, Bits<NOISE_W>>,
    one_8: Constant<Bits<8>>,
    one: Constant<Bits<NOISE_W>>,
    k_lsb: Constant<Bits<8>>,
    sh_a: Constant<Bits<8>>,
    sh_b: Constant<Bits<8>>,
    sh_c: Constant<Bits<8>>,
}

impl NoiseGen {
    /// The generator of a core of `preset`, its registers holding `x` and `bits` at power-up.
    pub fn new(preset: &Preset, x: u32, bits: u32) -> Self {
        let c8 = |v: u32| Constant::new(Bits::<8>::from(u64::from(v)));
        Self {
            clock: Default::default(),
            reset: Default::default(),
            cfg_we_state: Default::default(),
            cfg_we_bits: Default::default(),
            cfg_value: Default::default(),
            in_valid: Default::default(),
            in_profile: Default::default(),
            in_kind: Default::default(),
            eta: Default::default(),
            state: Default::default(),
            x: DFFWithInit::new(Bits::<32>::from(u64::from(x))),
            bits: DFFWithInit::new(Bits::<32>::from(u64::from(preset.stored_noise_bits(bits)))),
            bits_kept: Constant::new(Bits::<32>::from(u64::from(
                preset.stored_noise_bits(u32::MAX),
            ))),
            has_cuba: Constant::new(preset.cuba),
            has_izh: Constant::new(preset.izh),
            has_xylo: Constant::new(preset.xylo),
            kind_cuba: Constant::new(Bits::<KIND_W>::from(profile::KIND_CUBA as u64)),
            kind_izh: Constant::new(Bits::<KIND_W>::from(profile::KIND_IZH as u64)),
            kind_xylo: Constant::new(Bits::<KIND_W>::from(profile::KIND_XYLO as u64)),
            sel: Default::default(),
            k: Default::default(),
            on: Default::default(),
            x1: Default::default(),
            x2: Default::default(),
            x3: Default::default(),
            mask: Default::default(),
            low: Default::default(),
            sign: Default::default(),
            one_8: c8(1),
            one: Constant::new(Bits::<NOISE_W>::from(1)),
            k_lsb: c8(reg::NOISE_BITS_PER_PROFILE.trailing_zeros()),
            sh_a: c8(Xorshift32::SHIFTS[0]),
            sh_b: c8(Xorshift32::SHIFTS[1]),
            sh_c: c8(Xorshift32::SHIFTS[2]),
        }
    }
}

impl Logic for NoiseGen {
    #[hdl_gen]
    fn update(&mut self) {
        self.x.clock.next = self.clock.val();
        self.bits.clock.next = self.clock.val();
        self.x.d.next = self.x.q.val();
        self.bits.d.next = self.bits.q.val();
        self.state.next = self.x.q.val();

        // The neuron's width: k = noise_bits[4p +: 4]; no draw for a profile that runs as CUBA or
        // Izhikevich, nor at a reset edge.
        self.sel.next =
            bit_cast::<SEL_W, PROFILE_INDEX_W>(self.in_profile.val()) << self.k_lsb.val();
        self.k.next = self.bits.q.val().get_bits::<K_W>(self.sel.val().index());
        self.on.next = self.in_valid.val()
            && !self.reset.val()
            && self.k.val().any()
            && !(self.has_cuba.val() && (self.in_kind.val() == self.kind_cuba.val()))
            && !(self.has_izh.val() && (self.in_kind.val() == self.kind_izh.val()))
            && !(self.has_xylo.val() && (self.in_kind.val() == self.kind_xylo.val()));

        // η = sext_k(x mod 2^k): the low k bits, and ones above them when bit k - 1 is set.
        self.mask.next =
            (self.one.val() << bit_cast::<NOISE_W, K_W>(self.k.val())) - self.one.val();
        self.low.next = self.x.q.val().get_bits::<NOISE_W>(0) & self.mask.val();
        self.sign.next = self.mask.val() & !(self.mask.val() >> self.one_8.val());
        self.eta.next = 0.into();
        if self.on.val() {
            self.eta.next = self.low.val();
            if (self.low.val() & self.sign.val()).any() {
                self.eta.next = self.low.val() | !self.mask.val();
            }
        }

        // One xorshift32 step per draw (docs/model.md §9).
        self.x1.next = self.x.q.val() ^ (self.x.q.val() << self.sh_a.val());
        self.x2.next = self.x1.val() ^ (self.x1.val() >> self.sh_b.val());
        self.x3.next = self.x2.val() ^ (self.x2.val() << self.sh_c.val());
        if self.on.val() {
            self.x.d.next = self.x3.val();
        }
        if self.cfg_we_state.val() {
            self.x.d.next = self.cfg_value.val();
        }
        if self.cfg_we_bits.val() {
            self.bits.d.next = self.cfg_value.val() & self.bits_kept.val();
        }
    }
}
