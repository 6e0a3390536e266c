//! Any one hardware block alone under Verilator, its ports driven by name (issue 11: every block
//! against its twin).
//!
//! A block's Verilog (rust-hdl's `generate_verilog`, top module `top`) is parsed for its port list
//! ([`ports_of`]: name, width, direction, in header order); a C ABI shim is generated for exactly
//! those ports ([`shim_source`]: `set(port, words)`, `get(port, words)`, `tick()`), and the pair is
//! verilated with the project's cached build ([`verilate::build_shim`] with [`Shim::Generated`],
//! so each block is built once per content hash). [`Block`] loads the library and drives it.
//!
//! ```no_run
//! use flux_testbenches::block::{Block, BlockDesign};
//! # let verilog = String::new();
//! // `verilog`: e.g. `rust_hdl::prelude::generate_verilog(&uut)` of a `BlockRam<Bits<16>, 6>`.
//! let design = BlockDesign::from_verilog("block_ram_16x6", &verilog)?;
//! let mut ram = Block::build(&design)?;
//! ram.set("write_address", 5);
//! ram.set("write_data", 0xBEEF);
//! ram.set("write_enable", 1);
//! ram.tick(); // the write lands at this rising edge
//! ram.set("write_enable", 0);
//! ram.set("read_address", 5);
//! ram.tick(); // the read is sampled at this edge...
//! assert_eq!(ram.get("read_data"), 0xBEEF); // ...and its word is out after it
//! # Ok::<(), flux_testbenches::block::BlockError>(())
//! ```
//!
//! Clocking (as `shim/flux_shim.cpp`): inputs set with [`Block::set`] are applied at once; [`Block::get`]
//! evaluates the model first, so a combinational output already reflects the inputs just set (the
//! asynchronous read of a `RegFile`); [`Block::tick`] is one rising edge (which samples the inputs)
//! and one falling edge, each with one `eval`. The port named `clock` is the clock and is driven only
//! by `tick`. Verilator resolves X to 0 (`--x-initial 0`), so every register powers up at 0.

use std::collections::HashMap;
use std::ffi::c_void;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::verilate::{self, BuildError, RtlBuild, Shim, VerilateSpec};

/// The generated shim's ABI version (`BLOCK_ABI_VERSION` in [`shim_source`]'s output).
const BLOCK_ABI_VERSION: u32 = 2;

/// The top module rust-hdl's `generate_verilog` writes (submodules are `top$<field>`).
pub const TOP: &str = "top";

/// The clock port every block has; [`Block::tick`] drives it.
pub const CLOCK: &str = "clock";

/// The variable that lets a test pass when Verilator or yosys is missing (`=1`); without it a
/// missing tool fails the test (issue 11: nothing passes as "skipped" by accident).
pub const ALLOW_MISSING_TOOLS_VAR: &str = "FLUX_ALLOW_MISSING_TOOLS";

/// A port's direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    In,
    Out,
}

/// One port of the top module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Port {
    pub name: String,
    /// Bits (1 for a scalar).
    pub width: u32,
    pub dir: Dir,
}

impl Port {
    /// 32-bit words that hold the port's value (Verilator's `VlWide` layout, least significant first).
    pub fn words(&self) -> usize {
        self.width.div_ceil(32) as usize
    }
}

/// Why a block could not be parsed, built or loaded.
#[derive(Debug, thiserror::Error)]
pub enum BlockError {
    #[error("block `{name}`: no `module {TOP}(...)` header in its Verilog")]
    NoTop { name: String },
    #[error("block `{name}`: port `{port}` is in the `module {TOP}` header but never declared")]
    Undeclared { name: String, port: String },
    #[error("block `{name}`: cannot read the port declaration `{line}`")]
    Declaration { name: String, line: String },
    #[error("block `{name}` has no `{CLOCK}` input: the harness clocks every block through it")]
    NoClock { name: String },
    #[error("writing {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Build(#[from] BuildError),
    #[error("loading the Verilated block {path}: {source}")]
    Load {
        path: PathBuf,
        source: libloading::Error,
    },
    #[error(
        "{path} speaks block shim ABI {found}, this flux expects {BLOCK_ABI_VERSION}: delete the cache entry and rebuild"
    )]
    Abi { path: PathBuf, found: u32 },
}

