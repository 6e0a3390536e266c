//! The neuron rules of `docs/model.md` §3 (FLUX modulated LIF) and §4 (CUBA LIF), one test per rule.
//! Every expected value is derived in a comment from the rule it checks.

use flux_sim::neuron::*;
use flux_sim::noise::{NOISE_K_MAX, noise_draw, noise_k};
use flux_sim::spec::{Field, profile as pf, slot, state};

// The stimulus kit's seeded generator; `field_or_edge` draws saturation corners one time in four.
use flux_sim::testing::SplitMix64 as Rng;

/// A FLUX profile with no leak, no adaptation, no modulation, threshold `thr`, refractory period 0.
fn flux(thr: i32) -> FluxParams {
    FluxParams {
        thr,
        ..FluxParams::default()
    }
}

fn input(a_in: i32) -> SlotInput {
    SlotInput {
        a_in,
        ..SlotInput::default()
    }
}

fn packed(fields: &[(Field, i64)]) -> u128 {
    fields.iter().fold(0, |w, &(f, v)| {
        assert!(f.fits(v), "{} = {v} does not fit", f.name);
        f.set(w, v)
    })
}

#[test]
fn saturation_helpers_clamp_at_the_signed_limits() {
    // sat16 clamps to [-2^15, 2^15-1], sat24 to [-2^23, 2^23-1].
    assert_eq!(sat16(32_767), 32_767);
    assert_eq!(sat16(32_768), 32_767);
    assert_eq!(sat16(-32_768), -32_768);
    assert_eq!(sat16(-32_769), -32_768);
    assert_eq!(sat24((1 << 23) - 1), (1 << 23) - 1);
    assert_eq!(sat24(1 << 23), (1 << 23) - 1);
    assert_eq!(sat24(-(1 << 23) - 1), -(1 << 23));
}

#[test]
fn rtz_shift_rounds_toward_zero_and_asr_toward_minus_infinity() {
    // -5 / 2 = -2.5: toward zero -2, floor -3.
    assert_eq!(rtz_shift(-5, 1), -2);
    assert_eq!(asr(-5, 1), -3);
    assert_eq!(rtz_shift(5, 1), 2);
    assert_eq!(asr(5, 1), 2);
    // -1 >> k: toward zero 0, floor -1 for any k.
    assert_eq!(rtz_shift(-1, 12), 0);
    assert_eq!(asr(-1, 12), -1);
    // Shifts past the width: rtz gives 0, asr gives the sign.
    assert_eq!(rtz_shift(-(1 << 24), 40), 0);
    assert_eq!(asr(-(1 << 24), 40), -1);
    assert_eq!(rtz_shift(123, 0), 123);
}

/// `rtz_shift(x * f, 12)` on 64 bits: the formula `decay` must equal.
fn decay_wide(x: i32, f: i32) -> i32 {
    let p = x as i64 * f as i64;
    (p.signum() * (p.abs() >> 12)) as i32
}

#[test]
fn decay_split_equals_the_64_bit_product() {
    // Edges: |x| up to 2^25 - 1 (beyond the 25-bit `u` field), f over 0..=4096.
    let xs = [
        0,
        1,
        -1,
        4095,
        -4095,
        4096,
        -4096,
        4097,
        (1 << 23) - 1,
        1 << 23,
        -(1 << 23),
        (1 << 25) - 1,
        -(1 << 25) + 1,
    ];
    let fs = [0, 1, 2, 2047, 2048, 4095, 4096];
    for &x in &xs {
        for &f in &fs {
            assert_eq!(decay(x, f), decay_wide(x, f), "x={x} f={f}");
        }
    }
    let seed = 0x5EED_DECA;
    println!("seed {seed:#x}");
    let mut rng = Rng(seed);
    for _ in 0..200_000 {
        let x = rng.range(-(1 << 25) + 1, (1 << 25) - 1) as i32;
        let f = rng.range(0, 4096) as i32;
        assert_eq!(
            decay(x, f),
            decay_wide(x, f),
            "x={x} f={f} (seed {seed:#x})"
        );
    }
}

// ---------------------------------------------------------------- FLUX (§3)

#[test]
fn decay_near_unity_equals_the_64_bit_product_on_its_domain() {
    // Its domain: |x| <= 2^24 (a 25-bit field), f from 4096 - 127 to 4096; edges of both.
    let xs = [
        0,
        1,
        -1,
        2,
        -2,
        4095,
        -4095,
        4096,
        -4096,
        4097,
        -4097,
        (1 << 23) - 1,
        -(1 << 23) + 1,
        1 << 23,
        -(1 << 23),
        (1 << 24) - 1,
        -(1 << 24) + 1,
        1 << 24,
        -(1 << 24),
    ];
    let lowest = CUBA_DECAY_BASE - CUBA_NEAR_UNITY_MAX_D;
    for &x in &xs {
        for f in lowest..=CUBA_DECAY_BASE {
            assert_eq!(decay_near_unity(x, f), decay_wide(x, f), "x={x} f={f}");
        }
    }
    let seed = 0x5EED_0E4A;
    println!("seed {seed:#x}");
    let mut rng = Rng(seed);
    for _ in 0..200_000 {
        let x = rng.range(-(1 << 24), 1 << 24) as i32;
        let f = rng.range(lowest as i64, CUBA_DECAY_BASE as i64) as i32;
        assert_eq!(
            decay_near_unity(x, f),
            decay_wide(x, f),
            "x={x} f={f} (seed {seed:#x})"
        );
    }
}

