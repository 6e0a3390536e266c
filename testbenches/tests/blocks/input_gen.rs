//! `hdl/src/board/input_gen.rs`: `InputGen` alone against `flux_sim::input_gen::Table`
//! (`docs/model.md` §9.1). Random tables (rate entries with `p16` at 0, 65536 and between,
//! countdown entries with short and extreme counts and periods, period 0 among them; entries
//! enabled and not, `count` from 0 past `ENTRIES`, `base` near the 16-bit wrap) are written into both; then
//! walks, with the core's `ev_ready` sometimes low, must offer the model's channel spikes in its
//! order and leave the same states behind (seen through the next walks), in `2 * count` cycles
//! plus one per cycle the FIFO refused. Host writes between walks and a reset (which keeps the
//! entries and clears `base` and `count`) are mixed in.

use flux_hdl::input_gen::InputGen;
use flux_sim::image::Event;
use flux_sim::input_gen::{
    ENTRIES, Entry, Kind, MAX_PERIOD, MEM_REGS, MEM_TABLE, Table, regs_word,
};
use flux_sim::testing::{SplitMix64, seed};
use flux_testbenches::block::{self, Block, BlockDesign, block_for_test};

use crate::design;

fn input_gen() -> BlockDesign {
    design("input_gen", InputGen::new(true))
}

/// The same write into the block and the model.
fn write(b: &mut Block, model: &mut Table, mem: u8, addr: u32, data: u128) {
    model.write(mem, addr, data);
    if mem == MEM_TABLE {
        b.set("host_addr", u128::from(addr % ENTRIES));
        b.set("host_data", data);
        b.set("host_we", 1);
    } else {
        b.set("reg_data", data);
        b.set("reg_we", 1);
    }
    b.tick();
    b.set("host_we", 0);
    b.set("reg_we", 0);
}

fn random_entry(rng: &mut SplitMix64) -> Entry {
    let enabled = rng.below(4) != 0;
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

/// One walk on the block: `start`, then every cycle until `busy` falls, `ev_ready` low one time in
/// three when `stall`. Returns the channels taken and the cycles from the `start` edge on.
fn walk(b: &mut Block, rng: &mut SplitMix64, stall: bool, what: &str) -> (Vec<u32>, u64, u64) {
    b.set("start", 1);
    b.tick();
    b.set("start", 0);
    let (mut taken, mut cycles, mut refused) = (Vec::new(), 0u64, 0u64);
    while b.get_bool("busy") {
        let ready = !(stall && rng.below(3) == 0);
        b.set("ev_ready", ready.into());
        if b.get_bool("ev_valid") {
            if ready {
                taken.push(b.get("ev_addr") as u32);
            } else {
                refused += 1;
            }
        }
        b.tick();
        cycles += 1;
        assert!(
            cycles < 8 * u64::from(ENTRIES) + 64,
            "{what}: busy never falls"
        );
    }
    b.set("ev_ready", 1);
    (taken, cycles, refused)
}

#[test]
fn input_gen_walks_as_the_model_does() {
    let Some(mut b) = block_for_test(&input_gen()) else {
        return;
    };
    let seed = seed(0x9e11);
    let mut rng = SplitMix64(seed);
    let mut model = Table::new();
    b.set("ev_ready", 1);
    let (mut spikes, mut stalls) = (0, 0);
    for round in 0..12 {
        for e in 0..ENTRIES {
            let entry = random_entry(&mut rng);
            write(&mut b, &mut model, MEM_TABLE, e, entry.word());
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
        write(&mut b, &mut model, MEM_REGS, 0, regs_word(base, count));
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
            let (taken, cycles, _) = walk(&mut b, &mut rng, false, &what);
            assert_eq!((taken.len(), cycles), (0, 0), "{what}");
            write(&mut b, &mut model, MEM_REGS, 0, regs_word(base, count));
        }
        for w in 0..8 {
            let what = format!("seed {seed:#x}, round {round}, walk {w}");
            if rng.below(3) == 0 {
                let e = rng.below(u64::from(ENTRIES)) as u32;
                let entry = random_entry(&mut rng);
                write(&mut b, &mut model, MEM_TABLE, e, entry.word());
            }
            let mut want = Vec::new();
            model.walk(&mut want);
            let want: Vec<u32> = want
                .iter()
                .map(|e| match e {
                    Event::Spike { channel } => *channel,
                    Event::Current { .. } => unreachable!("the table makes channel spikes"),
                })
                .collect();
            let (taken, cycles, refused) = walk(&mut b, &mut rng, w % 2 == 1, &what);
            assert_eq!(taken, want, "{what}: channels");
            assert_eq!(
                cycles,
                2 * u64::from(model.count()) + refused,
                "{what}: cycles"
            );
            spikes += taken.len();
            stalls += refused;
        }
    }
    // Not vacuous: spikes were made and refused.
    println!("{spikes} channel spikes, {stalls} refused offers");
    assert!(spikes > 500 && stalls > 20);
}

#[test]
fn input_gen_lints_with_verilator() {
    block::lint(&input_gen(), &[]);
}
