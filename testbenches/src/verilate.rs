//! Verilating on demand, cached by content hash.
//!
//! A build turns Verilog sources plus a C ABI shim ([`Shim`]: `shim/flux_shim.cpp` for a core,
//! `shim/board_shim.cpp` for a board top) into a shared library
//! `libflux_rtl.so` under `<target>/flux-cosim/<hash>/`, where `<hash>` covers everything that
//! decides the result: the Verilog text, the `$readmemh` data files, the shim source, the Verilator
//! and C++ compiler versions, the top module and the flags. A second build with the same inputs is a
//! cache hit and runs nothing. A build runs in a temporary directory beside the cache and is renamed
//! into place only when complete, so a killed build never leaves a half-built entry.

use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Instant;

use sha2::{Digest, Sha256};

/// The core shim, compiled into every core build (and hashed: a shim change invalidates the cache).
pub const SHIM_SOURCE: &str = include_str!("../shim/flux_shim.cpp");

/// The board shim (`crate::board_rtl`), compiled into board-top builds.
pub const BOARD_SHIM_SOURCE: &str = include_str!("../shim/board_shim.cpp");

/// Which C ABI shim a build compiles in, which decides the ports it drives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shim<'a> {
    /// `shim/flux_shim.cpp`: the core's host interface (`hdl/README.md`), for [`crate::rtl::Rtl`].
    Core,
    /// `shim/board_shim.cpp`: a board top's pins `clock`, `rx`, `tx`, for
    /// [`crate::board_rtl::BoardRtl`].
    Board,
    /// A shim generated for one design's ports (`crate::block`: any rust-hdl block alone); its
    /// source is hashed like the fixed ones.
    Generated(&'a str),
}

impl<'a> Shim<'a> {
    /// The shim's C++ source.
    pub fn source(self) -> &'a str {
        match self {
            Shim::Core => SHIM_SOURCE,
            Shim::Board => BOARD_SHIM_SOURCE,
            Shim::Generated(source) => source,
        }
    }

    fn file_name(self) -> &'static str {
        match self {
            Shim::Core => "flux_shim.cpp",
            Shim::Board => "board_shim.cpp",
            Shim::Generated(_) => "block_shim.cpp",
        }
    }
}

/// File name of the built library inside a cache entry.
pub const LIBRARY_NAME: &str = "libflux_rtl.so";

/// Bumped when the build recipe below changes in a way the flags do not show.
const RECIPE_VERSION: &str = "flux-cosim recipe 1";

/// What to verilate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerilateSpec {
    /// Verilog source files, in the order Verilator reads them.
    pub sources: Vec<PathBuf>,
    /// Files the design reads at elaboration or run time (`$readmemh`): hashed, not passed.
    pub data_files: Vec<PathBuf>,
    /// The top module (`flux_core_<preset>` for the real core).
    pub top: String,
    /// Build with `--trace` so a VCD can be written. Tracing costs speed even when no file is open,
    /// so it is a separate cache entry, built only when a waveform is asked for.
    pub trace: bool,
}

impl VerilateSpec {
    /// One Verilog file with the given top module, no tracing.
    pub fn new(source: impl Into<PathBuf>, top: impl Into<String>) -> Self {
        Self {
            sources: vec![source.into()],
            data_files: Vec::new(),
            top: top.into(),
            trace: false,
        }
    }

    /// The same design with tracing switched on or off.
    pub fn with_trace(mut self, trace: bool) -> Self {
        self.trace = trace;
        self
    }
}

/// A built (or cached) Verilated model.
#[derive(Clone, Debug, PartialEq)]
pub struct RtlBuild {
    /// The cache entry directory.
    pub dir: PathBuf,
    /// The shared library to load with [`crate::rtl::Rtl::open`].
    pub library: PathBuf,
    /// The content hash (the directory name).
    pub hash: String,
    /// True when the entry existed and nothing was built.
    pub cached: bool,
    /// Wall-clock seconds spent building (0 on a cache hit).
    pub seconds: f64,
    /// Whether the library can write a VCD.
    pub trace: bool,
}

/// Why a build failed. Each message is one line saying what is wrong and what to do.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("verilator not found: install it with `apt-get install verilator` (Debian/Ubuntu)")]
    VerilatorMissing,
    #[error(
        "C++ compiler `g++` not found (Verilator needs it): install it with `apt-get install g++` (Debian/Ubuntu)"
    )]
    CompilerMissing,
    #[error(
        "`make` not found (Verilator's --build needs it): install it with `apt-get install make` (Debian/Ubuntu)"
    )]
    MakeMissing,
    #[error("no Verilog source given for top module `{top}`")]
    NoSources { top: String },
    #[error("reading {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cache directory {path}: {source}")]
    Cache {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("running {program}: {source}")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    /// One line: the step that failed and its first error line; the command and the whole output
    /// are in `log` (under the cache root, in `target/`).
    #[error(
        "verilator failed to build top module `{top}` while {step}: {first} (command and full output: {log})"
    )]
    Failed {
        top: String,
        /// `verilating`, `compiling the C++` or `linking`.
        step: &'static str,
        /// The first error line of the output (cut to 300 characters).
        first: String,
        log: PathBuf,
    },
}

