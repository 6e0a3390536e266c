//! `hdl/src/board/input_gen.rs`: `InputGen` alone against `flux_sim::input_gen::Table`
//! (`docs/model.md` §9.1). Random tables (rate entries with `p16` at 0, 65536 and between,
//! countdown entries with short and extreme counts and periods, period 0 among them; list entries
//! whose pointers walk short random lists of gaps, some ended by a 0, some running past the
//! memory's end or the pointer's 17 bits; kind 3; entries enabled and not, `count` from 0 past
//! `ENTRIES`, `base` near the 16-bit wrap) and random list memories are written into both; then
//! walks, with the core's `ev_ready` sometimes low, must offer the model's channel spikes in its
//! order and leave the same states behind (seen through the next walks), in `2 * count` cycles
//! plus one per list spike and one per cycle the FIFO refused. Random injection schedules (mostly
//! due over the next walks, some words out of order or far off, lengths from 0 past
//! `SCHEDULE_WORDS`, the core's `t` stepping on and jumping) must give the model's injections
//! first, in two cycles per word read. Host writes between walks and a
//! reset (which keeps the entries and clears `base` and `count`) are mixed in. A block without the
//! list memory keeps no kind's high bit (2 acts as 0, 3 as 1), as the model's table without it.

use flux_hdl::input_gen::InputGen;
use flux_sim::image::Event;
use flux_sim::input_gen::{
    ENTRIES, Entry, KIND, Kind, LIST_WORDS, MAX_PERIOD, MEM_LIST, MEM_REGS, MEM_SCHEDULE,
    MEM_TABLE, SCHEDULE_WORDS, Table, regs_word_with_schedule, schedule_word,
};
use flux_sim::testing::{SplitMix64, seed};
use flux_testbenches::block::{self, Block, BlockDesign, block_for_test};

use crate::design;

fn input_gen() -> BlockDesign {
    design("input_gen", InputGen::new(true, true))
}

fn input_gen_without_lists() -> BlockDesign {
    design("input_gen_without_lists", InputGen::new(true, false))
}

/// The same write into the block and the model.
fn write(b: &mut Block, model: &mut Table, mem: u8, addr: u32, data: u128) {
    model.write(mem, addr, data);
    if mem == MEM_TABLE {
        b.set("host_addr", u128::from(addr % ENTRIES));
        b.set("host_data", data);
        b.set("host_we", 1);
    } else if mem == MEM_SCHEDULE {
        b.set("sched_addr", u128::from(addr % SCHEDULE_WORDS));
        b.set("sched_data", data & u128::from(u64::MAX));
        b.set("sched_we", 1);
    } else if mem == MEM_LIST {
        b.set("list_addr", u128::from(addr % LIST_WORDS));
        b.set("list_data", data & 0xFFFF_FFFF);
        b.set("list_we", 1);
    } else {
        b.set("reg_data", data);
        b.set("reg_we", 1);
    }
    b.tick();
    b.set("host_we", 0);
    b.set("reg_we", 0);
    b.set("list_we", 0);
    b.set("sched_we", 0);
}

/// A random injection schedule of `len` words from timestep `now` on, about three per timestep,
/// some out of order or far off, and three more past its end that would be due next; returns the length to write into the register (sometimes past
/// `SCHEDULE_WORDS`, which clamps it).
fn random_schedule(b: &mut Block, model: &mut Table, rng: &mut SplitMix64, now: u64) -> u32 {
    let len = match rng.below(5) {
        0 => 0,
        1 => SCHEDULE_WORDS + rng.below(5) as u32,
        _ => 1 + rng.below(40) as u32,
    };
    for k in 0..len.min(SCHEDULE_WORDS) {
        // Out of order or far off now and then: the schedule stops at such a word for good.
        let t = match rng.below(40) {
            0 => rng.next() as u32,
            1 => (now + u64::from(k) / 3 + 1) as u32,
            _ => (now + u64::from(k) / 3) as u32,
        };
        let word = schedule_word(t, rng.below(1 << 16) as u32, rng.next() as i16);
        write(b, model, MEM_SCHEDULE, k, word);
    }
    // Words past the length that would be due next: the schedule ends before them.
    for k in len..(len + 3).min(SCHEDULE_WORDS) {
        let t = (now + u64::from(k) / 3) as u32;
        write(b, model, MEM_SCHEDULE, k, schedule_word(t, k, 1));
    }
    len
}

