//! The 20 behaviours of Izhikevich (2004), "Which model to use for cortical spiking neurons?",
//! figure 1, with the parameters, initial state, step and stimulus of the paper's script
//! (`figure1.m`, izhikevich.org), run on the integer rule ([`crate::neuron::izh_update`]) and on a
//! float reference of the same map. `sim/tests/izhikevich.rs` measures each behaviour; `flux plot
//! --izhikevich` draws all 20.

use super::{IzhReal, input, real_fields, u_state, v_state};
use crate::neuron::{
    IZH_U_FRAC, IZH_U_MAX, IZH_U_MIN, IZH_V_FRAC, IZH_V_MAX, IZH_V_MIN, IZH_V_PEAK, IZH_VC_FRAC,
    NeuronState, SlotInput, izh_update,
};

/// One panel of figure 1.
#[derive(Clone, Copy, Debug)]
pub struct Behaviour {
    /// The panel letter and name, e.g. `"(A) tonic spiking"`.
    pub name: &'static str,
    pub params: IzhReal,
    /// Initial `v` (mV) and `u` (mV/ms).
    pub v0: f64,
    pub u0: f64,
    /// Length of the run in ms (the script's `tspan(end)`).
    pub t_end: f64,
    /// The input current (mV/ms) at time `t` ms.
    pub stimulus: fn(f64) -> f64,
}

/// A run of one behaviour: `v` (mV) after every step, and the spike times (ms).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Run {
    pub t: Vec<f64>,
    pub v: Vec<f64>,
    pub spikes: Vec<f64>,
}

impl Behaviour {
    /// Steps of the run: `tspan = 0:dt:t_end`.
    pub fn steps(&self) -> usize {
        (self.t_end / self.params.dt).round() as usize + 1
    }

    /// The integer inputs, one per step: `round(I(k dt) dt 2^(8 + in_shift))`.
    pub fn inputs(&self) -> Vec<i32> {
        let dt = self.params.dt;
        (0..self.steps())
            .map(|k| input((self.stimulus)(k as f64 * dt), dt, self.params.in_shift))
            .collect()
    }

    /// The run on the integer rule of `docs/model.md` §4.1.
    pub fn run_integer(&self) -> Run {
        let dt = self.params.dt;
        let p = self
            .params
            .fields()
            .expect("figure 1's parameters fit the fields");
        let mut s = NeuronState {
            v: v_state(self.v0).expect("v0 in range"),
            u: u_state(self.u0, dt).expect("u0 in range"),
            ..NeuronState::default()
        };
        let mut run = Run::default();
        for (k, a_in) in self.inputs().into_iter().enumerate() {
            let t = k as f64 * dt;
            let input = SlotInput {
                a_in,
                ..SlotInput::default()
            };
            let spiked = izh_update(&p, &mut s, input);
            run.t.push(t);
            // A spike is drawn at the peak, as figure 1 does.
            run.v.push(if spiked {
                f64::from(IZH_V_PEAK) / f64::from(1u32 << IZH_V_FRAC)
            } else {
                f64::from(s.v) / f64::from(1u32 << IZH_V_FRAC)
            });
            if spiked {
                run.spikes.push(t);
            }
        }
        run
    }

    /// The same map in `f64`, with the coefficients the fields hold and the same inputs, clamps
    /// and spike test, but no rounding: what the integer rule approximates.
    pub fn run_float(&self) -> Run {
        let dt = self.params.dt;
        let p = self
            .params
            .fields()
            .expect("figure 1's parameters fit the fields");
        let [k2, k1, k0, a, ab, ub, c, d] = real_fields(&p);
        let v_unit = f64::from(1u32 << IZH_V_FRAC);
        let u_unit = f64::from(1u32 << IZH_U_FRAC);
        let (v_lo, v_hi) = (f64::from(IZH_V_MIN) / v_unit, f64::from(IZH_V_MAX) / v_unit);
        let vc_unit = f64::from(1u32 << IZH_VC_FRAC);
        let (vc_lo, vc_hi) = (f64::from(i16::MIN) / vc_unit, f64::from(i16::MAX) / vc_unit);
        let (u_lo, u_hi) = (f64::from(IZH_U_MIN) / u_unit, f64::from(IZH_U_MAX) / u_unit);
        let mut v = f64::from(v_state(self.v0).expect("v0 in range")) / v_unit;
        let mut u = f64::from(u_state(self.u0, dt).expect("u0 in range")) / u_unit;
        let peak = f64::from(IZH_V_PEAK) / v_unit;
        let mut run = Run::default();
        for (k, a_in) in self.inputs().into_iter().enumerate() {
            let t = k as f64 * dt;
            let i = f64::from(a_in) / vc_unit / f64::from(1u32 << p.in_shift);
            let vc = v.clamp(vc_lo, vc_hi);
            let v_next = (vc + k2 * vc * vc + k1 * vc + k0 - u + i).clamp(v_lo, v_hi);
            let u_next = (u + ab * v_next + ub - a * u).clamp(u_lo, u_hi);
            let spiked = v_next >= peak;
            run.t.push(t);
            run.v.push(if spiked { peak } else { v_next });
            if spiked {
                run.spikes.push(t);
                v = c;
                u = (u_next + d).clamp(u_lo, u_hi);
            } else {
                v = v_next;
                u = u_next;
            }
        }
        run
    }
}