/// The programs a build runs, resolved in one `PATH`.
#[derive(Clone, Debug)]
pub struct Toolchain {
    verilator: PathBuf,
    path: OsString,
}

impl Toolchain {
    /// Resolves the tools in the process's `PATH`.
    pub fn from_env() -> Result<Self, BuildError> {
        Self::from_path(&std::env::var_os("PATH").unwrap_or_default())
    }

    /// Resolves the tools in the given `PATH` value; the build also runs with it, so `make` and the
    /// compiler Verilator calls come from there too.
    pub fn from_path(path: &OsStr) -> Result<Self, BuildError> {
        let verilator = find_program(path, "verilator").ok_or(BuildError::VerilatorMissing)?;
        find_program(path, "g++").ok_or(BuildError::CompilerMissing)?;
        find_program(path, "make").ok_or(BuildError::MakeMissing)?;
        Ok(Self {
            verilator,
            path: path.to_owned(),
        })
    }

    fn command(&self, program: &Path) -> Command {
        let mut c = Command::new(program);
        c.env("PATH", &self.path);
        c
    }

    /// `verilator --version` and `g++ --version`: part of the cache key.
    fn versions(&self) -> Result<String, BuildError> {
        let mut out = String::new();
        for program in [self.verilator.clone(), PathBuf::from("g++")] {
            let name = program.display().to_string();
            let o = self
                .command(&program)
                .arg("--version")
                .output()
                .map_err(|source| BuildError::Spawn {
                    program: name.clone(),
                    source,
                })?;
            out.push_str(
                String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .next()
                    .unwrap_or(""),
            );
            out.push('\n');
        }
        Ok(out)
    }
}

fn find_program(path: &OsStr, name: &str) -> Option<PathBuf> {
    let cwd = std::env::current_dir().unwrap_or_default();
    which::which_in(name, Some(path), cwd).ok()
}

/// The workspace's `target/` directory: `CARGO_TARGET_DIR` if set, else `target/` in the nearest
/// ancestor of the current directory whose `Cargo.toml` declares a `[workspace]`, else the one beside
/// this crate's workspace at compile time.
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    if let Ok(cwd) = std::env::current_dir() {
        for dir in cwd.ancestors() {
            let manifest = dir.join("Cargo.toml");
            if std::fs::read_to_string(&manifest)
                .is_ok_and(|t| t.lines().any(|l| l.trim() == "[workspace]"))
            {
                return dir.join("target");
            }
        }
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .join("target")
}

/// The cache root, `<target>/flux-cosim`.
pub fn cache_root() -> PathBuf {
    target_dir().join("flux-cosim")
}

/// Verilator arguments, fixed parts. `-O3` is Verilator's own optimisation. The model's C++ is
/// compiled with `-O3` (`OPT_FAST`; Verilator's default is `-Os`): the state word is packed with
/// 100-bit shifts by constants, which only `-O3` inlines and folds (at `-Os` and `-O2` they stay
/// calls of the generic `VL_SHIFTL_WWI`, a fifth of all instructions). On the small core with the
/// STDP unit, `-O3` runs 24 % fewer instructions per cycle than `-Os` (valgrind, the speed bench's
/// RTL part) and 1.25-1.3x the cycles per second, at the same build time (15-20 s on 2 cores);
/// `-O2` only saves 2 % of the instructions. Nothing machine-specific (`-march=native`) is used, so
/// a cache entry stays portable. `--output-split` was measured too: no faster, and slower to build
/// (more files to compile, each including the Verilator headers).
/// Symbols stay private to the library (`-fvisibility=hidden`, `-fno-gnu-unique`, `--exclude-libs`,
/// `-Bsymbolic`) so that two different cores (both `Vtop`) can be loaded into one process.
fn verilator_flags(spec: &VerilateSpec) -> Vec<String> {
    let mut f: Vec<String> = [
        "--cc",
        "--build",
        "--exe",
        "-O3",
        "-j",
        "2",
        "--prefix",
        "Vtop",
        "-Wno-fatal",
        "-Wno-lint",
        "-Wno-style",
        "--x-assign",
        "0",
        "--x-initial",
        "0",
        "-CFLAGS",
        "-fPIC -fvisibility=hidden -fno-gnu-unique",
        "-LDFLAGS",
        "-shared -Wl,--exclude-libs,ALL -Wl,-Bsymbolic",
        "-MAKEFLAGS",
        "OPT_FAST=-O3",
    ]
    .map(String::from)
    .to_vec();
    f.push("--top-module".into());
    f.push(spec.top.clone());
    if spec.trace {
        f.push("--trace".into());
    }
    f
}

