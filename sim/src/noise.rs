//! The noise generator of `docs/model.md` §3.1: one `xorshift32` per core (register `noise`) and a
//! noise width `k` per profile (register `noise_bits`). Each update of a neuron whose profile has
//! `k > 0` and runs as FLUX draws `η` (the low `k` bits of the state, two's complement) and steps
//! the state once; [`crate::neuron::flux_update`] adds `η` with the direct input. The twin of
//! `hdl/src/core/noise_gen.rs`.

use crate::inputs::Xorshift32;
use crate::spec::{Preset, reg};

/// The widest noise a profile can have: `k` in `0..=NOISE_K_MAX` (4 bits).
pub const NOISE_K_MAX: u32 = (1 << reg::NOISE_BITS_PER_PROFILE) - 1;

/// `η` of §3.1: the low `k` bits of the generator's state `x` read as a `k`-bit two's complement
/// number, in `-2^(k-1) ..= 2^(k-1) - 1`; 0 when `k = 0` (no noise). `k` is at most
/// [`NOISE_K_MAX`] (15), so `|η| <= 2^14`.
#[inline(always)]
pub fn noise_draw(x: u32, k: u32) -> i32 {
    if k == 0 {
        0
    } else {
        ((x << (32 - k)) as i32) >> (32 - k)
    }
}

/// `k` of profile `profile` in register `noise_bits`: bits `4 * profile .. 4 * profile + 4`.
#[inline(always)]
pub fn noise_k(noise_bits: u32, profile: usize) -> u32 {
    let shift = profile.saturating_mul(reg::NOISE_BITS_PER_PROFILE as usize);
    u32::try_from(shift)
        .ok()
        .and_then(|s| noise_bits.checked_shr(s))
        .unwrap_or(0)
        & NOISE_K_MAX
}

/// The generator: registers `noise` and `noise_bits` of one core.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoiseGen {
    x: u32,
    bits: u32,
    preset: Preset,
}

impl NoiseGen {
    /// The generator of a core of `preset` loaded with registers `noise = x` and `noise_bits =
    /// bits` (of which the core keeps `4 * P` bits, `Preset::stored_noise_bits`).
    pub fn new(preset: Preset, x: u32, bits: u32) -> Self {
        Self {
            x,
            bits: preset.stored_noise_bits(bits),
            preset,
        }
    }

    /// Register `noise`: the state.
    pub fn state(&self) -> u32 {
        self.x
    }

    /// Register `noise_bits` as stored.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// A host write of register `noise`.
    pub fn set_state(&mut self, x: u32) {
        self.x = x;
    }

    /// A host write of register `noise_bits`.
    pub fn set_bits(&mut self, bits: u32) {
        self.bits = self.preset.stored_noise_bits(bits);
    }

    /// The noise width `k` of profile `profile` (its index in the table) whose word has `kind`:
    /// 0 unless the profile runs as FLUX on this core (`Preset::runs_as`).
    pub fn width(&self, profile: usize, kind: i64) -> u32 {
        if self.preset.runs_as(kind) == crate::spec::profile::KIND_FLUX {
            noise_k(self.bits, profile)
        } else {
            0
        }
    }

    /// The update of one neuron with noise width `k`: `η`, and the state stepped when `k > 0`.
    #[inline]
    pub fn draw(&mut self, k: u32) -> i32 {
        if k == 0 {
            return 0;
        }
        let eta = noise_draw(self.x, k);
        let mut x = Xorshift32::from_state(self.x);
        x.next();
        self.x = x.state();
        eta
    }
}
