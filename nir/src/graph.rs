//! The NIR graph, typed: the nodes Flux imports, with their parameters as written (floats), and the
//! edges. Built from the HDF5 tree of `hdf5_tree.rs`; every parameter is checked here for presence,
//! shape and finiteness, so later stages work on valid values only.

use std::collections::BTreeMap;

use crate::ImportError;
use crate::hdf5_tree::Value;

/// NIR file versions this importer reads (the `version` dataset `nir.write` stores): 1.0.x.
pub const SUPPORTED_VERSIONS: &str = "1.0.x";

/// The node types Flux imports (`docs/model.md` §13), as NIR names them.
pub const SUPPORTED_NODES: &[&str] = &[
    "Input",
    "Output",
    "Affine",
    "Linear",
    "Scale",
    "LIF",
    "CubaLIF",
    "IF",
    "LI",
    "CubaLI",
    "Threshold",
    "Delay",
    "Flatten",
    "Conv1d",
    "Conv2d",
    "SumPool2d",
    "AvgPool2d",
    "NIRGraph",
];

/// A numeric parameter: its shape (empty: a scalar, which broadcasts) and values in C order.
#[derive(Clone, Debug, PartialEq)]
pub struct Array {
    pub shape: Vec<usize>,
    pub data: Vec<f64>,
}

impl Array {
    /// Whether it is a scalar (0-d, or a single value), which broadcasts to any size.
    pub fn is_scalar(&self) -> bool {
        self.data.len() == 1 && self.shape.iter().all(|&d| d <= 1)
    }

    /// The value for element `i` (a scalar broadcasts).
    pub fn at(&self, i: usize) -> f64 {
        if self.is_scalar() {
            self.data[0]
        } else {
            self.data[i]
        }
    }

    /// Number of elements (1 for a scalar).
    pub fn len(&self) -> usize {
        self.data.len()
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

/// Neuron parameters, by NIR's names. Which are present depends on the type.
#[derive(Clone, Debug, PartialEq)]
pub struct NeuronParams {
    pub tau: Option<Array>,
    pub tau_mem: Option<Array>,
    pub tau_syn: Option<Array>,
    pub r: Option<Array>,
    pub v_leak: Option<Array>,
    pub v_threshold: Option<Array>,
    pub v_reset: Option<Array>,
    pub w_in: Option<Array>,
}

/// What a neuron node does (the NIR type).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NeuronType {
    Lif,
    CubaLif,
    If,
    Li,
    CubaLi,
    Threshold,
}

impl NeuronType {
    pub fn name(self) -> &'static str {
        match self {
            NeuronType::Lif => "LIF",
            NeuronType::CubaLif => "CubaLIF",
            NeuronType::If => "IF",
            NeuronType::Li => "LI",
            NeuronType::CubaLi => "CubaLI",
            NeuronType::Threshold => "Threshold",
        }
    }

    /// Whether it emits spikes (LI and CubaLI are read out by their state).
    pub fn spikes(self) -> bool {
        !matches!(self, NeuronType::Li | NeuronType::CubaLi)
    }
}

/// One node.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Input {
        shape: Vec<usize>,
    },
    Output {
        shape: Vec<usize>,
    },
    /// `Affine` (with `bias`) and `Linear` (without): `weight` is `(out, in)`.
    Linear {
        weight: Array,
        bias: Option<Array>,
    },
    Scale {
        scale: Array,
    },
    Delay {
        delay: Array,
    },
    Flatten {
        start_dim: i64,
        end_dim: i64,
        input_type: Option<Vec<usize>>,
    },
    /// `Conv1d` (`dims = 1`, weight `(C_out, C_in, K)`) and `Conv2d` (`dims = 2`, weight
    /// `(C_out, C_in, KH, KW)`); `stride`, `padding`, `dilation` have `dims` entries.
    Conv {
        dims: usize,
        weight: Array,
        bias: Option<Array>,
        stride: Vec<usize>,
        padding: Vec<usize>,
        dilation: Vec<usize>,
        groups: usize,
        input_shape: Option<Vec<usize>>,
    },
    /// `SumPool2d` (`average = false`) and `AvgPool2d`.
    Pool {
        average: bool,
        kernel: Vec<usize>,
        stride: Vec<usize>,
        padding: Vec<usize>,
    },
    Neuron {
        kind: NeuronType,
        params: NeuronParams,
    },
    Graph(Graph),
}