#[test]
fn near_unity_holds_exactly_when_both_decays_are_slow() {
    // du + 1 <= 127 and dv <= 127; one past either limit falls back to the two-product decay.
    let p = |du: i32, dv: i32| CubaParams {
        decay_u: CUBA_DECAY_BASE - (du + 1),
        decay_v: CUBA_DECAY_BASE - dv,
        ..CubaParams::default()
    };
    assert!(p(0, 0).near_unity());
    assert!(p(126, 127).near_unity());
    assert!(!p(127, 127).near_unity());
    assert!(!p(126, 128).near_unity());
    assert!(!p(4095, 4095).near_unity());
}

#[test]
fn cuba_update_near_unity_equals_cuba_update() {
    // The engine's loop takes `cuba_update_near_unity` when `near_unity()` holds: the same state
    // words and spikes as the rule's own form, on random states, inputs and slow decays.
    let seed = 0x5EED_C0BA;
    println!("seed {seed:#x}");
    let mut rng = Rng(seed);
    let (mut spikes, mut in_domain) = (0, 0);
    for _ in 0..100_000 {
        let p = CubaParams {
            ref_period: rng.range(0, 255) as i32,
            decay_u: CUBA_DECAY_BASE - rng.range(1, 127) as i32,
            decay_v: CUBA_DECAY_BASE - rng.range(0, 127) as i32,
            vth_scaled: (rng.range(0, (1 << 17) - 1) as i32) << CUBA_ACT_SHIFT,
            bias: (rng.range(-(1 << 12), (1 << 12) - 1) as i32) << rng.range(0, 7),
        };
        let s0 = NeuronState {
            v: rng.range(-I24_MAX as i64, I24_MAX as i64) as i32,
            u: rng.range(-(1 << 24), (1 << 24) - 1) as i32,
            ref_cnt: if rng.range(0, 3) == 0 {
                rng.range(1, 255) as i32
            } else {
                0
            },
            ..NeuronState::default()
        };
        let x = SlotInput {
            a_in: rng.range(-(1 << 23), (1 << 23) - 1) as i32,
            e: rng.range(0, 15) == 0,
            ..SlotInput::default()
        };
        let (mut a, mut b) = (s0, s0);
        let spiked = cuba_update(&p, &mut a, x);
        assert_eq!(
            spiked,
            cuba_update_near_unity(&p, &mut b, x),
            "{p:?} {s0:?} {x:?} (seed {seed:#x})"
        );
        assert_eq!(a, b, "{p:?} {s0:?} {x:?} (seed {seed:#x})");
        // And without the clamp, for an input inside its domain (the engine's proven runs).
        if (CUBA_A_MIN..=CUBA_A_MAX).contains(&x.a_in) {
            let mut c = s0;
            let c_spiked = cuba_update_near_unity_in_domain(&p, &mut c, x);
            assert_eq!(
                (c_spiked, c),
                (spiked, a),
                "{p:?} {s0:?} {x:?} (seed {seed:#x})"
            );
            in_domain += 1;
        }
        spikes += spiked as u32;
    }
    // Both outcomes were exercised, and inputs inside the domain (a_in is drawn over 24 bits,
    // 2^18 of them lie inside: about 1.6 %).
    assert!((1_000..99_000).contains(&spikes), "{spikes} spikes");
    assert!(in_domain > 1_000, "{in_domain} inputs inside the domain");
}

#[test]
fn cuba_wrap_u_equals_the_two_branches_where_u1_can_lie() {
    // §4 step 2 as written: one wrap by 2^24, by compare.
    fn branches(u1: i32) -> i32 {
        if u1 > CUBA_U_WRAP {
            u1 - 2 * CUBA_U_WRAP
        } else if u1 <= -CUBA_U_WRAP {
            u1 + 2 * CUBA_U_WRAP
        } else {
            u1
        }
    }
    let (w, lo, hi) = (CUBA_U_WRAP, -(3 << 23) + 1, 3 << 23);
    for base in [0, w, -w, 2 * w, -2 * w, lo, hi] {
        for k in -3..=3 {
            let u1 = (base + k).clamp(lo, hi);
            assert_eq!(cuba_wrap_u(u1), branches(u1), "u1={u1}");
        }
    }
    let seed = 0x5EED_0A2A;
    println!("seed {seed:#x}");
    let mut rng = Rng(seed);
    for _ in 0..200_000 {
        let u1 = rng.range(lo as i64, hi as i64) as i32;
        assert_eq!(cuba_wrap_u(u1), branches(u1), "u1={u1} (seed {seed:#x})");
    }
}

