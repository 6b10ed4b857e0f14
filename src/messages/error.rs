//! The one error type of the core: an opaque value with a stable kind.
//!
//! The kind names cross the wasm boundary unchanged (as the `name` of a
//! `JsError`), so the shell and the tests can branch on them; the message is
//! for people.

use std::fmt;

use crate::messages::event::truncate_at_char;

/// What went wrong, as a stable name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Not JSON, not an object, unknown `type`, missing or ill-typed field.
    MalformedEvent,
    /// `v` is missing or names a schema this core does not speak.
    UnsupportedVersion,
    /// The event as a whole is over `maxEventBytes` (an over-long field or
    /// list is cut short instead, and reported as a cap reached).
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

/// The longest message an error carries, in bytes: a parser's message can
/// quote the input (an unknown variant name, a version value), and the input
/// is as long as a page makes it.
const MAX_MESSAGE_BYTES: usize = 512;

impl Error {
    /// An error of `kind`; a message longer than 512 bytes is cut short.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        let mut message = message.into();
        if truncate_at_char(&mut message, MAX_MESSAGE_BYTES) {
            message.push('…');
        }
        Error { kind, message }
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

/// Thrown in JavaScript as an `Error` whose `name` is the kind's stable
/// name (`InvalidSnapshot`, …) and whose message is the error's: how every
/// wasm boundary of the core (the background's, the options page's
/// matcher) reports one.
#[cfg(target_arch = "wasm32")]
impl From<Error> for wasm_bindgen::JsValue {
    fn from(e: Error) -> wasm_bindgen::JsValue {
        let err = js_sys::Error::new(e.message());
        err.set_name(e.kind().as_str());
        err.into()
    }
}