fn read(path: &Path) -> Result<Vec<u8>, BuildError> {
    std::fs::read(path).map_err(|source| BuildError::Read {
        path: path.to_owned(),
        source,
    })
}

/// The cache key of a spec built with the core shim: hex SHA-256 (first 16 bytes) of everything
/// that decides the build.
pub fn content_hash(spec: &VerilateSpec, versions: &str) -> Result<String, BuildError> {
    content_hash_with(spec, Shim::Core, versions)
}

/// The cache key of a spec built with `shim` (as [`content_hash`]).
pub fn content_hash_with(
    spec: &VerilateSpec,
    shim: Shim,
    versions: &str,
) -> Result<String, BuildError> {
    let mut h = Sha256::new();
    let mut part = |label: &str, bytes: &[u8]| {
        h.update(label.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    part("recipe", RECIPE_VERSION.as_bytes());
    part("shim", shim.source().as_bytes());
    part("versions", versions.as_bytes());
    part("flags", verilator_flags(spec).join("\0").as_bytes());
    for s in &spec.sources {
        part("source", &read(s)?);
    }
    for d in &spec.data_files {
        part(
            "data-name",
            d.file_name().unwrap_or_default().as_encoded_bytes(),
        );
        part("data", &read(d)?);
    }
    let digest = h.finalize();
    Ok(digest[..16].iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    }))
}

/// One build at a time per process: parallel tests asking for the same core wait for the first
/// build instead of running it twice (Verilator builds are the slowest thing in the test suite).
static BUILD_LOCK: Mutex<()> = Mutex::new(());

/// The step of a failed `verilator --build` and the first line that says why, from its output:
/// Verilator's own `%Error`, else the C++ compiler's `error:`, else the linker's; else the last line.
fn first_error(output: &str) -> (&'static str, String) {
    const MAX_CHARS: usize = 300;
    let lines: Vec<&str> = output
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let find = |pred: &dyn Fn(&str) -> bool| lines.iter().find(|l| pred(l)).copied();
    let (step, line) = if let Some(l) = find(&|l| l.starts_with("%Error")) {
        ("verilating", l)
    } else if let Some(l) = find(&|l| l.contains("error:") && !l.contains("ld returned")) {
        ("compiling the C++", l)
    } else if let Some(l) =
        find(&|l| l.contains("undefined reference") || l.contains("ld returned"))
    {
        ("linking", l)
    } else {
        (
            "running verilator",
            lines.last().copied().unwrap_or("no output"),
        )
    };
    let mut first: String = line.chars().take(MAX_CHARS).collect();
    if line.chars().count() > MAX_CHARS {
        first.push('…');
    }
    (step, first)
}

/// Builds `spec` with the core shim and the tools on `PATH`, or returns the cached build.
pub fn build(spec: &VerilateSpec) -> Result<RtlBuild, BuildError> {
    build_with(spec, &Toolchain::from_env()?, &cache_root())
}

/// Builds `spec` with `shim` and the tools on `PATH`, or returns the cached build.
pub fn build_shim(spec: &VerilateSpec, shim: Shim) -> Result<RtlBuild, BuildError> {
    build_with_shim(spec, shim, &Toolchain::from_env()?, &cache_root())
}

/// Builds `spec` with the core shim and `tools` into the cache under `root`, or returns the cached
/// build.
pub fn build_with(
    spec: &VerilateSpec,
    tools: &Toolchain,
    root: &Path,
) -> Result<RtlBuild, BuildError> {
    build_with_shim(spec, Shim::Core, tools, root)
}

