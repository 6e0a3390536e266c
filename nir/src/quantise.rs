//! Quantisation: the lowered float network becomes an ordinary Flux network file, every float turned
//! into the integer of a profile, state or synapse field by the rules of `docs/model.md` §13. The
//! file's header states each derivation and the error it makes; nothing is changed silently.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use flux_sim::compile::{self, CoreChoice};

use crate::ImportError;
use crate::graph::{Array, NeuronType, NirFile};
use crate::lower::{self, From, Layer, Lowered};

/// Which Flux kind runs `LIF`, `IF` and `LI` nodes (`CubaLIF`/`CubaLI` always run as CUBA,
/// `Threshold` always as FLUX). `Xylo` runs the spiking ones, `LIF`, `IF` and `CubaLIF`, as
/// Xylo neurons (`docs/model.md` §4.2, §13.1); `LI` and `CubaLI` readouts stay FLUX and CUBA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Flux,
    Cuba,
    Xylo,
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
    let mut bias_inputs = String::new();

    // Profiles and populations: one per layer, or, where the neurons of a layer differ in a
    // profile field, one profile per distinct set and one population per run of neurons.
    let mut outs = Vec::new();
    let mut populations = String::new();
    // Per layer: its populations as (name, start, end).
    let mut pops: Vec<Vec<(String, usize, usize)>> = Vec::new();
    for (li, layer) in lowered.layers.iter().enumerate() {
        let q = quantise_layer(&lowered, li, layer, o, w_max)?;
        let profile_name = |g: usize| {
            if q.groups.len() == 1 {
                layer.name.clone()
            } else {
                format!("{}#{g}", layer.name)
            }
        };
        for (g, group) in q.groups.iter().enumerate() {
            let kind = q.report.flux_kind;
            write!(
                body,
                "[[profile]]\nname = {}\nkind = \"{kind}\"\n{}\n",
                toml_str(&profile_name(g)),
                group.fields
            )
            .unwrap();
        }
        let runs = q.runs();
        let mut these = Vec::new();
        for &(a, b, g) in &runs {
            let name = if runs.len() == 1 {
                layer.name.clone()
            } else {
                format!("{}/{a}", layer.name)
            };
            writeln!(
                populations,
                "[[population]]\nname = {}\nsize = {}\nprofile = {}",
                toml_str(&name),
                b - a,
                toml_str(&profile_name(g))
            )
            .unwrap();
            if q.thr_off[a..b].iter().any(|&x| x != 0) {
                writeln!(populations, "thr_off = {}", int_list(&q.thr_off[a..b])).unwrap();
            }
            populations.push('\n');
            // Bias currents: one `current` input per distinct value in the population.
            let mut values: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
            for n in a..b {
                if q.bias[n] != 0 {
                    values.entry(q.bias[n]).or_default().push((n - a) as i64);
                }
            }
            for (k, (v, ns)) in values.iter().enumerate() {
                writeln!(
                    bias_inputs,
                    "[[input]]\nname = {}\nkind = \"current\"\nto = {}\nneurons = {}\nvalue = {v}\nstart = 0\n",
                    toml_str(&format!("{name}.bias{k}")),
                    toml_str(&name),
                    int_list(ns)
                )
                .unwrap();
            }
            these.push((name, a, b));
        }
        pops.push(these);
        outs.push(q);
    }
    for q in &mut outs {
        let multi = q.groups.len() > 1;
        for (g, group) in q.groups.iter().enumerate() {
            for line in &group.derivations {
                let line = if multi {
                    format!("profile {g}: {line}")
                } else {
                    line.clone()
                };
                q.report.derivations.push(line);
            }
        }
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

    // Where neuron `i` of a projection's source or target lives: (population name, index in it).
    let locate = |list: &[(String, usize, usize)], i: usize| -> (usize, usize) {
        let k = list
            .iter()
            .position(|&(_, a, b)| i >= a && i < b)
            .expect("the runs cover the layer");
        (k, i - list[k].1)
    };
    for p in &lowered.projections {
        let q = &mut outs[p.to];
        // Xylo synapses have no delay (docs/model.md §4.2).
        if let Some(s) = p.synapses.iter().find(|s| q.xylo && s.delay != 0) {
            return Err(ImportError::node(
                &q.report.name,
                format!(
                    "a synapse onto this Xylo layer has delay {}: Xylo has no synaptic delays (import with --kind flux or cuba)",
                    s.delay
                ),
            ));
        }
        let current = if q.xylo {
            "type = \"current\"\ncurrent = 1\n"
        } else {
            ""
        };
        let (scale, a_scale) = (q.scale, q.a_scale);
        // Entries per (source population, target population).
        let mut buckets: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
        for s in &p.synapses {
            let g = q.gains[s.post as usize];
            let exact = s.weight * g * scale / a_scale;
            let mut w = exact.round();
            if w.abs() > w_max {
                q.report.clipped += 1.0;
                w = w.clamp(-w_max, w_max);
            }
            let back = w * a_scale / (scale * g);
            q.report.max_weight_error = q.report.max_weight_error.max((back - s.weight).abs());
            if w == 0.0 {
                q.report.pruned += 1;
                continue;
            }
            q.report.synapses += 1;
            let (fk, fi) = match p.from {
                From::Input(_) => (0, s.pre as usize),
                From::Layer(l) => locate(&pops[l], s.pre as usize),
            };
            let (tk, ti) = locate(&pops[p.to], s.post as usize);
            buckets
                .entry((fk, tk))
                .or_default()
                .push(format!("[{fi}, {ti}, {}, {}]", w as i64, s.delay));
        }
        for ((fk, tk), entries) in buckets {
            let from = match p.from {
                From::Input(i) => lowered.inputs[i].name.clone(),
                From::Layer(l) => pops[l][fk].0.clone(),
            };
            let to = &pops[p.to][tk].0;
            writeln!(
                body,
                "[[projection]]\nname = {}\nfrom = {}\nto = {}\nallow_self = true\n{current}connect = [\n{}\n]\n",
                toml_str(&format!("{from}->{to}")),
                toml_str(&from),
                toml_str(to),
                entries
                    .chunks(8)
                    .map(|c| format!("  {},", c.join(", ")))
                    .collect::<Vec<_>>()
                    .join("\n")
            )
            .unwrap();
        }
    }
    let mut reports: Vec<LayerReport> = outs.into_iter().map(|q| q.report).collect();

    // [core] and [run]: the populations of the layers the graph's Output nodes read are probed.
    let mut head = String::new();
    if let Some(p) = &preset_line {
        writeln!(head, "[core]\npreset = {}\n", toml_str(p)).unwrap();
    }
    writeln!(head, "[run]").unwrap();
    let dt_us = o.dt * 1e6;
    if (dt_us - dt_us.round()).abs() < 1e-9 && dt_us >= 1.0 {
        writeln!(head, "dt_us = {}", dt_us.round() as i64).unwrap();
    }
    let readouts: Vec<String> = lowered
        .layers
        .iter()
        .zip(&pops)
        .filter(|(l, _)| l.readout)
        .flat_map(|(_, ps)| ps.iter().map(|(name, _, _)| toml_str(name)))
        .collect();
    writeln!(head, "probes = [{}]\n", readouts.join(", ")).unwrap();
    body.insert_str(0, &head);
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
            Kind::Xylo => "Xylo (LIF, IF and CubaLIF; LI as FLUX)",
        },
        match o.reset {
            Reset::Zero => "to v_reset (NIR)",
            Reset::Subtract => "by subtraction (snnTorch)",
        }
    )
    .unwrap();
    for line in report_table(&reports).lines() {
        writeln!(text, "# {line}").unwrap();
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

/// One Flux profile of a layer: the neurons that share every profile field.
struct Group {
    /// The profile's fields as TOML lines (without `name`).
    fields: String,
    /// The derivation lines of its first neuron.
    derivations: Vec<String>,
}

struct LayerOut {
    groups: Vec<Group>,
    /// Per neuron: its group, and (FLUX) its constant threshold offset from the group's threshold.
    group_of: Vec<usize>,
    thr_off: Vec<i64>,
    /// Per neuron: the integer bias current injected every timestep (0: none).
    bias: Vec<i64>,
    scale: f64,
    gains: Vec<f64>,
    /// 1 for FLUX, 64 for CUBA (`a_in * 64` enters `u`).
    a_scale: f64,
    /// The layer runs as Xylo neurons: its inputs are current synapses without delay.
    xylo: bool,
    report: LayerReport,
}

impl LayerOut {
    /// Runs of consecutive neurons in one group: `(start, end, group)`. Each becomes a population.
    fn runs(&self) -> Vec<(usize, usize, usize)> {
        let mut runs: Vec<(usize, usize, usize)> = Vec::new();
        for (n, &g) in self.group_of.iter().enumerate() {
            match runs.last_mut() {
                Some(r) if r.2 == g => r.1 = n + 1,
                _ => runs.push((n, n + 1, g)),
            }
        }
        runs
    }
}

fn per_neuron(layer: &Layer, a: &Option<Array>, default: f64) -> Vec<f64> {
    (0..layer.size)
        .map(|i| a.as_ref().map_or(default, |a| a.at(i)))
        .collect()
}

/// The profile fields of one neuron, its threshold (FLUX) and how they were derived.
struct NeuronProfile {
    fields: String,
    thr: i64,
    derivations: Vec<String>,
}

#[allow(clippy::too_many_arguments)]
fn flux_profile(
    kind: NeuronType,
    tau: f64,
    threshold: f64,
    v_reset: f64,
    v_leak: f64,
    scale: f64,
    dt: f64,
    reset: Reset,
) -> NeuronProfile {
    use NeuronType::*;
    let mut d = Vec::new();
    let (leak_mode, leak) = match kind {
        Threshold => {
            d.push("stateless: exponential leak shift 0 (v returns to rest every timestep)".into());
            (1, 0)
        }
        If => {
            d.push("no leak (linear leak 0)".into());
            (0, 0)
        }
        _ => {
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
    let thr = if kind.spikes() {
        let thr = ((threshold * scale).floor() as i64 + 1).clamp(1, THR_MAX);
        d.push(format!(
            "v_threshold {threshold} -> thr {thr}: NIR fires on v > {:.4}, FLUX on v >= thr = floor(v_threshold * scale) + 1",
            threshold * scale
        ));
        if (threshold * scale).floor() + 1.0 < 1.0 {
            d.push("a threshold <= 0 became thr 1 (the smallest FLUX threshold)".into());
        }
        thr
    } else {
        d.push(format!(
            "non-spiking readout: thr {THR_MAX}, fires only if v saturates at {THR_MAX}"
        ));
        THR_MAX
    };
    let reset_mode = match (reset, kind) {
        (Reset::Subtract, Lif | If) => 1,
        _ => 0,
    };
    let v_reset_int = (v_reset * scale).round() as i64;
    if reset_mode == 1 {
        d.push(format!(
            "subtract reset: v - thr_eff (subtracts {thr}, v_threshold * scale = {:.4})",
            threshold * scale
        ));
    } else if kind.spikes() {
        d.push(format!("reset to v_reset {v_reset} -> {v_reset_int}"));
    }
    let v_rest = (v_leak * scale).round() as i64;
    NeuronProfile {
        fields: format!(
            "reset_mode = {reset_mode}\nleak_mode = {leak_mode}\nleak = {leak}\nv_rest = {v_rest}\nv_reset = {v_reset_int}\n"
        ),
        thr,
        derivations: d,
    }
}

/// A Xylo neuron (`docs/model.md` §4.2, §13.1) for a LIF (`tau_mem`), IF (none) or CubaLIF
/// (`tau_mem` and `tau_syn`) node, subtractive reset, at most one spike per timestep (`cap = 1`,
/// as NIR's discrete neurons). The decays are the nearest bit shifts; a node without a synaptic
/// current gets the fastest one that passes input on (`dash_syn1 = 1`: half of a weight reaches
/// `v` at once, the rest over the next timesteps, the same total).
fn xylo_profile(
    tau_mem: Option<f64>,
    tau_syn: Option<f64>,
    threshold: f64,
    v_leak: f64,
    bias: f64,
    scale: f64,
    dt: f64,
) -> NeuronProfile {
    let mut d = Vec::new();
    let shift = |tau: f64, what: &str, d: &mut Vec<String>| {
        let k = (tau / dt).max(1.0).log2().round().clamp(1.0, 15.0) as i64;
        d.push(format!(
            "{what} {tau} s -> shift {k}: decay {:.6} instead of {:.6}",
            1.0 - 2f64.powi(-(k as i32)),
            1.0 - dt / tau
        ));
        k
    };
    let dash_mem = match tau_mem {
        Some(tm) => shift(tm, "tau_mem", &mut d),
        None => {
            d.push(
                "IF: no leak -> shift 15 (the slowest: v moves 1 unit per timestep toward 0)"
                    .into(),
            );
            15
        }
    };
    let dash_syn1 = match tau_syn {
        Some(ts) => shift(ts, "tau_syn", &mut d),
        None => {
            d.push("no synaptic current -> current shift 1: half a weight reaches v at once, the rest after".into());
            1
        }
    };
    let v_th = (threshold * scale).round().clamp(1.0, THR_MAX as f64) as i64;
    d.push(format!(
        "v_threshold {threshold} -> v_th {v_th} (subtract reset, at most one spike per timestep)"
    ));
    let leak_bias = tau_mem.map_or(0.0, |tm| v_leak * dt / tm * scale);
    let b = (bias + leak_bias)
        .round()
        .clamp(i16::MIN as f64, i16::MAX as f64) as i64;
    if b != 0 {
        d.push(format!(
            "bias and v_leak -> bias {b} per timestep (wanted {:.3})",
            bias + leak_bias
        ));
    }
    NeuronProfile {
        fields: format!(
            "dash_mem = {dash_mem}\ndash_syn1 = {dash_syn1}\nv_th = {v_th}\nbias = {b}\ncap = 1\n"
        ),
        thr: 0,
        derivations: d,
    }
}

#[allow(clippy::too_many_arguments)]
fn cuba_profile(
    kind: NeuronType,
    tau_mem: Option<f64>,
    tau_syn: f64,
    threshold: f64,
    v_reset: f64,
    v_leak: f64,
    scale: f64,
    dt: f64,
) -> NeuronProfile {
    use NeuronType::*;
    let mut d = Vec::new();
    let du = match kind {
        CubaLif | CubaLi => {
            let du = ((4096.0 * dt / tau_syn).round() as i64 - 1).clamp(0, 4095);
            d.push(format!(
                "tau_syn {tau_syn} s -> du {du}: current decay {:.6} instead of {:.6}",
                (4095 - du) as f64 / 4096.0,
                1.0 - dt / tau_syn
            ));
            du
        }
        _ => {
            d.push("du 4095: no synaptic current, the input reaches v in its timestep".into());
            4095
        }
    };
    let dv = match tau_mem {
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
    let vth = if kind.spikes() {
        let vth = ((threshold * scale / CUBA_A_SCALE).round() as i64).clamp(0, CUBA_VTH_MAX);
        d.push(format!(
            "v_threshold {threshold} -> vth {vth}: fires on v > {} instead of v > {:.2}",
            vth * 64,
            threshold * scale
        ));
        if v_reset != 0.0 {
            d.push(format!("v_reset {v_reset} -> 0: the CUBA kind resets to 0"));
        }
        vth
    } else {
        d.push(format!(
            "non-spiking readout: vth {CUBA_VTH_MAX}, fires only near saturation"
        ));
        CUBA_VTH_MAX
    };
    let bias_v = tau_mem.map_or(0.0, |tm| v_leak * dt / tm * scale);
    let (mant, exp) = bias_parts(bias_v.round() as i64);
    if bias_v != 0.0 {
        d.push(format!(
            "v_leak {v_leak} -> bias {mant} * 2^{exp} = {} per timestep (wanted {bias_v:.3})",
            mant << exp
        ));
    }
    NeuronProfile {
        fields: format!(
            "du = {du}\ndv = {dv}\nvth = {vth}\nbias_mant = {mant}\nbias_exp = {exp}\n"
        ),
        thr: 0,
        derivations: d,
    }
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
    let xylo = o.kind == Kind::Xylo && matches!(layer.kind, Lif | If | CubaLif);
    let flux_kind = match (xylo, cuba) {
        (true, _) => "xylo",
        (_, true) => "cuba",
        _ => "flux",
    };
    let mut d = Vec::new();
    if cuba && !xylo && o.reset == Reset::Subtract && layer.kind.spikes() {
        return Err(ImportError::node(
            &layer.name,
            "CUBA neurons reset to 0: --reset subtract needs the FLUX kind (--kind flux)",
        ));
    }
    if xylo && o.reset == Reset::Zero {
        return Err(ImportError::node(
            &layer.name,
            "Xylo neurons reset by subtracting the threshold: --kind xylo needs --reset subtract",
        ));
    }

    // Input gain per neuron: how far one unit of weight moves `v` in one timestep (forward Euler,
    // a spike being a pulse of height 1 for one timestep).
    let r = per_neuron(layer, &p.r, 1.0);
    let tau = per_neuron(layer, &p.tau, 1.0);
    let tau_mem = per_neuron(layer, &p.tau_mem, 1.0);
    let tau_syn = per_neuron(layer, &p.tau_syn, 1.0);
    let w_in = per_neuron(layer, &p.w_in, 1.0);
    let gains: Vec<f64> = (0..layer.size)
        .map(|i| match layer.kind {
            Lif | Li => dt * r[i] / tau[i],
            If => dt * r[i],
            Threshold => 1.0,
            CubaLif | CubaLi => (dt * w_in[i] / tau_syn[i]) * (dt * r[i] / tau_mem[i]),
        })
        .collect();
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
    let a_scale = if cuba && !xylo { CUBA_A_SCALE } else { 1.0 };
    let mut scale = if max_in > 0.0 {
        w_max * a_scale / max_in
    } else {
        1.0
    };
    let spiking = layer.kind.spikes();
    let thresholds = per_neuron(layer, &p.v_threshold, 0.0);
    let th_max = thresholds.iter().fold(0.0f64, |m, t| m.max(t.abs()));
    let v_reset = per_neuron(layer, &p.v_reset, 0.0);
    let v_leak = per_neuron(layer, &p.v_leak, 0.0);
    if spiking && th_max > 0.0 {
        let limit = if cuba && !xylo {
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
        let vmax = v_reset
            .iter()
            .chain(&v_leak)
            .fold(0.0f64, |m, v| m.max(v.abs()));
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

    // Each neuron's profile fields; neurons with equal fields share a profile (group).
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of = Vec::with_capacity(layer.size);
    let mut thr_n = Vec::with_capacity(layer.size);
    // A Xylo neuron's bias (docs/model.md §4.2) is a profile field: the NIR bias current and the
    // leak toward `v_leak`, per timestep, in integer units of `v`.
    let nir_bias = |n: usize| layer.bias.as_ref().map_or(0.0, |b| b[n] * gains[n] * scale);
    for n in 0..layer.size {
        let np = if xylo {
            let tm = match layer.kind {
                If => None,
                CubaLif => Some(tau_mem[n]),
                _ => Some(tau[n]),
            };
            let ts = (layer.kind == CubaLif).then_some(tau_syn[n]);
            xylo_profile(tm, ts, thresholds[n], v_leak[n], nir_bias(n), scale, dt)
        } else if cuba {
            let tm = match layer.kind {
                If => None,
                CubaLif | CubaLi => Some(tau_mem[n]),
                _ => Some(tau[n]),
            };
            cuba_profile(
                layer.kind,
                tm,
                tau_syn[n],
                thresholds[n],
                v_reset[n],
                v_leak[n],
                scale,
                dt,
            )
        } else {
            flux_profile(
                layer.kind,
                tau[n],
                thresholds[n],
                v_reset[n],
                v_leak[n],
                scale,
                dt,
                o.reset,
            )
        };
        let g = match groups.iter().position(|g| g.fields == np.fields) {
            Some(g) => g,
            None => {
                groups.push(Group {
                    fields: np.fields,
                    derivations: np.derivations,
                });
                groups.len() - 1
            }
        };
        group_of.push(g);
        thr_n.push(np.thr);
    }
    // FLUX thresholds: the group's first neuron's, the others as a constant offset.
    let mut thr_off = vec![0; layer.size];
    if !cuba && !xylo {
        for (g, group) in groups.iter_mut().enumerate() {
            let members: Vec<usize> = (0..layer.size).filter(|&n| group_of[n] == g).collect();
            let base = thr_n[members[0]];
            let mut off_max = 0;
            for &n in &members {
                thr_off[n] = thr_n[n] - base;
                off_max = off_max.max(thr_off[n].abs());
            }
            group.fields.push_str(&format!("thr = {base}\n"));
            if off_max > 0 {
                // Per-neuron thresholds: a constant threshold offset (no habituation, no
                // potentiation, so it never changes).
                group.fields.push_str(&format!("thr_off_max = {off_max}\n"));
                group.derivations.push(format!(
                    "per-neuron thresholds as constant thr_off (|thr_off| <= {off_max}, hab_rate = pot_rate = 0)"
                ));
            }
        }
    }
    if groups.len() > 1 {
        d.push(format!(
            "{} distinct parameter sets: {} profiles, one population per run of neurons that share one",
            groups.len(),
            groups.len()
        ));
    }

    // Biases: a constant current injection every timestep.
    let mut bias = vec![0; layer.size];
    if let Some(b) = layer.bias.as_ref().filter(|_| !xylo) {
        let mut clipped = 0;
        for (n, &x) in b.iter().enumerate() {
            let mut v = (x * gains[n] * scale / a_scale).round() as i64;
            if v.abs() > i16::MAX as i64 {
                clipped += 1;
                v = v.clamp(i16::MIN as i64, i16::MAX as i64);
            }
            bias[n] = v;
        }
        d.push(format!(
            "bias as {} current injection(s) per timestep{}",
            bias.iter().filter(|&&v| v != 0).count(),
            if clipped > 0 {
                format!(", {clipped} clipped to i16")
            } else {
                String::new()
            }
        ));
    }

    Ok(LayerOut {
        groups,
        group_of,
        thr_off,
        bias,
        scale,
        gains,
        a_scale,
        xylo,
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

/// The quantisation report, one line per layer under a heading: what `flux import` prints and the
/// written file's header repeats.
pub fn report_table(reports: &[LayerReport]) -> String {
    let mut t = format!(
        "{:<16} {:<9} {:<5} {:>7} {:>10} {:>9} {:>7} {:>12} {:>8}\n",
        "layer", "NIR", "kind", "neurons", "scale", "synapses", "pruned", "max |w err|", "clipped"
    );
    for r in reports {
        t += &format!(
            "{:<16} {:<9} {:<5} {:>7} {:>10.4} {:>9} {:>7} {:>12.3e} {:>7.2}%\n",
            truncate(&r.name, 16),
            r.nir_type,
            r.flux_kind,
            r.neurons,
            r.scale,
            r.synapses,
            r.pruned,
            r.max_weight_error,
            r.clipped * 100.0
        );
    }
    t
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
