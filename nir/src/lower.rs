//! Lowering: a NIR graph becomes layers of neurons joined by explicit synapses, still in floats.
//!
//! Nested graphs are flattened (inner names become `outer.inner`). Every node that holds state or
//! emits events is a *source*: the graph's `Input` nodes (Flux input channels) and its neuron nodes
//! (Flux populations). The nodes between them (`Affine`, `Linear`, `Scale`, `Delay`, `Flatten`,
//! `Conv1d`/`Conv2d`, `SumPool2d`/`AvgPool2d`) are linear maps: every path of them from a source to a
//! neuron node is multiplied out into explicit synapses `(pre, post, weight, delay)`, and `Affine`
//! and convolution biases become a constant input current per neuron. A cycle must pass through a
//! neuron node (its spikes reach the next timestep); a cycle of linear nodes alone is refused.

use std::collections::{BTreeMap, HashMap};

use crate::ImportError;
use crate::graph::{Array, Graph, NeuronParams, NeuronType, Node, quote};

/// A top-level `Input` node: Flux input channels.
#[derive(Clone, Debug, PartialEq)]
pub struct InputPort {
    pub name: String,
    pub size: usize,
}

/// A neuron node: one Flux population.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    pub name: String,
    pub kind: NeuronType,
    pub size: usize,
    pub params: NeuronParams,
    /// A constant input current per neuron per timestep (from biases), if any.
    pub bias: Option<Vec<f64>>,
    /// Whether the graph's `Output` reads it.
    pub readout: bool,
}

/// Where a projection starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum From {
    Input(usize),
    Layer(usize),
}

/// One synapse, in floats: `weight` as the NIR graph gives it (before the neuron's input gain),
/// `delay` in timesteps added by `Delay` nodes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Synapse {
    pub pre: u32,
    pub post: u32,
    pub weight: f64,
    pub delay: u32,
}

/// All synapses from one source to one layer, ordered by pre, then post, then delay.
#[derive(Clone, Debug, PartialEq)]
pub struct Projection {
    pub from: From,
    pub to: usize,
    pub synapses: Vec<Synapse>,
}

/// The lowered network.
#[derive(Clone, Debug, PartialEq)]
pub struct Lowered {
    pub inputs: Vec<InputPort>,
    /// Layers in dependency order (a layer comes after the layers that feed it, cycles aside).
    pub layers: Vec<Layer>,
    pub projections: Vec<Projection>,
}

impl Lowered {
    /// The name of a projection's source.
    pub fn from_name(&self, f: From) -> &str {
        match f {
            From::Input(i) => &self.inputs[i].name,
            From::Layer(l) => &self.layers[l].name,
        }
    }
}

/// A flattened node.
#[derive(Clone, Debug)]
enum Flat {
    /// A top-level `Input`.
    Source(Vec<usize>),
    /// A top-level `Output`.
    Sink,
    /// A nested graph's own `Input` or `Output`: passes its input through.
    Pass,
    /// A linear node.
    Op(Node),
    Neuron(NeuronType, NeuronParams),
}

/// Entries of a linear map, per input index: `(output index, delay, weight)`.
type Rows = Vec<Vec<(u32, u32, f64)>>;

/// A linear map from one source's outputs to a node's outputs.
#[derive(Clone, Debug)]
enum Map {
    Identity,
    Sparse(Rows),
}

/// A node's output as a function of the sources: one map per source, plus a constant (bias).
#[derive(Clone, Debug, Default)]
struct Expr {
    maps: BTreeMap<String, Vec<Map>>,
    bias: Option<Vec<f64>>,
}

struct Lowering {
    nodes: BTreeMap<String, Flat>,
    preds: BTreeMap<String, Vec<String>>,
    shapes: HashMap<String, Vec<usize>>,
    exprs: HashMap<String, Expr>,
    in_progress: Vec<String>,
    dt: f64,
}

