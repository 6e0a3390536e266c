//! The Izhikevich kind's real-valued parameters and their fixed point (`docs/model.md` §4.1): what a
//! network file's `[[profile]] kind = "izh"` says (Izhikevich's `a`, `b`, `c`, `d`, the step `dt` in
//! ms, the coefficients of `v' = k2 v^2 + k1 v + k0 - u + I`, and the recovery's form) and the
//! profile-word fields the integer rule [`crate::neuron::izh_update`] runs on.
//!
//! This is the compiler's side: it rounds real numbers once, to nearest. The model and the hardware
//! see only the integer fields.

use crate::neuron::{
    IZH_A_FRAC, IZH_AB_FRAC, IZH_C_FRAC, IZH_D_FRAC, IZH_K0_FRAC, IZH_K1_FRAC, IZH_K2_FRAC,
    IZH_U_FRAC, IZH_UB_FRAC, IZH_V_FRAC, IZH_V_MAX, IZH_V_MIN, IZH_VC_FRAC, IzhParams,
};
use crate::spec::{Field, profile as pf, state};

/// An Izhikevich neuron as Izhikevich (2003, 2004) writes it, advanced by one Euler step of `dt`
/// ms per timestep:
/// `v' = v + dt (k2 v^2 + k1 v + k0 - u + I)`,
/// `u' = u + dt a (b (v - v_u) - u)` (or `u + dt a b (v - v_u)` without `u_leak`),
/// and on `v' >= 30`: `v' = c`, `u' = u' + d`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IzhReal {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub d: f64,
    /// The step, in ms per timestep.
    pub dt: f64,
    pub k2: f64,
    pub k1: f64,
    pub k0: f64,
    /// The membrane level the recovery's drive is measured from (0; -65 for accommodation).
    pub v_u: f64,
    /// The recovery decays toward its drive (`- u` term); Izhikevich's accommodation has none.
    pub u_leak: bool,
    /// Extra fraction bits of the input (0..=7): an input of `x` adds `x / 2^(8 + in_shift)` mV
    /// to `v` in one step. 0 suits synaptic weights (a weight of 127 is 0.5 mV); a current
    /// injection that must resolve small currents takes more.
    pub in_shift: u32,
}

impl IzhReal {
    /// Izhikevich's defaults: `k2 = 0.04`, `k1 = 5`, `k0 = 140`, `v_u = 0`, with the `-u` term.
    pub const fn new(a: f64, b: f64, c: f64, d: f64, dt: f64) -> Self {
        Self {
            a,
            b,
            c,
            d,
            dt,
            k2: 0.04,
            k1: 5.0,
            k0: 140.0,
            v_u: 0.0,
            u_leak: true,
            in_shift: 0,
        }
    }

    /// The profile fields, each `round(x * 2^frac)` (`docs/model.md` §4.1), or the first field
    /// that does not fit, named with the real value it came from and the range it allows.
    pub fn fields(&self) -> Result<IzhParams, String> {
        let dt = self.dt;
        if !(dt > 0.0 && dt.is_finite()) {
            return Err(format!("dt {dt} must be a positive number of ms"));
        }
        let a_dt = if self.u_leak { self.a * dt } else { 0.0 };
        let ab = self.a * self.b * dt * dt;
        // In the order of [`FIXED`].
        let values: [(f64, &str); 8] = [
            (self.k2 * dt, "k2 * dt"),
            (self.k1 * dt, "k1 * dt"),
            (self.k0 * dt, "k0 * dt"),
            (a_dt, "a * dt"),
            (ab, "a * b * dt^2"),
            (-ab * self.v_u, "-a * b * dt^2 * v_u"),
            (self.c, "c"),
            (self.d * dt, "d * dt"),
        ];
        if !pf::IZH_IN_SHIFT.fits(self.in_shift.into()) {
            return Err(format!(
                "in_shift {} does not fit field in_shift (0 to {})",
                self.in_shift,
                pf::IZH_IN_SHIFT.max()
            ));
        }
        let mut out = [0i32; 8];
        for (slot, ((field, frac), (x, what))) in out.iter_mut().zip(FIXED.into_iter().zip(values))
        {
            *slot = quantise(field, frac, x, what)?;
        }
        let [k2, k1, k0, a, ab, ub, c, d] = out;
        Ok(IzhParams {
            k2,
            k1,
            k0,
            a,
            ab,
            ub,
            c,
            d,
            in_shift: self.in_shift as i32,
        })
    }
}

