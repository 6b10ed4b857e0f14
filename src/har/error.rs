//! The one error type of the HAR reader: an opaque value with a stable kind,
//! in the shape of the engine's (`src/messages/error.rs`), so that the CLI,
//! the audit page and the tests can branch on the kind while people read the
//! message.

use std::fmt;

use crate::messages::event::truncate_at_char;

/// What went wrong with a HAR file, as a stable name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HarErrorKind {
    /// Not JSON at all (a syntax error before the end of the text).
    NotJson,
    /// JSON that stops before its end: a capture cut short while it was
    /// written or copied.
    Truncated,
    /// JSON, but not a HAR: no `log.entries`, or a field of the wrong type.
    NotHar,
    /// A `log.version` this reader does not speak (HAR 1.1 and 1.2 are read).
    UnsupportedVersion,
    /// Larger than the reader takes ([`super::HarLimits::max_bytes`]).
    TooLarge,
}

impl HarErrorKind {
    /// The stable name, e.g. `"Truncated"`.
    pub fn as_str(self) -> &'static str {
        match self {
            HarErrorKind::NotJson => "NotJson",
            HarErrorKind::Truncated => "Truncated",
            HarErrorKind::NotHar => "NotHar",
            HarErrorKind::UnsupportedVersion => "UnsupportedVersion",
            HarErrorKind::TooLarge => "TooLarge",
        }
    }
}

/// An error with a kind and a human message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HarError {
    kind: HarErrorKind,
    message: String,
}

/// The longest message, in bytes: serde's messages quote the input.
const MAX_MESSAGE_BYTES: usize = 512;

impl HarError {
    pub(crate) fn new(kind: HarErrorKind, message: impl Into<String>) -> Self {
        let mut message = message.into();
        if truncate_at_char(&mut message, MAX_MESSAGE_BYTES) {
            message.push('…');
        }
        HarError { kind, message }
    }

    /// The error of a JSON parse, by what serde_json says went wrong.
    pub(crate) fn from_json(e: &serde_json::Error) -> Self {
        use serde_json::error::Category;
        let kind = match e.classify() {
            Category::Eof => HarErrorKind::Truncated,
            Category::Syntax | Category::Io => HarErrorKind::NotJson,
            Category::Data => HarErrorKind::NotHar,
        };
        let what = match kind {
            HarErrorKind::Truncated => "the file ends before the HAR does",
            HarErrorKind::NotJson => "not JSON",
            _ => "not a HAR",
        };
        HarError::new(kind, format!("{what}: {e}"))
    }

    pub fn kind(&self) -> HarErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for HarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.as_str(), self.message)
    }
}

impl std::error::Error for HarError {}