#[test]
fn noise_draw_reads_the_low_k_bits_as_twos_complement() {
    // §3.1: η is x mod 2^k as a k-bit two's complement number; k = 0 draws nothing.
    assert_eq!(noise_draw(u32::MAX, 0), 0);
    // k = 1: bit 0 alone is the sign bit, so η is 0 or -1 (bit 1 is ignored).
    assert_eq!(noise_draw(0b10, 1), 0);
    assert_eq!(noise_draw(0b11, 1), -1);
    // k = 4: 0b1011 = 11 is 11 - 16 = -5; 0b0111 = 7 stays 7.
    assert_eq!(noise_draw(0b0101_1011, 4), -5);
    assert_eq!(noise_draw(0b0111, 4), 7);
    // k = 15 (the widest): 2^14 - 1 is the largest, 2^14 the smallest (-2^14), 2^15 - 1 is -1.
    assert_eq!(noise_draw(0xFFFF_3FFF, NOISE_K_MAX), (1 << 14) - 1);
    assert_eq!(noise_draw(0x4000, NOISE_K_MAX), -(1 << 14));
    assert_eq!(noise_draw(0x7FFF, NOISE_K_MAX), -1);
    // Every k: the 2^k values of x mod 2^k give each η of -2^(k-1) ..= 2^(k-1) - 1 once.
    for k in 1..=NOISE_K_MAX {
        let mut draws: Vec<i32> = (0..1u32 << k).map(|x| noise_draw(x, k)).collect();
        draws.sort_unstable();
        let want: Vec<i32> = (-(1 << (k - 1))..(1 << (k - 1))).collect();
        assert_eq!(draws, want, "k = {k}");
    }
}

#[test]
fn noise_k_is_four_bits_per_profile() {
    // Register noise_bits: profile p's k in bits 4p .. 4p + 4 (§3.1, register 6).
    assert_eq!(noise_k(0x8765_4321, 0), 1);
    assert_eq!(noise_k(0x8765_4321, 3), 4);
    assert_eq!(noise_k(0x8765_4321, 7), 8);
}

#[test]
fn flux_noise_joins_the_direct_input_but_is_not_activity() {
    // §3.1: v' = sat16(leak(v) + a_in + η) when not refractory. thr = 100, no leak, v = 90,
    // a_in = 0: η = 10 gives v' = 100 >= 100, a spike; η = 9 gives v' = 99 and none.
    let p = flux(100);
    let at = |v| NeuronState {
        v,
        ..NeuronState::default()
    };
    let noisy = |a_in, noise| SlotInput {
        a_in,
        noise,
        ..SlotInput::default()
    };
    let mut s = at(90);
    assert!(flux_update(&p, &mut s, noisy(0, 10)));
    let mut s = at(90);
    assert!(!flux_update(&p, &mut s, noisy(0, 9)));
    assert_eq!(s.v, 99);
    // Noise is not input: with a_in = 0 the quiet counter still counts (§3 step 3: 0 -> 1).
    assert_eq!(s.quiet_cnt, 1);
    // It saturates with the input: -32000 - 700 - 100 -> -32768 (upward, 32767 always reaches
    // thr_eff <= 32767 and spikes, so the negative side is the one that shows).
    let mut s = at(-32_000);
    flux_update(&p, &mut s, noisy(-700, -100));
    assert_eq!(s.v, -32_768);
    // A refractory neuron keeps v whatever η is (it still draws it, §3.1).
    let mut s = NeuronState {
        v: 90,
        ref_cnt: 2,
        ..NeuronState::default()
    };
    assert!(!flux_update(&p, &mut s, noisy(0, 5000)));
    assert_eq!((s.v, s.ref_cnt), (90, 1));
    // CUBA ignores η (§3.1): the same update with and without it.
    let c = CubaParams {
        decay_v: 4096,
        vth_scaled: 640,
        ..CubaParams::default()
    };
    let (mut a, mut b) = (NeuronState::default(), NeuronState::default());
    let sa = cuba_update(&c, &mut a, noisy(100, 0));
    let sb = cuba_update(&c, &mut b, noisy(100, -16_384));
    assert_eq!((a, sa), (b, sb));
}

#[test]
fn flux_spikes_when_v_reaches_the_threshold() {
    // thr = 100, no leak, v = 0: a_in = 99 gives v' = 99 < 100, no spike; a_in = 100 gives
    // v' = 100 >= 100: spike (greater *or equal*), hard reset to v_reset = 0, ref_cnt = ref_period.
    let p = FluxParams {
        ref_period: 3,
        ..flux(100)
    };
    let mut s = NeuronState::default();
    assert!(!flux_update(&p, &mut s, input(99)));
    assert_eq!(s.v, 99);
    let mut s = NeuronState::default();
    assert!(flux_update(&p, &mut s, input(100)));
    assert_eq!((s.v, s.ref_cnt), (0, 3));
}

