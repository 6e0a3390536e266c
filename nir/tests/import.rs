//! NIR import against files written by the real `nir` package (nir 1.0.8, `nir/fixtures/`): what is
//! read equals what the fixture script wrote (its JSON dump), gzip and uncompressed files read the
//! same, every supported node imports, and every bad file is one clear error.

use std::path::PathBuf;

use flux_nir::graph::{self, Node};
use flux_nir::{Kind, Options, Reset, hdf5_tree, import_file};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn read_graph(name: &str) -> graph::NirFile {
    let tree = hdf5_tree::read(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    graph::from_tree(&tree).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn json(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture(name)).unwrap()).unwrap()
}

/// The values of one parameter of one node, as the fixture script dumped them.
fn dumped(j: &Value, node: &str, param: &str) -> Vec<f64> {
    j["graph"]["nodes"][node]["params"][param]["values"]
        .as_array()
        .unwrap_or_else(|| panic!("{node}.{param} not in the dump"))
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

const GOOD: &[&str] = &[
    "lif_chain_plain",
    "lif_chain_gzip",
    "cuba_plain",
    "if_li_plain",
    "threshold_delay_plain",
    "conv2d_sumpool_gzip",
    "conv2d_avgpool_plain",
    "conv1d_plain",
    "nested_gzip",
    "recurrent_plain",
    "scalar_lif_plain",
    "snntorch_leaky",
];

#[test]
fn every_fixture_reads_as_the_script_wrote_it() {
    for name in GOOD {
        let file = read_graph(&format!("{name}.nir"));
        let j = json(&format!("{name}.json"));
        assert_eq!(file.version, j["nir_version"].as_str().unwrap(), "{name}");
        let nodes = j["graph"]["nodes"].as_object().unwrap();
        assert_eq!(file.graph.nodes.len(), nodes.len(), "{name}: node count");
        for (node, dump) in nodes {
            let got = &file.graph.nodes[node];
            assert_eq!(
                got.type_name(),
                dump["type"].as_str().unwrap(),
                "{name}.{node}"
            );
            // Every numeric parameter, value by value (float32 in the file, exact in f64).
            let params: Vec<(&str, Option<&graph::Array>)> = match got {
                Node::Linear { weight, bias } => {
                    vec![("weight", Some(weight)), ("bias", bias.as_ref())]
                }
                Node::Neuron { params, .. } => vec![
                    ("tau", params.tau.as_ref()),
                    ("tau_mem", params.tau_mem.as_ref()),
                    ("tau_syn", params.tau_syn.as_ref()),
                    ("r", params.r.as_ref()),
                    ("v_leak", params.v_leak.as_ref()),
                    ("v_reset", params.v_reset.as_ref()),
                    ("w_in", params.w_in.as_ref()),
                ],
                Node::Conv { weight, .. } => vec![("weight", Some(weight))],
                Node::Delay { delay } => vec![("delay", Some(delay))],
                Node::Scale { scale } => vec![("scale", Some(scale))],
                _ => vec![],
            };
            for (p, a) in params {
                if let Some(a) = a {
                    assert_eq!(a.data, dumped(&j, node, p), "{name}.{node}.{p}");
                }
            }
        }
        let edges: Vec<(String, String)> = j["graph"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e[0].as_str().unwrap().into(), e[1].as_str().unwrap().into()))
            .collect();
        assert_eq!(file.graph.edges, edges, "{name}: edges");
    }
}

#[test]
fn gzip_and_uncompressed_files_read_the_same() {
    let j = json("lif_chain_gzip.json");
    assert_eq!(j["compression"], "gzip", "the fixture really is compressed");
    assert_eq!(
        read_graph("lif_chain_gzip.nir"),
        read_graph("lif_chain_plain.nir")
    );
}

fn options(preset: &str) -> Options {
    Options {
        preset: Some(preset.into()),
        ..Options::default()
    }
}