/// Builds `spec` with `shim` and `tools` into the cache under `root`, or returns the cached build.
pub fn build_with_shim(
    spec: &VerilateSpec,
    shim: Shim,
    tools: &Toolchain,
    root: &Path,
) -> Result<RtlBuild, BuildError> {
    if spec.sources.is_empty() {
        return Err(BuildError::NoSources {
            top: spec.top.clone(),
        });
    }
    let hash = content_hash_with(spec, shim, &tools.versions()?)?;
    let dir = root.join(&hash);
    let library = dir.join(LIBRARY_NAME);
    let done = |cached: bool, seconds: f64| RtlBuild {
        dir: dir.clone(),
        library: library.clone(),
        hash: hash.clone(),
        cached,
        seconds,
        trace: spec.trace,
    };
    if library.is_file() {
        return Ok(done(true, 0.0));
    }
    let _guard = BUILD_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    if library.is_file() {
        return Ok(done(true, 0.0));
    }

    let start = Instant::now();
    let cache_err = |path: &Path| {
        let path = path.to_owned();
        move |source| BuildError::Cache { path, source }
    };
    std::fs::create_dir_all(root).map_err(cache_err(root))?;
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".tmp-{hash}-"))
        .tempdir_in(root)
        .map_err(cache_err(root))?;
    let shim_path = tmp.path().join(shim.file_name());
    std::fs::write(&shim_path, shim.source()).map_err(cache_err(&shim_path))?;
    let obj = tmp.path().join("obj");
    let log_path = tmp.path().join("build.log");

    let mut cmd = tools.command(&tools.verilator);
    cmd.args(verilator_flags(spec))
        .arg("--Mdir")
        .arg(&obj)
        .arg("-o")
        .arg(LIBRARY_NAME)
        .arg(&shim_path);
    cmd.args(&spec.sources);
    let output = cmd.output().map_err(|source| BuildError::Spawn {
        program: tools.verilator.display().to_string(),
        source,
    })?;
    let mut log = format!("{cmd:?}\n").into_bytes();
    log.extend_from_slice(&output.stdout);
    log.extend_from_slice(&output.stderr);
    std::fs::write(&log_path, &log).map_err(cache_err(&log_path))?;
    let built = obj.join(LIBRARY_NAME);
    if !output.status.success() || !built.is_file() {
        // Keep the log where the user can read it: the failed build's directory is dropped.
        let failed_log = root.join(format!("failed-{hash}.log"));
        std::fs::write(&failed_log, &log).map_err(cache_err(&failed_log))?;
        let mut out = String::from_utf8_lossy(&output.stdout).into_owned();
        out += &String::from_utf8_lossy(&output.stderr);
        let (step, first) = first_error(&out);
        return Err(BuildError::Failed {
            top: spec.top.clone(),
            step,
            first,
            log: failed_log,
        });
    }
    let staged = tmp.path().join(LIBRARY_NAME);
    std::fs::rename(&built, &staged).map_err(cache_err(&built))?;
    std::fs::remove_dir_all(&obj).map_err(cache_err(&obj))?;
    let manifest = format!(
        "top: {}\ntrace: {}\nsources: {:?}\ndata files: {:?}\nflags: {:?}\nversions: {}",
        spec.top,
        spec.trace,
        spec.sources,
        spec.data_files,
        verilator_flags(spec),
        tools.versions()?
    );
    let manifest_path = tmp.path().join("manifest.txt");
    std::fs::write(&manifest_path, manifest).map_err(cache_err(&manifest_path))?;

    let staging = tmp.keep();
    if let Err(e) = std::fs::rename(&staging, &dir) {
        // Another process finished the same build first: use its entry.
        let _ = std::fs::remove_dir_all(&staging);
        if !library.is_file() {
            return Err(BuildError::Cache {
                path: dir.clone(),
                source: e,
            });
        }
    }
    Ok(done(false, start.elapsed().as_secs_f64()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use flux_sim::spec::host::{Dir, PORTS};
    use std::collections::BTreeSet;

    /// The names `source` uses as `top->NAME`.
    fn top_members(source: &str) -> BTreeSet<&str> {
        source
            .match_indices("top->")
            .map(|(i, _)| {
                let rest = &source[i + 5..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                &rest[..end]
            })
            .collect()
    }

    /// The core shim touches exactly the host interface's ports (`flux_sim::spec::host::PORTS`),
    /// beside Verilator's own members and the mutant selector of `flux mutate`: a port renamed in
    /// the spec cannot leave the shim driving a name the core no longer has, or none at all.
    #[test]
    fn the_core_shim_uses_exactly_the_host_interface_ports() {
        let used = top_members(SHIM_SOURCE);
        let verilator: BTreeSet<&str> = ["eval", "final", "trace", "mutsel"].into();
        let ports: BTreeSet<&str> = PORTS.iter().map(|p| p.name).collect();
        let shim_ports: BTreeSet<&str> = used.difference(&verilator).copied().collect();
        assert_eq!(
            shim_ports, ports,
            "shim/flux_shim.cpp against spec::host::PORTS"
        );
        // Every input is driven: assigned as `top->NAME =`, or through the wide-word setter.
        for p in PORTS.iter().filter(|p| p.dir == Dir::In) {
            assert!(
                SHIM_SOURCE.contains(&format!("top->{} = ", p.name))
                    || SHIM_SOURCE.contains(&format!("set_wide128(top->{}, ", p.name)),
                "the shim never drives input {}",
                p.name
            );
        }
    }
}
