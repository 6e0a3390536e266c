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

/// Most characters a name (of a population, input, profile or projection) may have.
pub const MAX_NAME_CHARS: usize = 64;
/// Most characters of a name [`quote_name`] shows before cutting it short.
const QUOTE_CHARS: usize = 80;

/// A name as messages show it: in double quotes, control characters escaped (`\n`, `\u{7}`), cut
/// after 80 characters with `…`, so that no name can forge a line of a message or flood it.
pub fn quote_name(name: &str) -> String {
    let mut out = String::from("\"");
    for (i, c) in name.chars().enumerate() {
        if i == QUOTE_CHARS {
            out.push('…');
            break;
        }
        out.extend(c.escape_debug());
    }
    out.push('"');
    out
}

/// Whether `c` may appear in a name: no control character and no bidirectional override (which
/// would reorder the rest of a message on a terminal).
fn printable(c: char) -> bool {
    !c.is_control() && !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Refuses a name (`what`: where it stands, e.g. `population name`) that is not printable or is
/// longer than [`MAX_NAME_CHARS`].
pub(crate) fn check_name(name: &str, span: Range<usize>, what: &str) -> Checked<()> {
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(Problem::at(
            span,
            format!(
                "{what} {} has {chars} characters, more than the {MAX_NAME_CHARS} a name may have",
                quote_name(name)
            ),
        ));
    }
    if !name.chars().all(printable) {
        return Err(Problem::at(
            span,
            format!(
                "{what} {} is not printable: a name may hold no control characters",
                quote_name(name)
            ),
        ));
    }
    Ok(())
}