#[test]
fn flux_v_saturates_at_the_i16_limits() {
    // v = 32000 + a_in (2^23 - 1) saturates to 32767. thr_eff is at most 32767 (§3 step 4), so a
    // saturated v always reaches it: spike and hard reset to v_reset = -7.
    let p = FluxParams {
        v_reset: -7,
        ..flux(32_767)
    };
    let mut s = NeuronState {
        v: 32_000,
        ..Default::default()
    };
    assert!(flux_update(&p, &mut s, input(I24_MAX)));
    assert_eq!(s.v, -7);
    // The low side: v = -32768 with a_in = -2^23 saturates at -32768 and does not spike.
    let mut s = NeuronState {
        v: I16_MIN,
        ..Default::default()
    };
    assert!(!flux_update(&p, &mut s, input(I24_MIN)));
    assert_eq!(s.v, I16_MIN);
    // A reset that subtracts from a saturated level: v' = sat16(32767 - thr_eff) with thr_eff = 1:
    // 32766 >= 1, so the burst goes on and ref_cnt' = 0.
    let p = FluxParams {
        reset_subtract: true,
        ref_period: 9,
        ..flux(1)
    };
    let mut s = NeuronState {
        v: 30_000,
        ..Default::default()
    };
    assert!(flux_update(&p, &mut s, input(10_000)));
    assert_eq!((s.v, s.ref_cnt), (32_766, 0));
}

#[test]
fn flux_effective_threshold_saturates_to_1_and_32767() {
    // thr = 32767, thr_off = 32767: thr_eff = sat(65534, 1, 32767) = 32767, so v = 32766 does not
    // spike. thr = 1, thr_off = -100: thr_eff = sat(-99, 1, 32767) = 1, so v = 1 spikes.
    let p = FluxParams {
        thr_off_max: 32_767,
        ..flux(32_767)
    };
    let mut s = NeuronState {
        v: 32_766,
        thr_off: 32_767,
        ..Default::default()
    };
    assert!(!flux_update(&p, &mut s, input(0)));
    let p = FluxParams {
        thr_off_max: 32_767,
        ..flux(1)
    };
    let mut s = NeuronState {
        v: 1,
        thr_off: -100,
        ..Default::default()
    };
    assert!(flux_update(&p, &mut s, input(0)));
    let mut s = NeuronState {
        v: 0,
        thr_off: -100,
        ..Default::default()
    };
    assert!(
        !flux_update(&p, &mut s, input(0)),
        "v = 0 is below the lowest threshold 1"
    );
}

#[test]
fn flux_refractory_ignores_input_and_habituates() {
    // ref_cnt = 2, v = 500 >= thr = 100 but refractory: no spike, v kept, ref_cnt' = 1.
    // Input while refractory: thr_off' = min(45 + 10, 50) = 50, quiet_cnt' = 0.
    let p = FluxParams {
        hab_rate: 10,
        thr_off_max: 50,
        ..flux(100)
    };
    let mut s = NeuronState {
        v: 500,
        ref_cnt: 2,
        thr_off: 45,
        quiet_cnt: 7,
        ..Default::default()
    };
    assert!(!flux_update(&p, &mut s, input(1000)));
    assert_eq!((s.v, s.ref_cnt, s.thr_off, s.quiet_cnt), (500, 1, 50, 0));
    // Input outside the refractory period does not habituate: thr_off stays 50, v' = 500 + 1 = 501
    // after the last refractory step (ref_cnt 1 -> 0 first).
    assert!(!flux_update(&p, &mut s, input(1)));
    assert_eq!((s.ref_cnt, s.thr_off), (0, 50));
    // Now thr_eff = 100 + 50 = 150 and v' = 500 + 1 = 501 >= 150: spike.
    assert!(flux_update(&p, &mut s, input(1)));
    assert_eq!(s.thr_off, 50);
}

#[test]
fn flux_potentiation_after_quiet_steps() {
    // quiet_steps = 3, pot_rate = 5, thr_off_max = 7. Quiet updates: q = 1, 2, then 3 >= 3:
    // thr_off' = max(0 - 5, -7) = -5 and the counter restarts; three more: max(-10, -7) = -7.
    let p = FluxParams {
        quiet_steps: 3,
        pot_rate: 5,
        thr_off_max: 7,
        ..flux(100)
    };
    let mut s = NeuronState::default();
    let mut seen = vec![];
    for _ in 0..6 {
        flux_update(&p, &mut s, input(0));
        seen.push((s.quiet_cnt, s.thr_off));
    }
    assert_eq!(seen, [(1, 0), (2, 0), (0, -5), (1, -5), (2, -5), (0, -7)]);
    // Any input restarts the count (and, outside refractoriness, leaves thr_off).
    flux_update(&p, &mut s, input(0));
    flux_update(&p, &mut s, input(-1));
    assert_eq!((s.quiet_cnt, s.thr_off), (0, -7));
    // quiet_steps = 0 disables potentiation; the counter saturates at 255.
    let p = FluxParams {
        quiet_steps: 0,
        pot_rate: 5,
        thr_off_max: 7,
        ..flux(100)
    };
    let mut s = NeuronState {
        quiet_cnt: 254,
        ..Default::default()
    };
    flux_update(&p, &mut s, input(0));
    flux_update(&p, &mut s, input(0));
    assert_eq!((s.quiet_cnt, s.thr_off), (255, 0));
}

