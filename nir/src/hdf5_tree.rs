//! Reads a NIR file (HDF5, as `nir.write` lays it out) into a plain tree of groups, numeric arrays
//! and strings. Everything NIR-specific happens in `graph.rs`; this module only knows HDF5.
//!
//! Layout (nir 1.0.x, `nir/fixtures/README.md`): the root holds a scalar string dataset `version`
//! and a group `node` (the top graph). Every node is a group with a scalar string dataset `type` and
//! one dataset per parameter (float32 or float64 arrays, int64 arrays or scalars); a graph's `edges`
//! is an `(n, 2)` dataset of variable-length strings. Datasets are contiguous or, by default,
//! chunked with the deflate filter: the HDF5 library reads both.

use std::collections::BTreeMap;
use std::path::Path;

use hdf5::types::{TypeDescriptor, VarLenAscii, VarLenUnicode};

/// One HDF5 object, as NIR uses it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A group: its members by name (sorted; HDF5 keeps no creation order here).
    Group(BTreeMap<String, Value>),
    /// A numeric dataset: its shape (empty for a scalar) and its values in C order.
    Numbers { shape: Vec<usize>, data: Vec<f64> },
    /// A string dataset: its shape (empty for a scalar) and its values in C order.
    Strings {
        shape: Vec<usize>,
        data: Vec<String>,
    },
}

/// Why a file could not be read as HDF5.
#[derive(Debug, thiserror::Error)]
#[error("{what}")]
pub struct ReadError {
    pub what: String,
}

fn fail(what: impl Into<String>) -> ReadError {
    ReadError { what: what.into() }
}

/// Nesting deeper than this is refused (a NIR graph nests a few levels at most; a hostile file
/// could otherwise recurse without end through HDF5 links).
const MAX_DEPTH: usize = 32;

/// Reads the whole file into a tree. The root is a [`Value::Group`].
pub fn read(path: &Path) -> Result<Value, ReadError> {
    if !has_hdf5_signature(path)? {
        return Err(fail("not an HDF5 file (NIR files are HDF5)"));
    }
    let file = hdf5::File::open(path).map_err(|e| fail(format!("cannot open as HDF5: {e}")))?;
    read_group(&file, "", 0)
}

/// The 8-byte HDF5 signature, at offset 0 or, behind a user block, at 512, 1024, 2048, ...
const SIGNATURE: &[u8; 8] = b"\x89HDF\r\n\x1a\n";

/// Checked before the library opens the file, so that a text file gets one plain line instead of
/// the library's error stack.
fn has_hdf5_signature(path: &Path) -> Result<bool, ReadError> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path).map_err(|e| fail(format!("cannot open: {e}")))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut offset = 0u64;
    while offset + 8 <= len {
        let mut buf = [0u8; 8];
        file.seek(SeekFrom::Start(offset))
            .and_then(|_| file.read_exact(&mut buf))
            .map_err(|e| fail(format!("cannot read: {e}")))?;
        if &buf == SIGNATURE {
            return Ok(true);
        }
        offset = if offset == 0 { 512 } else { offset * 2 };
    }
    Ok(false)
}

fn read_group(group: &hdf5::Group, at: &str, depth: usize) -> Result<Value, ReadError> {
    if depth > MAX_DEPTH {
        return Err(fail(format!("{at}: groups nested deeper than {MAX_DEPTH}")));
    }
    let names = group
        .member_names()
        .map_err(|e| fail(format!("{at}/: cannot list the group: {e}")))?;
    let mut members = BTreeMap::new();
    for name in names {
        let path = format!("{at}/{name}");
        let value = if let Ok(sub) = group.group(&name) {
            read_group(&sub, &path, depth + 1)?
        } else {
            let ds = group
                .dataset(&name)
                .map_err(|e| fail(format!("{path}: neither a group nor a dataset: {e}")))?;
            read_dataset(&ds, &path)?
        };
        members.insert(name, value);
    }
    Ok(Value::Group(members))
}

fn read_dataset(ds: &hdf5::Dataset, at: &str) -> Result<Value, ReadError> {
    let bad = |e: hdf5::Error| fail(format!("{at}: cannot read the dataset: {e}"));
    let shape = ds.shape();
    let dtype = ds.dtype().map_err(bad)?;
    let descriptor = dtype.to_descriptor().map_err(bad)?;
    match descriptor {
        TypeDescriptor::Float(_) => Ok(Value::Numbers {
            shape,
            data: ds.read_raw::<f64>().map_err(bad)?,
        }),
        TypeDescriptor::Integer(_) | TypeDescriptor::Unsigned(_) | TypeDescriptor::Boolean => {
            let data = ds.read_raw::<i64>().map_err(bad)?;
            Ok(Value::Numbers {
                shape,
                data: data.into_iter().map(|x| x as f64).collect(),
            })
        }
        TypeDescriptor::VarLenUnicode => Ok(Value::Strings {
            shape,
            data: ds
                .read_raw::<VarLenUnicode>()
                .map_err(bad)?
                .into_iter()
                .map(|s| s.as_str().to_string())
                .collect(),
        }),
        TypeDescriptor::VarLenAscii => Ok(Value::Strings {
            shape,
            data: ds
                .read_raw::<VarLenAscii>()
                .map_err(bad)?
                .into_iter()
                .map(|s| s.as_str().to_string())
                .collect(),
        }),
        TypeDescriptor::FixedAscii(n) | TypeDescriptor::FixedUnicode(n) => {
            // Fixed-length strings (other writers): read the raw bytes and cut at the first NUL.
            let raw = ds.read_raw::<u8>().map_err(bad)?;
            let data = raw
                .chunks(n.max(1))
                .map(|c| {
                    let end = c.iter().position(|&b| b == 0).unwrap_or(c.len());
                    String::from_utf8_lossy(&c[..end]).into_owned()
                })
                .collect();
            Ok(Value::Strings { shape, data })
        }
        other => Err(fail(format!(
            "{at}: unsupported HDF5 data type {other:?} (NIR stores numbers and strings)"
        ))),
    }
}
