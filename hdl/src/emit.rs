//! Verilog emission of the Flux core (`flux emit`), and the text transforms that make rust-hdl's
//! output usable by the FPGA tools:
//! - [`rename_modules`]: rust-hdl names the top module `top` and submodules `top$a$b`; they become
//!   `flux_core_<preset>` and `flux_core_<preset>_a_b`, so several cores can share one design.
//! - [`range_signed_localparams`]: `localparam signed NAME = W'h..;` gets an explicit range
//!   `[W-1:0]`: without it yosys treats the parameter as unsigned.
//!
//! Output files are written atomically (temporary file, then rename).

use crate::core_top::{
    CoreError, FluxCoreLarge, FluxCoreSmall, FluxCoreUlx3s, FluxCoreUp5k, init_file_name,
};
use flux_sim::image::CoreImage;
use flux_sim::spec::{self, Preset};
use rust_hdl::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Errors of emission.
#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    #[error("no core type for preset `{0}` (shipped presets: small, up5k, ulx3s, large)")]
    UnknownPreset(String),
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error("rust-hdl design check failed: {0}")]
    Check(String),
    #[error("writing {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The Verilog module name of a preset's core.
pub fn module_name(preset: &Preset) -> String {
    format!("flux_core_{}", preset.name)
}

/// The Verilog file name of a preset's core.
pub fn file_name(preset: &Preset) -> String {
    format!("{}.v", module_name(preset))
}

fn generate<U: Block>(mut uut: U) -> Result<String, EmitError> {
    uut.connect_all();
    check_all(&uut).map_err(|e| EmitError::Check(format!("{e:?}")))?;
    Ok(generate_verilog_unchecked(&uut))
}

/// The Verilog of `preset`'s core holding `image` (loaded by `$readmemh` when `init_files`),
/// post-processed. Only the shipped presets have a core type.
fn verilog(preset: &Preset, image: &CoreImage, init_files: bool) -> Result<String, EmitError> {
    let module = module_name(preset);
    let files = init_files.then_some(module.as_str());
    match preset.name {
        "small" if *preset == spec::SMALL => {
            emit_core(preset, FluxCoreSmall::build(preset, image, files)?)
        }
        "up5k" if *preset == spec::UP5K => {
            emit_core(preset, FluxCoreUp5k::build(preset, image, files)?)
        }
        "ulx3s" if *preset == spec::ULX3S => {
            emit_core(preset, FluxCoreUlx3s::build(preset, image, files)?)
        }
        "large" if *preset == spec::LARGE => {
            emit_core(preset, FluxCoreLarge::build(preset, image, files)?)
        }
        other => Err(EmitError::UnknownPreset(other.to_string())),
    }
}

/// The post-processed Verilog of `core`, a core built for `preset` (module
/// [`module_name`]`(preset)`). For cores of presets that ship no core type (tests of other sizes,
/// with a type declared by [`crate::preset_core`]); [`emit`] covers the shipped presets.
pub fn emit_core<U: Block>(preset: &Preset, core: U) -> Result<String, EmitError> {
    let module = module_name(preset);
    let raw = generate(core)?;
    let header = format!(
        "// {module}: the Flux core, preset `{}`, emitted by `flux emit` (flux-hdl). Do not edit.\n\
         // Host interface: hdl/README.md. Behaviour: docs/model.md.\n",
        preset.name
    );
    Ok(header + &range_signed_localparams(&rename_modules(&raw, &module)))
}

/// Stack of the thread that generates a chip's Verilog.
const CHIP_STACK_BYTES: usize = 512 << 20;

/// A block whose Verilog can be generated, behind a `dyn`.
pub trait Generate {
    fn verilog(self: Box<Self>) -> Result<String, EmitError>;
}

impl<U: Block> Generate for U {
    fn verilog(self: Box<Self>) -> Result<String, EmitError> {
        generate(*self)
    }
}

