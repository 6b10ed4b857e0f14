//! The one error type of the core: an opaque value with a stable kind.
//!
//! The kind names cross the wasm boundary unchanged (as the `name` of a
//! `JsError`), so the shell and the tests can branch on them; the message is
//! for people.

use std::fmt;

/// What went wrong, as a stable name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Not JSON, not an object, unknown `type`, missing or ill-typed field.
    MalformedEvent,
    /// `v` is missing or names a schema this core does not speak.
    UnsupportedVersion,
    /// The event, or one of its fields, is over its size cap.
    EventTooLarge,
    /// A snapshot that cannot be restored (corrupt, or from another schema).
    InvalidSnapshot,
    /// An argument of a query method is out of range.
    InvalidArgument,
}

impl ErrorKind {
    /// The stable name, e.g. `"MalformedEvent"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::MalformedEvent => "MalformedEvent",
            ErrorKind::UnsupportedVersion => "UnsupportedVersion",
            ErrorKind::EventTooLarge => "EventTooLarge",
            ErrorKind::InvalidSnapshot => "InvalidSnapshot",
            ErrorKind::InvalidArgument => "InvalidArgument",
        }
    }
}

/// An error with a kind and a human message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
        }
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.as_str(), self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
