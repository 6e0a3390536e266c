//! Shared by the cosimulation tests: the emitted core of a preset, verilated once per process.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use flux_sim::compile::{self, Compiled};
use flux_sim::spec::Preset;
use flux_testbenches::verilate::{self, RtlBuild, VerilateSpec};

/// The workspace root.
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// Emits `preset`'s core (`flux_hdl::emit`) under `<target>/flux-cosim/verilog/<preset>/` and
/// verilates it (cached by content). Built once per process and preset.
pub fn core_build(preset: Preset) -> RtlBuild {
    build_once(
        preset.name,
        "core",
        flux_hdl::emit::module_name(&preset),
        |dir| flux_hdl::emit::emit_to_dir(&preset, dir).expect("the core emits"),
    )
}

/// The same for a chip of several cores (`flux_hdl::emit::emit_chip`, `docs/model.md` §15).
pub fn chip_build(chip: flux_sim::chip::ChipPreset) -> RtlBuild {
    build_once(
        chip.name,
        "chip",
        flux_hdl::emit::chip_module_name(&chip),
        |dir| flux_hdl::emit::emit_chip_to_dir(&chip, dir).expect("the chip emits"),
    )
}

/// Verilates the Verilog `emit` writes into `<target>/flux-cosim/verilog/<name>/` (top `module`),
/// once per process and name; `what` names it in the line printed.
fn build_once(
    name: &'static str,
    what: &str,
    module: String,
    emit: impl FnOnce(&Path) -> PathBuf,
) -> RtlBuild {
    static BUILDS: OnceLock<Mutex<Vec<(&'static str, RtlBuild)>>> = OnceLock::new();
    let builds = BUILDS.get_or_init(|| Mutex::new(Vec::new()));
    let mut builds = builds.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, b)) = builds.iter().find(|(n, _)| *n == name) {
        return b.clone();
    }
    let verilog = emit(&verilate::cache_root().join("verilog").join(name));
    let spec = VerilateSpec::new(verilog, module);
    let build =
        verilate::build(&spec).unwrap_or_else(|e| panic!("the emitted {what} verilates: {e}"));
    eprintln!(
        "{name} {what}: {} ({})",
        build.library.display(),
        if build.cached {
            "cached".to_string()
        } else {
            format!("built in {:.0} s", build.seconds)
        }
    );
    builds.push((name, build.clone()));
    build
}

/// An example network compiled for `preset`.
pub fn example(name: &str, preset: Preset) -> Compiled {
    let path = workspace().join("examples").join(name);
    compile::compile_file(&path, Some(preset)).unwrap_or_else(|e| panic!("{e}"))
}