/// A random list memory: mostly short gaps (so that the walks see lists advance), some 0 (a list's
/// end), some at the 32-bit extremes.
fn random_list(b: &mut Block, model: &mut Table, rng: &mut SplitMix64) {
    for addr in 0..LIST_WORDS {
        let gap = match rng.below(8) {
            0 => 0,
            1 => u32::MAX - rng.below(2) as u32,
            _ => 1 + rng.below(3) as u32,
        };
        write(b, model, MEM_LIST, addr, u128::from(gap));
    }
}

fn random_entry(rng: &mut SplitMix64) -> Entry {
    let enabled = rng.below(4) != 0;
    if rng.below(3) == 0 {
        // A list entry: a short first count, a pointer anywhere (near the memory's end and the
        // field's, which wrap), its word's kind 2 or 3.
        let state = rng.below(4) as u32;
        let pointer = match rng.below(4) {
            0 => MAX_PERIOD as u32 - rng.below(3) as u32,
            1 => LIST_WORDS - 1 - rng.below(3) as u32,
            _ => rng.below(u64::from(LIST_WORDS)) as u32,
        };
        return Entry {
            enabled,
            ..Entry::list(state, pointer)
        };
    }
    if rng.below(2) == 0 {
        // A latency countdown: mostly short, so that the walks see it spike, restart from its
        // period and (period 0) switch itself off; sometimes at the field's extremes.
        let state = match rng.below(4) {
            0 => rng.next() as u32,
            _ => rng.below(6) as u32,
        };
        let period = match rng.below(4) {
            0 => 0,
            1 => MAX_PERIOD as u32 - rng.below(2) as u32,
            _ => 1 + rng.below(4) as u32,
        };
        return Entry {
            enabled,
            ..Entry::countdown(state, period)
        };
    }
    Entry {
        state: (rng.next() as u32).max(1),
        p16: match rng.below(4) {
            0 => 0,
            1 => 65536,
            _ => rng.below(65537) as u32,
        },
        enabled,
        kind: Kind::Rate,
    }
}

/// One walk on the block before timestep `t`: `start`, then every cycle until `busy` falls,
/// `ev_ready` low one time in three when `stall`. Returns the events taken and the cycles from the
/// `start` edge on.
fn walk(
    b: &mut Block,
    rng: &mut SplitMix64,
    t: u64,
    stall: bool,
    what: &str,
) -> (Vec<Event>, u64, u64) {
    b.set("t", u128::from(t as u32));
    b.set("start", 1);
    b.tick();
    b.set("start", 0);
    let (mut taken, mut cycles, mut refused) = (Vec::new(), 0u64, 0u64);
    while b.get_bool("busy") {
        let ready = !(stall && rng.below(3) == 0);
        b.set("ev_ready", ready.into());
        if b.get_bool("ev_valid") {
            if ready {
                let addr = b.get("ev_addr") as u32;
                taken.push(if b.get_bool("ev_inj") {
                    Event::Current {
                        neuron: addr,
                        value: b.get("ev_value") as u16 as i16,
                    }
                } else {
                    Event::Spike { channel: addr }
                });
            } else {
                refused += 1;
            }
        }
        b.tick();
        cycles += 1;
        assert!(
            cycles < 8 * u64::from(ENTRIES + SCHEDULE_WORDS) + 64,
            "{what}: busy never falls"
        );
    }
    b.set("ev_ready", 1);
    (taken, cycles, refused)
}

/// An entry's word; a list entry's sometimes with kind 3, which acts as 2.
fn entry_word(entry: Entry, rng: &mut SplitMix64) -> u128 {
    let word = entry.word();
    if entry.kind == Kind::List && rng.below(2) == 0 {
        word | 1 << KIND.lsb
    } else {
        word
    }
}

