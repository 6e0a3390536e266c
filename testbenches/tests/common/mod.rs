//! Shared by the cosimulation tests: the emitted core of a preset, verilated once per process.

#![allow(dead_code)]

use std::path::PathBuf;
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
    static BUILDS: OnceLock<Mutex<Vec<(&'static str, RtlBuild)>>> = OnceLock::new();
    let builds = BUILDS.get_or_init(|| Mutex::new(Vec::new()));
    let mut builds = builds.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, b)) = builds.iter().find(|(name, _)| *name == preset.name) {
        return b.clone();
    }
    let dir = verilate::cache_root().join("verilog").join(preset.name);
    let verilog = flux_hdl::emit::emit_to_dir(&preset, &dir).expect("the core emits");
    let spec = VerilateSpec::new(verilog, flux_hdl::emit::module_name(&preset));
    let build = verilate::build(&spec).expect("the emitted core verilates");
    eprintln!(
        "{} core: {} ({})",
        preset.name,
        build.library.display(),
        if build.cached {
            "cached".to_string()
        } else {
            format!("built in {:.0} s", build.seconds)
        }
    );
    builds.push((preset.name, build.clone()));
    build
}

/// An example network compiled for `preset`.
pub fn example(name: &str, preset: Preset) -> Compiled {
    let path = workspace().join("examples").join(name);
    compile::compile_file(&path, Some(preset)).unwrap_or_else(|e| panic!("{e}"))
}
