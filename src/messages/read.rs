//! Reading JSON by hand: events, snapshots and the shell's arguments (the
//! built-in knowledge is Rust that `build.rs` writes), parsed once by
//! serde_json into a `Value` (an event into its [`Members`]), then taken
//! apart by small functions.
//!
//! Serde's derived readers, instantiated over serde_json's text parser,
//! compile the parser again into every type's reader: with them, reading
//! was about 245 KB of the 904 KB extension wasm. Here the parser is the
//! one `Value` parser, compiled once, and a type's reader is a list of
//! calls to the functions below (`read_struct!`, `read_fields!`),
//! declared beside the type; it names every field, so a field added to a
//! type and not to its reader does not compile.
//!
//! What is read is what serde read: members by their JSON name, in any
//! order, unknown ones ignored (refused by `strict` readers and events);
//! an `Option` may be missing or null; a member declared `default` may be
//! missing; anything else of the wrong type is an error that says where
//! (`ledger.sites.x.findings…: expected a number, found a string`).
//! Whatever the engine writes reads back equal (`tests/scenarios.rs`,
//! `tests/fuzz.rs`, `tests/wire.rs`), and damaged input is refused, never a
//! panic (`tests/fuzz.rs`).
//!
//! The price is time: a `Value` is built before it is read. An event takes
//! about 45 % more instructions to parse than with serde's derived reader
//! (a few percent of a whole ingest); a snapshot of 76 KB takes about
//! 0.3 ms more to restore. The organizations table (700 KB, read once a
//! wake-up) keeps serde's reader: through a `Value` it took twice as long.

use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::collections::{SortedMap, SortedSet};

/// Why a value could not be read, and where (boxed: a reader's result is
/// its value or one pointer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError(Box<Failure>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Failure {
    /// Members and indices from the failing value outwards.
    path: Vec<String>,
    what: String,
}

impl ReadError {
    #[cold]
    pub fn new(what: impl Into<String>) -> ReadError {
        ReadError(Box::new(Failure {
            path: Vec::new(),
            what: what.into(),
        }))
    }

    #[cold]
    fn expected(what: &str, v: &Value) -> ReadError {
        let found = match v {
            Value::Null => kind::NULL,
            Value::Bool(_) => kind::BOOLEAN,
            Value::Number(_) => kind::NUMBER,
            Value::String(_) => kind::STRING,
            Value::Array(_) => kind::ARRAY,
            Value::Object(_) => kind::OBJECT,
        };
        ReadError::new(format!("expected {what}, found {found}"))
    }

    /// The same error, one level further in.
    #[cold]
    pub fn within(mut self, at: &str) -> ReadError {
        self.0.path.push(at.to_owned());
        self
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Failure { path, what } = &*self.0;
        for (i, at) in path.iter().rev().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            f.write_str(at)?;
        }
        if !path.is_empty() {
            f.write_str(": ")?;
        }
        f.write_str(what)
    }
}

/// How refusals name each kind of JSON value.
mod kind {
    pub const NULL: &str = "null";
    pub const BOOLEAN: &str = "a boolean";
    pub const NUMBER: &str = "a number";
    pub const STRING: &str = "a string";
    pub const ARRAY: &str = "an array";
    pub const OBJECT: &str = "an object";
}

pub type Read<T> = Result<T, ReadError>;

/// A type read from the JSON its `Serialize` writes.
pub trait FromJson: Sized {
    fn from_json(v: &Value) -> Read<Self>;

    /// The same from a value given away: a text is moved, not copied (an
    /// event's members, read once).
    fn from_owned(v: Value) -> Read<Self> {
        Self::from_json(&v)
    }

    /// The value of a member that is absent: an error, but for `Option`.
    fn missing(name: &str) -> Read<Self> {
        Err(missing_field(name))
    }
}

#[cold]
#[inline(never)]
fn missing_field(name: &str) -> ReadError {
    ReadError::new(format!("missing field `{name}`"))
}