impl Node {
    /// The NIR type name.
    pub fn type_name(&self) -> &'static str {
        match self {
            Node::Input { .. } => "Input",
            Node::Output { .. } => "Output",
            Node::Linear { bias: Some(_), .. } => "Affine",
            Node::Linear { bias: None, .. } => "Linear",
            Node::Scale { .. } => "Scale",
            Node::Delay { .. } => "Delay",
            Node::Flatten { .. } => "Flatten",
            Node::Conv { dims: 1, .. } => "Conv1d",
            Node::Conv { .. } => "Conv2d",
            Node::Pool { average: false, .. } => "SumPool2d",
            Node::Pool { .. } => "AvgPool2d",
            Node::Neuron { kind, .. } => kind.name(),
            Node::Graph(_) => "NIRGraph",
        }
    }
}

/// A NIR graph: nodes by name and the edges `(source, target)` in file order.
#[derive(Clone, Debug, PartialEq)]
pub struct Graph {
    pub nodes: BTreeMap<String, Node>,
    pub edges: Vec<(String, String)>,
}

/// A whole file: its NIR version and the top graph.
#[derive(Clone, Debug, PartialEq)]
pub struct NirFile {
    pub version: String,
    pub graph: Graph,
}

/// Builds the typed graph from the HDF5 tree of a NIR file.
pub fn from_tree(root: &Value) -> Result<NirFile, ImportError> {
    let Value::Group(members) = root else {
        return Err(ImportError::file("the file's root is not an HDF5 group"));
    };
    let version = match members.get("version") {
        Some(Value::Strings { data, .. }) if data.len() == 1 => data[0].clone(),
        Some(_) => return Err(ImportError::file("`version` is not one string")),
        None => {
            return Err(ImportError::file(
                "no `version` dataset: not a file written by nir.write (NIR 1.0)",
            ));
        }
    };
    if !(version == "1.0" || version.starts_with("1.0.")) {
        return Err(ImportError::file(format!(
            "NIR version {version:?} is not supported (Flux reads NIR {SUPPORTED_VERSIONS})"
        )));
    }
    let node = members
        .get("node")
        .ok_or_else(|| ImportError::file("no `node` group: not a file written by nir.write"))?;
    let graph = match read_node("", node)? {
        Node::Graph(g) => g,
        other => {
            return Err(ImportError::file(format!(
                "the top node is a {}, not a NIRGraph",
                other.type_name()
            )));
        }
    };
    Ok(NirFile { version, graph })
}

