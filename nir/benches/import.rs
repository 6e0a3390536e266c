//! Import speed (issue 10): a graph with 100,000 weights (Input 400 -> Linear 250 x 400 -> LIF 250)
//! imported for the `large` core, the written file compiled as part of it. Run with
//! `cargo bench -p flux-nir --bench import`.

use criterion::{Criterion, criterion_group, criterion_main};
use flux_nir::graph::{Array, Graph, NeuronParams, NeuronType, NirFile, Node};
use flux_nir::{Options, quantise};

fn graph() -> NirFile {
    let (n_in, n_out) = (400usize, 250usize);
    let arr = |x: f64| Array {
        shape: vec![n_out],
        data: vec![x; n_out],
    };
    // Deterministic weights in (-1, 1), none zero (a multiplicative hash of the index).
    let weights = (0..n_in * n_out)
        .map(|i| ((i as u64 * 2_654_435_761 % 1999) as f64 + 1.0) / 1000.0 - 1.0005)
        .collect();
    let nodes = [
        ("in", Node::Input { shape: vec![n_in] }),
        (
            "lin",
            Node::Linear {
                weight: Array {
                    shape: vec![n_out, n_in],
                    data: weights,
                },
                bias: None,
            },
        ),
        (
            "lif",
            Node::Neuron {
                kind: NeuronType::Lif,
                params: NeuronParams {
                    tau: Some(arr(1.6e-3)),
                    tau_mem: None,
                    tau_syn: None,
                    r: Some(arr(16.0)),
                    v_leak: Some(arr(0.0)),
                    v_threshold: Some(arr(1.0)),
                    v_reset: Some(arr(0.0)),
                    w_in: None,
                },
            },
        ),
        ("out", Node::Output { shape: vec![n_out] }),
    ];
    NirFile {
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

fn bench(c: &mut Criterion) {
    let file = graph();
    let options = Options {
        preset: Some("large".into()),
        ..Options::default()
    };
    let imported = quantise::import(&file, "bench", &options).expect("imports");
    assert_eq!(
        imported.layers[0].synapses + imported.layers[0].pruned,
        100_000
    );
    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    g.bench_function("100k_weights_large", |b| {
        b.iter(|| quantise::import(&file, "bench", &options).expect("imports"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