/// Lowers `graph` with timestep `dt` (seconds; `Delay` nodes become whole timesteps).
pub fn lower(graph: &Graph, dt: f64) -> Result<Lowered, ImportError> {
    let mut nodes = BTreeMap::new();
    let mut edges = Vec::new();
    flatten(graph, "", true, &mut nodes, &mut edges)?;
    let mut preds: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (a, b) in &edges {
        preds.entry(b.clone()).or_default().push(a.clone());
    }
    let mut l = Lowering {
        nodes,
        preds,
        shapes: HashMap::new(),
        exprs: HashMap::new(),
        in_progress: Vec::new(),
        dt,
    };

    // Inputs and layers in the order a walk along the edges from the inputs meets them.
    let order = topological_order(&l.nodes, &edges);
    let mut inputs = Vec::new();
    let mut input_index = BTreeMap::new();
    let mut layers = Vec::new();
    let mut layer_index = BTreeMap::new();
    for name in &order {
        match l.nodes[name].clone() {
            Flat::Source(shape) => {
                input_index.insert(name.clone(), inputs.len());
                inputs.push(InputPort {
                    name: name.clone(),
                    size: shape.iter().product(),
                });
            }
            Flat::Neuron(kind, params) => {
                let size = l.shape(name)?.iter().product();
                layer_index.insert(name.clone(), layers.len());
                layers.push(Layer {
                    name: name.clone(),
                    kind,
                    size,
                    params,
                    bias: None,
                    readout: false,
                });
            }
            _ => {}
        }
    }
    if inputs.is_empty() {
        return Err(ImportError::file("the graph has no Input node"));
    }
    if layers.is_empty() {
        return Err(ImportError::file("the graph has no neuron node"));
    }

    // Readouts: what the Output nodes read, which must be neurons.
    for (name, node) in &l.nodes {
        if !matches!(node, Flat::Sink) {
            continue;
        }
        for p in l.preds.get(name).cloned().unwrap_or_default() {
            let src = l.resolve_pass(&p)?;
            match layer_index.get(&src) {
                Some(&i) => layers[i].readout = true,
                None => {
                    return Err(ImportError::node(
                        name,
                        format!(
                            "Output reads {} ({}); Flux reads out neuron nodes only",
                            quote(&src),
                            l.type_of(&src)
                        ),
                    ));
                }
            }
        }
    }

    // Non-spiking readouts (LI, CubaLI) may feed only Output nodes.
    for (b, ps) in &l.preds {
        for a in ps {
            if let Flat::Neuron(kind, _) = &l.nodes[a]
                && !kind.spikes()
                && !matches!(l.nodes[b], Flat::Sink)
            {
                return Err(ImportError::node(
                    a,
                    format!(
                        "{} is a non-spiking readout: it can feed only an Output, not {}",
                        kind.name(),
                        quote(b)
                    ),
                ));
            }
        }
    }

    let mut projections = Vec::new();
    for (li, layer) in layers.iter_mut().enumerate() {
        let expr = l.input_of(&layer.name)?;
        let size = layer.size;
        let fed: usize = l.input_shape(&layer.name)?.iter().product();
        if fed != size {
            return Err(ImportError::node(
                &layer.name,
                format!(
                    "{} has {size} neurons but its input has {fed} values",
                    layer.kind.name()
                ),
            ));
        }
        for (src, maps) in &expr.maps {
            let from = match (input_index.get(src), layer_index.get(src)) {
                (Some(&i), _) => From::Input(i),
                (_, Some(&j)) => From::Layer(j),
                _ => unreachable!("every map starts at a source"),
            };
            let n_pre: usize = l.shape(src)?.iter().product();
            let synapses = synapses_of(maps, n_pre, size)?;
            if !synapses.is_empty() {
                projections.push(Projection {
                    from,
                    to: li,
                    synapses,
                });
            }
        }
        if let Some(b) = &expr.bias
            && b.len() != size
        {
            return Err(ImportError::node(
                &layer.name,
                format!("its bias has {} values for {size} neurons", b.len()),
            ));
        }
        layer.bias = expr.bias.filter(|b| b.iter().any(|&x| x != 0.0));
    }
    projections.sort_by_key(|p| (p.to, p.from));
    Ok(Lowered {
        inputs,
        layers,
        projections,
    })
}

