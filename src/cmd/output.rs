//! Output files of every command: checked before any work is done, written beside their path under
//! a temporary name and renamed over it once complete, so a failed or interrupted run never leaves
//! half a file, and never replaces a device, a FIFO, a symbolic link, a directory or one of its own
//! inputs (issue 11).

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// Checks that `path` can take an output of a command that reads `inputs`: nothing there yet, or a
/// regular file that is none of `inputs`, in a directory where a file can be created. Call it before
/// the work that produces the output; the error is one line, `cannot write PATH: why`.
pub fn check_file(path: &Path, inputs: &[&Path]) -> Result<()> {
    let why = |reason: String| anyhow::anyhow!("cannot write {}: {reason}", path.display());
    match std::fs::symlink_metadata(path) {
        Ok(meta) => {
            let kind = meta.file_type();
            if kind.is_symlink() {
                return Err(why(
                    "it is a symbolic link; flux writes only regular files: give the link's target or another path".into(),
                ));
            }
            if kind.is_dir() {
                return Err(why("it is a directory: give a file name".into()));
            }
            if !kind.is_file() {
                return Err(why(
                    "it is not a regular file (a device, FIFO or socket): give another path".into(),
                ));
            }
            for input in inputs {
                if same_file(path, input) {
                    return Err(why(format!(
                        "it is also an input ({}): give another output file",
                        input.display()
                    )));
                }
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(why(e.to_string())),
    }
    let dir = parent(path);
    if !dir.is_dir() {
        return Err(why(format!(
            "the directory {} does not exist",
            dir.display()
        )));
    }
    // A file created and removed again: the one reliable test that the directory takes a file.
    if let Err(e) = tempfile::Builder::new()
        .prefix(".flux-check-")
        .tempfile_in(dir)
    {
        return Err(why(format!(
            "cannot create a file in {}: {e}",
            dir.display()
        )));
    }
    Ok(())
}

/// Checks that `dir` can take the output files of a command: nothing there yet (it is created
/// later), or a directory.
pub fn check_dir(dir: &Path) -> Result<()> {
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => bail!(
            "cannot write into {}: it exists and is not a directory: give a directory",
            dir.display()
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => bail!("cannot write into {}: {e}", dir.display()),
    }
}

/// Whether `a` and `b` name the same file (same device and inode; on other systems, the same
/// canonical path). A path that does not exist is no file.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}

/// The directory a file path is in (`.` for a bare name).
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Temporary files and directories of unfinished outputs: removed by the SIGINT/SIGTERM handler,
/// since a signal ends the process without running the destructors that remove them otherwise.
static UNFINISHED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Registers the temporary `path` for removal on SIGINT or SIGTERM, installing the handler (the
/// `ctrlc` crate, which runs it on a thread of its own) on first use. A path that was renamed to its
/// output or removed in the meantime is simply not found then.
fn remove_on_signal(path: &Path) {
    static HANDLER: std::sync::Once = std::sync::Once::new();
    HANDLER.call_once(|| {
        // Another handler (none in flux) would keep its own: the temporary files stay then.
        let _ = ctrlc::set_handler(|| {
            let paths = UNFINISHED.lock().map(|p| p.clone()).unwrap_or_default();
            for path in paths {
                let _ = if path.is_dir() {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                };
            }
            eprintln!("interrupted: unfinished output removed");
            // 128 + SIGINT, as a shell reports a process ended by Ctrl-C.
            std::process::exit(130);
        });
    });
    if let Ok(mut paths) = UNFINISHED.lock() {
        paths.push(path.to_path_buf());
    }
}

/// A temporary file in the directory of `path`, named `<prefix>XXXXXX`, to be renamed over `path`
/// once complete ([`tempfile::NamedTempFile::persist`]) and removed if the run fails or is
/// interrupted.
pub fn temp_beside(path: &Path, prefix: &str) -> Result<tempfile::NamedTempFile> {
    let dir = parent(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    // A temporary file is private (0600) by default; the output is an ordinary file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let tmp = builder.tempfile_in(dir).map_err(|e| {
        anyhow::anyhow!(
            "cannot write {}: cannot create a file in {}: {e}",
            path.display(),
            dir.display()
        )
    })?;
    remove_on_signal(tmp.path());
    Ok(tmp)
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, renamed over it.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut tmp = temp_beside(path, ".flux-out-")?;
    let fail = |e: std::io::Error| anyhow::anyhow!("cannot write {}: {e}", path.display());
    tmp.write_all(bytes).map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// A temporary directory beside the output directory `out` (whose parent is created if needed), to
/// emit files into before [`move_into`] moves them to `out`; removed when dropped.
pub fn staging_dir(out: &Path) -> Result<tempfile::TempDir> {
    let dir = parent(out);
    std::fs::create_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(".flux-emit-")
        .tempdir_in(dir)
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot write into {}: cannot create a directory in {}: {e}",
                out.display(),
                dir.display()
            )
        })?;
    remove_on_signal(staging.path());
    Ok(staging)
}

/// Moves the complete `files` into the directory `out` (created if needed), under their names;
/// returns their new paths. Every target is checked ([`check_file`]) before the first is moved, so
/// either all of them land or none does.
pub fn move_into(files: &[PathBuf], out: &Path, inputs: &[&Path]) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", out.display()))?;
    let mut moves = Vec::with_capacity(files.len());
    for file in files {
        let name = file
            .file_name()
            .ok_or_else(|| anyhow::anyhow!("internal: {} has no file name", file.display()))?;
        let target = out.join(name);
        check_file(&target, inputs)?;
        moves.push((file, target));
    }
    for (file, target) in &moves {
        std::fs::rename(file, target)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", target.display()))?;
    }
    Ok(moves.into_iter().map(|(_, target)| target).collect())
}
