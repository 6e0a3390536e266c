//! The stimulus kit's random numbers: one seeded generator for the tests of every crate (issue 11:
//! there were five hand-written ones). Not part of the model: nothing in `docs/model.md` uses it
//! (the model's own generator is `inputs::Xorshift32`, §9). Tests print the seed they start from.

use crate::spec::Field;

/// The one variable that replays a seeded test in every crate.
pub const SEED_VAR: &str = "FLUX_SEED";

/// The base seed of a random test: `FLUX_SEED` if set (decimal or `0x` hex), else `default`;
/// printed either way, with the command that replays it.
pub fn seed(default: u64) -> u64 {
    let parsed = std::env::var(SEED_VAR).ok().and_then(|s| {
        let s = s.trim();
        match s.strip_prefix("0x") {
            Some(hex) => u64::from_str_radix(hex, 16).ok(),
            None => s.parse().ok(),
        }
    });
    let seed = parsed.unwrap_or(default);
    eprintln!("seed {seed:#x} (replay with {SEED_VAR}={seed:#x})");
    seed
}

/// splitmix64 (Steele, Lea and Flood, 2014): a seeded 64-bit generator, fast and good enough for
/// test stimulus; every seed, 0 included, gives a full-period sequence.
#[derive(Clone, Debug)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next 64 random bits.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    /// A value in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// Any value of `field`, uniformly.
    pub fn field(&mut self, field: Field) -> i64 {
        self.range(field.min(), field.max())
    }

    /// A value of `field` with its edges (min, max, 0, 1) one time in four: saturation corners.
    pub fn field_or_edge(&mut self, field: Field) -> i64 {
        match self.next() % 16 {
            0 => field.min(),
            1 => field.max(),
            2 => 0,
            3 => 1.min(field.max()),
            _ => self.field(field),
        }
    }
}
