//! The digits benchmark on the model (issue 10): the imported network (`examples/digits/digits.toml`)
//! on the `up5k` core over the whole test split. The integer network must reach 95 % and stay within
//! one point of the float network that snnTorch trained (`examples/digits/float_results.json`).

use std::path::PathBuf;

use flux_sim::compile;
use flux_sim::eval;
use flux_sim::spec::UP5K;

fn digits() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/digits")
}

#[test]
fn the_integer_digits_network_is_within_a_point_of_the_float_one() {
    let net = compile::compile_file(&digits().join("digits.toml"), Some(UP5K)).unwrap();
    let data = eval::read(&digits().join("test.jsonl")).unwrap();
    let plan = eval::plan(&net, &data.header, data.samples[0].values.len()).unwrap();
    // Two layers: the hidden layer's spikes reach the readout one timestep later (docs/model.md §2).
    assert_eq!(plan.extra_steps, 1);
    let correct = data
        .samples
        .iter()
        .filter(|s| eval::run_sample(&net, &plan, s, data.header.classes).predicted == s.label)
        .count();
    let accuracy = correct as f64 / data.samples.len() as f64;
    let float: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(digits().join("float_results.json")).unwrap(),
    )
    .unwrap();
    let float_accuracy = float["test_accuracy"].as_f64().unwrap();
    eprintln!(
        "digits: integer {correct}/{} = {:.2} %, float {:.2} %",
        data.samples.len(),
        accuracy * 100.0,
        float_accuracy * 100.0
    );
    assert_eq!(data.samples.len(), 360);
    assert!(accuracy >= 0.95, "{accuracy}");
    assert!(
        (accuracy - float_accuracy).abs() <= 0.01,
        "{accuracy} vs {float_accuracy}"
    );
}

#[test]
fn ties_go_to_the_lowest_class() {
    assert_eq!(eval::predict(&[0, 3, 3, 1]), 1);
    assert_eq!(eval::predict(&[0, 0, 0]), 0);
}

#[test]
fn rate_coding_rounds_half_up() {
    // p16 = round_half_up(v * 65536 / max): 16 of 16 is certain, 1 of 16 is 4096, 1 of 3 is
    // 21845.33 -> 21845, 2 of 3 is 43690.67 -> 43691.
    assert_eq!(eval::rate_p16(16, 16), 65536);
    assert_eq!(eval::rate_p16(1, 16), 4096);
    assert_eq!(eval::rate_p16(1, 3), 21845);
    assert_eq!(eval::rate_p16(2, 3), 43691);
}
