//! The person's own values (e-mails, phones, names, other text) for an
//! audit outside the extension: read and checked as the options page keeps
//! them (`extension/background/watched-store.js`), so that the command line
//! and the audit page watch the same values the extension would, given to
//! the engine as the same `watchedValues` event.
//!
//! A HAR holds no record of what was typed into a page: a value the person
//! typed counts in an audit only when they name it here (or when it left
//! hashed next to a harvested profile's data, as the engine finds anyway).

use std::fmt;

use crate::messages::event::{ContactValue, Event};
use crate::messages::vocabulary::DataKind;

/// The longest value kept, in characters: the longest form value the page
/// observer reports (the options page's limit).
pub const MAX_OWN_VALUE_CHARS: usize = 256;
/// Shorter other text would match by chance in ordinary traffic.
const MIN_CUSTOM_CHARS: usize = 4;

/// Why a value was not taken, by the options page's codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnValueError {
    /// Nothing but spaces.
    Empty,
    /// Over [`MAX_OWN_VALUE_CHARS`].
    TooLong,
    /// Said to be an e-mail address, and not shaped as one.
    Email,
    /// Said to be a phone number, and not one (6 to 15 digits, separators).
    Phone,
    /// Other text under four characters.
    TooShort,
}

impl OwnValueError {
    /// The options page's error code (`empty`, `tooLong`, …).
    pub fn code(self) -> &'static str {
        match self {
            OwnValueError::Empty => "empty",
            OwnValueError::TooLong => "tooLong",
            OwnValueError::Email => "email",
            OwnValueError::Phone => "phone",
            OwnValueError::TooShort => "tooShort",
        }
    }
}

impl fmt::Display for OwnValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OwnValueError::Empty => "empty value",
            OwnValueError::TooLong => "longer than 256 characters",
            OwnValueError::Email => "not an e-mail address",
            OwnValueError::Phone => "not a phone number (6 to 15 digits)",
            OwnValueError::TooShort => "shorter than 4 characters",
        })
    }
}

impl std::error::Error for OwnValueError {}

/// One of the person's values, of `kind`, as the options page keeps it:
/// spaces collapsed and trimmed, e-mails lower-cased; checked as the
/// options page checks it.
///
/// ```
/// use vigie::har::own_value;
/// use vigie::messages::vocabulary::DataKind;
/// let v = own_value(DataKind::Email, "  Claire.Martin@Example.org ").unwrap();
/// assert_eq!(v.value, "claire.martin@example.org");
/// assert!(own_value(DataKind::Phone, "12 34").is_err());
/// ```
pub fn own_value(kind: DataKind, text: &str) -> Result<ContactValue, OwnValueError> {
    let mut value = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if value.is_empty() {
        return Err(OwnValueError::Empty);
    }
    if value.chars().count() > MAX_OWN_VALUE_CHARS {
        return Err(OwnValueError::TooLong);
    }
    match kind {
        DataKind::Email => {
            value = crate::text::lowercase(&value);
            if !is_email(&value) {
                return Err(OwnValueError::Email);
            }
        }
        DataKind::Phone if !is_phone(&value) => return Err(OwnValueError::Phone),
        DataKind::Custom if value.chars().count() < MIN_CUSTOM_CHARS => {
            return Err(OwnValueError::TooShort)
        }
        _ => {}
    }
    Ok(ContactValue { kind, value })
}

/// A value given without its kind (`vigie-audit --watch`), or with it as a
/// prefix (`email:`, `phone:`, `name:`, `custom:`). Without one, an
/// e-mail-shaped value is an e-mail address, a phone-shaped one a phone
/// number, anything else other text: a name is only a name when said so
/// (alone, it is weak evidence, and cannot be told from other text).
///
/// ```
/// use vigie::har::parse_own_value;
/// use vigie::messages::vocabulary::DataKind;
/// assert_eq!(parse_own_value("+33 6 12 34 56 78").unwrap().kind, DataKind::Phone);
/// assert_eq!(parse_own_value("claire@example.org").unwrap().kind, DataKind::Email);
/// assert_eq!(parse_own_value("name:Claire Martin").unwrap().kind, DataKind::Name);
/// assert_eq!(parse_own_value("FR76 3000 6000").unwrap().kind, DataKind::Custom);
/// ```
pub fn parse_own_value(text: &str) -> Result<ContactValue, OwnValueError> {
    if let Some((prefix, rest)) = text.trim_start().split_once(':') {
        if let Some(kind) = DataKind::parse(prefix) {
            return own_value(kind, rest);
        }
    }
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let kind = if is_email(&collapsed) {
        DataKind::Email
    } else if is_phone(&collapsed) {
        DataKind::Phone
    } else {
        DataKind::Custom
    };
    own_value(kind, text)
}