/// A `T` from JSON text: parsed by the one `Value` parser, then read.
pub fn from_text<T: FromJson>(text: &str) -> Read<T> {
    let value: Value = serde_json::from_str(text).map_err(|e| ReadError::new(e.to_string()))?;
    T::from_json(&value)
}

/// A map key, read from the text JSON gives every key.
pub trait FromJsonKey: Sized {
    fn from_key(key: &str) -> Read<Self>;
}

/// The members of an object.
pub fn object(v: &Value) -> Read<&Map<String, Value>> {
    v.as_object()
        .ok_or_else(|| ReadError::expected("an object", v))
}

/// The elements of an array.
pub fn array(v: &Value) -> Read<&[Value]> {
    match v {
        Value::Array(a) => Ok(a),
        _ => Err(ReadError::expected("an array", v)),
    }
}

/// The text of a string.
pub fn text(v: &Value) -> Read<&str> {
    v.as_str().ok_or_else(|| ReadError::expected("a string", v))
}

/// The member `name`, if there is one (a search not copied into every
/// reader).
#[inline(never)]
fn member<'a>(m: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    m.get(name)
}

/// The member `name`, required unless `T` is an `Option`.
pub fn field<T: FromJson>(m: &Map<String, Value>, name: &str) -> Read<T> {
    match member(m, name) {
        Some(v) => T::from_json(v).map_err(|e| e.within(name)),
        None => T::missing(name),
    }
}

/// The member `name`, or `T`'s default when it is absent.
pub fn field_or<T: FromJson>(
    m: &Map<String, Value>,
    name: &str,
    absent: impl FnOnce() -> T,
) -> Read<T> {
    match member(m, name) {
        Some(v) => T::from_json(v).map_err(|e| e.within(name)),
        None => Ok(absent()),
    }
}

/// Refuses an object with a member not in `names`.
pub fn only(m: &Map<String, Value>, names: &[&str]) -> Read<()> {
    match m.keys().find(|k| !names.contains(&k.as_str())) {
        Some(k) => Err(ReadError::new(format!("unknown field `{k}`"))),
        None => Ok(()),
    }
}

/// An object's members as written, each to be taken once (an event's):
/// a vector, not a map, so that reading an event builds no tree.
#[derive(Debug, Default)]
pub struct Members(pub Vec<(String, Value)>);

impl Members {
    /// The first member `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    fn remove(&mut self, name: &str) -> Option<Value> {
        let at = self.0.iter().position(|(k, _)| k == name)?;
        Some(self.0.swap_remove(at).1)
    }
}

impl From<Map<String, Value>> for Members {
    fn from(m: Map<String, Value>) -> Members {
        Members(m.into_iter().collect())
    }
}