#[test]
fn supported_graphs_import_and_compile() {
    // Each fixture with the options it needs; the importer compiles the file it writes.
    let cases: &[(&str, Options)] = &[
        ("cuba_plain.nir", options("small")),
        ("lif_chain_gzip.nir", options("small")),
        ("recurrent_plain.nir", options("small")),
        ("if_li_plain.nir", options("up5k")),
        ("conv2d_sumpool_gzip.nir", options("small")),
        ("conv2d_avgpool_plain.nir", options("small")),
        ("conv1d_plain.nir", options("small")),
        ("nested_gzip.nir", options("small")),
        ("scalar_lif_plain.nir", options("up5k")),
        // Exported by snnTorch 1.0.0 (Leaky, subtract reset).
        (
            "snntorch_leaky.nir",
            Options {
                reset: Reset::Subtract,
                ..options("up5k")
            },
        ),
        // Delays of 1, 2, 3 ms are 1..3 timesteps at dt = 1 ms.
        (
            "threshold_delay_plain.nir",
            Options {
                dt: 1e-3,
                ..options("small")
            },
        ),
    ];
    for (name, o) in cases {
        let imported = import_file(&fixture(name), o).unwrap_or_else(|e| panic!("{e}"));
        assert!(imported.text.contains("[[projection]]"), "{name}");
        for l in &imported.layers {
            assert!(l.synapses > 0, "{name}: layer {} has synapses", l.name);
        }
    }
}

#[test]
fn conv_and_pool_expand_to_the_expected_synapse_counts() {
    // conv1d_plain: Conv1d over (1, 8): 2 channels, kernel 3, stride 1, no padding -> 2 x 6 outputs
    // (the LIF's 12 neurons), each fed by 3 inputs: 36 products. The fixture's weight[0][0][0] is
    // 0.0, so the first tap of channel 0 makes no synapse at any of its 6 positions: 30.
    let imported = import_file(&fixture("conv1d_plain.nir"), &options("small")).unwrap();
    let lif1 = &imported.layers[0];
    assert_eq!(lif1.neurons, 12);
    assert_eq!(lif1.synapses + lif1.pruned, 2 * 6 * 3 - 6, "{lif1:?}");
}

#[test]
fn subtract_reset_and_the_cuba_kind_are_refused_together() {
    let e = import_file(
        &fixture("scalar_lif_plain.nir"),
        &Options {
            kind: Kind::Cuba,
            reset: Reset::Subtract,
            ..options("small")
        },
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("--reset subtract needs the FLUX kind"),
        "{e}"
    );
}

#[test]
fn bad_files_are_one_clear_error() {
    let cases = [
        ("not_hdf5.nir", "not an HDF5 file"),
        ("truncated.nir", "truncated file"),
        (
            "nan_weight.nir",
            "node \"linear\": parameter weight holds NaN",
        ),
        (
            "bad_shape.nir",
            "node \"lif\": LIF has 4 neurons but its input has 3 values",
        ),
        ("unknown_node.nir", "node type \"I\" is not supported"),
        (
            "future_version.nir",
            "NIR version \"9.9.9\" is not supported",
        ),
        // Delays of 10 timesteps at the default dt do not fit a core's delay slots.
        ("threshold_delay_plain.nir", "delay 10 does not fit"),
    ];
    for (name, want) in cases {
        let e = import_file(&fixture(name), &Options::default())
            .err()
            .unwrap_or_else(|| panic!("{name} imported"));
        let msg = e.to_string();
        assert!(msg.contains(want), "{name}: {msg}");
        assert!(
            msg.starts_with(&fixture(name).display().to_string()),
            "{msg}"
        );
        assert!(!msg.contains('\n'), "one line: {msg}");
    }
}

#[test]
fn the_committed_digits_network_is_what_import_writes() {
    // examples/digits/digits.toml is `flux import digits.nir --reset subtract --preset up5k`.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/digits");
    let imported = import_file(
        &dir.join("digits.nir"),
        &Options {
            reset: Reset::Subtract,
            ..options("up5k")
        },
    )
    .unwrap();
    let committed = std::fs::read_to_string(dir.join("digits.toml")).unwrap();
    assert!(
        imported.text == committed,
        "examples/digits/digits.toml is stale: run `flux import examples/digits/digits.nir -o examples/digits/digits.toml --reset subtract --preset up5k`"
    );
}

/// A graph built in code: Input(2) -> Linear -> LIF(2) -> Output, with the given per-neuron taus.
fn two_neuron_lif(tau: [f64; 2]) -> graph::NirFile {
    use graph::{Array, Graph, NeuronParams, NeuronType};
    let arr = |v: Vec<f64>| Array {
        shape: vec![v.len()],
        data: v,
    };
    let nodes = [
        ("in", Node::Input { shape: vec![2] }),
        (
            "lin",
            Node::Linear {
                weight: Array {
                    shape: vec![2, 2],
                    data: vec![0.5, -0.25, 0.125, 1.0],
                },
                bias: None,
            },
        ),
        (
            "lif",
            Node::Neuron {
                kind: NeuronType::Lif,
                params: NeuronParams {
                    tau: Some(arr(tau.to_vec())),
                    tau_mem: None,
                    tau_syn: None,
                    r: Some(arr(vec![tau[0] / 1e-4, tau[1] / 1e-4])),
                    v_leak: Some(arr(vec![0.0, 0.0])),
                    v_threshold: Some(arr(vec![1.0, 1.0])),
                    v_reset: Some(arr(vec![0.0, 0.0])),
                    w_in: None,
                },
            },
        ),
        ("out", Node::Output { shape: vec![2] }),
    ];
    graph::NirFile {
        version: "1.0.8".into(),
        graph: Graph {
            nodes: nodes.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            edges: [("in", "lin"), ("lin", "lif"), ("lif", "out")]
                .into_iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        },
    }
}