/// Multiplies out and merges a source's maps into synapses, checking indices against the sizes.
fn synapses_of(maps: &[Map], n_pre: usize, n_post: usize) -> Result<Vec<Synapse>, ImportError> {
    let mut acc: BTreeMap<(u32, u32, u32), f64> = BTreeMap::new();
    for m in maps {
        match m {
            Map::Identity => {
                if n_pre != n_post {
                    return Err(ImportError::file(format!(
                        "a direct edge joins {n_pre} values to {n_post} neurons"
                    )));
                }
                for i in 0..n_pre as u32 {
                    *acc.entry((i, i, 0)).or_default() += 1.0;
                }
            }
            Map::Sparse(rows) => {
                for (i, row) in rows.iter().enumerate() {
                    for &(o, d, w) in row {
                        *acc.entry((i as u32, o, d)).or_default() += w;
                    }
                }
            }
        }
    }
    Ok(acc
        .into_iter()
        .filter(|&(_, w)| w != 0.0)
        .map(|((pre, post, delay), weight)| Synapse {
            pre,
            post,
            weight,
            delay,
        })
        .collect())
}

/// Flattens nested graphs into `nodes` and `edges` with prefixed names.
fn flatten(
    g: &Graph,
    prefix: &str,
    top: bool,
    nodes: &mut BTreeMap<String, Flat>,
    edges: &mut Vec<(String, String)>,
) -> Result<(), ImportError> {
    let full = |n: &str| {
        if prefix.is_empty() {
            n.to_string()
        } else {
            format!("{prefix}.{n}")
        }
    };
    // Where an edge into / out of a nested graph really goes.
    let mut entry: BTreeMap<String, String> = BTreeMap::new();
    let mut exit: BTreeMap<String, String> = BTreeMap::new();
    for (name, node) in &g.nodes {
        let f = full(name);
        match node {
            Node::Graph(inner) => {
                flatten(inner, &f, false, nodes, edges)?;
                let ends = |want: &str| -> Result<String, ImportError> {
                    let found: Vec<&String> = inner
                        .nodes
                        .iter()
                        .filter(|(_, n)| n.type_name() == want)
                        .map(|(k, _)| k)
                        .collect();
                    match found.as_slice() {
                        [one] => Ok(format!("{f}.{one}")),
                        _ => Err(ImportError::node(
                            &f,
                            format!(
                                "a nested NIRGraph needs exactly one {want} node, it has {}",
                                found.len()
                            ),
                        )),
                    }
                };
                entry.insert(name.clone(), ends("Input")?);
                exit.insert(name.clone(), ends("Output")?);
            }
            Node::Input { shape } if top => {
                nodes.insert(f, Flat::Source(shape.clone()));
            }
            Node::Output { .. } if top => {
                nodes.insert(f, Flat::Sink);
            }
            Node::Input { .. } | Node::Output { .. } => {
                nodes.insert(f, Flat::Pass);
            }
            Node::Neuron { kind, params } => {
                nodes.insert(f, Flat::Neuron(*kind, params.clone()));
            }
            other => {
                nodes.insert(f, Flat::Op(other.clone()));
            }
        }
    }
    for (a, b) in &g.edges {
        let a = exit.get(a).cloned().unwrap_or_else(|| full(a));
        let b = entry.get(b).cloned().unwrap_or_else(|| full(b));
        edges.push((a, b));
    }
    Ok(())
}

