//! Seeded damage on a serial line, for testing the retry and resynchronisation rules
//! (`docs/host_link.md` §2-4): a bit flipped in a byte, a byte dropped or duplicated, a frame cut
//! short, in either direction. The emulated board ([`crate::emulated`]) and the simulated line of the testbenches
//! (`testbenches/src/sim_serial.rs`) apply the same [`FaultPlan`] through a [`FaultInjector`].

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::frame::{COMMAND_LEN, COMMAND_SYNC};
use crate::link::{Link, LinkError};

/// One kind of damage, applied at a byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The byte arrives with bit `bit` (0..8) inverted.
    Flip { bit: u8 },
    /// The byte never arrives.
    Drop,
    /// This byte and the following `len - 1` never arrive; host to board, the rest of the frame
    /// being sent at most.
    Truncate { len: u32 },
    /// The byte arrives twice (a glitch the receiver takes for a second start bit).
    Duplicate,
}

/// Which way a byte travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    ToBoard,
    ToHost,
}

/// Faults by byte index (counting every byte that enters the line in that direction, from 0).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FaultPlan {
    pub to_board: BTreeMap<u64, Fault>,
    pub to_host: BTreeMap<u64, Fault>,
}

impl FaultPlan {
    /// No damage.
    pub fn none() -> Self {
        Self::default()
    }

    /// About one fault per `spacing` bytes in each direction over the first `bytes` bytes, kinds
    /// and positions drawn from `seed`. Two faults are at least `spacing / 2` bytes apart, so a
    /// command is seldom hit on every try.
    pub fn seeded(seed: u64, bytes: u64, spacing: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let spacing = spacing.max(2);
        let draw = |rng: &mut ChaCha8Rng| {
            let mut map = BTreeMap::new();
            let mut at = rng.gen_range(0..spacing);
            while at < bytes {
                let fault = match rng.gen_range(0..3) {
                    0 => Fault::Flip {
                        bit: rng.gen_range(0..8),
                    },
                    1 => Fault::Drop,
                    _ => Fault::Truncate {
                        len: rng.gen_range(1..=crate::frame::COMMAND_LEN as u32),
                    },
                };
                map.insert(at, fault);
                at += spacing / 2 + rng.gen_range(0..spacing);
            }
            map
        };
        let to_board = draw(&mut rng);
        let to_host = draw(&mut rng);
        Self { to_board, to_host }
    }

    /// A single fault.
    pub fn one(direction: Direction, at: u64, fault: Fault) -> Self {
        let mut plan = Self::none();
        match direction {
            Direction::ToBoard => plan.to_board.insert(at, fault),
            Direction::ToHost => plan.to_host.insert(at, fault),
        };
        plan
    }
}

/// What an injector did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FaultCounts {
    /// Faults applied host to board.
    pub to_board: u64,
    /// Faults applied board to host.
    pub to_host: u64,
}

/// Applies a [`FaultPlan`] to the bytes crossing a line.
#[derive(Clone, Debug, Default)]
pub struct FaultInjector {
    plan: FaultPlan,
    sent: u64,
    received: u64,
    /// Bytes still to swallow of a truncation board to host.
    swallow: u32,
    /// The second arrival of a duplicated byte board to host, still to be taken.
    repeat: Option<u8>,
    counts: FaultCounts,
}

impl FaultInjector {
    pub fn new(plan: FaultPlan) -> Self {
        Self {
            plan,
            ..Self::default()
        }
    }

    /// An injector for a line that has already carried `sent` bytes to the board and `received`
    /// to the host: `plan`'s positions count from there (a plan swapped in mid-run).
    pub fn starting_at(plan: FaultPlan, sent: u64, received: u64) -> Self {
        let shift = |map: BTreeMap<u64, Fault>, by: u64| {
            map.into_iter()
                .filter_map(|(at, f)| Some((at.checked_add(by)?, f)))
                .collect()
        };
        Self {
            plan: FaultPlan {
                to_board: shift(plan.to_board, sent),
                to_host: shift(plan.to_host, received),
            },
            sent,
            received,
            ..Self::default()
        }
    }

    /// Faults applied so far.
    pub fn counts(&self) -> FaultCounts {
        self.counts
    }

    /// Bytes that entered the line so far: (to the board, to the host). A plan's positions count
    /// from here.
    pub fn position(&self) -> (u64, u64) {
        (self.sent, self.received)
    }

    /// The bytes of one send (one frame) as they reach the board.
    pub fn to_board(&mut self, bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(bytes.len());
        for &b in bytes {
            let at = self.sent;
            self.sent += 1;
            match self.plan.to_board.get(&at) {
                None => out.push(b),
                Some(&fault) => {
                    self.counts.to_board += 1;
                    match fault {
                        Fault::Flip { bit } => out.push(b ^ (1 << bit)),
                        Fault::Drop => {}
                        Fault::Duplicate => out.extend([b, b]),
                        Fault::Truncate { .. } => {
                            // The rest of this send is never put on the line; the indices count on
                            // as if it had been, so the plan's positions stay where they were drawn.
                            self.sent += (bytes.len() - out.len() - 1) as u64;
                            return out;
                        }
                    }
                }
            }
        }
        out
    }

    /// The second arrival of a byte duplicated board to host: the host receives it before the byte
    /// after it ([`Self::to_host`] returned the first arrival).
    pub fn take_repeat(&mut self) -> Option<u8> {
        self.repeat.take()
    }