#[test]
fn neurons_with_different_time_constants_get_their_own_profiles() {
    // tau = 2 dt and 16 dt: leak shifts 1 and 4, two profiles, one population per neuron.
    let file = two_neuron_lif([2e-4, 16e-4]);
    let imported = flux_nir::quantise::import(&file, "code", &options("small")).unwrap();
    let text = &imported.text;
    assert!(
        text.contains("name = \"lif#0\"") && text.contains("name = \"lif#1\""),
        "{text}"
    );
    assert!(
        text.contains("leak = 1\n") && text.contains("leak = 4\n"),
        "{text}"
    );
    assert!(
        text.contains("name = \"lif/0\"") && text.contains("name = \"lif/1\""),
        "{text}"
    );
    assert!(text.contains("probes = [\"lif/0\", \"lif/1\"]"), "{text}");
    // The same time constants make one profile and one population named as the node.
    let same = flux_nir::quantise::import(&two_neuron_lif([2e-4, 2e-4]), "code", &options("small"))
        .unwrap();
    assert!(
        same.text.contains("name = \"lif\"\nsize = 2"),
        "{}",
        same.text
    );
}

#[test]
fn a_missing_parameter_and_a_loop_without_a_neuron_are_one_clear_error() {
    use hdf5_tree::Value;
    use std::collections::BTreeMap;
    let s = |x: &str| Value::Strings {
        shape: vec![],
        data: vec![x.to_string()],
    };
    let nums = |shape: Vec<usize>, data: Vec<f64>| Value::Numbers { shape, data };
    let group = |items: Vec<(&str, Value)>| {
        Value::Group(
            items
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<BTreeMap<_, _>>(),
        )
    };
    let file = |nodes: Vec<(&str, Value)>, edges: &[(&str, &str)]| {
        group(vec![
            ("version", s("1.0.8")),
            (
                "node",
                group(vec![
                    ("type", s("NIRGraph")),
                    ("nodes", group(nodes)),
                    (
                        "edges",
                        Value::Strings {
                            shape: vec![edges.len(), 2],
                            data: edges
                                .iter()
                                .flat_map(|(a, b)| [a.to_string(), b.to_string()])
                                .collect(),
                        },
                    ),
                ]),
            ),
        ])
    };
    let input = || {
        group(vec![
            ("type", s("Input")),
            ("shape", nums(vec![1], vec![2.0])),
        ])
    };
    let linear = || {
        group(vec![
            ("type", s("Linear")),
            ("weight", nums(vec![2, 2], vec![1.0, 0.0, 0.0, 1.0])),
        ])
    };
    // A LIF without v_threshold.
    let lif = group(vec![
        ("type", s("LIF")),
        ("tau", nums(vec![2], vec![1e-3, 1e-3])),
        ("r", nums(vec![2], vec![1.0, 1.0])),
        ("v_leak", nums(vec![2], vec![0.0, 0.0])),
    ]);
    let e = graph::from_tree(&file(
        vec![("in", input()), ("lin", linear()), ("lif", lif)],
        &[("in", "lin"), ("lin", "lif")],
    ))
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "node \"lif\": required parameter v_threshold is missing"
    );

    // Two Linear nodes feeding each other: a loop that no neuron breaks.
    let looped = graph::from_tree(&file(
        vec![
            ("in", input()),
            ("a", linear()),
            ("b", linear()),
            (
                "th",
                group(vec![
                    ("type", s("Threshold")),
                    ("threshold", nums(vec![2], vec![0.5, 0.5])),
                ]),
            ),
        ],
        &[("in", "a"), ("a", "b"), ("b", "a"), ("b", "th")],
    ))
    .unwrap();
    let e = flux_nir::quantise::import(&looped, "loop", &Options::default()).unwrap_err();
    assert!(
        e.to_string()
            .contains("a cycle through Linear that passes no neuron node"),
        "{e}"
    );
}