/// The event that gives the engine the person's values (the full set).
pub fn watched_values_event(values: Vec<ContactValue>) -> Event {
    Event::WatchedValues { time: 0.0, values }
}

/// `local@domain.tld`: one `@`, no spaces, a dot inside the domain
/// (the options page's `^[^@\s]+@[^@\s]+\.[^@\s]+$`).
fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !value.chars().any(char::is_whitespace)
        && !domain.contains('@')
        && domain
            .char_indices()
            .any(|(at, c)| c == '.' && at > 0 && at + 1 < domain.len())
}

/// Digits with the usual separators, an optional leading `+`, 6 to 15
/// digits (the options page's rule).
fn is_phone(value: &str) -> bool {
    let body = value.strip_prefix('+').unwrap_or(value);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    !body.is_empty()
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || " ().-/".contains(c))
        && (6..=15).contains(&digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_as_the_options_page_does() {
        let ok = |kind, text: &str| own_value(kind, text).map(|v| v.value);
        assert_eq!(ok(DataKind::Email, "A@B.fr"), Ok("a@b.fr".to_owned()));
        assert_eq!(ok(DataKind::Email, "a@b"), Err(OwnValueError::Email));
        assert_eq!(ok(DataKind::Email, "a@.b"), Err(OwnValueError::Email));
        assert_eq!(ok(DataKind::Email, "a b@c.fr"), Err(OwnValueError::Email));
        assert_eq!(ok(DataKind::Email, "a@b@c.fr"), Err(OwnValueError::Email));
        assert_eq!(
            ok(DataKind::Phone, " 06  12 34 56 78 "),
            Ok("06 12 34 56 78".to_owned())
        );
        assert_eq!(
            ok(DataKind::Phone, "+33 (0)6.12"),
            Ok("+33 (0)6.12".to_owned())
        );
        assert_eq!(ok(DataKind::Phone, "12345"), Err(OwnValueError::Phone));
        assert_eq!(ok(DataKind::Phone, "06 12 ab"), Err(OwnValueError::Phone));
        assert_eq!(
            ok(DataKind::Phone, "1234567890123456"),
            Err(OwnValueError::Phone)
        );
        assert_eq!(ok(DataKind::Custom, "abc"), Err(OwnValueError::TooShort));
        assert_eq!(ok(DataKind::Custom, "éèàù"), Ok("éèàù".to_owned()));
        assert_eq!(ok(DataKind::Name, "  "), Err(OwnValueError::Empty));
        assert_eq!(
            ok(DataKind::Name, &"é".repeat(257)),
            Err(OwnValueError::TooLong)
        );
        assert!(ok(DataKind::Name, &"é".repeat(256)).is_ok());
    }

    #[test]
    fn a_value_without_its_kind_is_classified_by_its_shape() {
        let kind = |text: &str| parse_own_value(text).map(|v| v.kind);
        assert_eq!(kind("Jean.Dupont@example.fr"), Ok(DataKind::Email));
        assert_eq!(kind("06 98 76 54 32"), Ok(DataKind::Phone));
        assert_eq!(kind("+44 20 7946 0958"), Ok(DataKind::Phone));
        assert_eq!(kind("Claire Martin"), Ok(DataKind::Custom));
        assert_eq!(
            kind("2024"),
            Ok(DataKind::Custom),
            "too few digits for a phone"
        );
        assert_eq!(kind("name: Claire  Martin"), Ok(DataKind::Name));
        assert_eq!(
            parse_own_value("name: Claire  Martin").unwrap().value,
            "Claire Martin"
        );
        assert_eq!(kind("phone:12"), Err(OwnValueError::Phone));
        assert_eq!(kind("email:not-an-address"), Err(OwnValueError::Email));
        assert_eq!(kind("custom:abc"), Err(OwnValueError::TooShort));
        // A prefix that is not a kind is part of the value.
        assert_eq!(kind("ref:AB-1234"), Ok(DataKind::Custom));
        assert_eq!(parse_own_value("ref:AB-1234").unwrap().value, "ref:AB-1234");
        assert_eq!(kind(""), Err(OwnValueError::Empty));
    }
}