/// `round(x * 2^frac)` if it fits `field`.
fn quantise(field: Field, frac: u32, x: f64, what: &str) -> Result<i32, String> {
    let q = (x * f64::from(1u32 << frac)).round();
    let scale = f64::from(1u32 << frac);
    if q.is_finite() && q >= field.min() as f64 && q <= field.max() as f64 {
        Ok(q as i32)
    } else {
        Err(format!(
            "{what} = {x} does not fit field {} ({} to {})",
            field.name,
            field.min() as f64 / scale,
            field.max() as f64 / scale
        ))
    }
}

/// The coefficient fields of the profile word and their fraction bits (`docs/model.md` §4.1), in
/// the order of [`coefficients`].
const FIXED: [(Field, u32); 8] = [
    (pf::IZH_K2, IZH_K2_FRAC),
    (pf::IZH_K1, IZH_K1_FRAC),
    (pf::IZH_K0, IZH_K0_FRAC),
    (pf::IZH_A, IZH_A_FRAC),
    (pf::IZH_AB, IZH_AB_FRAC),
    (pf::IZH_UB, IZH_UB_FRAC),
    (pf::IZH_C, IZH_C_FRAC),
    (pf::IZH_D, IZH_D_FRAC),
];

/// The coefficients of `p` in the order of [`FIXED`].
fn coefficients(p: &IzhParams) -> [i32; 8] {
    [p.k2, p.k1, p.k0, p.a, p.ab, p.ub, p.c, p.d]
}

/// Writes the fields into a profile word of kind `izh`.
pub fn profile_word(p: &IzhParams) -> u128 {
    let w = FIXED
        .iter()
        .zip(coefficients(p))
        .fold(pf::KIND.set(0, pf::KIND_IZH), |w, (&(field, _), value)| {
            field.set(w, value.into())
        });
    pf::IZH_IN_SHIFT.set(w, p.in_shift.into())
}

/// A membrane level in mV as the state's `v` (`round(v * 4096)`), or `None` outside the range
/// of `v'`, `[-512, 512)` mV.
pub fn v_state(v_mv: f64) -> Option<i32> {
    let q = (v_mv * f64::from(1u32 << IZH_V_FRAC)).round();
    (q.is_finite() && (f64::from(IZH_V_MIN)..=f64::from(IZH_V_MAX)).contains(&q))
        .then_some(q as i32)
}

/// A recovery level `u` (mV/ms) as the state's `u`, which holds `u * dt` (`round(u dt 2^16)`), or
/// `None` if it does not fit the 25-bit field.
pub fn u_state(u: f64, dt: f64) -> Option<i32> {
    let q = (u * dt * f64::from(1u32 << IZH_U_FRAC)).round();
    (q.is_finite() && q >= state::U.min() as f64 && q <= state::U.max() as f64).then_some(q as i32)
}

/// An input current `I` (mV/ms) as the `a_in` an Izhikevich neuron with `in_shift` integrates in
/// one step: `round(I dt 2^(8 + in_shift))` (the membrane step it causes).
pub fn input(i: f64, dt: f64, in_shift: u32) -> i32 {
    (i * dt * f64::from(1u32 << (IZH_VC_FRAC + in_shift))).round() as i32
}

/// The real values the fields stand for (`field / 2^frac`), for a float reference of the same map.
pub fn real_fields(p: &IzhParams) -> [f64; 8] {
    let mut out = [0.0; 8];
    for (r, (x, (_, frac))) in out.iter_mut().zip(coefficients(p).into_iter().zip(FIXED)) {
        *r = f64::from(x) / f64::from(1u32 << frac);
    }
    out
}

pub mod behaviours;