/// Node names in the order a breadth-first walk from the sources meets them (then the rest, by name).
fn topological_order(nodes: &BTreeMap<String, Flat>, edges: &[(String, String)]) -> Vec<String> {
    let mut succ: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in edges {
        succ.entry(a).or_default().push(b);
    }
    let mut seen: Vec<String> = Vec::new();
    let mut queue: std::collections::VecDeque<&str> = nodes
        .iter()
        .filter(|(_, n)| matches!(n, Flat::Source(_)))
        .map(|(k, _)| k.as_str())
        .collect();
    while let Some(n) = queue.pop_front() {
        if seen.iter().any(|s| s == n) {
            continue;
        }
        seen.push(n.to_string());
        for &s in succ.get(n).map(|v| v.as_slice()).unwrap_or(&[]) {
            queue.push_back(s);
        }
    }
    for k in nodes.keys() {
        if !seen.contains(k) {
            seen.push(k.clone());
        }
    }
    seen
}

impl Lowering {
    fn type_of(&self, name: &str) -> &'static str {
        match &self.nodes[name] {
            Flat::Source(_) => "Input",
            Flat::Sink => "Output",
            Flat::Pass => "pass-through",
            Flat::Op(n) => n.type_name(),
            Flat::Neuron(k, _) => k.name(),
        }
    }

    /// Follows pass-through nodes back to what feeds them.
    fn resolve_pass(&self, name: &str) -> Result<String, ImportError> {
        let mut cur = name.to_string();
        for _ in 0..=self.nodes.len() {
            if !matches!(self.nodes[&cur], Flat::Pass) {
                return Ok(cur);
            }
            match self.preds.get(&cur).map(|v| v.as_slice()) {
                Some([one]) => cur = one.clone(),
                _ => {
                    return Err(ImportError::node(
                        &cur,
                        "a nested graph's Input or Output needs exactly one edge into it",
                    ));
                }
            }
        }
        Err(ImportError::node(name, "a cycle of pass-through nodes"))
    }

    fn enter(&mut self, name: &str, what: &str) -> Result<(), ImportError> {
        if self.in_progress.iter().any(|n| n == name) {
            return Err(ImportError::node(
                name,
                format!(
                    "a cycle through {what} that passes no neuron node ({}): \
                     a recurrent edge needs a neuron on the loop",
                    self.in_progress.join(" -> ")
                ),
            ));
        }
        self.in_progress.push(name.to_string());
        Ok(())
    }

    /// The shape of what node `name` puts out.
    fn shape(&mut self, name: &str) -> Result<Vec<usize>, ImportError> {
        if let Some(s) = self.shapes.get(name) {
            return Ok(s.clone());
        }
        self.enter(name, "its shape")?;
        let shape = self.compute_shape(name);
        self.in_progress.pop();
        let shape = shape?;
        self.shapes.insert(name.to_string(), shape.clone());
        Ok(shape)
    }

    fn input_shape(&mut self, name: &str) -> Result<Vec<usize>, ImportError> {
        let preds = self.preds.get(name).cloned().unwrap_or_default();
        let Some(first) = preds.first() else {
            return Err(ImportError::node(name, "nothing feeds it"));
        };
        let shape = self.shape(first)?;
        for p in &preds[1..] {
            let other = self.shape(p)?;
            if other.iter().product::<usize>() != shape.iter().product::<usize>() {
                return Err(ImportError::node(
                    name,
                    format!(
                        "its inputs disagree in size: {} gives {other:?}, {} gives {shape:?}",
                        quote(p),
                        quote(first)
                    ),
                ));
            }
        }
        Ok(shape)
    }

    fn compute_shape(&mut self, name: &str) -> Result<Vec<usize>, ImportError> {
        let node = self.nodes[name].clone();
        Ok(match node {
            Flat::Source(shape) => shape,
            Flat::Sink | Flat::Pass => self.input_shape(name)?,
            Flat::Neuron(_, params) => {
                let sized = [
                    &params.tau,
                    &params.tau_mem,
                    &params.tau_syn,
                    &params.r,
                    &params.v_leak,
                    &params.v_threshold,
                    &params.v_reset,
                    &params.w_in,
                ]
                .into_iter()
                .flatten()
                .find(|a| !a.is_scalar())
                .cloned();
                // The input's shape when it agrees (keeps a convolution's (C, H, W) for a pooling
                // node after the neurons); the parameters' size otherwise.
                let from_input = self.input_shape(name);
                match (sized, from_input) {
                    (Some(a), Ok(inp)) if inp.iter().product::<usize>() == a.len() => inp,
                    (Some(a), _) => vec![a.len()],
                    (None, inp) => inp?,
                }
            }
            Flat::Op(op) => match op {
                Node::Linear { weight, .. } => vec![weight.shape[0]],
                Node::Scale { scale } if !scale.is_scalar() => vec![scale.len()],
                Node::Delay { delay } if !delay.is_scalar() => vec![delay.len()],
                Node::Scale { .. } | Node::Delay { .. } => self.input_shape(name)?,
                Node::Flatten {
                    start_dim,
                    end_dim,
                    input_type,
                } => {
                    let inp = match input_type {
                        Some(t) => t,
                        None => self.input_shape(name)?,
                    };
                    flatten_shape(name, &inp, start_dim, end_dim)?
                }
                Node::Conv { .. } | Node::Pool { .. } => {
                    let (inp, _) = self.spatial_input(name, &op)?;
                    spatial_output(name, &op, &inp)?
                }
                _ => unreachable!("only linear nodes are ops"),
            },
        })
    }

    /// The `(C, H, W)` or `(C, L)` input shape of a convolution or pooling node.
    fn spatial_input(&mut self, name: &str, op: &Node) -> Result<(Vec<usize>, usize), ImportError> {
        let given = self.input_shape(name)?;
        let total: usize = given.iter().product();
        let (dims, c_in, declared) = match op {
            Node::Conv {
                dims,
                weight,
                input_shape,
                ..
            } => (*dims, Some(weight.shape[1]), input_shape.clone()),
            Node::Pool { .. } => (2, None, None),
            _ => unreachable!(),
        };
        let shape = if given.len() == dims + 1 {
            given
        } else if let (Some(c), Some(sp)) = (c_in, declared.clone()) {
            let mut s = vec![c];
            s.extend(sp.iter().rev().take(dims).rev());
            s
        } else {
            return Err(ImportError::node(
                name,
                format!(
                    "needs a {}-D input (channels, {}), got {given:?}",
                    dims + 1,
                    if dims == 2 { "height, width" } else { "length" }
                ),
            ));
        };
        if shape.iter().product::<usize>() != total {
            return Err(ImportError::node(
                name,
                format!("input shape {shape:?} does not hold the {total} values it receives"),
            ));
        }
        if let Some(c) = c_in
            && shape[0] != c
        {
            return Err(ImportError::node(
                name,
                format!(
                    "weight expects {c} input channels, the input has {}",
                    shape[0]
                ),
            ));
        }
        Ok((shape, dims))
    }

    /// What feeds node `name`, summed over its incoming edges.
    fn input_of(&mut self, name: &str) -> Result<Expr, ImportError> {
        let preds = self.preds.get(name).cloned().unwrap_or_default();
        let mut sum = Expr::default();
        for p in preds {
            let e = self.output_of(&p)?;
            for (src, maps) in e.maps {
                sum.maps.entry(src).or_default().extend(maps);
            }
            if let Some(b) = e.bias {
                match &mut sum.bias {
                    None => sum.bias = Some(b),
                    Some(acc) if acc.len() == b.len() => {
                        acc.iter_mut().zip(&b).for_each(|(a, x)| *a += x)
                    }
                    Some(_) => {
                        return Err(ImportError::node(name, "its inputs disagree in size"));
                    }
                }
            }
        }
        Ok(sum)
    }

    /// What node `name` puts out, as maps from the sources.
    fn output_of(&mut self, name: &str) -> Result<Expr, ImportError> {
        if let Some(e) = self.exprs.get(name) {
            return Ok(e.clone());
        }
        let node = self.nodes[name].clone();
        let expr = match node {
            Flat::Source(_) | Flat::Neuron(..) => Expr {
                maps: BTreeMap::from([(name.to_string(), vec![Map::Identity])]),
                bias: None,
            },
            Flat::Sink => {
                return Err(ImportError::node(
                    name,
                    "an Output node cannot feed another node",
                ));
            }
            Flat::Pass => {
                self.enter(name, "a nested graph's Input/Output")?;
                let e = self.input_of(name);
                self.in_progress.pop();
                e?
            }
            Flat::Op(op) => {
                self.enter(name, op.type_name())?;
                let e = self.apply_op(name, &op);
                self.in_progress.pop();
                e?
            }
        };
        self.exprs.insert(name.to_string(), expr.clone());
        Ok(expr)
    }

    fn apply_op(&mut self, name: &str, op: &Node) -> Result<Expr, ImportError> {
        let input = self.input_of(name)?;
        let in_shape = self.input_shape(name)?;
        let n_in: usize = in_shape.iter().product();
        let own: Option<Rows> = match op {
            Node::Flatten { .. } => None,
            Node::Linear { weight, .. } => {
                let (out, cols) = (weight.shape[0], weight.shape[1]);
                if cols != n_in {
                    return Err(ImportError::node(
                        name,
                        format!(
                            "{} weight has {cols} columns but its input has {n_in} values",
                            op.type_name()
                        ),
                    ));
                }
                let mut rows: Rows = vec![Vec::new(); n_in];
                for o in 0..out {
                    for (m, row) in rows.iter_mut().enumerate() {
                        let w = weight.data[o * cols + m];
                        if w != 0.0 {
                            row.push((o as u32, 0, w));
                        }
                    }
                }
                Some(rows)
            }
            Node::Scale { scale } => {
                check_len(name, "scale", scale, n_in)?;
                Some(
                    (0..n_in)
                        .map(|m| vec![(m as u32, 0, scale.at(m))])
                        .collect(),
                )
            }
            Node::Delay { delay } => {
                check_len(name, "delay", delay, n_in)?;
                let mut rows = Vec::with_capacity(n_in);
                for m in 0..n_in {
                    let steps = delay.at(m) / self.dt;
                    let d = steps.round();
                    if (steps - d).abs() > 1e-6 * steps.max(1.0) {
                        return Err(ImportError::node(
                            name,
                            format!(
                                "delay {} s is not a whole number of timesteps of {} s (pass --dt)",
                                delay.at(m),
                                self.dt
                            ),
                        ));
                    }
                    if d > 1e6 {
                        return Err(ImportError::node(
                            name,
                            format!("delay of {d} timesteps is out of range"),
                        ));
                    }
                    rows.push(vec![(m as u32, d as u32, 1.0)]);
                }
                Some(rows)
            }
            Node::Conv { .. } | Node::Pool { .. } => {
                let (shape, _) = self.spatial_input(name, op)?;
                Some(spatial_rows(name, op, &shape)?)
            }
            _ => unreachable!("only linear nodes are ops"),
        };
        let own_bias: Option<Vec<f64>> = match op {
            Node::Linear { bias: Some(b), .. } => Some(b.data.clone()),
            Node::Conv { bias: Some(b), .. } => {
                let (shape, _) = self.spatial_input(name, op)?;
                let out = spatial_output(name, op, &shape)?;
                let per_channel: usize = out[1..].iter().product();
                Some(
                    (0..out.iter().product::<usize>())
                        .map(|i| b.at(i / per_channel))
                        .collect(),
                )
            }
            _ => None,
        };
        let Some(own) = own else {
            return Ok(input);
        };
        let n_out = match op {
            Node::Linear { weight, .. } => weight.shape[0],
            _ => own
                .iter()
                .flatten()
                .map(|&(o, _, _)| o as usize + 1)
                .max()
                .unwrap_or(0),
        };
        let mut maps = BTreeMap::new();
        for (src, ms) in input.maps {
            let composed: Vec<Map> = ms
                .iter()
                .map(|m| match m {
                    Map::Identity => Map::Sparse(own.clone()),
                    Map::Sparse(rows) => Map::Sparse(compose(rows, &own)),
                })
                .collect();
            maps.insert(src, composed);
        }
        let mut bias = input.bias.map(|b| {
            let mut out = vec![0.0; n_out];
            for (m, row) in own.iter().enumerate() {
                for &(o, _, w) in row {
                    out[o as usize] += w * b[m];
                }
            }
            out
        });
        if let Some(ob) = own_bias {
            match &mut bias {
                None => bias = Some(ob),
                Some(acc) => acc.iter_mut().zip(&ob).for_each(|(a, x)| *a += x),
            }
        }
        Ok(Expr { maps, bias })
    }
}

