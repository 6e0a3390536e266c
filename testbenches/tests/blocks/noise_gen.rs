//! `hdl/src/core/noise_gen.rs`: `NoiseGen` alone against `flux_sim::noise::NoiseGen`
//! (`docs/model.md` §3.1), on `small` (with the CUBA datapath, 8 profiles) and `up5k` (without it,
//! 2 profiles). Every cycle offers a neuron (or a bubble) with a random profile index and kind bit,
//! and now and then a reset or a host write of either register (random values, some beyond the
//! `4 * P` stored bits, and the state 0, which draws only zeros); `eta` must be the model's draw in
//! that cycle and `state` the model's register after every edge.

use flux_hdl::noise_gen::{NoiseGen, PROFILE_INDEX_W};
use flux_sim::noise::NoiseGen as Model;
use flux_sim::spec::{Preset, SMALL, UP5K, profile as pf};
use flux_sim::testing::{SplitMix64, seed};
use flux_testbenches::block::{self, BlockDesign, block_for_test};

use crate::design;

fn noise_gen(p: &Preset) -> BlockDesign {
    design(&format!("noise_gen_{}", p.name), NoiseGen::new(p, 0, 0))
}

/// Widths that make every `k` from 0 to 15 likely, for all 8 profile indices.
fn random_bits(rng: &mut SplitMix64) -> u32 {
    match rng.below(4) {
        0 => rng.next() as u32,
        1 => 0xFEDC_BA98,
        2 => 0x1111_1111 * (rng.below(16) as u32),
        _ => 0x7654_3210 ^ (rng.next() as u32 & 0x8888_8888),
    }
}

#[test]
fn noise_gen_draws_as_the_model_does() {
    let seed = seed(0x4015_E000);
    for preset in [SMALL, UP5K] {
        let Some(mut b) = block_for_test(&noise_gen(&preset)) else {
            return;
        };
        let mut rng = SplitMix64(seed);
        let mut model = Model::new(preset, 0, 0);
        let (mut draws, mut nonzero) = (0u64, 0u64);
        for cycle in 0..30_000u64 {
            let at = format!("{}, seed {seed:#x}, cycle {cycle}", preset.name);
            let write = rng.below(50);
            let (we_state, we_bits) = (write == 0, write == 1 || cycle == 0);
            let value = match rng.below(8) {
                0 => 0,
                _ if we_bits => random_bits(&mut rng),
                _ => rng.next() as u32,
            };
            let reset = rng.below(40) == 0;
            let valid = rng.below(8) != 0;
            let profile = rng.below(1 << PROFILE_INDEX_W) as usize;
            let kind =
                [pf::KIND_FLUX, pf::KIND_CUBA, pf::KIND_IZH, pf::KIND_XYLO][rng.below(4) as usize];
            b.set("cfg_we_state", we_state.into());
            b.set("cfg_we_bits", we_bits.into());
            b.set("cfg_value", value.into());
            b.set("reset", reset.into());
            b.set("in_valid", valid.into());
            b.set("in_profile", profile as u128);
            b.set("in_kind", kind as u128);

            // The model: a draw by a valid neuron (none at a reset edge), then the writes, which
            // win over the draw's step (the core never makes them meet).
            let k = if valid && !reset {
                model.width(profile, kind)
            } else {
                0
            };
            let want = model.draw(k);
            let got = b.get("eta") as u16 as i16 as i32;
            assert_eq!(
                got, want,
                "{at}: eta (profile {profile}, kind {kind}, k {k}, valid {valid}, reset {reset})"
            );
            draws += u64::from(k > 0);
            nonzero += u64::from(want != 0);
            if we_state {
                model.set_state(value);
            }
            if we_bits {
                model.set_bits(value);
            }
            b.tick();
            assert_eq!(
                b.get("state") as u32,
                model.state(),
                "{at}: register noise after the edge"
            );
        }
        // The stimulus reached what it is for: many draws (fewer on `up5k`, whose 2 profiles of
        // the 8 indices offered have widths), most of them not 0.
        assert!(
            draws > 2_000 && nonzero > draws / 2,
            "{}: {draws} draws, {nonzero} not 0",
            preset.name
        );
    }
}

#[test]
fn noise_gen_lints_with_verilator() {
    block::lint(&noise_gen(&SMALL), &[]);
    block::lint(&noise_gen(&UP5K), &[]);
}