fn read_node(name: &str, value: &Value) -> Result<Node, ImportError> {
    let Value::Group(m) = value else {
        return Err(ImportError::node(name, "is not an HDF5 group"));
    };
    let ty = match m.get("type") {
        Some(Value::Strings { data, .. }) if data.len() == 1 => data[0].as_str(),
        _ => return Err(ImportError::node(name, "has no `type` string")),
    };
    let p = Params { node: name, m };
    Ok(match ty {
        "NIRGraph" => Node::Graph(read_graph(name, m)?),
        "Input" => Node::Input {
            shape: p.shape("shape")?,
        },
        "Output" => Node::Output {
            shape: p.shape("shape")?,
        },
        "Affine" | "Linear" => {
            let weight = p.array("weight")?;
            if weight.shape.len() != 2 {
                return Err(ImportError::node(
                    name,
                    format!(
                        "{ty} weight must be 2-D (out, in), not of shape {:?}",
                        weight.shape
                    ),
                ));
            }
            let bias = if ty == "Affine" {
                let b = p.array("bias")?;
                if b.len() != weight.shape[0] {
                    return Err(ImportError::node(
                        name,
                        format!(
                            "Affine bias has {} values but the weight has {} rows",
                            b.len(),
                            weight.shape[0]
                        ),
                    ));
                }
                Some(b)
            } else {
                None
            };
            Node::Linear { weight, bias }
        }
        "Scale" => Node::Scale {
            scale: p.array("scale")?,
        },
        "Delay" => {
            let delay = p.array("delay")?;
            if let Some(d) = delay.data.iter().find(|&&d| d < 0.0) {
                return Err(ImportError::node(
                    name,
                    format!("Delay has a negative delay {d}"),
                ));
            }
            Node::Delay { delay }
        }
        "Flatten" => Node::Flatten {
            start_dim: p.int("start_dim")?,
            end_dim: p.int("end_dim")?,
            input_type: p.optional_shape("input_type")?,
        },
        "Conv1d" | "Conv2d" => {
            let dims = if ty == "Conv1d" { 1 } else { 2 };
            let weight = p.array("weight")?;
            if weight.shape.len() != dims + 2 {
                return Err(ImportError::node(
                    name,
                    format!(
                        "{ty} weight must have {} dimensions, not shape {:?}",
                        dims + 2,
                        weight.shape
                    ),
                ));
            }
            let bias = p.optional_array("bias")?;
            if let Some(b) = &bias
                && !b.is_scalar()
                && b.len() != weight.shape[0]
            {
                return Err(ImportError::node(
                    name,
                    format!(
                        "{ty} bias has {} values for {} output channels",
                        b.len(),
                        weight.shape[0]
                    ),
                ));
            }
            let groups = p.optional_int("groups")?.unwrap_or(1);
            if groups != 1 {
                return Err(ImportError::node(
                    name,
                    format!("{ty} with groups = {groups}: only groups = 1 is supported"),
                ));
            }
            Node::Conv {
                dims,
                weight,
                bias,
                stride: p.per_dim("stride", dims, 1)?,
                padding: p.padding(dims)?,
                dilation: p.per_dim("dilation", dims, 1)?,
                groups: 1,
                input_shape: p.optional_shape("input_shape")?,
            }
        }
        "SumPool2d" | "AvgPool2d" => Node::Pool {
            average: ty == "AvgPool2d",
            kernel: p.per_dim("kernel_size", 2, 1)?,
            stride: p.per_dim("stride", 2, 1)?,
            padding: p.per_dim("padding", 2, 0)?,
        },
        "LIF" | "CubaLIF" | "IF" | "LI" | "CubaLI" | "Threshold" => {
            let kind = match ty {
                "LIF" => NeuronType::Lif,
                "CubaLIF" => NeuronType::CubaLif,
                "IF" => NeuronType::If,
                "LI" => NeuronType::Li,
                "CubaLI" => NeuronType::CubaLi,
                _ => NeuronType::Threshold,
            };
            let (required, optional): (&[&str], &[&str]) = match kind {
                NeuronType::Lif => (&["tau", "r", "v_leak", "v_threshold"], &["v_reset"]),
                NeuronType::CubaLif => (
                    &["tau_mem", "tau_syn", "r", "v_leak", "v_threshold"],
                    &["v_reset", "w_in"],
                ),
                NeuronType::If => (&["r", "v_threshold"], &["v_reset"]),
                NeuronType::Li => (&["tau", "r", "v_leak"], &[]),
                NeuronType::CubaLi => (&["tau_mem", "tau_syn", "r", "v_leak"], &["w_in"]),
                NeuronType::Threshold => (&["threshold"], &[]),
            };
            let mut got: BTreeMap<&str, Array> = BTreeMap::new();
            for &k in required {
                got.insert(k, p.array(k)?);
            }
            for &k in optional {
                if let Some(a) = p.optional_array(k)? {
                    got.insert(k, a);
                }
            }
            // The sizes of the per-neuron arrays must agree (scalars broadcast).
            let sizes: Vec<(&str, usize)> = got
                .iter()
                .filter(|(_, a)| !a.is_scalar())
                .map(|(k, a)| (*k, a.len()))
                .collect();
            if let Some(&(k0, n0)) = sizes.first()
                && let Some(&(k1, n1)) = sizes.iter().find(|(_, n)| *n != n0)
            {
                return Err(ImportError::node(
                    name,
                    format!(
                        "{ty} parameters disagree in size: {k0} has {n0} values, {k1} has {n1}"
                    ),
                ));
            }
            for k in ["tau", "tau_mem", "tau_syn"] {
                if let Some(a) = got.get(k)
                    && let Some(bad) = a.data.iter().find(|&&x| x <= 0.0)
                {
                    return Err(ImportError::node(
                        name,
                        format!("{ty} {k} = {bad}: a time constant must be positive"),
                    ));
                }
            }
            let mut take = |k: &str| got.remove(k);
            let threshold = take("threshold");
            Node::Neuron {
                kind,
                params: NeuronParams {
                    tau: take("tau"),
                    tau_mem: take("tau_mem"),
                    tau_syn: take("tau_syn"),
                    r: take("r"),
                    v_leak: take("v_leak"),
                    v_threshold: take("v_threshold").or(threshold),
                    v_reset: take("v_reset"),
                    w_in: take("w_in"),
                },
            }
        }
        other => {
            return Err(ImportError::node(
                name,
                format!(
                    "node type {} is not supported (Flux imports {})",
                    quote(other),
                    SUPPORTED_NODES.join(", ")
                ),
            ));
        }
    })
}