/// The ports of the top module of `verilog` (rust-hdl's layout: `module top(a,b,c);` followed by
/// one `input wire [w-1:0] a;` / `output reg [w-1:0] b;` line per port), in header order.
pub fn ports_of(name: &str, verilog: &str) -> Result<Vec<Port>, BlockError> {
    let header = format!("module {TOP}(");
    let start = verilog.find(&header).ok_or_else(|| BlockError::NoTop {
        name: name.to_owned(),
    })?;
    let body = &verilog[start..];
    let body = &body[..body.find("endmodule").unwrap_or(body.len())];
    let close = body.find(')').ok_or_else(|| BlockError::NoTop {
        name: name.to_owned(),
    })?;
    let order: Vec<&str> = body[header.len()..close]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let mut declared = HashMap::new();
    for line in body[close..].lines().map(str::trim) {
        let dir = if line.starts_with("input ") {
            Dir::In
        } else if line.starts_with("output ") {
            Dir::Out
        } else {
            continue;
        };
        let bad = || BlockError::Declaration {
            name: name.to_owned(),
            line: line.to_owned(),
        };
        let decl = line.strip_suffix(';').ok_or_else(bad)?;
        let port = decl.split_whitespace().last().ok_or_else(bad)?;
        let width = match (decl.find('['), decl.find(':')) {
            (Some(open), Some(colon)) if colon > open => {
                let msb: u32 = decl[open + 1..colon].trim().parse().map_err(|_| bad())?;
                msb + 1
            }
            _ => 1,
        };
        declared.insert(port.to_owned(), (width, dir));
    }
    order
        .into_iter()
        .map(|p| {
            let (width, dir) = declared
                .get(p)
                .copied()
                .ok_or_else(|| BlockError::Undeclared {
                    name: name.to_owned(),
                    port: p.to_owned(),
                })?;
            Ok(Port {
                name: p.to_owned(),
                width,
                dir,
            })
        })
        .collect()
}

/// The C++ of a shim for `ports`: port `i` of the list is index `i` of `flux_block_set` /
/// `flux_block_get`. Widths up to 32 bits are Verilator's `CData`/`SData`/`IData`, up to 64
/// `QData`, wider ones `VlWide` (32-bit words, least significant first).
pub fn shim_source(ports: &[Port]) -> String {
    let mut set = String::new();
    let mut get = String::new();
    for (i, p) in ports.iter().enumerate() {
        let n = &p.name;
        let _ = match p.width {
            0..=32 => writeln!(get, "    case {i}: w[0] = b->top->{n}; break;"),
            33..=64 => writeln!(
                get,
                "    case {i}: w[0] = (uint32_t)b->top->{n}; w[1] = (uint32_t)(b->top->{n} >> 32); break;"
            ),
            _ => writeln!(
                get,
                "    case {i}: for (int k = 0; k < {}; ++k) w[k] = b->top->{n}[k]; break;",
                p.words()
            ),
        };
        if p.dir == Dir::In && p.name != CLOCK {
            let _ = match p.width {
                0..=32 => writeln!(set, "    case {i}: b->top->{n} = w[0]; break;"),
                33..=64 => writeln!(
                    set,
                    "    case {i}: b->top->{n} = (uint64_t)w[0] | ((uint64_t)w[1] << 32); break;"
                ),
                _ => writeln!(
                    set,
                    "    case {i}: for (int k = 0; k < {}; ++k) b->top->{n}[k] = w[k]; break;",
                    p.words()
                ),
            };
        }
    }
    format!(
        r#"// Generated by testbenches/src/block.rs for one block's ports: a C ABI over the Verilated
// top `top`, port `i` of the Rust port list being index `i` below. Clocking as
// shim/flux_shim.cpp: one eval per clock half.

#include <cstdint>
#include <memory>

#include "Vtop.h"
#include "verilated.h"

#define FLUX_EXPORT extern "C" __attribute__((visibility("default")))

static const uint32_t BLOCK_ABI_VERSION = {BLOCK_ABI_VERSION};

struct FluxBlock {{
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Vtop> top;
}};

FLUX_EXPORT uint32_t flux_block_abi_version() {{ return BLOCK_ABI_VERSION; }}

FLUX_EXPORT FluxBlock* flux_block_new() {{
    auto* b = new FluxBlock;
    b->ctx = std::make_unique<VerilatedContext>();
    b->ctx->randReset(0);
    b->ctx->fatalOnError(false);
    b->top = std::make_unique<Vtop>(b->ctx.get(), "block");
    b->top->{CLOCK} = 0;
    b->top->eval();
    return b;
}}

FLUX_EXPORT void flux_block_free(FluxBlock* b) {{
    if (!b) return;
    b->top->final();
    delete b;
}}

FLUX_EXPORT void flux_block_set(FluxBlock* b, uint32_t port, const uint32_t* w) {{
    switch (port) {{
{set}    default: break;
    }}
}}

FLUX_EXPORT void flux_block_get(FluxBlock* b, uint32_t port, uint32_t* w) {{
    switch (port) {{
{get}    default: break;
    }}
}}

FLUX_EXPORT void flux_block_eval(FluxBlock* b) {{ b->top->eval(); }}

// `n` clock cycles: rising edge (samples the inputs), then falling edge.
FLUX_EXPORT void flux_block_tick(FluxBlock* b, uint64_t n) {{
    for (uint64_t i = 0; i < n; ++i) {{
        b->top->{CLOCK} = 1;
        b->ctx->timeInc(1);
        b->top->eval();
        b->top->{CLOCK} = 0;
        b->ctx->timeInc(1);
        b->top->eval();
    }}
}}
"#
    )
}

