//! Quantisation: the lowered float network becomes an ordinary Flux network file, every float turned
//! into the integer of a profile, state or synapse field by the rules of `docs/model.md` §13. The
//! file's header states each derivation and the error it makes; nothing is changed silently.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use flux_sim::compile::{self, CoreChoice};

use crate::ImportError;
use crate::graph::{Array, NeuronType, NirFile};
use crate::lower::{self, Layer, Lowered};

/// Which Flux kind runs `LIF`, `IF` and `LI` nodes (`CubaLIF`/`CubaLI` always run as CUBA,
/// `Threshold` always as FLUX).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Flux,
    Cuba,
}

/// What a spiking neuron does after a spike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reset {
    /// NIR's rule: `v = v_reset` (Norse, Lava-DL, Sinabs and NIR's own reference).
    Zero,
    /// `v = v - v_threshold` (snnTorch's default `reset_mechanism="subtract"`, Rockpool).
    Subtract,
}

/// Import options (the `flux import` flags).
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Timestep in seconds (NIR is continuous-time). Default 1e-4 s, snnTorch's export value.
    pub dt: f64,
    /// Signed weight width; default the preset's (8 on every shipped preset). Above 8 needs `fit`.
    pub weight_bits: Option<u32>,
    /// The core to compile for (`[core] preset` of the written file); `None`: the first that fits.
    pub preset: Option<String>,
    pub kind: Kind,
    pub reset: Reset,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            dt: 1e-4,
            weight_bits: None,
            preset: None,
            kind: Kind::Flux,
            reset: Reset::Zero,
        }
    }
}

/// The quantisation of one layer, as the report lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerReport {
    pub name: String,
    pub nir_type: &'static str,
    /// `flux` or `cuba`.
    pub flux_kind: &'static str,
    pub neurons: usize,
    /// Integer units of `v` per NIR unit of `v`.
    pub scale: f64,
    /// Synapses written, and those whose weight rounded to 0 (left out).
    pub synapses: usize,
    pub pruned: usize,
    /// Largest |integer weight / (scale * gain) - NIR weight|, in the NIR weight's units.
    pub max_weight_error: f64,
    /// Fraction of weights clipped to the W-bit range (the scale is chosen so none are).
    pub clipped: f64,
    /// One line per derived parameter: what it became and the error.
    pub derivations: Vec<String>,
}

/// The result: the network text, ready for `flux_sim::compile`, and the report.
#[derive(Clone, Debug)]
pub struct Imported {
    pub text: String,
    pub layers: Vec<LayerReport>,
    pub lowered: Lowered,
}

const THR_MAX: i64 = 32767;
const CUBA_VTH_MAX: i64 = (1 << 17) - 1;
/// Loihi's input scale: `a_in * 64` enters `u` (`docs/model.md` §4).
const CUBA_A_SCALE: f64 = 64.0;