/// Random tables and walks on `design` (with the list memory or without: `lists`) and the model's
/// table; returns the channel spikes, the list spikes and the refused offers.
fn walks_as_the_model(
    design: &BlockDesign,
    lists: bool,
    seed: u64,
) -> Option<(u64, u64, u64, u64)> {
    let mut b = block_for_test(design)?;
    let mut rng = SplitMix64(seed);
    let mut model = Table::with_lists(lists);
    b.set("ev_ready", 1);
    let (mut spikes, mut list_spikes, mut stalls) = (0, 0, 0);
    let mut injections = 0;
    let mut now = 0u64;
    for round in 0..12 {
        if round % 4 == 0 {
            random_list(&mut b, &mut model, &mut rng);
        }
        for e in 0..ENTRIES {
            let word = entry_word(random_entry(&mut rng), &mut rng);
            write(&mut b, &mut model, MEM_TABLE, e, word);
        }
        let count = match rng.below(4) {
            0 => ENTRIES,
            1 => ENTRIES + 1 + rng.below(100) as u32, // clamped to ENTRIES
            _ => rng.below(u64::from(ENTRIES)) as u32,
        };
        let base = match rng.below(3) {
            0 => 0xFFFF - rng.below(8) as u32, // channels wrap at 16 bits
            _ => rng.below(200) as u32,
        };
        if round % 5 == 4 {
            now += rng.next() >> 20; // the core's `t` jumps (a reload): 32 bits wrap
        }
        let sched = random_schedule(&mut b, &mut model, &mut rng, now);
        let regs = regs_word_with_schedule(base, count, sched);
        write(&mut b, &mut model, MEM_REGS, 0, regs);
        if round == 6 {
            // A reset clears the registers and keeps the entries: nothing is walked until the host
            // writes the register again.
            b.set("reset", 1);
            b.set("start", 1);
            b.tick();
            b.set("reset", 0);
            b.set("start", 0);
            model.reset();
            let what = format!("seed {seed:#x}, round {round}, after reset");
            let (taken, cycles, _) = walk(&mut b, &mut rng, now, false, &what);
            assert_eq!((taken.len(), cycles), (0, 0), "{what}");
            write(&mut b, &mut model, MEM_REGS, 0, regs);
        }
        for w in 0..8 {
            let what = format!("seed {seed:#x}, round {round}, walk {w}");
            if rng.below(3) == 0 {
                let e = rng.below(u64::from(ENTRIES)) as u32;
                let word = entry_word(random_entry(&mut rng), &mut rng);
                write(&mut b, &mut model, MEM_TABLE, e, word);
            }
            let mut want = Vec::new();
            let model_cycles = model.walk(now, &mut want);
            let (taken, cycles, refused) = walk(&mut b, &mut rng, now, w % 2 == 1, &what);
            assert_eq!(taken, want, "{what}: events");
            // The model's cycles include `HostLink`'s two around a walk.
            assert_eq!(
                cycles,
                model_cycles.saturating_sub(2) + refused,
                "{what}: cycles"
            );
            let injected = want
                .iter()
                .filter(|e| matches!(e, Event::Current { .. }))
                .count() as u64;
            let schedule_cycles = if model.schedule_len() > 0 {
                2 * (injected + 1)
            } else {
                0
            };
            spikes += taken.len() as u64 - injected;
            injections += injected;
            list_spikes +=
                model_cycles.saturating_sub(2 + 2 * u64::from(model.count()) + schedule_cycles);
            stalls += refused;
            now += 1;
        }
    }
    Some((spikes, list_spikes, injections, stalls))
}

#[test]
fn input_gen_walks_as_the_model_does() {
    let seed = seed(0x9e11);
    let Some((spikes, list_spikes, injections, stalls)) =
        walks_as_the_model(&input_gen(), true, seed)
    else {
        return;
    };
    // Not vacuous: spikes were made, lists advanced, injections came, offers were refused.
    println!(
        "seed {seed:#x}: {spikes} channel spikes, {list_spikes} of list entries, {injections} \
         injections, {stalls} refused offers"
    );
    assert!(spikes > 500 && list_spikes > 100 && injections > 50 && stalls > 20);
}

#[test]
fn input_gen_without_the_list_memory_has_no_list_entries() {
    // The kind's high bit is not kept: list entries' words walk as rate entries (kind 2) and
    // countdowns (3), as the model's table without the list memory has them.
    let seed = seed(0x9e12);
    let Some((spikes, list_spikes, injections, _)) =
        walks_as_the_model(&input_gen_without_lists(), false, seed)
    else {
        return;
    };
    println!("seed {seed:#x}: {spikes} channel spikes");
    assert!(spikes > 500 && list_spikes == 0 && injections == 0);
}

#[test]
fn input_gen_lints_with_verilator() {
    block::lint(&input_gen(), &[]);
}