#[test]
fn flux_burst_with_subtract_reset() {
    // thr = 100, ref_period = 3, subtract reset, no leak.
    // t0: v' = 0 + 250 = 250 >= 100: spike, v = 150; 150 >= 100 so the burst goes on (ref_cnt 0).
    // t1: v' = 150 >= 100: spike, v = 50 < 100: burst ends, ref_cnt = 3.
    // t2: refractory: no spike though the input would reach the threshold; ref_cnt 2.
    let p = FluxParams {
        reset_subtract: true,
        ref_period: 3,
        ..flux(100)
    };
    let mut s = NeuronState::default();
    assert!(flux_update(&p, &mut s, input(250)));
    assert_eq!((s.v, s.ref_cnt), (150, 0));
    assert!(flux_update(&p, &mut s, input(0)));
    assert_eq!((s.v, s.ref_cnt), (50, 3));
    assert!(!flux_update(&p, &mut s, input(100)));
    assert_eq!((s.v, s.ref_cnt), (50, 2));
}

#[test]
fn flux_electric_input_forces_a_spike_even_when_refractory() {
    // e = 1 with v = 0 far below thr: spike, hard reset v = v_reset = -20, ref_cnt = 4.
    let p = FluxParams {
        v_reset: -20,
        ref_period: 4,
        ..flux(1000)
    };
    let e = SlotInput {
        e: true,
        ..input(0)
    };
    let mut s = NeuronState::default();
    assert!(flux_update(&p, &mut s, e));
    assert_eq!((s.v, s.ref_cnt), (-20, 4));
    // During the refractory period (ref_cnt 4): spikes again, ref_cnt restarts at 4.
    assert!(flux_update(&p, &mut s, e));
    assert_eq!((s.v, s.ref_cnt), (-20, 4));
    // Subtract reset: v' = sat16(v - thr_eff) = -20 - 1000 = -1020 < 1000: ref_cnt = 4.
    let p = FluxParams {
        reset_subtract: true,
        ..p
    };
    let mut s = NeuronState {
        v: -20,
        ..Default::default()
    };
    assert!(flux_update(&p, &mut s, e));
    assert_eq!((s.v, s.ref_cnt), (-1020, 4));
}

#[test]
fn flux_modulation_relaxes_and_shifts_the_threshold() {
    // relax moves toward 0 by mod_relax, never past it.
    assert_eq!(relax(10, 3), 7);
    assert_eq!(relax(2, 3), 0);
    assert_eq!(relax(-2, 3), 0);
    assert_eq!(relax(-10, 3), -7);
    assert_eq!(relax(0, 3), 0);
    // mod_level 10, relax 3, m_in 13: mod_level' = 7 + 13 = 20; gain 128:
    // thr_eff = 100 - asr(20 * 128, 8) = 100 - 10 = 90. v = 90 spikes, 89 does not.
    let p = FluxParams {
        mod_relax: 3,
        mod_gain: 128,
        ..flux(100)
    };
    let m = SlotInput {
        m_in: 13,
        ..input(0)
    };
    let mut s = NeuronState {
        v: 89,
        mod_level: 10,
        ..Default::default()
    };
    assert!(!flux_update(&p, &mut s, m));
    assert_eq!(s.mod_level, 20);
    let mut s = NeuronState {
        v: 90,
        mod_level: 10,
        ..Default::default()
    };
    assert!(flux_update(&p, &mut s, m));
    // Negative modulation raises the threshold, rounding toward minus infinity:
    // mod_level' = -3, asr(-384, 8) = floor(-1.5) = -2, thr_eff = 102. v = 101 does not spike.
    let mut s = NeuronState {
        v: 101,
        mod_level: -3,
        ..Default::default()
    };
    assert!(!flux_update(
        &FluxParams { mod_relax: 0, ..p },
        &mut s,
        input(0)
    ));
    let mut s = NeuronState {
        v: 102,
        mod_level: -3,
        ..Default::default()
    };
    assert!(flux_update(
        &FluxParams { mod_relax: 0, ..p },
        &mut s,
        input(0)
    ));
    // m_in saturates the level at i16: 32000 + 32767 -> 32767.
    let mut s = NeuronState {
        mod_level: 32_000,
        ..Default::default()
    };
    flux_update(
        &FluxParams { mod_relax: 0, ..p },
        &mut s,
        SlotInput {
            m_in: I16_MAX,
            ..input(0)
        },
    );
    assert_eq!(s.mod_level, I16_MAX);
}

#[test]
fn flux_linear_leak_stops_at_rest() {
    // v_rest = 0, leak 5: v = 3 -> 0 (not -2); v = -10 with leak 4 -> -6; v = 20 -> 15.
    assert_eq!(leak_linear(3, 0, 5), 0);
    assert_eq!(leak_linear(-10, 0, 4), -6);
    assert_eq!(leak_linear(20, 0, 5), 15);
    // Around a non-zero rest: v_rest = -70, v = -60, leak 4 -> -64.
    assert_eq!(leak_linear(-60, -70, 4), -64);
    // Through the update: v = 20, leak 5, a_in 2: v' = 15 + 2 = 17.
    let p = FluxParams {
        leak: 5,
        ..flux(100)
    };
    let mut s = NeuronState {
        v: 20,
        ..Default::default()
    };
    flux_update(&p, &mut s, input(2));
    assert_eq!(s.v, 17);
}