/// Imports a parsed NIR file. `origin` names it in the header.
pub fn import(file: &NirFile, origin: &str, o: &Options) -> Result<Imported, ImportError> {
    if !(o.dt.is_finite() && o.dt > 0.0 && o.dt <= 1.0) {
        return Err(ImportError::file(format!(
            "--dt {} s is not a timestep: give a value in (0, 1]",
            o.dt
        )));
    }
    let core = match &o.preset {
        None => None,
        Some(name) => Some(CoreChoice::from_name(name).ok_or_else(|| {
            ImportError::file(format!(
                "unknown preset {name:?}: use {} or fit",
                flux_sim::spec::preset_names()
            ))
        })?),
    };
    let w_bits = match (o.weight_bits, core) {
        (Some(w), _) if !(2..=16).contains(&w) => {
            return Err(ImportError::file(format!(
                "--weight-bits {w} is out of range: 2..=16"
            )));
        }
        (Some(w), Some(CoreChoice::Preset(p))) if w != p.weight_bits => {
            return Err(ImportError::file(format!(
                "--weight-bits {w} does not match preset {} ({}-bit weights): leave it out, or use --preset fit",
                p.name, p.weight_bits
            )));
        }
        (Some(w), _) => w,
        (None, Some(CoreChoice::Preset(p))) => p.weight_bits,
        (None, _) => 8,
    };
    let preset_line = match (&o.preset, core) {
        (Some(name), _) => Some(name.clone()),
        (None, _) if w_bits > 8 => Some("fit".to_string()),
        _ => None,
    };
    let lowered = lower::lower(&file.graph, o.dt)?;
    let w_max = ((1i64 << (w_bits - 1)) - 1) as f64;

    let mut text = String::new();
    let mut body = String::new();
    let mut reports = Vec::new();
    let mut bias_inputs = String::new();

    if let Some(p) = &preset_line {
        writeln!(body, "[core]\npreset = {}\n", toml_str(p)).unwrap();
    }
    writeln!(body, "[run]").unwrap();
    let dt_us = o.dt * 1e6;
    if (dt_us - dt_us.round()).abs() < 1e-9 && dt_us >= 1.0 {
        writeln!(body, "dt_us = {}", dt_us.round() as i64).unwrap();
    }
    let readouts: Vec<String> = lowered
        .layers
        .iter()
        .filter(|l| l.readout)
        .map(|l| toml_str(&l.name))
        .collect();
    writeln!(body, "probes = [{}]\n", readouts.join(", ")).unwrap();

    let mut populations = String::new();
    let mut scales = Vec::new();
    for (li, layer) in lowered.layers.iter().enumerate() {
        let q = quantise_layer(&lowered, li, layer, o, w_max)?;
        body.push_str(&q.profile);
        writeln!(
            populations,
            "[[population]]\nname = {}\nsize = {}\nprofile = {}",
            toml_str(&layer.name),
            layer.size,
            toml_str(&layer.name)
        )
        .unwrap();
        populations.push_str(&q.state);
        populations.push('\n');
        bias_inputs.push_str(&q.bias_inputs);
        scales.push((q.scale, q.gains, q.a_scale));
        reports.push(q.report);
    }
    body.push_str(&populations);

    for port in &lowered.inputs {
        writeln!(
            body,
            "[[input]]\nname = {}\nkind = \"poisson\"\nchannels = {}\np16 = 0   # silent: `flux eval` sets a rate per channel and sample\nseed = 1\n",
            toml_str(&port.name),
            port.size
        )
        .unwrap();
    }
    body.push_str(&bias_inputs);

    for p in &lowered.projections {
        let (scale, gains, a_scale) = &scales[p.to];
        let report = &mut reports[p.to];
        let mut entries = Vec::with_capacity(p.synapses.len());
        for s in &p.synapses {
            let g = gains[s.post as usize];
            let exact = s.weight * g * scale / a_scale;
            let mut w = exact.round();
            if w.abs() > w_max {
                report.clipped += 1.0;
                w = w.clamp(-w_max, w_max);
            }
            let back = w * a_scale / (scale * g);
            report.max_weight_error = report.max_weight_error.max((back - s.weight).abs());
            if w == 0.0 {
                report.pruned += 1;
                continue;
            }
            report.synapses += 1;
            entries.push(format!(
                "[{}, {}, {}, {}]",
                s.pre, s.post, w as i64, s.delay
            ));
        }
        if entries.is_empty() {
            continue;
        }
        let from = lowered.from_name(p.from);
        let to = &lowered.layers[p.to].name;
        writeln!(
            body,
            "[[projection]]\nname = {}\nfrom = {}\nto = {}\nallow_self = true\nconnect = [\n{}\n]\n",
            toml_str(&format!("{from}->{to}")),
            toml_str(from),
            toml_str(to),
            entries
                .chunks(8)
                .map(|c| format!("  {},", c.join(", ")))
                .collect::<Vec<_>>()
                .join("\n")
        )
        .unwrap();
    }
    for r in &mut reports {
        let total = (r.synapses + r.pruned) as f64;
        r.clipped = if total > 0.0 { r.clipped / total } else { 0.0 };
    }

    // The header: every derivation and the quantisation report.
    writeln!(
        text,
        "# Imported from {origin} (NIR {}) by `flux import` (docs/model.md §13).\n\
         # dt = {} s, {w_bits}-bit weights, LIF/IF/LI as {}, reset {}.\n\
         # Inputs are silent Poisson channels: `flux eval` (or an edited p16) drives them.\n\
         # Neuron-to-neuron edges take one timestep (a spike at t lands at t + 1, docs/model.md §2).\n#",
        file.version,
        o.dt,
        match o.kind {
            Kind::Flux => "FLUX",
            Kind::Cuba => "CUBA",
        },
        match o.reset {
            Reset::Zero => "to v_reset (NIR)",
            Reset::Subtract => "by subtraction (snnTorch)",
        }
    )
    .unwrap();
    writeln!(
        text,
        "# {:<16} {:<9} {:<5} {:>7} {:>10} {:>9} {:>7} {:>12} {:>8}",
        "layer", "NIR", "kind", "neurons", "scale", "synapses", "pruned", "max |w err|", "clipped"
    )
    .unwrap();
    for r in &reports {
        writeln!(
            text,
            "# {:<16} {:<9} {:<5} {:>7} {:>10.4} {:>9} {:>7} {:>12.3e} {:>7.2}%",
            truncate(&r.name, 16),
            r.nir_type,
            r.flux_kind,
            r.neurons,
            r.scale,
            r.synapses,
            r.pruned,
            r.max_weight_error,
            r.clipped * 100.0
        )
        .unwrap();
    }
    for r in &reports {
        writeln!(text, "#\n# layer {}:", toml_str(&r.name)).unwrap();
        for d in &r.derivations {
            writeln!(text, "#   {d}").unwrap();
        }
    }
    text.push('\n');
    text.push_str(&body);

    // The written file must compile: a network that does not fit the core is refused here, with the
    // compiler's reason, before anything is written.
    compile::compile_str_for(&text, origin, core).map_err(|e| {
        let msg = match e {
            flux_sim::error::CompileError::Invalid { message, .. } => message,
            other => other.to_string(),
        };
        ImportError::file(format!("the imported network does not fit: {msg}"))
    })?;
    Ok(Imported {
        text,
        layers: reports,
        lowered,
    })
}