fn check_len(name: &str, what: &str, a: &Array, n: usize) -> Result<(), ImportError> {
    if !a.is_scalar() && a.len() != n {
        return Err(ImportError::node(
            name,
            format!("{what} has {} values but its input has {n}", a.len()),
        ));
    }
    Ok(())
}

/// `first` then `second`: entries multiply, delays add, equal `(output, delay)` pairs are summed.
fn compose(first: &Rows, second: &Rows) -> Rows {
    let mut acc: HashMap<(u32, u32), f64> = HashMap::new();
    first
        .iter()
        .map(|row| {
            acc.clear();
            for &(m, d1, w1) in row {
                for &(o, d2, w2) in &second[m as usize] {
                    *acc.entry((o, d1 + d2)).or_default() += w1 * w2;
                }
            }
            let mut out: Vec<(u32, u32, f64)> = acc.iter().map(|(&(o, d), &w)| (o, d, w)).collect();
            out.sort_by_key(|&(o, d, _)| (o, d));
            out
        })
        .collect()
}

fn flatten_shape(
    name: &str,
    shape: &[usize],
    start: i64,
    end: i64,
) -> Result<Vec<usize>, ImportError> {
    // NIR's Flatten counts dimensions without the batch dimension; negative ones count from the end.
    let n = shape.len() as i64;
    let norm = |d: i64| if d < 0 { d + n } else { d };
    let (s, e) = (norm(start), norm(end));
    if n == 0 || s < 0 || e >= n || s > e {
        return Err(ImportError::node(
            name,
            format!("Flatten dims {start}..{end} do not fit the input shape {shape:?}"),
        ));
    }
    let (s, e) = (s as usize, e as usize);
    let mut out = shape[..s].to_vec();
    out.push(shape[s..=e].iter().product());
    out.extend_from_slice(&shape[e + 1..]);
    Ok(out)
}