#[test]
fn flux_exponential_leak_rounds_toward_zero() {
    // v_rest = 0, shift 1: v = -5 -> -5 - rtz(-5 / 2) = -5 + 2 = -3 (a floor would give -2);
    // v = 5 -> 5 - 2 = 3. Shift 0 drops straight to rest; shift >= 24 leaves v unchanged.
    assert_eq!(leak_exponential(-5, 0, 1), -3);
    assert_eq!(leak_exponential(5, 0, 1), 3);
    assert_eq!(
        leak_exponential(-1, 0, 4),
        -1,
        "|d| >> 4 = 0: no leak below 16"
    );
    assert_eq!(leak_exponential(1234, -70, 0), -70);
    assert_eq!(leak_exponential(1234, -70, 4095), 1234);
    // Through the update: v = -50, v_rest = 0, shift 2: -50 - rtz(-12.5) = -50 + 12 = -38.
    let p = FluxParams {
        leak_exp: true,
        leak: 2,
        ..flux(100)
    };
    let mut s = NeuronState {
        v: -50,
        ..Default::default()
    };
    flux_update(&p, &mut s, input(0));
    assert_eq!(s.v, -38);
}

// ---------------------------------------------------------------- CUBA (§4)

/// A CUBA profile with du, dv = 4095 (current and voltage forgotten each step) unless changed.
fn cuba(du: i32, dv: i32, vth: i32) -> CubaParams {
    let word = packed(&[
        (pf::KIND, pf::KIND_CUBA),
        (pf::DU, du.into()),
        (pf::DV, dv.into()),
        (pf::VTH, vth.into()),
    ]);
    match Profile::from_word(word) {
        Profile::Cuba(p) => p,
        other => panic!("decoded {other:?}"),
    }
}

#[test]
fn cuba_profile_decodes_lava_constants() {
    // du = 0 gives the factor 4096 - (0 + 1) = 4095 (ds_offset 1); dv = 0 gives 4096 (dm_offset 0);
    // vth = 10 is compared at 10 * 64 = 640; bias = -3 * 2^5 = -96.
    let word = packed(&[
        (pf::KIND, pf::KIND_CUBA),
        (pf::REF_PERIOD, 2),
        (pf::VTH, 10),
        (pf::BIAS_MANT, -3),
        (pf::BIAS_EXP, 5),
    ]);
    let expected = CubaParams {
        ref_period: 2,
        decay_u: 4095,
        decay_v: 4096,
        vth_scaled: 640,
        bias: -96,
    };
    assert_eq!(Profile::from_word(word), Profile::Cuba(expected));
}

#[test]
fn cuba_spikes_strictly_above_the_threshold() {
    // du = dv = 4095: u' = a * 64, v' = rtz(v * 1, 12) + u' = u' for |v| < 4096.
    // vth = 10: threshold 640. a = 10 gives v' = 640, not > 640: no spike; a = 11 gives 704: spike, v = 0.
    let p = cuba(4095, 4095, 10);
    let mut s = NeuronState::default();
    assert!(!cuba_update(&p, &mut s, input(10)));
    assert_eq!((s.u, s.v), (640, 640));
    let mut s = NeuronState::default();
    assert!(cuba_update(&p, &mut s, input(11)));
    assert_eq!((s.u, s.v), (704, 0), "u is kept on a spike");
}

#[test]
fn cuba_u_wraps_at_exactly_2_pow_23() {
    // du = 0: factor 4095; for u = 4096 m + 1, rtz(u * 4095, 12) = u - ceil(u / 4096) = 4095 m.
    // u = 2^23: 2^23 * 4095 / 4096 = 2^23 - 2^11 = 8386560 exactly; a = 32 adds 2048: u1 = 2^23, kept.
    let p = cuba(0, 4095, 131_071);
    let mut s = NeuronState {
        u: 1 << 23,
        ..Default::default()
    };
    cuba_update(&p, &mut s, input(32));
    assert_eq!(s.u, 1 << 23);
    // u = 4096 * 2047 + 1 = 8384513: decays to 4095 * 2047 = 8382465; a = 96 adds 6144:
    // u1 = 8388609 = 2^23 + 1 > 2^23, wraps to 2^23 + 1 - 2^24 = -(2^23 - 1).
    let mut s = NeuronState {
        u: 4096 * 2047 + 1,
        ..Default::default()
    };
    cuba_update(&p, &mut s, input(96));
    assert_eq!(s.u, -(1 << 23) + 1);
    // One less input (a = 95): u1 = 2^23 + 1 - 64, kept.
    let mut s = NeuronState {
        u: 4096 * 2047 + 1,
        ..Default::default()
    };
    cuba_update(&p, &mut s, input(95));
    assert_eq!(s.u, (1 << 23) + 1 - 64);
    // du = 4095 (factor 0), u1 = a * 64: a = -2^17 gives u1 = -2^23 <= -2^23, wraps to +2^23.
    let p = cuba(4095, 4095, 131_071);
    let mut s = NeuronState::default();
    cuba_update(&p, &mut s, input(-(1 << 17)));
    assert_eq!(s.u, 1 << 23);
    // a = -2^17 + 1: u1 = -2^23 + 64, kept.
    let mut s = NeuronState::default();
    cuba_update(&p, &mut s, input(-(1 << 17) + 1));
    assert_eq!(s.u, -(1 << 23) + 64);
}