/// One block's Verilog, written where the cache can hash it, with its ports and shim.
#[derive(Clone, Debug)]
pub struct BlockDesign {
    /// A name for files and messages (e.g. `block_ram_16x6`).
    pub name: String,
    /// The Verilog file (`<target>/flux-cosim/verilog/blocks/<name>.v`).
    pub path: PathBuf,
    /// The top module's ports, in header order.
    pub ports: Vec<Port>,
    /// The generated shim ([`shim_source`]).
    pub shim: String,
}

impl BlockDesign {
    /// Writes `verilog` (a rust-hdl block's `generate_verilog`) to
    /// `<target>/flux-cosim/verilog/blocks/<name>.v` and reads its ports.
    pub fn from_verilog(name: &str, verilog: &str) -> Result<Self, BlockError> {
        let ports = ports_of(name, verilog)?;
        if !ports.iter().any(|p| p.name == CLOCK && p.dir == Dir::In) {
            return Err(BlockError::NoClock {
                name: name.to_owned(),
            });
        }
        let dir = verilate::cache_root().join("verilog").join("blocks");
        let path = dir.join(format!("{name}.v"));
        write_if_changed(&dir, &path, verilog)?;
        let shim = shim_source(&ports);
        Ok(Self {
            name: name.to_owned(),
            path,
            ports,
            shim,
        })
    }

    /// What to verilate: the file, top module `top`.
    pub fn spec(&self) -> VerilateSpec {
        VerilateSpec::new(&self.path, TOP)
    }

    /// Verilates the design with its shim, or returns the cached build.
    pub fn verilate(&self) -> Result<RtlBuild, BuildError> {
        verilate::build_shim(&self.spec(), Shim::Generated(&self.shim))
    }
}