fn out_len(
    name: &str,
    n: usize,
    k: usize,
    s: usize,
    p: usize,
    dil: usize,
) -> Result<usize, ImportError> {
    let span = dil * (k.max(1) - 1) + 1;
    if s == 0 || n + 2 * p < span {
        return Err(ImportError::node(
            name,
            format!(
                "kernel {k} (stride {s}, padding {p}, dilation {dil}) does not fit an input of {n}"
            ),
        ));
    }
    Ok((n + 2 * p - span) / s + 1)
}

/// Output shape of a convolution or pooling node for input `(C, ...spatial)`.
fn spatial_output(name: &str, op: &Node, inp: &[usize]) -> Result<Vec<usize>, ImportError> {
    match op {
        Node::Conv {
            weight,
            stride,
            padding,
            dilation,
            dims,
            ..
        } => {
            let mut out = vec![weight.shape[0]];
            for i in 0..*dims {
                out.push(out_len(
                    name,
                    inp[1 + i],
                    weight.shape[2 + i],
                    stride[i],
                    padding[i],
                    dilation[i],
                )?);
            }
            Ok(out)
        }
        Node::Pool {
            kernel,
            stride,
            padding,
            ..
        } => {
            let mut out = vec![inp[0]];
            for i in 0..2 {
                out.push(out_len(
                    name,
                    inp[1 + i],
                    kernel[i],
                    stride[i],
                    padding[i],
                    1,
                )?);
            }
            Ok(out)
        }
        _ => unreachable!(),
    }
}