/// Izhikevich's defaults with the step `dt` and the stimuli's input resolution; `u0 = b v0`
/// unless a panel says otherwise.
const fn p(a: f64, b: f64, c: f64, d: f64, dt: f64) -> IzhReal {
    IzhReal {
        in_shift: IN_SHIFT,
        ..IzhReal::new(a, b, c, d, dt)
    }
}

/// The stimuli are currents of 0.075 to 80 mV/ms: 4 extra fraction bits resolve them to 1/4096 mV
/// per step (0.24 mV/ms at `dt = 0.25` is 245.76, rounded to 246).
const IN_SHIFT: u32 = 4;

/// Panels G and L: `v' = 0.04 v^2 + 4.1 v + 108 - u + I`.
const fn p41(a: f64, b: f64, c: f64, d: f64, dt: f64) -> IzhReal {
    IzhReal {
        k1: 4.1,
        k0: 108.0,
        ..p(a, b, c, d, dt)
    }
}

/// `lo <= t < hi` written as the script's `(t > lo) & (t < hi)`.
fn within(t: f64, lo: f64, hi: f64) -> bool {
    t > lo && t < hi
}

/// Figure 1's 20 panels, in the paper's order.
pub const BEHAVIOURS: [Behaviour; 20] = [
    Behaviour {
        name: "(A) tonic spiking",
        params: p(0.02, 0.2, -65.0, 6.0, 0.25),
        v0: -70.0,
        u0: 0.2 * -70.0,
        t_end: 100.0,
        stimulus: |t| if t > 10.0 { 14.0 } else { 0.0 },
    },
    Behaviour {
        name: "(B) phasic spiking",
        params: p(0.02, 0.25, -65.0, 6.0, 0.25),
        v0: -64.0,
        u0: 0.25 * -64.0,
        t_end: 200.0,
        stimulus: |t| if t > 20.0 { 0.5 } else { 0.0 },
    },
    Behaviour {
        name: "(C) tonic bursting",
        params: p(0.02, 0.2, -50.0, 2.0, 0.25),
        v0: -70.0,
        u0: 0.2 * -70.0,
        t_end: 220.0,
        stimulus: |t| if t > 22.0 { 15.0 } else { 0.0 },
    },
    Behaviour {
        name: "(D) phasic bursting",
        params: p(0.02, 0.25, -55.0, 0.05, 0.2),
        v0: -64.0,
        u0: 0.25 * -64.0,
        t_end: 200.0,
        stimulus: |t| if t > 20.0 { 0.6 } else { 0.0 },
    },
    Behaviour {
        name: "(E) mixed mode",
        params: p(0.02, 0.2, -55.0, 4.0, 0.25),
        v0: -70.0,
        u0: 0.2 * -70.0,
        t_end: 160.0,
        stimulus: |t| if t > 16.0 { 10.0 } else { 0.0 },
    },
    Behaviour {
        name: "(F) spike frequency adaptation",
        params: p(0.01, 0.2, -65.0, 8.0, 0.25),
        v0: -70.0,
        u0: 0.2 * -70.0,
        t_end: 85.0,
        stimulus: |t| if t > 8.5 { 30.0 } else { 0.0 },
    },
    Behaviour {
        name: "(G) class 1 excitable",
        params: p41(0.02, -0.1, -55.0, 6.0, 0.25),
        v0: -60.0,
        u0: -0.1 * -60.0,
        t_end: 300.0,
        stimulus: |t| if t > 30.0 { 0.075 * (t - 30.0) } else { 0.0 },
    },
    Behaviour {
        name: "(H) class 2 excitable",
        params: p(0.2, 0.26, -65.0, 0.0, 0.25),
        v0: -64.0,
        u0: 0.26 * -64.0,
        t_end: 300.0,
        stimulus: |t| {
            if t > 30.0 {
                -0.5 + 0.015 * (t - 30.0)
            } else {
                -0.5
            }
        },
    },
    Behaviour {
        name: "(I) spike latency",
        params: p(0.02, 0.2, -65.0, 6.0, 0.2),
        v0: -70.0,
        u0: 0.2 * -70.0,
        t_end: 100.0,
        stimulus: |t| if within(t, 10.0, 13.0) { 7.04 } else { 0.0 },
    },
    Behaviour {
        name: "(J) subthreshold oscillations",
        params: p(0.05, 0.26, -60.0, 0.0, 0.25),
        v0: -62.0,
        u0: 0.26 * -62.0,
        t_end: 200.0,
        stimulus: |t| if within(t, 20.0, 25.0) { 2.0 } else { 0.0 },
    },
    Behaviour {
        name: "(K) resonator",
        params: p(0.1, 0.26, -60.0, -1.0, 0.25),
        v0: -62.0,
        u0: 0.26 * -62.0,
        t_end: 400.0,
        // Pulse pairs 20 ms apart at 40 ms and 40 ms apart at 280 ms.
        stimulus: |t| {
            let on = [40.0, 60.0, 280.0, 320.0]
                .iter()
                .any(|&s| within(t, s, s + 4.0));
            if on { 0.65 } else { 0.0 }
        },
    },
    Behaviour {
        name: "(L) integrator",
        params: p41(0.02, -0.1, -55.0, 6.0, 0.25),
        v0: -60.0,
        u0: -0.1 * -60.0,
        t_end: 100.0,
        // Pulse pairs 5 ms apart at 100/11 ms and 10 ms apart at 70 ms.
        stimulus: |t| {
            let t1 = 100.0 / 11.0;
            let on = [t1, t1 + 5.0, 70.0, 80.0]
                .iter()
                .any(|&s| within(t, s, s + 2.0));
            if on { 9.0 } else { 0.0 }
        },
    },
    Behaviour {
        name: "(M) rebound spike",
        params: p(0.03, 0.25, -60.0, 4.0, 0.2),
        v0: -64.0,
        u0: 0.25 * -64.0,
        t_end: 200.0,
        stimulus: |t| if within(t, 20.0, 25.0) { -15.0 } else { 0.0 },
    },
    Behaviour {
        name: "(N) rebound burst",
        params: p(0.03, 0.25, -52.0, 0.0, 0.2),
        v0: -64.0,
        u0: 0.25 * -64.0,
        t_end: 200.0,
        stimulus: |t| if within(t, 20.0, 25.0) { -15.0 } else { 0.0 },
    },
    Behaviour {
        name: "(O) threshold variability",
        params: p(0.03, 0.25, -60.0, 4.0, 0.25),
        v0: -64.0,
        u0: 0.25 * -64.0,
        t_end: 100.0,
        stimulus: |t| {
            if within(t, 10.0, 15.0) || within(t, 80.0, 85.0) {
                1.0
            } else if within(t, 70.0, 75.0) {
                -6.0
            } else {
                0.0
            }
        },
    },
    Behaviour {
        name: "(P) bistability",
        params: p(0.1, 0.26, -60.0, 0.0, 0.25),
        v0: -61.0,
        u0: 0.26 * -61.0,
        t_end: 300.0,
        // The paper's second pulse (216 ms) comes 8 ms after its run's spike at 208 ms, the phase
        // at which a pulse switches the spiking off. The integer run spikes at 204.5 ms (its
        // period is 40 ms, the paper's float run's 40.75: the coefficients are rounded, and a
        // change of 5e-6 in k2 alone moves the float run out of its window), so the pulse keeps
        // the paper's phase: 212.5 ms. Any pulse from 7.75 to 10 ms after that spike switches off.
        stimulus: |t| {
            if within(t, 37.5, 42.5) || within(t, 212.5, 217.5) {
                1.24
            } else {
                0.24
            }
        },
    },
    Behaviour {
        name: "(Q) depolarizing after-potential",
        params: p(1.0, 0.2, -60.0, -21.0, 0.1),
        v0: -70.0,
        u0: 0.2 * -70.0,
        t_end: 50.0,
        stimulus: |t| if (t - 10.0).abs() < 1.0 { 20.0 } else { 0.0 },
    },
    Behaviour {
        name: "(R) accommodation",
        params: IzhReal {
            v_u: -65.0,
            u_leak: false,
            ..p(0.02, 1.0, -55.0, 4.0, 0.5)
        },
        v0: -65.0,
        u0: -16.0,
        t_end: 400.0,
        stimulus: |t| {
            if t < 200.0 {
                t / 25.0
            } else if t < 300.0 {
                0.0
            } else if t < 312.5 {
                (t - 300.0) / 12.5 * 4.0
            } else {
                0.0
            }
        },
    },
    Behaviour {
        name: "(S) inhibition-induced spiking",
        params: p(-0.02, -1.0, -60.0, 8.0, 0.5),
        v0: -63.8,
        u0: -1.0 * -63.8,
        t_end: 350.0,
        stimulus: |t| {
            if !(50.0..=250.0).contains(&t) {
                80.0
            } else {
                75.0
            }
        },
    },
    Behaviour {
        name: "(T) inhibition-induced bursting",
        params: p(-0.026, -1.0, -45.0, -2.0, 0.5),
        v0: -63.8,
        u0: -1.0 * -63.8,
        t_end: 350.0,
        stimulus: |t| {
            if !(50.0..=250.0).contains(&t) {
                80.0
            } else {
                75.0
            }
        },
    },
];