/// Writes through a temporary file and a rename, so a parallel test never reads half a file, and
/// leaves an unchanged file alone.
fn write_if_changed(dir: &Path, path: &Path, text: &str) -> Result<(), BlockError> {
    let err = |path: &Path| {
        let path = path.to_owned();
        move |source| BlockError::Write { path, source }
    };
    if std::fs::read_to_string(path).is_ok_and(|t| t == text) {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(err(dir))?;
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(err(dir))?;
    std::fs::write(tmp.path(), text).map_err(err(tmp.path()))?;
    tmp.persist(path).map_err(|e| BlockError::Write {
        path: path.to_owned(),
        source: e.error,
    })?;
    Ok(())
}

type Handle = *mut c_void;

/// The shim's entry points, valid while `_lib` is loaded.
struct BlockShim {
    new: unsafe extern "C" fn() -> Handle,
    free: unsafe extern "C" fn(Handle),
    set: unsafe extern "C" fn(Handle, u32, *const u32),
    get: unsafe extern "C" fn(Handle, u32, *mut u32),
    eval: unsafe extern "C" fn(Handle),
    tick: unsafe extern "C" fn(Handle, u64),
    _lib: libloading::Library,
}

fn load_shim(path: &Path) -> Result<BlockShim, BlockError> {
    let err = |source| BlockError::Load {
        path: path.to_owned(),
        source,
    };
    // SAFETY: the library is a generated block-shim build of this crate; its initialisers only set
    // up Verilator's statics. The ABI version is checked before any other entry point is used.
    unsafe {
        let lib = libloading::Library::new(path).map_err(err)?;
        let abi: libloading::Symbol<unsafe extern "C" fn() -> u32> =
            lib.get(b"flux_block_abi_version").map_err(err)?;
        let found = abi();
        if found != BLOCK_ABI_VERSION {
            return Err(BlockError::Abi {
                path: path.to_owned(),
                found,
            });
        }
        macro_rules! sym {
            ($name:literal) => {
                *lib.get($name).map_err(err)?
            };
        }
        Ok(BlockShim {
            new: sym!(b"flux_block_new"),
            free: sym!(b"flux_block_free"),
            set: sym!(b"flux_block_set"),
            get: sym!(b"flux_block_get"),
            eval: sym!(b"flux_block_eval"),
            tick: sym!(b"flux_block_tick"),
            _lib: lib,
        })
    }
}

/// One Verilated block, powered up with every input at 0.
pub struct Block {
    shim: BlockShim,
    handle: Handle,
    name: String,
    ports: Vec<Port>,
    index: HashMap<String, usize>,
    cycles: u64,
    /// Inputs changed since the last eval.
    dirty: bool,
}

// The Verilated model has no thread affinity; `Block` owns its instance exclusively.
unsafe impl Send for Block {}

impl Drop for Block {
    fn drop(&mut self) {
        // SAFETY: `handle` came from `new` of this library and is freed exactly once.
        unsafe { (self.shim.free)(self.handle) }
    }
}

impl Block {
    /// Verilates `design` (cached by content) and powers up one instance.
    pub fn build(design: &BlockDesign) -> Result<Self, BlockError> {
        let build = design.verilate()?;
        Self::open(design, &build)
    }

    /// A fresh instance of `build`, a build of `design`.
    pub fn open(design: &BlockDesign, build: &RtlBuild) -> Result<Self, BlockError> {
        let shim = load_shim(&build.library)?;
        // SAFETY: a fresh instance, freed in `drop`.
        let handle = unsafe { (shim.new)() };
        let index = design
            .ports
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.clone(), i))
            .collect();
        Ok(Self {
            shim,
            handle,
            name: design.name.clone(),
            ports: design.ports.clone(),
            index,
            cycles: 0,
            dirty: false,
        })
    }

    /// The ports, in header order.
    pub fn ports(&self) -> &[Port] {
        &self.ports
    }

    /// Rising edges clocked since power-up.
    pub fn cycles(&self) -> u64 {
        self.cycles
    }

    fn port(&self, name: &str) -> (usize, &Port) {
        let Some(&i) = self.index.get(name) else {
            panic!(
                "block `{}` has no port `{name}` (ports: {})",
                self.name,
                self.ports
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        (i, &self.ports[i])
    }

    /// Drives input `port` with `words` (least significant first; bits beyond the width are
    /// dropped). Panics for an output, the clock or an unknown port: a testbench bug.
    pub fn set_words(&mut self, port: &str, words: &[u32]) {
        let (i, p) = self.port(port);
        assert!(
            p.dir == Dir::In && p.name != CLOCK,
            "block `{}`: `{port}` is not a data input",
            self.name
        );
        let mut w = vec![0u32; p.words()];
        for (dst, src) in w.iter_mut().zip(words) {
            *dst = *src;
        }
        let spare = p.width % 32;
        if spare != 0 {
            let last = w.len() - 1;
            w[last] &= (1u32 << spare) - 1;
        }
        // SAFETY: `w` holds the port's word count; the index is the port's in the shim.
        unsafe { (self.shim.set)(self.handle, i as u32, w.as_ptr()) };
        self.dirty = true;
    }

    /// Drives input `port` with `value` (truncated to the port's width, at most 128 bits).
    pub fn set(&mut self, port: &str, value: u128) {
        let words: Vec<u32> = (0..4).map(|k| (value >> (32 * k)) as u32).collect();
        self.set_words(port, &words);
    }

    /// The value of `port` now (an output after the last edge, combinational outputs settled for the
    /// inputs set since), least significant word first.
    pub fn get_words(&mut self, port: &str) -> Vec<u32> {
        let (i, p) = self.port(port);
        let mut w = vec![0u32; p.words()];
        if self.dirty {
            // SAFETY: a plain call on the live instance.
            unsafe { (self.shim.eval)(self.handle) };
            self.dirty = false;
        }
        // SAFETY: `w` holds the port's word count.
        unsafe { (self.shim.get)(self.handle, i as u32, w.as_mut_ptr()) };
        w
    }

    /// The value of `port` now (at most 128 bits wide).
    pub fn get(&mut self, port: &str) -> u128 {
        let (_, p) = self.port(port);
        assert!(
            p.width <= 128,
            "block `{}`: `{port}` is {} bits, use get_words",
            self.name,
            p.width
        );
        self.get_words(port)
            .iter()
            .enumerate()
            .fold(0, |v, (k, &w)| v | u128::from(w) << (32 * k))
    }

    /// A one-bit `port` as a bool.
    pub fn get_bool(&mut self, port: &str) -> bool {
        self.get(port) != 0
    }

    /// One clock cycle: the rising edge samples the inputs set so far, then the falling edge.
    pub fn tick(&mut self) {
        self.ticks(1);
    }

    /// `n` clock cycles with unchanged inputs.
    pub fn ticks(&mut self, n: u64) {
        // SAFETY: a plain call on the live instance.
        unsafe { (self.shim.tick)(self.handle, n) };
        self.cycles += n;
        self.dirty = false;
    }
}

/// Whether [`ALLOW_MISSING_TOOLS_VAR`] is `1`.
pub fn missing_tools_allowed() -> bool {
    std::env::var_os(ALLOW_MISSING_TOOLS_VAR).is_some_and(|v| v == "1")
}

/// For tests: `design` built and powered up. A missing Verilator (or its compiler or `make`)
/// fails the test unless [`ALLOW_MISSING_TOOLS_VAR`]`=1`; then `None`, and the test says so.
pub fn block_for_test(design: &BlockDesign) -> Option<Block> {
    match Block::build(design) {
        Ok(b) => Some(b),
        Err(BlockError::Build(
            e @ (BuildError::VerilatorMissing
            | BuildError::CompilerMissing
            | BuildError::MakeMissing),
        )) => {
            if missing_tools_allowed() {
                println!("{e}: skipped ({ALLOW_MISSING_TOOLS_VAR}=1)");
                return None;
            }
            panic!("{e} (or set {ALLOW_MISSING_TOOLS_VAR}=1 to skip)")
        }
        Err(e) => panic!("{e}"),
    }
}

/// Runs a tool: its status and combined output. A missing tool fails the test (`.ci/setup`
/// installs it), unless [`ALLOW_MISSING_TOOLS_VAR`]`=1`: then `None`, and the test says so.
pub fn tool(program: &str, args: &[&str]) -> Option<(bool, String)> {
    match std::process::Command::new(program).args(args).output() {
        Ok(out) => Some((
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if missing_tools_allowed() {
                println!("{program} is not installed: skipped ({ALLOW_MISSING_TOOLS_VAR}=1)");
                return None;
            }
            panic!(
                "{program} is not installed: run .ci/setup (or set {ALLOW_MISSING_TOOLS_VAR}=1 to skip)"
            )
        }
        Err(e) => panic!("cannot run {program}: {e}"),
    }
}

/// Verilator lints the design with every warning on except three classes that rust-hdl's generator
/// causes by construction: WIDTH (its literals are 32 bits wide, `bit_cast` is an AND with a mask of
/// the target width), DECLFILENAME (the module is `top`) and UNUSEDPARAM (every module that holds a
/// value of an enum type, such as a state flip-flop, declares all of the enum's `localparam`s);
/// and the classes in `waive` (each with its reason at the call). Panics with the output on any other warning; `None` when Verilator is
/// missing and allowed to be.
pub fn lint(design: &BlockDesign, waive: &[&str]) -> Option<()> {
    let mut args: Vec<String> = [
        "--lint-only",
        "-Wall",
        "-Wno-WIDTH",
        "-Wno-DECLFILENAME",
        "-Wno-UNUSEDPARAM",
    ]
    .map(String::from)
    .to_vec();
    args.extend(waive.iter().map(|w| format!("-Wno-{w}")));
    args.extend(["--top-module".into(), TOP.into()]);
    args.push(design.path.display().to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (ok, out) = tool("verilator", &args)?;
    assert!(
        ok,
        "verilator --lint-only -Wall on {} ({}):\n{out}",
        design.path.display(),
        design.name
    );
    Some(())
}

/// yosys synthesizes the design for an iCE40 (`synth_ice40 <options> -top top`) and returns the
/// `stat` report; panics with the output when synthesis fails; `None` when yosys is missing and
/// allowed to be.
pub fn synth_ice40(design: &BlockDesign, options: &str) -> Option<String> {
    let stat = design.path.with_extension(format!(
        "{}.stat",
        options.replace([' ', '-'], "").replace('/', "_")
    ));
    let script = format!(
        "read_verilog {}; synth_ice40 {options} -top {TOP}; tee -o {} stat",
        design.path.display(),
        stat.display()
    );
    let (ok, out) = tool("yosys", &["-q", "-p", &script])?;
    assert!(
        ok,
        "yosys on {} ({}):\n{out}",
        design.path.display(),
        design.name
    );
    Some(std::fs::read_to_string(&stat).unwrap_or_else(|e| panic!("{}: {e}", stat.display())))
}

/// The count of cell type `cell` in a yosys `stat` report (0 when absent).
pub fn cell_count(stat: &str, cell: &str) -> u64 {
    stat.lines()
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            (it.next() == Some(cell)).then(|| it.next()?.parse::<u64>().ok())?
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    const VERILOG: &str = "\
module top(clock,a,wide,q);
    
    // Module arguments
    input wire  clock;
    input wire  [8:0] a;
    input wire  [99:0] wide;
    output reg  [39:0] q;
    
endmodule // top


module top$x(d,q,clock);
    input wire  [3:0] d;
endmodule
";

    #[test]
    fn ports_are_read_from_the_top_header_in_order() {
        let ports = ports_of("t", VERILOG).unwrap();
        let got: Vec<(&str, u32, Dir)> = ports
            .iter()
            .map(|p| (p.name.as_str(), p.width, p.dir))
            .collect();
        assert_eq!(
            got,
            [
                ("clock", 1, Dir::In),
                ("a", 9, Dir::In),
                ("wide", 100, Dir::In),
                ("q", 40, Dir::Out)
            ]
        );
        // 100 bits take 4 words, 40 bits 2.
        assert_eq!(ports[2].words(), 4);
        assert_eq!(ports[3].words(), 2);
    }

    #[test]
    fn the_shim_drives_each_port_by_its_width_class() {
        let shim = shim_source(&ports_of("t", VERILOG).unwrap());
        assert!(shim.contains("case 1: b->top->a = w[0];"));
        assert!(shim.contains("case 2: for (int k = 0; k < 4; ++k) b->top->wide[k] = w[k];"));
        assert!(shim.contains("case 3: w[0] = (uint32_t)b->top->q;"));
        // The clock is driven only by `tick`, and an output is never set.
        assert!(!shim.contains("b->top->clock = w[0]"));
        assert!(!shim.contains("b->top->q = "));
    }

    #[test]
    fn a_missing_port_declaration_is_named() {
        let err = ports_of("t", "module top(clock,z);\n input wire clock;\nendmodule").unwrap_err();
        assert_eq!(
            err.to_string(),
            "block `t`: port `z` is in the `module top` header but never declared"
        );
    }

    #[test]
    fn cells_are_counted_from_a_stat_report() {
        let stat = "   Number of cells: 12\n     SB_LUT4   7\n     SB_RAM40_4K  2\n";
        assert_eq!(cell_count(stat, "SB_RAM40_4K"), 2);
        assert_eq!(cell_count(stat, "SB_SPRAM256KA"), 0);
    }
}