fn read_graph(name: &str, m: &BTreeMap<String, Value>) -> Result<Graph, ImportError> {
    let Some(Value::Group(node_values)) = m.get("nodes") else {
        return Err(ImportError::node(name, "NIRGraph has no `nodes` group"));
    };
    let prefix = |n: &str| {
        if name.is_empty() {
            n.to_string()
        } else {
            format!("{name}.{n}")
        }
    };
    let mut nodes = BTreeMap::new();
    for (n, v) in node_values {
        nodes.insert(n.clone(), read_node(&prefix(n), v)?);
    }
    let edges = match m.get("edges") {
        None => Vec::new(),
        Some(Value::Strings { shape, data }) if data.is_empty() => {
            let _ = shape;
            Vec::new()
        }
        Some(Value::Strings { shape, data }) if shape.len() == 2 && shape[1] == 2 => data
            .chunks(2)
            .map(|c| (c[0].clone(), c[1].clone()))
            .collect(),
        Some(_) => {
            return Err(ImportError::node(
                name,
                "NIRGraph `edges` must be an (n, 2) array of node names",
            ));
        }
    };
    for (a, b) in &edges {
        for end in [a, b] {
            if !nodes.contains_key(end.as_str()) {
                return Err(ImportError::node(
                    name,
                    format!(
                        "an edge names node {} that the graph does not have",
                        quote(end)
                    ),
                ));
            }
        }
    }
    Ok(Graph { nodes, edges })
}

/// A name for a message: quoted, control characters escaped, long names shortened.
pub fn quote(name: &str) -> String {
    const MAX: usize = 64;
    let short: String = name.chars().take(MAX).collect();
    let mut q = format!("{short:?}");
    if name.chars().count() > MAX {
        q.push('…');
    }
    q
}

/// The parameter datasets of one node, with checks that name the node and the parameter.
struct Params<'a> {
    node: &'a str,
    m: &'a BTreeMap<String, Value>,
}