    /// One byte from the board as the host receives it (`None`: lost). A duplicated byte is
    /// returned here and once more by [`Self::take_repeat`].
    pub fn to_host(&mut self, b: u8) -> Option<u8> {
        let at = self.received;
        self.received += 1;
        if self.swallow > 0 {
            self.swallow -= 1;
            return None;
        }
        match self.plan.to_host.get(&at) {
            None => Some(b),
            Some(&fault) => {
                self.counts.to_host += 1;
                match fault {
                    Fault::Flip { bit } => Some(b ^ (1 << bit)),
                    Fault::Drop => None,
                    Fault::Duplicate => {
                        self.repeat = Some(b);
                        Some(b)
                    }
                    Fault::Truncate { len } => {
                        self.swallow = len.saturating_sub(1);
                        None
                    }
                }
            }
        }
    }
}

/// A line that keeps a copy of every byte the host sends, to place faults on known frames.
pub struct Tap<L> {
    pub link: L,
    pub sent: Vec<u8>,
}

impl<L: Link> Link for Tap<L> {
    fn send(&mut self, bytes: &[u8]) -> Result<(), LinkError> {
        self.sent.extend_from_slice(bytes);
        self.link.send(bytes)
    }

    fn recv_byte(&mut self, timeout: u32) -> Result<Option<u8>, LinkError> {
        self.link.recv_byte(timeout)
    }
}

/// A line whose board resets (`reset` runs on the link) just before the host sends its frame
/// number `at`, counting sends from 0: to test that a reset anywhere in a run is noticed.
pub struct ResetBefore<L, F: FnMut(&mut L)> {
    pub link: L,
    pub at: u64,
    /// Frames sent so far.
    pub sent: u64,
    pub reset: F,
}

impl<L: Link, F: FnMut(&mut L)> Link for ResetBefore<L, F> {
    fn send(&mut self, bytes: &[u8]) -> Result<(), LinkError> {
        if self.sent == self.at {
            (self.reset)(&mut self.link);
        }
        self.sent += 1;
        self.link.send(bytes)
    }

    fn recv_byte(&mut self, timeout: u32) -> Result<Option<u8>, LinkError> {
        self.link.recv_byte(timeout)
    }
}

/// The offset in `sent` (command frames back to back, as a [`Tap`] saw them) of the first frame
/// whose last byte is the command sync byte: a byte duplicated inside it leaves that last byte over,
/// and the board begins a frame with it (`docs/host_link.md` §2).
pub fn first_frame_ending_in_sync(sent: &[u8]) -> Option<u64> {
    sent.chunks_exact(COMMAND_LEN)
        .position(|f| f[COMMAND_LEN - 1] == COMMAND_SYNC)
        .map(|i| (i * COMMAND_LEN) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seeded_plan_is_reproducible_and_spaced() {
        let a = FaultPlan::seeded(7, 10_000, 100);
        assert_eq!(a, FaultPlan::seeded(7, 10_000, 100));
        assert_ne!(a, FaultPlan::seeded(8, 10_000, 100));
        for map in [&a.to_board, &a.to_host] {
            // Gaps of at least spacing / 2 = 50 over 10,000 bytes: at most 200 faults, and some.
            assert!(!map.is_empty() && map.len() <= 200);
            let keys: Vec<u64> = map.keys().copied().collect();
            assert!(keys.windows(2).all(|w| w[1] - w[0] >= 50));
        }
    }

    #[test]
    fn faults_land_on_their_bytes() {
        let mut inj = FaultInjector::new(FaultPlan::one(
            Direction::ToBoard,
            2,
            Fault::Flip { bit: 7 },
        ));
        assert_eq!(inj.to_board(&[1, 2, 3, 4]), vec![1, 2, 3 ^ 0x80, 4]);
        assert_eq!(inj.to_board(&[1, 2, 3, 4]), vec![1, 2, 3, 4]);

        // A truncation at byte 5 (the second send's byte 1) cuts that send after one byte; the
        // next send starts at index 8 and is whole.
        let mut inj = FaultInjector::new(FaultPlan::one(
            Direction::ToBoard,
            5,
            Fault::Truncate { len: 1 },
        ));
        assert_eq!(inj.to_board(&[1, 2, 3, 4]).len(), 4);
        assert_eq!(inj.to_board(&[1, 2, 3]), vec![1]);
        assert_eq!(inj.to_board(&[9, 9]), vec![9, 9]);
        assert_eq!(inj.counts().to_board, 1);

        let mut inj = FaultInjector::new(FaultPlan::one(
            Direction::ToHost,
            1,
            Fault::Truncate { len: 3 },
        ));
        let got: Vec<Option<u8>> = (10..16).map(|b| inj.to_host(b)).collect();
        // Bytes 1, 2, 3 are swallowed.
        assert_eq!(got, [Some(10), None, None, None, Some(14), Some(15)]);
        assert_eq!(inj.counts().to_host, 1);

        // A duplicate arrives twice in either direction, once counted.
        let mut inj = FaultInjector::new(FaultPlan::one(Direction::ToBoard, 1, Fault::Duplicate));
        assert_eq!(inj.to_board(&[1, 2, 3]), vec![1, 2, 2, 3]);
        assert_eq!(inj.counts().to_board, 1);
        let mut inj = FaultInjector::new(FaultPlan::one(Direction::ToHost, 0, Fault::Duplicate));
        assert_eq!(inj.to_host(7), Some(7));
        assert_eq!(inj.take_repeat(), Some(7));
        assert_eq!(inj.take_repeat(), None);
        assert_eq!(inj.to_host(8), Some(8));
        assert_eq!(inj.counts().to_host, 1);
    }
}
