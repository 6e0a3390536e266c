//! Errors of the network compiler (`docs/model.md` §8, §10).
//!
//! Every refusal is one line naming the file, the line of the offending key where it is known, the value
//! and the limit, e.g. `examples/x.toml:14: projection "e_to_i" weight 300 does not fit the 8-bit signed
//! weight of preset small (-128..=127)`.

use std::ops::Range;

/// Why a network file could not be turned into a core image.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// The file could not be read.
    #[error("{path}: cannot read the network file: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// The file is not a valid network, or the network does not fit the core.
    #[error("{origin}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Invalid {
        /// The file name (or the origin given to `compile_str`).
        origin: String,
        /// 1-based line of the offending key, when known.
        line: Option<usize>,
        /// What is wrong, with the value and the limit.
        message: String,
    },
}

impl CompileError {
    /// The line the error points at, if any.
    pub fn line(&self) -> Option<usize> {
        match self {
            CompileError::Read { .. } => None,
            CompileError::Invalid { line, .. } => *line,
        }
    }
}

/// A problem found while compiling, located by a byte range of the source text; turned into a
/// [`CompileError`] (with a line number) once the origin is attached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    pub span: Option<Range<usize>>,
    pub message: String,
}

impl Problem {
    pub fn at(span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            span: Some(span),
            message: message.into(),
        }
    }

    pub fn whole_file(message: impl Into<String>) -> Self {
        Self {
            span: None,
            message: message.into(),
        }
    }

    /// Attaches the origin and converts the byte offset into a 1-based line of `text`.
    pub fn locate(self, origin: &str, text: &str) -> CompileError {
        let line = self.span.map(|s| {
            let end = s.start.min(text.len());
            text.as_bytes()[..end]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1
        });
        CompileError::Invalid {
            origin: origin.to_string(),
            line,
            message: self.message,
        }
    }
}

pub(crate) type Checked<T> = Result<T, Problem>;