#[test]
fn cuba_clamps_a_in_to_lavas_domain() {
    // du = 4095: u' = sat(a_in, -2^17, 2^17 - 1) * 64. a_in = 2^23 - 1 -> (2^17 - 1) * 64 = 8388544;
    // a_in = -2^23 -> -2^17 * 64 = -2^23, which wraps to +2^23 (as in cuba_u_wraps_at_exactly_2_pow_23).
    let p = cuba(4095, 4095, 131_071);
    let mut s = NeuronState::default();
    cuba_update(&p, &mut s, input(I24_MAX));
    assert_eq!(s.u, ((1 << 17) - 1) * 64);
    let mut s = NeuronState::default();
    cuba_update(&p, &mut s, input(I24_MIN));
    assert_eq!(s.u, 1 << 23);
}

#[test]
fn cuba_v_saturates_at_24_bits() {
    // dv = 0 (v kept), v = 2^23 - 100, u' = 8388544 (a = 2^17 - 1, du = 4095), bias 0:
    // v' = sat(8388508 + 8388544, -(2^23 - 1), 2^23 - 1) = 2^23 - 1; vth 131071 -> 8388544 < v': spike.
    let p = cuba(4095, 0, 131_071);
    let mut s = NeuronState {
        v: (1 << 23) - 100,
        ..Default::default()
    };
    assert!(cuba_update(&p, &mut s, input(CUBA_A_MAX)));
    // With a threshold it cannot reach (no spike path): check the clamp on the low side instead:
    // v = -(2^23 - 1), u' = -2^23 + 64 (a = -2^17 + 1): v' = sat(..) = -(2^23 - 1).
    let mut s = NeuronState {
        v: -I24_MAX,
        ..Default::default()
    };
    assert!(!cuba_update(&p, &mut s, input(CUBA_A_MIN + 1)));
    assert_eq!(s.v, -I24_MAX);
}

#[test]
fn cuba_bias_and_refractory_period() {
    // bias = 5 * 2^2 = 20 each step, dv = 4095 so v' = u' + 20 = 20 for v < 4096, u = 0;
    // vth = 0 (threshold 0): v' = 20 > 0 spikes every step without refractoriness.
    // With ref_period 2: spike at step 0, held v = 0 at steps 1 and 2 (ref_cnt 2 -> 1 -> 0), spike at 3.
    let word = packed(&[
        (pf::KIND, pf::KIND_CUBA),
        (pf::REF_PERIOD, 2),
        (pf::DU, 4095),
        (pf::DV, 4095),
        (pf::BIAS_MANT, 5),
        (pf::BIAS_EXP, 2),
    ]);
    let p = match Profile::from_word(word) {
        Profile::Cuba(p) => p,
        other => panic!("decoded {other:?}"),
    };
    let mut s = NeuronState::default();
    let spikes: Vec<bool> = (0..5).map(|_| cuba_update(&p, &mut s, input(7))).collect();
    assert_eq!(spikes, [true, false, false, true, false]);
    // The current keeps integrating while refractory: u' = 7 * 64 every step (du = 4095).
    assert_eq!(s.u, 448);
    // Step 4 was the first refractory step after the spike at 3: ref_cnt 2 -> 1. An electric input
    // forces a spike during the refractory period.
    assert_eq!(s.ref_cnt, 1);
    assert!(cuba_update(
        &p,
        &mut s,
        SlotInput {
            e: true,
            ..input(0)
        }
    ));
}

/// Lava's `PyLifModelBitAcc` step, transcribed on 64-bit integers (lava-nc 0.10.0,
/// `AbstractPyLifModelFixed.subthr_dynamics` and `PyLifModelBitAcc.spiking_activation`).
fn lava_step(du: i64, dv: i64, vth: i64, bias: i64, u: i64, v: i64, a_in: i64) -> (i64, i64, bool) {
    let rtz = |x: i64| x.signum() * (x.abs() >> 12);
    let max = 1i64 << 23;
    let mut cur = rtz(u * (4096 - (du + 1))) + (a_in << 6);
    if cur > max {
        cur -= 2 * max;
    } else if cur <= -max {
        cur += 2 * max;
    }
    let volt = (rtz(v * (4096 - dv)) + cur + bias).clamp(-max + 1, max - 1);
    let spike = volt > vth << 6;
    (cur, if spike { 0 } else { volt }, spike)
}

