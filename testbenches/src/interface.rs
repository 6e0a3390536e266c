//! Checks of the core's host interface against its contract (`hdl/README.md`), beyond what running
//! networks exercises: the memories as their twin (`flux_sim::image::CoreImage`'s arrays) holds
//! them, word for word and bit for bit, and writes the contract does not define doing nothing.
//!
//! Used by the mutation checks (`crate::mutate`) and by `tests/interface.rs`.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use flux_sim::spec::{
    LEARN_RULE_BITS, LEARN_TABLE_BITS, PROFILE_BITS, Preset, SLOT_BITS, STATE_BITS, reg,
};

use crate::cosim::{Cosim, CosimError};
use crate::random::RandomNet;
use crate::rtl::{Mem, Rtl};

/// Every memory the debug port reads, with its width and depth on `p` (`hdl/README.md`).
pub fn readable_memories(p: &Preset) -> Vec<(Mem, u32, u32)> {
    let mut out = vec![
        (Mem::Profile, PROFILE_BITS, p.profiles),
        (Mem::State, STATE_BITS, p.neurons),
        (Mem::Fanout, p.fanout_bits(), p.neurons + p.channels),
        (Mem::Synapse, p.synapse_bits(), p.synapses),
        (Mem::Ring, SLOT_BITS, p.delay_slots * p.neurons),
    ];
    if p.learning {
        out.push((Mem::LearnRules, LEARN_RULE_BITS, p.profiles));
        out.push((Mem::LearnTable, LEARN_TABLE_BITS, p.learn_table_words()));
    }
    out
}

fn mask(bits: u32) -> u128 {
    if bits >= 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    }
}