/// Builds a block with `make` and generates its Verilog on a thread with a deep stack: several
/// cores' blocks nest deeper than a default thread's stack holds while rust-hdl connects and
/// checks them.
pub fn generate_deep(
    make: impl FnOnce() -> Result<Box<dyn Generate>, EmitError> + Send + 'static,
) -> Result<String, EmitError> {
    std::thread::Builder::new()
        .stack_size(CHIP_STACK_BYTES)
        .spawn(move || make()?.verilog())
        .map_err(|e| EmitError::Check(format!("could not start the emitting thread: {e}")))?
        .join()
        .map_err(|_| EmitError::Check("the Verilog generation panicked".into()))?
}

/// The Verilog module name of a chip (`docs/model.md` §15).
pub fn chip_module_name(chip: &flux_sim::chip::ChipPreset) -> String {
    format!("flux_chip_{}", chip.name.replace('-', "_"))
}

/// The post-processed Verilog of `chip` (its cores empty; the host loads them), module
/// [`chip_module_name`]. It has the host interface of one core (`hdl/README.md`) with the chip's
/// addresses (`docs/model.md` §15.4).
pub fn emit_chip(chip: &flux_sim::chip::ChipPreset) -> Result<String, EmitError> {
    use crate::chip_top::{FluxChipDuo, FluxChipUlx3sQuad};
    let c = *chip;
    emit_chip_with(chip, move || match c.name {
        "duo" if c == flux_sim::chip::DUO => {
            Ok(Box::new(FluxChipDuo::new(&c)?) as Box<dyn Generate>)
        }
        "ulx3s-quad" if c == flux_sim::chip::ULX3S_QUAD => {
            Ok(Box::new(FluxChipUlx3sQuad::new(&c)?) as Box<dyn Generate>)
        }
        other => Err(EmitError::UnknownPreset(other.to_string())),
    })
}

/// [`emit_chip`] of the chip block `make` builds: for chips that ship no type (tests of other
/// sizes, with a type declared by [`crate::chip_type`]).
pub fn emit_chip_with(
    chip: &flux_sim::chip::ChipPreset,
    make: impl FnOnce() -> Result<Box<dyn Generate>, EmitError> + Send + 'static,
) -> Result<String, EmitError> {
    let raw = generate_deep(make)?;
    let module = chip_module_name(chip);
    let header = format!(
        "// {module}: {} Flux cores `{}` and their spike exchange, chip `{}`, emitted by flux-hdl. Do not edit.\n\
         // Host interface: hdl/README.md (addresses: docs/model.md §15.4). Behaviour: docs/model.md.\n",
        chip.cores, chip.core.name, chip.name
    );
    Ok(header + &range_signed_localparams(&rename_modules(&raw, &module)))
}

/// Writes the Verilog of `chip` into `dir` (created if needed); returns the file.
pub fn emit_chip_to_dir(
    chip: &flux_sim::chip::ChipPreset,
    dir: &Path,
) -> Result<PathBuf, EmitError> {
    let text = emit_chip(chip)?;
    let path = dir.join(format!("{}.v", chip_module_name(chip)));
    write_atomic(&path, text.as_bytes())?;
    Ok(path)
}

/// The plain Verilog of `preset`'s core (all memories zero), as committed in `rtl-out/`.
pub fn emit(preset: &Preset) -> Result<String, EmitError> {
    verilog(preset, &CoreImage::empty(*preset), false)
}

/// Writes the plain Verilog of `preset` into `dir` (created if needed); returns the file.
pub fn emit_to_dir(preset: &Preset, dir: &Path) -> Result<PathBuf, EmitError> {
    let text = emit(preset)?;
    let path = dir.join(file_name(preset));
    write_atomic(&path, text.as_bytes())?;
    Ok(path)
}

/// Writes the Verilog of a core that boots holding `image` into `dir`: the module (whose memories
/// `$readmemh` the init files, by file name, so the tools run in `dir`) and one `.hex` file per
/// initialised memory. Returns every file written.
pub fn emit_with_image(
    preset: &Preset,
    image: &CoreImage,
    dir: &Path,
) -> Result<Vec<PathBuf>, EmitError> {
    let text = verilog(preset, image, true)?;
    let mut written = write_init_files(&module_name(preset), preset, image, dir)?;
    let path = dir.join(file_name(preset));
    write_atomic(&path, text.as_bytes())?;
    written.push(path);
    Ok(written)
}

