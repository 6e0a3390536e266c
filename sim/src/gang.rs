//! A gang of threads that runs one job per timestep on every thread, for the parallel step
//! ([`crate::core::Core::with_threads`], `docs/model.md` §14).
//!
//! Why not a work-stealing pool: a timestep of 40,000 neurons is about 30 µs of work, and the
//! threads meet once per timestep. rayon (`ThreadPool::broadcast`, measured on the 40k CUBA
//! benchmark) lets its idle threads yield and sleep between timesteps, and waking them costs a
//! large share of the timestep: 2 threads gave 1.3× over one. The helpers here spin for 100 µs
//! after each job (the next timestep comes within microseconds), then park until the next one.
//!
//! The job borrows the caller's data; [`Gang::run`] returns only after every helper has finished
//! with it, also when the job panics.
//!
//! A round costs two cache-line hand-overs: the leader's round number (which publishes the job)
//! and each helper's own completion number, each on its own cache line. The first version kept
//! them and the job's mutex on one line; its empty round took 1.2 µs here (a core-to-core round
//! trip is 0.13 µs), a tenth of a 40,000-neuron timestep on two threads.

use crossbeam_utils::CachePadded;
use std::cell::UnsafeCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// The job of one round: called once on every thread with the thread's index.
type Job = &'static (dyn Fn(usize) + Sync);

/// How long a helper spins waiting for the next job before it parks, and the leader for the
/// helpers before it yields its CPU between checks.
const SPIN_TIME: Duration = Duration::from_micros(100);

/// A spin-wait that runs for [`SPIN_TIME`], reading the clock every 256 rounds.
struct Spin {
    rounds: u32,
    since: Option<Instant>,
}

impl Spin {
    fn new() -> Spin {
        Spin {
            rounds: 0,
            since: None,
        }
    }

    /// One round of waiting; false once the spin time is over.
    fn spin(&mut self) -> bool {
        self.rounds = self.rounds.wrapping_add(1);
        if self.rounds.is_multiple_of(256) {
            let since = *self.since.get_or_insert_with(Instant::now);
            if since.elapsed() > SPIN_TIME {
                return false;
            }
        }
        std::hint::spin_loop();
        true
    }
}

/// What the leader and the helpers share.
struct Shared {
    /// The number of the last round posted; a helper runs the job when it sees a new one. Only
    /// the leader writes it.
    posted: CachePadded<AtomicU64>,
    /// Per helper (helper `i` at `i - 1`): the number of the last round it finished.
    finished: Vec<CachePadded<AtomicU64>>,
    /// The current round's job. The leader writes it only while no round is running, before it
    /// posts the round; a helper reads it only after it saw the round posted and before it reports
    /// the round finished.
    job: UnsafeCell<Option<Job>>,
    /// Set by a helper whose job panicked; the leader panics in turn.
    panicked: AtomicBool,
    stop: AtomicBool,
}

// SAFETY: `job` is the only field that is not `Sync`; its accesses are ordered by `posted`
// (Release by the leader, Acquire by the helpers) and `finished` (Release by a helper, Acquire by
// the leader), so a write never overlaps a read (see the field).
unsafe impl Sync for Shared {}

/// The leader (the thread calling [`Gang::run`]) and `threads - 1` helper threads.
pub(crate) struct Gang {
    shared: Arc<Shared>,
    helpers: Vec<JoinHandle<()>>,
    /// Held by the leader for a round: one round at a time, whichever thread leads it.
    round: Mutex<()>,
}

impl std::fmt::Debug for Gang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Gang({} threads)", self.threads())
    }
}

impl Gang {
    /// A gang of `threads` threads (the caller and `threads - 1` helpers).
    pub(crate) fn new(threads: usize) -> std::io::Result<Gang> {
        let helpers = threads.max(1) - 1;
        let shared = Arc::new(Shared {
            posted: CachePadded::new(AtomicU64::new(0)),
            finished: (0..helpers)
                .map(|_| CachePadded::new(AtomicU64::new(0)))
                .collect(),
            job: UnsafeCell::new(None),
            panicked: AtomicBool::new(false),
            stop: AtomicBool::new(false),
        });
        let mut gang = Gang {
            shared: shared.clone(),
            helpers: Vec::new(),
            round: Mutex::new(()),
        };
        for index in 1..=helpers {
            let shared = shared.clone();
            let helper = thread::Builder::new()
                .name(format!("flux-model-{index}"))
                .spawn(move || help(&shared, index))?;
            // On an error the helpers started so far are stopped by the gang's drop.
            gang.helpers.push(helper);
        }
        Ok(gang)
    }