#[test]
fn cuba_matches_a_64_bit_transcription_of_lava() {
    let seed = 0xC0BA_1A7A;
    println!("seed {seed:#x}");
    let mut rng = Rng(seed);
    for i in 0..100_000 {
        let (du, dv, vth) = (
            rng.field_or_edge(pf::DU),
            rng.field_or_edge(pf::DV),
            rng.field_or_edge(pf::VTH),
        );
        let (mant, exp) = (
            rng.field_or_edge(pf::BIAS_MANT),
            rng.field_or_edge(pf::BIAS_EXP),
        );
        let u = rng.range(-(1 << 23) + 1, 1 << 23);
        let v = rng.range(-(1 << 23) + 1, (1 << 23) - 1);
        let a_in = rng.range(CUBA_A_MIN.into(), CUBA_A_MAX.into());
        let expected = lava_step(du, dv, vth, mant << exp, u, v, a_in);
        let profile = packed(&[
            (pf::KIND, pf::KIND_CUBA),
            (pf::DU, du),
            (pf::DV, dv),
            (pf::VTH, vth),
            (pf::BIAS_MANT, mant),
            (pf::BIAS_EXP, exp),
        ]);
        let st = packed(&[(state::U, u), (state::V, v)]);
        let (out, spike) = update_word(profile, st, packed(&[(slot::A_IN, a_in)]), 0);
        let got = (state::U.get(out), state::V.get(out), spike);
        assert_eq!(
            got, expected,
            "case {i} (seed {seed:#x}): du={du} dv={dv} vth={vth} bias={mant}<<{exp} u={u} v={v} a_in={a_in}"
        );
    }
}

// ---------------------------------------------------------------- words

#[test]
fn update_word_keeps_the_profile_index_and_unused_fields() {
    // A CUBA neuron leaves thr_off, mod_level and quiet_cnt alone; the profile index never changes.
    let profile = packed(&[
        (pf::KIND, pf::KIND_CUBA),
        (pf::DU, 4095),
        (pf::DV, 4095),
        (pf::VTH, 1000),
    ]);
    let st = packed(&[
        (state::THR_OFF, -123),
        (state::MOD_LEVEL, 456),
        (state::QUIET_CNT, 78),
        (state::PROFILE, 5),
    ]);
    // u' = 3 * 64 = 192 = v' (du = dv = 4095), below 64000.
    let (out, spike) = update_word(profile, st, packed(&[(slot::A_IN, 3)]), 0);
    assert!(!spike);
    for (f, v) in [
        (state::THR_OFF, -123),
        (state::MOD_LEVEL, 456),
        (state::QUIET_CNT, 78),
        (state::PROFILE, 5),
        (state::U, 192),
        (state::V, 192),
    ] {
        assert_eq!(f.get(out), v, "{}", f.name);
    }
    // A FLUX neuron keeps u (the compiler sets it to 0) and the profile index.
    let profile = packed(&[(pf::KIND, pf::KIND_FLUX), (pf::THR, 100)]);
    let st = packed(&[(state::U, -77), (state::PROFILE, 3), (state::V, 40)]);
    // v' = 40 + 60 = 100 >= 100: spike, hard reset to v_reset 0.
    let (out, spike) = update_word(profile, st, packed(&[(slot::A_IN, 60)]), 0);
    assert!(spike);
    assert_eq!(
        (
            state::U.get(out),
            state::PROFILE.get(out),
            state::V.get(out)
        ),
        (-77, 3, 0)
    );
}

#[test]
fn update_word_equals_the_unpacked_rule_on_random_words() {
    // Any bits at all in the three words (out-of-range thresholds, leaks, states): update_word must
    // not panic, and every result of the rule must fit its state field, so that packing loses
    // nothing and the engine's unpacked arrays hold exactly what the state words hold.
    let seed = 0xF10C_5EED;
    println!("seed {seed:#x}");
    let mut rng = Rng(seed);
    for i in 0..50_000 {
        let pw = (rng.next() as u128) << 64 | rng.next() as u128;
        let sw = (rng.next() as u128) << 64 | rng.next() as u128;
        let iw = rng.next() as u128;
        let (out, spike) = update_word_count(pw, sw, iw, 0);
        let mut s = NeuronState::from_word(sw);
        let expected = Profile::from_word(pw).update(&mut s, SlotInput::from_word(iw));
        assert_eq!(
            (NeuronState::from_word(out), spike),
            (s, expected),
            "case {i} (seed {seed:#x})"
        );
        for f in state::ALL {
            assert_eq!(f.get(out), f.get(f.set(0, f.get(out))), "{}", f.name);
        }
    }
}

#[test]
fn cuba_matches_lava_vectors() {
    // Lava's PyLifModelBitAcc itself, run by sim/tests/lava/gen_vectors.py (see the README there).
    let text = include_str!("lava/lif_bitacc_vectors.txt");
    let mut cases = 0;
    for (line_no, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#'))
    {
        let n: Vec<i64> = line
            .split_whitespace()
            .map(|x| x.parse().unwrap())
            .collect();
        let [du, dv, vth, mant, exp, u, v, a_in, u_out, v_out, spike] = n[..] else {
            panic!("line {}: expected 11 numbers", line_no + 1)
        };
        let profile = packed(&[
            (pf::KIND, pf::KIND_CUBA),
            (pf::DU, du),
            (pf::DV, dv),
            (pf::VTH, vth),
            (pf::BIAS_MANT, mant),
            (pf::BIAS_EXP, exp),
        ]);
        let st = packed(&[(state::U, u), (state::V, v)]);
        let (out, spiked) = update_word(profile, st, packed(&[(slot::A_IN, a_in)]), 0);
        assert_eq!(
            (state::U.get(out), state::V.get(out), spiked),
            (u_out, v_out, spike != 0),
            "lif_bitacc_vectors.txt line {}: {line}",
            line_no + 1
        );
        cases += 1;
    }
    assert_eq!(cases, 3000);
}