struct LayerOut {
    profile: String,
    state: String,
    bias_inputs: String,
    scale: f64,
    gains: Vec<f64>,
    /// 1 for FLUX, 64 for CUBA (`a_in * 64` enters `u`).
    a_scale: f64,
    report: LayerReport,
}

/// The one value of a parameter across a layer, or a refusal naming it.
fn uniform(layer: &Layer, what: &str, a: &Option<Array>, default: f64) -> Result<f64, ImportError> {
    let Some(a) = a else { return Ok(default) };
    let first = a.at(0);
    if (0..layer.size).any(|i| a.at(i) != first) {
        return Err(ImportError::node(
            &layer.name,
            format!(
                "{what} differs between neurons: Flux imports one {what} per layer (a profile)"
            ),
        ));
    }
    Ok(first)
}

fn per_neuron(layer: &Layer, a: &Option<Array>, default: f64) -> Vec<f64> {
    (0..layer.size)
        .map(|i| a.as_ref().map_or(default, |a| a.at(i)))
        .collect()
}

fn quantise_layer(
    lowered: &Lowered,
    li: usize,
    layer: &Layer,
    o: &Options,
    w_max: f64,
) -> Result<LayerOut, ImportError> {
    use NeuronType::*;
    let p = &layer.params;
    let dt = o.dt;
    let cuba = match layer.kind {
        CubaLif | CubaLi => true,
        Threshold => false,
        Lif | If | Li => o.kind == Kind::Cuba,
    };
    let flux_kind = if cuba { "cuba" } else { "flux" };
    let mut d = Vec::new();

    // Input gain per neuron: how far one unit of weight moves `v` in one timestep (forward Euler,
    // a spike being a pulse of height 1 for one timestep).
    let r = per_neuron(layer, &p.r, 1.0);
    let gains: Vec<f64> = match layer.kind {
        Lif | Li => {
            let tau = per_neuron(layer, &p.tau, 1.0);
            (0..layer.size).map(|i| dt * r[i] / tau[i]).collect()
        }
        If => r.iter().map(|r| dt * r).collect(),
        Threshold => vec![1.0; layer.size],
        CubaLif | CubaLi => {
            let tm = per_neuron(layer, &p.tau_mem, 1.0);
            let ts = per_neuron(layer, &p.tau_syn, 1.0);
            let w_in = per_neuron(layer, &p.w_in, 1.0);
            (0..layer.size)
                .map(|i| (dt * w_in[i] / ts[i]) * (dt * r[i] / tm[i]))
                .collect()
        }
    };
    let gain_desc = match layer.kind {
        Lif | Li => "dt * r / tau",
        If => "dt * r",
        Threshold => "1",
        CubaLif | CubaLi => "(dt * w_in / tau_syn) * (dt * r / tau_mem)",
    };
    if gains.iter().any(|g| !g.is_finite() || *g == 0.0) {
        return Err(ImportError::node(
            &layer.name,
            format!("input gain {gain_desc} is 0 or not finite"),
        ));
    }

    // The largest effective input decides the scale: it becomes the largest W-bit weight.
    let mut max_in: f64 = 0.0;
    for proj in lowered.projections.iter().filter(|q| q.to == li) {
        for s in &proj.synapses {
            max_in = max_in.max((s.weight * gains[s.post as usize]).abs());
        }
    }
    let a_scale = if cuba { CUBA_A_SCALE } else { 1.0 };
    let mut scale = if max_in > 0.0 {
        w_max * a_scale / max_in
    } else {
        1.0
    };
    let spiking = layer.kind.spikes();
    let thresholds = per_neuron(layer, &p.v_threshold, 0.0);
    let th_max = thresholds.iter().fold(0.0f64, |m, t| m.max(t.abs()));
    let v_reset = per_neuron(layer, &p.v_reset, 0.0);
    let v_leak = uniform(layer, "v_leak", &p.v_leak, 0.0)?;
    if spiking && th_max > 0.0 {
        let limit = if cuba {
            (CUBA_VTH_MAX as f64) * CUBA_A_SCALE
        } else {
            (THR_MAX - 1) as f64
        };
        if th_max * scale > limit {
            let s = limit / th_max;
            d.push(format!(
                "scale lowered from {scale:.4} to {s:.4} so that the threshold {th_max} fits"
            ));
            scale = s;
        }
    }
    if !cuba {
        let vmax = v_reset.iter().fold(v_leak.abs(), |m, v| m.max(v.abs()));
        if vmax * scale > THR_MAX as f64 {
            let s = THR_MAX as f64 / vmax;
            d.push(format!(
                "scale lowered from {scale:.4} to {s:.4} so that v_reset/v_leak {vmax} fit 16 bits"
            ));
            scale = s;
        }
    }
    d.push(format!(
        "scale {scale:.6} integer units of v per unit; input gain {gain_desc} = {:.6}{}; largest input {max_in:.6} -> weight {}",
        gains[0],
        if gains.iter().all(|g| *g == gains[0]) { "" } else { " (neuron 0)" },
        (max_in * scale / a_scale).round()
    ));

    let mut profile = String::new();
    let mut state = String::new();
    writeln!(
        profile,
        "[[profile]]\nname = {}\nkind = \"{flux_kind}\"",
        toml_str(&layer.name)
    )
    .unwrap();

    if !cuba {
        // FLUX (docs/model.md §3): exponential leak by a shift, threshold `v >= thr`.
        let (leak_mode, leak) = match layer.kind {
            Threshold => {
                d.push(
                    "stateless: exponential leak shift 0 (v returns to rest every timestep)".into(),
                );
                (1, 0)
            }
            If => {
                d.push("no leak (linear leak 0)".into());
                (0, 0)
            }
            _ => {
                let tau = uniform(layer, "tau", &p.tau, 1.0)?;
                let ratio = tau / dt;
                let want = 1.0 - dt / tau;
                if ratio >= 2f64.powf(15.5) {
                    d.push(format!(
                        "tau {tau} s = {ratio:.1} dt: slower than the slowest shift (15): no leak, decay 1 instead of {want:.6}"
                    ));
                    (0, 0)
                } else {
                    let k = ratio.max(1.0).log2().round() as i64;
                    let got = 1.0 - 2f64.powi(-(k as i32));
                    let note = if (got - want).abs() < 1e-6 {
                        "exact".to_string()
                    } else {
                        format!("nearest power of two: decay {got:.6} instead of {want:.6}")
                    };
                    d.push(format!(
                        "tau {tau} s, dt/tau = {:.6} -> exponential leak shift {k} ({note})",
                        dt / tau
                    ));
                    (1, k)
                }
            }
        };
        let (thr, thr_off): (i64, Vec<i64>) = if spiking {
            let ints: Vec<i64> = thresholds
                .iter()
                .map(|t| ((t * scale).floor() as i64 + 1).clamp(1, THR_MAX))
                .collect();
            let base = ints[0];
            d.push(format!(
                "v_threshold {} -> thr {base}: NIR fires on v > {:.4}, FLUX on v >= thr = floor(v_threshold * scale) + 1",
                thresholds[0],
                thresholds[0] * scale
            ));
            if thresholds.iter().any(|t| (t * scale).floor() + 1.0 < 1.0) {
                d.push("a threshold <= 0 became thr 1 (the smallest FLUX threshold)".into());
            }
            (base, ints.iter().map(|t| t - base).collect())
        } else {
            d.push(format!(
                "non-spiking readout: thr {THR_MAX}, fires only if v saturates at {THR_MAX}"
            ));
            (THR_MAX, vec![0; layer.size])
        };
        let reset_mode = match (o.reset, layer.kind) {
            (Reset::Subtract, Lif | If) => 1,
            _ => 0,
        };
        let v_reset_int = (uniform(layer, "v_reset", &p.v_reset, 0.0)? * scale).round() as i64;
        if reset_mode == 1 {
            d.push(format!(
                "subtract reset: v - thr_eff (subtracts {thr}, v_threshold * scale = {:.4})",
                thresholds[0] * scale
            ));
        } else if spiking {
            d.push(format!("reset to v_reset {} -> {v_reset_int}", v_reset[0]));
        }
        let v_rest = (v_leak * scale).round() as i64;
        let off_max = thr_off.iter().map(|x| x.abs()).max().unwrap_or(0);
        writeln!(
            profile,
            "reset_mode = {reset_mode}\nleak_mode = {leak_mode}\nleak = {leak}\nthr = {thr}\nv_rest = {v_rest}\nv_reset = {v_reset_int}"
        )
        .unwrap();
        if off_max > 0 {
            // Per-neuron thresholds: a constant threshold offset (no habituation, no potentiation).
            writeln!(profile, "thr_off_max = {off_max}").unwrap();
            d.push(format!(
                "per-neuron thresholds as constant thr_off (|thr_off| <= {off_max}, hab_rate = pot_rate = 0)"
            ));
            writeln!(state, "thr_off = {}", int_list(&thr_off)).unwrap();
        }
    } else {
        // CUBA (docs/model.md §4): u' = u * (4095 - du) / 4096 + 64 a, v' = v * (4096 - dv) / 4096
        // + u' + bias, spike on v' > 64 vth, reset to 0.
        if o.reset == Reset::Subtract && spiking {
            return Err(ImportError::node(
                &layer.name,
                "CUBA neurons reset to 0: --reset subtract needs the FLUX kind (--kind flux)",
            ));
        }
        let (du, tau_m) = match layer.kind {
            CubaLif | CubaLi => {
                let ts = uniform(layer, "tau_syn", &p.tau_syn, 1.0)?;
                let du = ((4096.0 * dt / ts).round() as i64 - 1).clamp(0, 4095);
                d.push(format!(
                    "tau_syn {ts} s -> du {du}: current decay {:.6} instead of {:.6}",
                    (4095 - du) as f64 / 4096.0,
                    1.0 - dt / ts
                ));
                (du, Some(uniform(layer, "tau_mem", &p.tau_mem, 1.0)?))
            }
            If => (4095, None),
            _ => (4095, Some(uniform(layer, "tau", &p.tau, 1.0)?)),
        };
        if du == 4095 && !matches!(layer.kind, CubaLif | CubaLi) {
            d.push("du 4095: no synaptic current, the input reaches v in its timestep".into());
        }
        let dv = match tau_m {
            Some(tm) => {
                let dv = (4096.0 * dt / tm).round().clamp(0.0, 4095.0) as i64;
                d.push(format!(
                    "tau {tm} s -> dv {dv}: decay {:.6} instead of {:.6}",
                    (4096 - dv) as f64 / 4096.0,
                    1.0 - dt / tm
                ));
                dv
            }
            None => 0,
        };
        let vth = if spiking {
            if thresholds.iter().any(|t| *t != thresholds[0]) {
                return Err(ImportError::node(
                    &layer.name,
                    "v_threshold differs between neurons: the CUBA kind has one threshold per profile (use --kind flux)",
                ));
            }
            let vth =
                ((thresholds[0] * scale / CUBA_A_SCALE).round() as i64).clamp(0, CUBA_VTH_MAX);
            d.push(format!(
                "v_threshold {} -> vth {vth}: fires on v > {} instead of v > {:.2}",
                thresholds[0],
                vth * 64,
                thresholds[0] * scale
            ));
            vth
        } else {
            d.push(format!(
                "non-spiking readout: vth {CUBA_VTH_MAX}, fires only near saturation"
            ));
            CUBA_VTH_MAX
        };
        if spiking && v_reset.iter().any(|v| *v != 0.0) {
            d.push(format!(
                "v_reset {} -> 0: the CUBA kind resets to 0",
                v_reset[0]
            ));
        }
        let bias_v = match tau_m {
            Some(tm) => v_leak * dt / tm * scale,
            None => 0.0,
        };
        let (mant, exp) = bias_parts(bias_v.round() as i64);
        if bias_v != 0.0 {
            d.push(format!(
                "v_leak {v_leak} -> bias {mant} * 2^{exp} = {} per timestep (wanted {bias_v:.3})",
                mant << exp
            ));
        }
        writeln!(
            profile,
            "du = {du}\ndv = {dv}\nvth = {vth}\nbias_mant = {mant}\nbias_exp = {exp}"
        )
        .unwrap();
    }
    profile.push('\n');

    // Biases: a constant current injection every timestep, one input per distinct value.
    let mut bias_inputs = String::new();
    if let Some(b) = &layer.bias {
        let mut groups: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
        let mut clipped = 0;
        for (n, &x) in b.iter().enumerate() {
            let mut v = (x * gains[n] * scale / a_scale).round() as i64;
            if v.abs() > i16::MAX as i64 {
                clipped += 1;
                v = v.clamp(i16::MIN as i64, i16::MAX as i64);
            }
            if v != 0 {
                groups.entry(v).or_default().push(n);
            }
        }
        d.push(format!(
            "bias as {} current injection(s) per timestep ({} distinct values{})",
            groups.values().map(Vec::len).sum::<usize>(),
            groups.len(),
            if clipped > 0 {
                format!(", {clipped} clipped to i16")
            } else {
                String::new()
            }
        ));
        for (k, (v, ns)) in groups.iter().enumerate() {
            writeln!(
                bias_inputs,
                "[[input]]\nname = {}\nkind = \"current\"\nto = {}\nneurons = {}\nvalue = {v}\nstart = 0\n",
                toml_str(&format!("{}.bias{k}", layer.name)),
                toml_str(&layer.name),
                int_list(&ns.iter().map(|&n| n as i64).collect::<Vec<_>>())
            )
            .unwrap();
        }
    }

    Ok(LayerOut {
        profile,
        state,
        bias_inputs,
        scale,
        gains,
        a_scale,
        report: LayerReport {
            name: layer.name.clone(),
            nir_type: layer.kind.name(),
            flux_kind,
            neurons: layer.size,
            scale,
            synapses: 0,
            pruned: 0,
            max_weight_error: 0.0,
            clipped: 0.0,
            derivations: d,
        },
    })
}

/// `bias = mant * 2^exp` with `mant` 13-bit signed and `exp` 0..=7, the nearest to `b`.
fn bias_parts(b: i64) -> (i64, i64) {
    for exp in 0..=7 {
        let m = (b as f64 / (1i64 << exp) as f64).round() as i64;
        if (-4096..=4095).contains(&m) {
            return (m, exp);
        }
    }
    ((b >> 7).clamp(-4096, 4095), 7)
}

fn int_list(v: &[i64]) -> String {
    format!(
        "[{}]",
        v.iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// A TOML basic string (JSON's escapes are valid TOML).
fn toml_str(s: &str) -> String {
    serde_json::to_string(s).expect("a string always serialises")
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).chain(['…']).collect()
    }
}