/// The explicit map of a convolution or pooling node over input `(C, ...spatial)`, C order.
/// Padding adds zeros (no synapse); an average pool divides by the whole kernel size.
fn spatial_rows(name: &str, op: &Node, inp: &[usize]) -> Result<Rows, ImportError> {
    let out = spatial_output(name, op, inp)?;
    let n_in: usize = inp.iter().product();
    let mut rows: Rows = vec![Vec::new(); n_in];
    // Spatial dims padded to 2 (a 1-D input is height 1).
    let (ih, iw) = if inp.len() == 3 {
        (inp[1], inp[2])
    } else {
        (1, inp[1])
    };
    let (oh, ow) = if out.len() == 3 {
        (out[1], out[2])
    } else {
        (1, out[1])
    };
    let idx_in = |c: usize, y: usize, x: usize| (c * ih + y) * iw + x;
    let idx_out = |c: usize, y: usize, x: usize| ((c * oh + y) * ow + x) as u32;
    match op {
        Node::Conv {
            weight,
            stride,
            padding,
            dilation,
            dims,
            ..
        } => {
            let (c_out, c_in) = (weight.shape[0], weight.shape[1]);
            let (kh, kw) = if *dims == 2 {
                (weight.shape[2], weight.shape[3])
            } else {
                (1, weight.shape[2])
            };
            let g = |v: &Vec<usize>, d: usize| {
                if *dims == 2 {
                    v[d]
                } else if d == 0 {
                    1
                } else {
                    v[0]
                }
            };
            let pad = |d: usize| {
                if *dims == 2 {
                    padding[d]
                } else if d == 0 {
                    0
                } else {
                    padding[0]
                }
            };
            let (sy, sx, dy, dx) = (g(stride, 0), g(stride, 1), g(dilation, 0), g(dilation, 1));
            let (py, px) = (pad(0), pad(1));
            for co in 0..c_out {
                for y in 0..oh {
                    for x in 0..ow {
                        for ci in 0..c_in {
                            for ky in 0..kh {
                                for kx in 0..kw {
                                    let yy = (y * sy + ky * dy) as isize - py as isize;
                                    let xx = (x * sx + kx * dx) as isize - px as isize;
                                    if yy < 0 || xx < 0 || yy >= ih as isize || xx >= iw as isize {
                                        continue;
                                    }
                                    let w = weight.data[((co * c_in + ci) * kh + ky) * kw + kx];
                                    if w != 0.0 {
                                        rows[idx_in(ci, yy as usize, xx as usize)].push((
                                            idx_out(co, y, x),
                                            0,
                                            w,
                                        ));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        Node::Pool {
            average,
            kernel,
            stride,
            padding,
        } => {
            let w = if *average {
                1.0 / (kernel[0] * kernel[1]) as f64
            } else {
                1.0
            };
            for c in 0..inp[0] {
                for y in 0..oh {
                    for x in 0..ow {
                        for ky in 0..kernel[0] {
                            for kx in 0..kernel[1] {
                                let yy = (y * stride[0] + ky) as isize - padding[0] as isize;
                                let xx = (x * stride[1] + kx) as isize - padding[1] as isize;
                                if yy < 0 || xx < 0 || yy >= ih as isize || xx >= iw as isize {
                                    continue;
                                }
                                rows[idx_in(c, yy as usize, xx as usize)].push((
                                    idx_out(c, y, x),
                                    0,
                                    w,
                                ));
                            }
                        }
                    }
                }
            }
        }
        _ => unreachable!(),
    }
    Ok(rows)
}
