//! `hdl/src/core/xylo_datapath.rs`: `XyloDatapath` alone against `flux_sim::xylo::evolve`
//! (`docs/model.md` §4.2; the rules `sim/tests/xylo.rs` checks against xylosim itself). One random
//! neuron enters every clock, back to back; 4 edges later the block's outputs must be the model's
//! update of that neuron: the spike count, the membrane after the subtractive reset and both decayed
//! currents. The stimulus mixes the fields' extremes (dash 0 and 15, thresholds 0, 1 and 32767,
//! caps 0, 1 and 31, biases at both ends, membranes and slot inputs beyond 16 bits) with random
//! values, and checks that it reached many spikes, the cap and the saturations.

use std::collections::VecDeque;

use flux_hdl::xylo_datapath::XyloDatapath;
use flux_sim::testing::{SplitMix64, seed};
use flux_sim::xylo::{self, Params};
use flux_testbenches::block::{self, BlockDesign, block_for_test};

use crate::design;

/// Edges from a neuron's inputs to its outputs.
const LATENCY: usize = 4;

fn xylo_datapath() -> BlockDesign {
    design("xylo_datapath", XyloDatapath::new())
}

/// One neuron offered to the block: its profile fields and its inputs.
#[derive(Clone, Copy, Debug)]
struct Vector {
    params: Params,
    cap: u8,
    v: i32,
    a_in: i32,
    m_in: i16,
}

fn pick(rng: &mut SplitMix64, edges: &[i64], lo: i64, hi: i64) -> i64 {
    if rng.below(3) == 0 {
        edges[rng.below(edges.len() as u64) as usize]
    } else {
        lo + rng.below((hi - lo + 1) as u64) as i64
    }
}

/// A 16-bit value, now and then beyond 16 bits (up to 24 bits signed) when `wide`.
fn value(rng: &mut SplitMix64, wide: bool) -> i32 {
    let edges = [0, 1, -1, 32767, -32768, 32766, -32767];
    match rng.below(8) {
        0 if wide => (rng.next() as i32) >> 8,
        1 => (rng.next() as i16 >> rng.below(16)) as i32,
        _ => pick(rng, &edges, -32768, 32767) as i32,
    }
}

fn vector(rng: &mut SplitMix64) -> Vector {
    let dash = |rng: &mut SplitMix64| pick(rng, &[0, 1, 15], 0, 15) as u8;
    let th_max = 1i64 << (1 + rng.below(15));
    Vector {
        params: Params {
            dash_mem: dash(rng),
            dash_syn: [dash(rng), dash(rng)],
            v_th: pick(rng, &[0, 1, 32767], 1, th_max - 1) as i16,
            bias: value(rng, false) as i16,
        },
        cap: pick(rng, &[0, 1, 31], 0, 31) as u8,
        v: value(rng, true),
        a_in: value(rng, true),
        m_in: value(rng, false) as i16,
    }
}

/// The model's outputs for one vector: (count, v'', i1', i2').
fn model(x: &Vector) -> (u8, i16, i16, i16) {
    let mut s = xylo::core_state(x.v, x.a_in, x.m_in);
    let k = xylo::evolve(&x.params, &mut s, x.cap);
    (k, s.v_mem, s.i_syn[0], s.i_syn[1])
}

#[test]
fn xylo_datapath_updates_as_the_model_does() {
    let seed = seed(0x0C71_0DA7);
    let Some(mut b) = block_for_test(&xylo_datapath()) else {
        return;
    };
    let mut rng = SplitMix64(seed);
    let mut pipe: VecDeque<Vector> = VecDeque::new();
    let (mut spikes, mut capped, mut saturated) = (0u64, 0u64, 0u64);
    let cycles = 60_000;
    for cycle in 0..cycles + LATENCY {
        let x = vector(&mut rng);
        let p = &x.params;
        b.set("pf_dash_mem", p.dash_mem.into());
        b.set("pf_dash_syn1", p.dash_syn[0].into());
        b.set("pf_dash_syn2", p.dash_syn[1].into());
        b.set("pf_v_th", p.v_th as u128);
        b.set("pf_bias", u128::from(p.bias as u16));
        b.set("pf_cap", x.cap.into());
        b.set("sl_a_in", (x.a_in as u32 & 0xFF_FFFF).into());
        b.set("sl_m_in", u128::from(x.m_in as u16));
        b.set("st_v", (x.v as u32 & 0xFF_FFFF).into());
        b.tick();
        pipe.push_back(x);
        if pipe.len() < LATENCY {
            continue;
        }
        let x = pipe.pop_front().unwrap();
        let (k, v, i1, i2) = model(&x);
        let got_v = ((b.get("v_next") as u32) << 8) as i32 >> 8;
        let got = (
            b.get("count") as u8,
            got_v,
            b.get("cur1") as u16 as i16,
            b.get("cur2") as u16 as i16,
        );
        assert_eq!(
            got,
            (k, i32::from(v), i1, i2),
            "seed {seed:#x}, neuron entered at cycle {}: {x:?}: (count, v, cur1, cur2)",
            cycle + 1 - LATENCY
        );
        spikes += u64::from(k > 0);
        capped += u64::from(k > 0 && k == x.cap);
        let before = xylo::core_state(x.v, x.a_in, x.m_in);
        saturated += u64::from(
            before.v_mem != x.v as i16
                || before.i_syn[0] != x.a_in as i16
                || i32::from(v).abs() > 32000,
        );
    }
    // The stimulus reached what it is for.
    assert!(
        spikes > 5_000 && capped > 1_000 && saturated > 1_000,
        "seed {seed:#x}: {spikes} spiking, {capped} at the cap, {saturated} saturating"
    );
    println!("seed {seed:#x}: {cycles} neurons, {spikes} spiking, {capped} at the cap");
}

#[test]
fn xylo_datapath_lints_with_verilator() {
    block::lint(&xylo_datapath(), &[]);
}

#[test]
fn xylo_datapath_synthesizes_without_multipliers() {
    // The block synthesizes (for the iCE40, the project's synthesis smoke test) without a DSP:
    // the quotient is five compare-subtract steps and cap * v_th five shifted additions.
    let Some(stat) = block::synth_ice40(&xylo_datapath(), "-dsp") else {
        return;
    };
    assert_eq!(block::cell_count(&stat, "SB_MAC16"), 0, "{stat}");
}
