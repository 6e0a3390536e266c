//! NIR import: a trained network in the Neuromorphic Intermediate Representation (an HDF5 file written
//! by the `nir` package) becomes an ordinary Flux network file (`docs/model.md` §10).
//!
//! The stages, one module each: `hdf5_tree` reads the file, `graph` types and checks the nodes,
//! `lower` multiplies the linear nodes out into explicit synapses (floats), `quantise` turns every
//! float into the integers of a Flux profile, state and synapse and writes the network text with a
//! report of every derivation and its error. The rules are written in `docs/model.md` §13.

use std::path::Path;

pub mod graph;
pub mod hdf5_tree;
pub mod lower;
pub mod quantise;

pub use quantise::{Imported, Kind, Options, Reset};

/// Why a NIR file could not be imported: one line, naming the node where there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", node.as_ref().map(|n| format!("node {}: ", graph::quote(n))).unwrap_or_default())]
pub struct ImportError {
    /// The (flattened) node name, when the problem belongs to one node.
    pub node: Option<String>,
    pub message: String,
}

impl ImportError {
    pub fn file(message: impl Into<String>) -> Self {
        Self {
            node: None,
            message: message.into(),
        }
    }

    pub fn node(name: &str, message: impl Into<String>) -> Self {
        Self {
            node: Some(name.to_string()),
            message: message.into(),
        }
    }
}

/// Reads and imports the NIR file at `path` (errors are prefixed with the file name).
pub fn import_file(path: &Path, options: &Options) -> Result<Imported, ImportError> {
    let at = |e: ImportError| ImportError {
        node: None,
        message: format!("{}: {e}", path.display()),
    };
    let tree = hdf5_tree::read(path).map_err(|e| at(ImportError::file(e.what)))?;
    let file = graph::from_tree(&tree).map_err(at)?;
    let origin = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    quantise::import(&file, &origin, options).map_err(at)
}
