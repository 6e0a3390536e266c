//! A divergence is reported as a typed [`Mismatch`] naming the timestep, neuron, field and values,
//! and the failing window can be recorded as a VCD.

mod common;

use flux_sim::image::CoreImage;
use flux_sim::inputs::InputSet;
use flux_sim::spec::{SMALL, state};
use flux_testbenches::cosim::{self, Cosim, CosimError, Difference, StateCheck};
use flux_testbenches::rtl::Mem;
use flux_testbenches::verilate::{self, VerilateSpec};

#[test]
fn a_state_difference_names_neuron_field_and_values() {
    // Four updated neurons; neuron 10 is not updated, so its word only ever holds what was loaded.
    let mut image = CoreImage::empty(SMALL);
    image.n_neurons = 4;
    let build = common::core_build(SMALL);
    let mut cosim = Cosim::new(&build, &image).unwrap();
    // Corrupt the RTL copy of neuron 10: v = 5 instead of 0.
    cosim.rtl().cfg_write(Mem::State, 10, &[state::V.set(0, 5)]);
    let err = cosim
        .run(&mut InputSet::empty(), 3, StateCheck::EveryStep)
        .unwrap_err();
    let CosimError::Mismatch(m) = err else {
        panic!("expected a mismatch, got {err}")
    };
    assert_eq!(m.t, 0, "found after the first timestep");
    match m.difference {
        Difference::State {
            neuron,
            field,
            model,
            rtl,
            ..
        } => {
            assert_eq!((neuron, field, model, rtl), (10, state::V, 0, 5));
        }
        other => panic!("expected a state difference, got {other:?}"),
    }
    let text = m.to_string();
    assert!(
        text.contains("neuron 10 field `v`: model 0, RTL 5"),
        "{text}"
    );
}

#[test]
fn a_window_is_recorded_as_vcd() {
    // On the fixture core (its traced build is shared with tests/bridge.rs): record timesteps 2..=3 of 4.
    let fixture = common::workspace().join("testbenches/tests/fixtures/echo_core.v");
    let build = verilate::build(&VerilateSpec::new(fixture, "echo_core").with_trace(true)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let vcd = dir.path().join("window.vcd");
    let image = CoreImage::empty(SMALL);
    cosim::record_window(&build, &image, &mut InputSet::empty(), 2, 3, &vcd).unwrap();
    let text = std::fs::read_to_string(&vcd).unwrap();
    assert!(text.contains("busy"));
    // The first sample (#0) holds the power-up values. Loading the image alone takes thousands of
    // edges (two VCD time units each), so the next sample is well past them: the window really
    // skipped the start.
    let first_time: u64 = text
        .lines()
        .filter_map(|l| l.strip_prefix('#').and_then(|n| n.parse().ok()))
        .nth(1)
        .expect("the VCD has samples after power-up");
    let load_edges = (SMALL.profiles + SMALL.neurons + SMALL.sources() + SMALL.synapses + 1) as u64;
    assert!(first_time > 2 * load_edges, "first sample at {first_time}");
}