impl Params<'_> {
    fn optional_array(&self, key: &str) -> Result<Option<Array>, ImportError> {
        match self.m.get(key) {
            None => Ok(None),
            Some(Value::Numbers { shape, data }) => {
                if let Some(bad) = data.iter().find(|x| !x.is_finite()) {
                    return Err(ImportError::node(
                        self.node,
                        format!("parameter {key} holds {bad}: every value must be finite"),
                    ));
                }
                if data.is_empty() {
                    return Err(ImportError::node(
                        self.node,
                        format!("parameter {key} is empty"),
                    ));
                }
                Ok(Some(Array {
                    shape: shape.clone(),
                    data: data.clone(),
                }))
            }
            Some(Value::Strings { .. }) => Err(ImportError::node(
                self.node,
                format!("parameter {key} is a string, not numbers"),
            )),
            Some(Value::Group(_)) => Err(ImportError::node(
                self.node,
                format!("parameter {key} is a group, not numbers"),
            )),
        }
    }

    fn array(&self, key: &str) -> Result<Array, ImportError> {
        self.optional_array(key)?.ok_or_else(|| {
            ImportError::node(self.node, format!("required parameter {key} is missing"))
        })
    }

    fn optional_int(&self, key: &str) -> Result<Option<i64>, ImportError> {
        match self.optional_array(key)? {
            None => Ok(None),
            Some(a) if a.len() == 1 && a.data[0].fract() == 0.0 => Ok(Some(a.data[0] as i64)),
            Some(a) => Err(ImportError::node(
                self.node,
                format!("parameter {key} must be one integer, not {:?}", a.data),
            )),
        }
    }

    fn int(&self, key: &str) -> Result<i64, ImportError> {
        self.optional_int(key)?.ok_or_else(|| {
            ImportError::node(self.node, format!("required parameter {key} is missing"))
        })
    }

    fn optional_shape(&self, key: &str) -> Result<Option<Vec<usize>>, ImportError> {
        match self.optional_array(key)? {
            None => Ok(None),
            Some(a) => {
                if a.data
                    .iter()
                    .any(|&x| x < 1.0 || x.fract() != 0.0 || x > 1e9)
                {
                    return Err(ImportError::node(
                        self.node,
                        format!("{key} must hold positive integers, not {:?}", a.data),
                    ));
                }
                Ok(Some(a.data.iter().map(|&x| x as usize).collect()))
            }
        }
    }

    fn shape(&self, key: &str) -> Result<Vec<usize>, ImportError> {
        self.optional_shape(key)?.ok_or_else(|| {
            ImportError::node(self.node, format!("required parameter {key} is missing"))
        })
    }

    /// A per-dimension integer parameter (`stride`, ...): one value (broadcast) or `dims` values.
    fn per_dim(&self, key: &str, dims: usize, default: usize) -> Result<Vec<usize>, ImportError> {
        match self.optional_array(key)? {
            None => Ok(vec![default; dims]),
            Some(a) => {
                if a.data
                    .iter()
                    .any(|&x| x < 0.0 || x.fract() != 0.0 || x > 1e6)
                    || !(a.len() == 1 || a.len() == dims)
                {
                    return Err(ImportError::node(
                        self.node,
                        format!(
                            "{key} must be 1 or {dims} non-negative integers, not {:?}",
                            a.data
                        ),
                    ));
                }
                Ok((0..dims).map(|i| a.at(i) as usize).collect())
            }
        }
    }

    /// Convolution padding: integers, or the strings `valid` / `same`, which are refused here
    /// unless `valid` (zero padding).
    fn padding(&self, dims: usize) -> Result<Vec<usize>, ImportError> {
        match self.m.get("padding") {
            Some(Value::Strings { data, .. }) if data.len() == 1 => match data[0].as_str() {
                "valid" => Ok(vec![0; dims]),
                other => Err(ImportError::node(
                    self.node,
                    format!(
                        "padding {} is not supported: give the padding as integers",
                        quote(other)
                    ),
                )),
            },
            _ => self.per_dim("padding", dims, 0),
        }
    }
}