/// Writes random words (every bit of the memory's width random) to runs of random addresses of
/// every readable memory, the first and last address included, then reads them back through the
/// debug port, pipelined and one address at a time: each must be exactly what was written (what
/// the preset stores of it, `Preset::stored_state`). The first difference, in one line.
pub fn memory_round_trip(rtl: &mut Rtl, preset: &Preset, seed: u64) -> Result<(), String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for (mem, bits, depth) in readable_memories(preset) {
        let mut runs: Vec<(u32, Vec<u128>)> = Vec::new();
        let len = |rng: &mut ChaCha8Rng, at: u32| rng.gen_range(1..=(depth - at).min(24));
        for start in [
            0,
            depth - 1,
            rng.gen_range(0..depth),
            rng.gen_range(0..depth),
        ] {
            let n = len(&mut rng, start);
            let words = (0..n).map(|_| rng.r#gen::<u128>() & mask(bits)).collect();
            runs.push((start, words));
        }
        for (start, words) in &runs {
            rtl.cfg_write(mem, *start, words);
        }
        // What the memory keeps of a word: all of it, but a core without CUBA does not store the
        // state word's `u` (`docs/model.md` §1).
        let kept = |w: u128| {
            if matches!(mem, Mem::State) {
                preset.stored_state(w)
            } else {
                w
            }
        };
        // Later runs may overwrite earlier ones: the expected contents are the last writes.
        let mut expect: std::collections::BTreeMap<u32, u128> = Default::default();
        for (start, words) in &runs {
            for (i, &w) in words.iter().enumerate() {
                expect.insert(start + i as u32, kept(w));
            }
        }
        // Addresses are truncated to the memory's address width (`hdl/README.md`): a word is also
        // read, and written, with any higher address bit set.
        let width = 32 - (depth - 1).leading_zeros();
        for (start, _) in &runs {
            for bit in [width, width + 1, 14, 20, 31]
                .into_iter()
                .filter(|&b| b >= width && b < 32)
            {
                let alias = start | 1 << bit;
                let got = rtl.dbg_read(mem, alias, 1)[0];
                if got != expect[start] {
                    return Err(format!(
                        "memory {mem:?} address {start} read as {alias:#x}: {got:#x}, written {:#x}",
                        expect[start]
                    ));
                }
                let word = rng.r#gen::<u128>() & mask(bits);
                rtl.cfg_write(mem, alias, &[word]);
                expect.insert(*start, kept(word));
            }
        }
        for (start, words) in &runs {
            let fast = rtl.dbg_read(mem, *start, words.len());
            let slow = rtl.dbg_read_unpipelined(mem, *start, words.len());
            for (i, (&f, &s)) in fast.iter().zip(&slow).enumerate() {
                let addr = start + i as u32;
                let want = expect[&addr];
                if f != want || s != want {
                    return Err(format!(
                        "memory {mem:?} address {addr}: wrote {want:#x}, read back {f:#x} (pipelined) and {s:#x} (one at a time)"
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The register addresses the contract defines (`spec::reg`): `n_neurons`, `learn_en`,
/// `sweep_len`, `sweep_step`, `t`, `noise`, `noise_bits`.
pub const DEFINED_REGISTERS: [u32; 9] = [
    reg::N_NEURONS,
    reg::LEARN_EN,
    reg::SWEEP_LEN,
    reg::SWEEP_STEP,
    reg::T,
    reg::NOISE,
    reg::NOISE_BITS,
    reg::SPIKE_PUSH,
    reg::EXTERN_SPIKES,
];

/// Register addresses the contract does not define: the others of 0..=15, and each defined
/// address with one higher bit set. The register file decodes the whole address, so a write there
/// must change nothing.
pub fn undefined_register_addresses() -> Vec<u32> {
    let mut out: Vec<u32> = (0..16).filter(|a| !DEFINED_REGISTERS.contains(a)).collect();
    for bit in 4..32 {
        for reg in DEFINED_REGISTERS {
            out.push(reg | 1 << bit);
        }
    }
    out
}

/// Writes random values to every [`undefined_register_addresses`] entry (between timesteps, as a
/// host may).
pub fn write_undefined_registers(rtl: &mut Rtl, seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for addr in undefined_register_addresses() {
        rtl.cfg_write(Mem::Register, addr, &[rng.r#gen::<u128>()]);
    }
}

/// Runs `net` on `cosim` with random `spike_push`es before its timesteps (`docs/model.md` §2.1:
/// neurons and channels, counts 1..=31, now and then a count of 0, a source past `N + M`, or
/// more events than the buffer holds) and `extern_spikes` now and then toggled, from a stream
/// seeded by the network's seed, every timestep compared. Returns the events the spike buffers
/// held. For a core with the `net` unit (without it the model ignores the writes too).
pub fn run_with_pushes(cosim: &mut Cosim, net: &RandomNet) -> Result<usize, CosimError> {
    let p = net.image.preset;
    let sources = p.neurons + p.channels;
    let mut rng = ChaCha8Rng::seed_from_u64(net.seed ^ 0x5B05_0000_0000_0000);
    let mut pushed = 0;
    for events in &net.stimulus {
        if rng.gen_ratio(1, 8) {
            cosim.set_extern_spikes(rng.gen_bool(0.5));
        }
        let pushes = match rng.gen_range(0..6) {
            0 => p.neurons as usize + 3,
            1 | 2 => 0,
            _ => rng.gen_range(1..20),
        };
        for _ in 0..pushes {
            let source = if rng.gen_ratio(1, 16) {
                rng.gen_range(sources..1 << 16)
            } else {
                rng.gen_range(0..sources)
            };
            let count = if rng.gen_ratio(1, 16) {
                0
            } else {
                rng.gen_range(1..32)
            };
            cosim.push_spike(source, count);
        }
        pushed += cosim.model().spike_buffer().len();
        cosim.step(events, true)?;
    }
    Ok(pushed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undefined_register_addresses_exclude_the_defined_ones() {
        let addrs = undefined_register_addresses();
        for r in DEFINED_REGISTERS {
            assert!(!addrs.contains(&r));
        }
        assert!(addrs.contains(&(1 | 1 << 27)) && addrs.contains(&(4 | 1 << 31)));
        assert!(addrs.contains(&9) && addrs.contains(&15));
    }
}
