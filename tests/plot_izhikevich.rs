//! `flux plot --izhikevich`: the 20 behaviours of Izhikevich (2004, figure 1) on the integer
//! Izhikevich neuron (`docs/model.md` §4.1), one SVG.

mod common;
use common::flux;
use flux_sim::izh::behaviours::BEHAVIOURS;

#[test]
fn the_twenty_behaviours_are_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("izh.svg");
    let o = flux(&["plot", "--izhikevich", "-o", svg.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg"));
    // Every panel's title, and three curves per panel (integer, float, stimulus) besides the axes.
    for b in BEHAVIOURS {
        assert!(text.contains(b.name), "no panel {}", b.name);
    }
    assert!(text.matches("<polyline").count() >= 3 * BEHAVIOURS.len());
}

#[test]
fn izhikevich_takes_no_trace() {
    let o = flux(&["plot", "--izhikevich", "some.trace", "-o", "x.svg"]);
    assert!(!o.status.success());
}