/// Writes the `$readmemh` file of every memory a core that boots holding `image` initialises
/// (`init_file_name(module, ..)`, `depth` words of `width` bits each) into `dir`; returns them.
pub fn write_init_files(
    module: &str,
    preset: &Preset,
    image: &CoreImage,
    dir: &Path,
) -> Result<Vec<PathBuf>, EmitError> {
    let wide = |words: &[u64]| words.iter().map(|&w| u128::from(w)).collect::<Vec<_>>();
    let memories: [(&str, u32, u32, Vec<u128>); 6] = [
        (
            "profiles",
            spec::PROFILE_BITS,
            preset.profiles,
            image.profiles.clone(),
        ),
        (
            "state",
            spec::STATE_BITS,
            preset.neurons,
            image.state.clone(),
        ),
        (
            "fanout",
            preset.fanout_bits(),
            2 * preset.neurons,
            wide(&image.fanout),
        ),
        (
            "synapses",
            preset.synapse_bits(),
            preset.synapses,
            wide(&image.synapses),
        ),
        (
            "learn_rules",
            spec::LEARN_RULE_BITS,
            preset.profiles,
            wide(&image.learn_rules),
        ),
        (
            "learn_table",
            spec::LEARN_TABLE_BITS,
            1 << crate::core_top::learn_table_addr_bits(preset),
            image.learn_table.iter().map(|&w| u128::from(w)).collect(),
        ),
    ];
    let mut written = Vec::new();
    for (name, width, depth, contents) in memories {
        let path = dir.join(init_file_name(module, name));
        write_atomic(&path, hex_image(&contents, width, depth).as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// A `$readmemh` file: `depth` lines of `ceil(width / 4)` hex digits, `words` then zeros.
pub fn hex_image(words: &[u128], width: u32, depth: u32) -> String {
    let digits = width.div_ceil(4) as usize;
    let mut out = String::with_capacity((digits + 1) * depth as usize);
    for a in 0..depth as usize {
        let w = words.get(a).copied().unwrap_or(0);
        out.push_str(&format!("{w:0digits$x}\n"));
    }
    out
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so a
/// reader never sees a half-written file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), EmitError> {
    let io = |source| EmitError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}

/// Calls `f` on every identifier of `text` (`[A-Za-z_][A-Za-z0-9_$]*`) and keeps the rest as is.
fn map_identifiers(text: &str, mut f: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let starts = c.is_ascii_alphabetic() || c == b'_';
        // An identifier cannot start right after a digit, `'` (sized literal) or `$` (system task).
        let after_word =
            i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || matches!(bytes[i - 1], b'$' | b'\''));
        if starts && !after_word {
            let mut j = i + 1;
            while j < bytes.len()
                && (bytes[j].is_ascii_alphanumeric() || matches!(bytes[j], b'_' | b'$'))
            {
                j += 1;
            }
            let ident = &text[i..j];
            match f(ident) {
                Some(new) => out.push_str(&new),
                None => out.push_str(ident),
            }
            i = j;
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// Renames rust-hdl's modules: `top` → `top_name`, `top$a$b` → `<top_name>_a_b`, wherever the
/// name appears as a whole identifier (module headers and instantiations).
pub fn rename_modules(verilog: &str, top_name: &str) -> String {
    let mut map = BTreeMap::new();
    for line in verilog.lines() {
        if let Some(rest) = line.trim_start().strip_prefix("module ") {
            let name = rest.split(['(', ' ', ';']).next().unwrap_or("");
            if name == "top" {
                map.insert(name.to_string(), top_name.to_string());
            } else if let Some(path) = name.strip_prefix("top$") {
                let new = format!("{top_name}_{}", path.replace('$', "_"));
                map.insert(name.to_string(), new);
            }
        }
    }
    let renamed = map_identifiers(verilog, |id| map.get(id).cloned());
    // The closing comments name the module too (`endmodule // top$a`).
    renamed
        .lines()
        .map(|l| match l.split_once("endmodule // ") {
            Some((pre, name)) => match map.get(name.trim()) {
                Some(new) => format!("{pre}endmodule // {new}"),
                None => l.to_string(),
            },
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if verilog.ends_with('\n') { "\n" } else { "" }
}

/// Gives every `localparam signed NAME = W'h...;` an explicit range: `localparam signed [W-1:0]
/// NAME = W'h...;`. Other lines are unchanged.
pub fn range_signed_localparams(verilog: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in verilog.lines() {
        out.push(range_one(line).unwrap_or_else(|| line.to_string()));
    }
    out.join("\n") + if verilog.ends_with('\n') { "\n" } else { "" }
}

fn range_one(line: &str) -> Option<String> {
    let indent = &line[..line.len() - line.trim_start().len()];
    let rest = line.trim_start().strip_prefix("localparam")?.trim_start();
    let rest = rest.strip_prefix("signed")?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    if rest.starts_with('[') {
        return None;
    }
    let (name, value) = rest.split_once('=')?;
    let value = value.trim();
    let width: u32 = value
        .split_once('\'')?
        .0
        .trim()
        .trim_start_matches('-')
        .parse()
        .ok()?;
    if width == 0 {
        return None;
    }
    Some(format!(
        "{indent}localparam signed [{}:0] {} = {}",
        width - 1,
        name.trim(),
        value
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_top_and_submodules_as_whole_identifiers() {
        let v = "module top(clock);\n  top$router router(.clock(router$clock));\nendmodule // top\n\
                 module top$router(clock);\nendmodule // top$router\nmodule top$router$mode(clock);\n";
        let r = rename_modules(v, "flux_core_small");
        assert!(r.contains("module flux_core_small(clock);"));
        assert!(r.contains("flux_core_small_router router(.clock(router$clock));"));
        assert!(r.contains("module flux_core_small_router(clock);"));
        assert!(r.contains("module flux_core_small_router_mode(clock);"));
        assert!(r.contains("endmodule // flux_core_small_router\n"));
        assert!(r.contains("endmodule // flux_core_small\n"));
        // Signals that merely contain `router` keep their names.
        assert!(r.contains("router$clock"));
        assert!(!r.contains("top"));
    }

    #[test]
    fn rename_leaves_literals_system_tasks_and_other_names_alone() {
        let v = "module top$a(x);\nassign x = 8'htop; $display(top_x); top_ab y(); top$a z();\n";
        let r = rename_modules(v, "m");
        // `8'htop` is not an identifier, `top_x`/`top_ab` are other names, `top$a` is renamed.
        assert_eq!(
            r,
            "module m_a(x);\nassign x = 8'htop; $display(top_x); top_ab y(); m_a z();\n"
        );
    }

    #[test]
    fn signed_localparams_get_a_range() {
        let v = "module m();\n  localparam signed a = 16'h7fff;\nlocalparam signed  b = 24'h800000;\n\
                 localparam  c = 8'h01;\nlocalparam signed [3:0] d = 4'h1;\n";
        let r = range_signed_localparams(v);
        // 16'h.. → [15:0]; 24'h.. → [23:0]; unsigned and already-ranged lines are unchanged.
        assert!(r.contains("  localparam signed [15:0] a = 16'h7fff;"));
        assert!(r.contains("localparam signed [23:0] b = 24'h800000;"));
        assert!(r.contains("localparam  c = 8'h01;"));
        assert!(r.contains("localparam signed [3:0] d = 4'h1;"));
    }

    #[test]
    fn unsized_signed_localparam_is_left_alone() {
        // No width to take: the line is kept (and the lint test would flag it).
        assert_eq!(
            range_signed_localparams("localparam signed a = 5;"),
            "localparam signed a = 5;"
        );
    }

    #[test]
    fn hex_image_pads_to_depth_and_width() {
        // 21-bit words take 6 hex digits; 4 lines, the last two zero.
        assert_eq!(
            hex_image(&[0x1f_ffff, 0xab], 21, 4),
            "1fffff\n0000ab\n000000\n000000\n"
        );
    }

    #[test]
    fn write_atomic_creates_directories_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("flux_emit_test_{}", std::process::id()));
        let path = dir.join("sub").join("x.v");
        write_atomic(&path, b"module x; endmodule\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"module x; endmodule\n");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn unknown_preset_is_refused() {
        let p = Preset {
            name: "tiny",
            ..spec::SMALL
        };
        assert!(matches!(emit(&p), Err(EmitError::UnknownPreset(n)) if n == "tiny"));
    }
}