    /// Threads of the gang, the caller included.
    pub(crate) fn threads(&self) -> usize {
        self.helpers.len() + 1
    }

    /// Calls `job(i)` for every `i` in `0..threads()` at once, `job(0)` on the calling thread, and
    /// returns when all have returned. Panics if one of them panicked.
    pub(crate) fn run(&self, job: &(dyn Fn(usize) + Sync)) {
        let _round = self.round.lock().unwrap_or_else(PoisonError::into_inner);
        let sh = &*self.shared;
        // SAFETY: the job is borrowed for this call only, and this call does not return (or
        // unwind) before every helper has finished calling it: `Wait` below waits in its drop,
        // and clears the job before the borrow ends. Helpers read the job only in a round that
        // is posted after it is stored.
        let job: Job = unsafe { std::mem::transmute::<&(dyn Fn(usize) + Sync), Job>(job) };
        // SAFETY: no round is running (the last one's helpers have all reported), so no helper
        // reads `job`; see `Shared::job`.
        unsafe { *sh.job.get() = Some(job) };
        let round = sh.posted.load(Ordering::Relaxed) + 1;
        sh.posted.store(round, Ordering::Release);
        for h in &self.helpers {
            h.thread().unpark();
        }

        /// Waits for the helpers of round `.1`, also while the leader unwinds.
        struct Wait<'a>(&'a Shared, u64);
        impl Drop for Wait<'_> {
            fn drop(&mut self) {
                for done in &self.0.finished {
                    let mut spin = Spin::new();
                    while done.load(Ordering::Acquire) != self.1 {
                        if !spin.spin() {
                            thread::yield_now();
                        }
                    }
                }
                // SAFETY: every helper has reported the round; none reads `job` until the next.
                unsafe { *self.0.job.get() = None };
            }
        }
        let wait = Wait(sh, round);
        job(0);
        drop(wait);
        if sh.panicked.load(Ordering::Acquire) && sh.panicked.swap(false, Ordering::AcqRel) {
            panic!("a thread of the model panicked (see its message above)");
        }
    }
}

impl Drop for Gang {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Release);
        for h in &self.helpers {
            h.thread().unpark();
        }
        for h in self.helpers.drain(..) {
            let _ = h.join();
        }
    }
}

/// A helper's loop: wait for a round (spinning, then parked), run the job with `index`, report.
fn help(sh: &Shared, index: usize) {
    let mut seen = 0u64;
    loop {
        let mut spin = Spin::new();
        loop {
            let posted = sh.posted.load(Ordering::Acquire);
            if posted != seen {
                seen = posted;
                break;
            }
            if sh.stop.load(Ordering::Acquire) {
                return;
            }
            if !spin.spin() {
                // The leader unparks every helper after posting, so no round is missed.
                thread::park();
            }
        }
        // SAFETY: the round was posted (Acquire above) and is not reported yet; see `Shared::job`.
        let job = unsafe { *sh.job.get() };
        if let Some(job) = job
            && catch_unwind(AssertUnwindSafe(|| job(index))).is_err()
        {
            sh.panicked.store(true, Ordering::Release);
        }
        sh.finished[index - 1].store(seen, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn every_thread_runs_each_round_once() {
        let gang = Gang::new(3).expect("threads");
        let counts: Vec<AtomicUsize> = (0..3).map(|_| AtomicUsize::new(0)).collect();
        for _ in 0..1000 {
            gang.run(&|i| {
                counts[i].fetch_add(1, Ordering::Relaxed);
            });
        }
        let counts: Vec<usize> = counts.iter().map(|c| c.load(Ordering::Relaxed)).collect();
        assert_eq!(counts, vec![1000; 3]);
    }

    #[test]
    fn a_helper_panic_reaches_the_leader_after_the_round() {
        let gang = Gang::new(2).expect("threads");
        let result = catch_unwind(AssertUnwindSafe(|| {
            gang.run(&|i| {
                if i == 1 {
                    panic!("helper fails");
                }
            })
        }));
        assert!(result.is_err());
        // The gang still works after it.
        let ran = AtomicUsize::new(0);
        gang.run(&|_| {
            ran.fetch_add(1, Ordering::Relaxed);
        });
        assert_eq!(ran.load(Ordering::Relaxed), 2);
    }
}