/// Read by serde_json as a map of `Value`s (the readers `Value` already
/// has), into a vector.
///
/// Any other JSON is refused by the kind it is, never by its value: serde's
/// own refusal quotes it, and quoting a number would compile the whole of
/// `f64`'s decimal formatting into the wasm for that one message.
impl<'de> serde::Deserialize<'de> for Members {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Members, D::Error> {
        struct Visit;
        fn not_an_object<E: serde::de::Error>(found: &str) -> Result<Members, E> {
            Err(E::custom(format_args!(
                "expected a JSON object, found {found}"
            )))
        }
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Members;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Members, E> {
                not_an_object(kind::BOOLEAN)
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Members, E> {
                not_an_object(kind::NUMBER)
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Members, E> {
                not_an_object(kind::NUMBER)
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Members, E> {
                not_an_object(kind::NUMBER)
            }
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Members, E> {
                not_an_object(kind::STRING)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Members, E> {
                not_an_object(kind::NULL)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<Members, A::Error> {
                not_an_object(kind::ARRAY)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Members, A::Error> {
                let mut members = Vec::with_capacity(map.size_hint().unwrap_or(8).min(32));
                while let Some(key) = map.next_key::<String>()? {
                    let value = map.next_value::<Value>()?;
                    members.push((key, value));
                }
                Ok(Members(members))
            }
        }
        d.deserialize_any(Visit)
    }
}

/// The member `name` taken out of `m`, required unless `T` is an `Option`.
pub fn take<T: FromJson>(m: &mut Members, name: &str) -> Read<T> {
    match m.remove(name) {
        Some(v) => T::from_owned(v).map_err(|e| e.within(name)),
        None => T::missing(name),
    }
}

/// The member `name` taken out of `m`, or `absent()`.
pub fn take_or<T: FromJson>(m: &mut Members, name: &str, absent: impl FnOnce() -> T) -> Read<T> {
    match m.remove(name) {
        Some(v) => T::from_owned(v).map_err(|e| e.within(name)),
        None => Ok(absent()),
    }
}

/// Refuses what is left of an object once its members `names` are taken,
/// but `extra`: a member written twice, or one it does not have.
pub fn nothing_else(m: &Members, extra: &[&str], names: &[&str]) -> Read<()> {
    match m.0.iter().find(|(k, _)| !extra.contains(&k.as_str())) {
        Some((k, _)) if names.contains(&k.as_str()) => {
            Err(ReadError::new(format!("duplicate field `{k}`")))
        }
        Some((k, _)) => Err(ReadError::new(format!("unknown field `{k}`"))),
        None => Ok(()),
    }
}

/// One of a closed set of names (`words!` and the camel-case enums).
pub fn name<T>(v: &Value, parse: fn(&str) -> Option<T>) -> Read<T> {
    name_in(text(v)?, parse)
}

/// One of a closed set of names, from its text.
pub fn name_in<T>(t: &str, parse: fn(&str) -> Option<T>) -> Read<T> {
    parse(t).ok_or_else(|| unknown_variant(t))
}

/// The error for a name that is none of its set's.
#[cold]
pub fn unknown_variant(t: &str) -> ReadError {
    ReadError::new(format!("unknown variant `{t}`"))
}

/// The text of the member `name` that says which variant an object is
/// (`type`, `kind`).
pub fn tag<'a>(m: &'a Map<String, Value>, name: &str) -> Read<&'a str> {
    match m.get(name) {
        Some(v) => text(v).map_err(|e| e.within(name)),
        None => Err(missing_field(name)),
    }
}

/// Reads a struct from an object, member by member: `field: "name"`
/// (required, or absent as `None` for an `Option`), `field: default "name"`
/// (its type's default when absent), `field: or(f) "name"` (`f()` when
/// absent), `field: skip` (never written: starts empty). Every field is
/// listed, so a field added to the struct and not here does not compile.
/// `strict` before the type refuses members it does not list (where a
/// misspelt member is a mistake).
macro_rules! read_struct {
    (strict $ty:ident { $($field:ident : $($how:ident $(($f:expr))?)? $($name:literal)?),* $(,)? }) => {
        impl $crate::messages::read::FromJson for $ty {
            fn from_json(v: &serde_json::Value) -> $crate::messages::read::Read<Self> {
                let m = $crate::messages::read::object(v)?;
                $crate::messages::read::only(m, &[$($($name,)?)*])?;
                Ok($ty {
                    $($field: $crate::messages::read::read_struct!(@ m $($how $(($f))?)? $($name)?),)*
                })
            }
        }
    };
    ($ty:ident { $($field:ident : $($how:ident $(($f:expr))?)? $($name:literal)?),* $(,)? }) => {
        impl $crate::messages::read::FromJson for $ty {
            #[inline(never)]
            fn from_json(v: &serde_json::Value) -> $crate::messages::read::Read<Self> {
                #[allow(unused_variables)]
                let m = $crate::messages::read::object(v)?;
                Ok($ty {
                    $($field: $crate::messages::read::read_struct!(@ m $($how $(($f))?)? $($name)?),)*
                })
            }
        }
    };
    (@ $m:ident $name:literal) => { $crate::messages::read::field($m, $name)? };
    (@ $m:ident default $name:literal) => {
        $crate::messages::read::field_or($m, $name, Default::default)?
    };
    (@ $m:ident or($f:expr) $name:literal) => { $crate::messages::read::field_or($m, $name, $f)? };
    (@ $m:ident skip) => { Default::default() };
}
pub(crate) use read_struct;

/// A struct's or an enum variant's fields taken out of the members `m`
/// (mutable, given away), listed as in [`read_struct!`]; a member left
/// that is not in `extra` is refused.
macro_rules! read_fields {
    ($m:ident, [$($extra:literal),*], $($seg:ident)::+ { $($field:ident : $($how:ident $(($f:expr))?)? $($name:literal)?),* $(,)? }) => {{
        let read = $($seg)::+ {
            $($field: $crate::messages::read::read_fields!(@ $m $($how $(($f))?)? $($name)?),)*
        };
        $crate::messages::read::nothing_else(&$m, &[$($extra,)*], &[$($($name,)?)*])?;
        read
    }};
    (@ $m:ident $name:literal) => { $crate::messages::read::take(&mut $m, $name)? };
    (@ $m:ident default $name:literal) => {
        $crate::messages::read::take_or(&mut $m, $name, Default::default)?
    };
}
pub(crate) use read_fields;

/// Reads a unit-only enum from its camel-case names.
macro_rules! read_names {
    ($ty:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        impl $crate::messages::read::FromJson for $ty {
            fn from_json(v: &serde_json::Value) -> $crate::messages::read::Read<Self> {
                $crate::messages::read::name(v, |t| match t {
                    $($text => Some($ty::$variant),)*
                    _ => None,
                })
            }
        }
    };
}
pub(crate) use read_names;

impl FromJson for bool {
    fn from_json(v: &Value) -> Read<bool> {
        v.as_bool()
            .ok_or_else(|| ReadError::expected("a boolean", v))
    }
}

impl FromJson for u64 {
    fn from_json(v: &Value) -> Read<u64> {
        v.as_u64()
            .ok_or_else(|| ReadError::expected("an unsigned integer", v))
    }
}

impl FromJson for u32 {
    fn from_json(v: &Value) -> Read<u32> {
        u32::try_from(u64::from_json(v)?).map_err(|_| ReadError::new("number out of range"))
    }
}

impl FromJson for usize {
    fn from_json(v: &Value) -> Read<usize> {
        usize::try_from(u64::from_json(v)?).map_err(|_| ReadError::new("number out of range"))
    }
}

impl FromJson for i64 {
    fn from_json(v: &Value) -> Read<i64> {
        v.as_i64()
            .ok_or_else(|| ReadError::expected("an integer", v))
    }
}

impl FromJson for f64 {
    fn from_json(v: &Value) -> Read<f64> {
        v.as_f64().ok_or_else(|| ReadError::expected("a number", v))
    }
}

impl FromJson for String {
    fn from_json(v: &Value) -> Read<String> {
        text(v).map(str::to_owned)
    }

    fn from_owned(v: Value) -> Read<String> {
        match v {
            Value::String(s) => Ok(s),
            v => Err(ReadError::expected("a string", &v)),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &Value) -> Read<Option<T>> {
        match v {
            Value::Null => Ok(None),
            v => T::from_json(v).map(Some),
        }
    }

    fn from_owned(v: Value) -> Read<Option<T>> {
        match v {
            Value::Null => Ok(None),
            v => T::from_owned(v).map(Some),
        }
    }

    fn missing(_: &str) -> Read<Option<T>> {
        Ok(None)
    }
}

/// The elements of an array, each read as a `T`, handed to `add`.
fn elements<T: FromJson>(v: &Value, mut add: impl FnMut(T)) -> Read<()> {
    for (i, e) in array(v)?.iter().enumerate() {
        add(T::from_json(e).map_err(|err| err.within(&i.to_string()))?);
    }
    Ok(())
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Value) -> Read<Vec<T>> {
        let mut out = Vec::new();
        elements(v, |e| out.push(e))?;
        Ok(out)
    }

    fn from_owned(v: Value) -> Read<Vec<T>> {
        let Value::Array(a) = v else {
            return Err(ReadError::expected("an array", &v));
        };
        let mut out = Vec::with_capacity(a.len());
        for (i, e) in a.into_iter().enumerate() {
            out.push(T::from_owned(e).map_err(|err| err.within(&i.to_string()))?);
        }
        Ok(out)
    }
}

impl<T: FromJson> FromJson for VecDeque<T> {
    fn from_json(v: &Value) -> Read<VecDeque<T>> {
        Vec::from_json(v).map(VecDeque::from)
    }
}

impl<T: FromJson + Ord> FromJson for SortedSet<T> {
    fn from_json(v: &Value) -> Read<SortedSet<T>> {
        let mut set = SortedSet::default();
        elements(v, |e| {
            set.insert(e);
        })?;
        Ok(set)
    }
}

impl<T: FromJson> FromJson for Rc<T> {
    fn from_json(v: &Value) -> Read<Rc<T>> {
        T::from_json(v).map(Rc::new)
    }
}

impl<T: FromJson> FromJson for Arc<T> {
    fn from_json(v: &Value) -> Read<Arc<T>> {
        T::from_json(v).map(Arc::new)
    }
}

/// The elements of an array of exactly `n`.
fn tuple(v: &Value, n: usize) -> Read<&[Value]> {
    let a = array(v)?;
    if a.len() == n {
        Ok(a)
    } else {
        Err(ReadError::new(format!(
            "expected an array of {n}, found {}",
            a.len()
        )))
    }
}

impl<A: FromJson, B: FromJson> FromJson for (A, B) {
    fn from_json(v: &Value) -> Read<(A, B)> {
        let a = tuple(v, 2)?;
        Ok((A::from_json(&a[0])?, B::from_json(&a[1])?))
    }
}

impl<A: FromJson, B: FromJson, C: FromJson> FromJson for (A, B, C) {
    fn from_json(v: &Value) -> Read<(A, B, C)> {
        let a = tuple(v, 3)?;
        Ok((
            A::from_json(&a[0])?,
            B::from_json(&a[1])?,
            C::from_json(&a[2])?,
        ))
    }
}

impl<K: FromJsonKey + Ord, V: FromJson> FromJson for SortedMap<K, V> {
    fn from_json(v: &Value) -> Read<SortedMap<K, V>> {
        // One insert after another, as the engine fills its maps (the
        // parsed members come sorted as text: string keys are appended).
        let mut map = SortedMap::default();
        for (k, v) in object(v)? {
            let key = K::from_key(k).map_err(|e| e.within(k))?;
            map.insert(key, V::from_json(v).map_err(|e| e.within(k))?);
        }
        Ok(map)
    }
}

impl FromJsonKey for String {
    fn from_key(key: &str) -> Read<String> {
        Ok(key.to_owned())
    }
}

impl FromJsonKey for i64 {
    fn from_key(key: &str) -> Read<i64> {
        key.parse()
            .map_err(|_| ReadError::new("expected an integer key"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Point {
        x: u64,
        label: Option<String>,
        seen: Vec<f64>,
        flag: bool,
        memory: Vec<u8>,
    }

    fn yes() -> bool {
        true
    }

    read_struct!(Point {
        x: "x",
        label: "label",
        seen: default "seenAt",
        flag: or(yes) "flag",
        memory: skip,
    });

    #[test]
    fn members_are_read_by_name_with_their_defaults() {
        let p = Point::from_json(&json!({"x": 3, "other": [1]})).unwrap();
        assert_eq!((p.x, p.label, p.seen, p.flag), (3, None, vec![], true));
        assert!(p.memory.is_empty());
        let p =
            Point::from_json(&json!({"x": 3, "label": null, "seenAt": [1, 2.5], "flag": false}))
                .unwrap();
        assert_eq!((p.label, p.seen, p.flag), (None, vec![1.0, 2.5], false));
    }

    #[test]
    fn errors_name_the_member_and_what_was_wrong() {
        let err = |v: Value| Point::from_json(&v).err().unwrap().to_string();
        assert_eq!(err(json!({})), "missing field `x`");
        assert_eq!(
            err(json!({"x": -1})),
            "x: expected an unsigned integer, found a number"
        );
        assert_eq!(
            err(json!({"x": 1, "seenAt": [1, "a"]})),
            "seenAt.1: expected a number, found a string"
        );
        assert_eq!(
            err(json!({"x": 1, "seenAt": null})),
            "seenAt: expected an array, found null"
        );
        assert_eq!(err(json!([1])), "expected an object, found an array");
        let map: Read<SortedMap<i64, (f64, String)>> = FromJson::from_json(&json!({"7": [1, 2]}));
        assert_eq!(
            map.unwrap_err().to_string(),
            "7: expected a string, found a number"
        );
        let map: Read<SortedMap<i64, u64>> = FromJson::from_json(&json!({"x": 1}));
        assert_eq!(map.unwrap_err().to_string(), "x: expected an integer key");
    }

    struct Entry {
        id: String,
        tags: Vec<String>,
    }

    read_struct!(strict Entry {
        id: "id",
        tags: default "tags",
    });

    #[test]
    fn members_are_an_object_and_other_json_is_refused_by_its_kind() {
        let read: Members = serde_json::from_str(r#"{"b":1,"a":[2],"b":3}"#).unwrap();
        assert_eq!(
            read.0.len(),
            3,
            "as written, repeats kept for the reader to refuse"
        );
        for (text, found) in [
            ("12.5e300", "a number"),
            ("-3", "a number"),
            ("7", "a number"),
            ("true", "a boolean"),
            ("null", "null"),
            (r#""{}""#, "a string"),
            ("[1,2]", "an array"),
        ] {
            let said = serde_json::from_str::<Members>(text)
                .unwrap_err()
                .to_string();
            assert!(
                said.starts_with(&format!("expected a JSON object, found {found}")),
                "{text}: {said}"
            );
            assert!(
                text == "null" || !said.contains(text),
                "the value is not quoted: {said}"
            );
        }
        assert!(serde_json::from_str::<Members>(r#"{"a":1"#).is_err());
    }

    #[test]
    fn a_strict_reader_refuses_members_it_does_not_list() {
        assert_eq!(Entry::from_json(&json!({"id": "a"})).unwrap().id, "a");
        assert!(
            Entry::from_json(&json!({"id": "a", "tags": ["x"]}))
                .unwrap()
                .tags
                == ["x"]
        );
        let err = Entry::from_json(&json!({"id": "a", "tag": ["x"]}))
            .err()
            .unwrap();
        assert_eq!(err.to_string(), "unknown field `tag`");
    }

    #[test]
    fn maps_and_sets_read_in_any_order() {
        let map: SortedMap<i64, u64> = FromJson::from_json(&json!({"10": 1, "2": 2})).unwrap();
        assert_eq!(map.iter().map(|(k, _)| *k).collect::<Vec<_>>(), [2, 10]);
        let set: SortedSet<String> = FromJson::from_json(&json!(["b", "a", "b"])).unwrap();
        assert_eq!(set.iter().cloned().collect::<Vec<_>>(), ["a", "b"]);
        assert!(<(f64, String)>::from_json(&json!([1, "a", 2])).is_err());
        assert!(u32::from_json(&json!(5_000_000_000u64)).is_err());
    }
}
