//! The state's collections: maps and sets kept as sorted vectors, on
//! `litemap`'s flat map (ICU4X).
//!
//! The state's maps were `BTreeMap`s: the B-tree's node code (insert with
//! splits, remove with merges and steals, a drop and a clone walk), written
//! again for every key and value type, was about 160 KB of the wasm before
//! optimisation. The state's maps are small (bounded by the contract's
//! limits: at most a few hundred entries), and a binary search over one
//! vector finds a key as fast at these sizes.
//!
//! `SortedMap` is a `LiteMap` (it derefs to one, for the whole of its API)
//! that reads, collects and extends without `litemap`'s own way of doing so,
//! which sorts out-of-order input with a stable sort compiled again for every
//! key and value type: out-of-order input goes through the one shared sort of
//! `crate::sorting` instead. Both are read and written as `BTreeMap` and
//! `BTreeSet` are: an object (a map) and a sorted array (a set).

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

use litemap::LiteMap;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A map kept sorted by key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedMap<K, V>(LiteMap<K, V>);

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap(LiteMap::new())
    }
}

impl<K, V> Deref for SortedMap<K, V> {
    type Target = LiteMap<K, V>;
    fn deref(&self) -> &LiteMap<K, V> {
        &self.0
    }
}

impl<K, V> DerefMut for SortedMap<K, V> {
    fn deref_mut(&mut self) -> &mut LiteMap<K, V> {
        &mut self.0
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// The map of `pairs` in any order; of pairs with equal keys, the last
    /// one given stays, as when each is inserted in turn.
    fn from_pairs(mut pairs: Vec<(K, V)>) -> Self {
        if pairs.windows(2).any(|w| w[0].0 >= w[1].0) {
            crate::sorting::sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
            let mut distinct: Vec<(K, V)> = Vec::with_capacity(pairs.len());
            for pair in pairs {
                match distinct.last_mut() {
                    Some(last) if last.0 == pair.0 => *last = pair,
                    _ => distinct.push(pair),
                }
            }
            pairs = distinct;
        }
        SortedMap(LiteMap::from_sorted_store_unchecked(pairs))
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        Self::from_pairs(pairs.into_iter().collect())
    }
}

impl<K: Ord, V> Extend<(K, V)> for SortedMap<K, V> {
    /// Each pair inserted in turn (the maps extended are small).
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, pairs: I) {
        for (key, value) in pairs {
            self.0.insert(key, value);
        }
    }
}

impl<K, V> IntoIterator for SortedMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    /// The pairs in key order.
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_tuple_vec().into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = <&'a LiteMap<K, V> as IntoIterator>::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'a, K, V> IntoIterator for &'a mut SortedMap<K, V> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = <&'a mut LiteMap<K, V> as IntoIterator>::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter_mut()
    }
}

impl<K: Serialize, V: Serialize> Serialize for SortedMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter())
    }
}

/// Read from an object with its members in any order.
impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for SortedMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Pairs<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for Pairs<K, V> {
            type Value = SortedMap<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::with_capacity(access.size_hint().unwrap_or(0).min(256));
                while let Some(pair) = access.next_entry()? {
                    pairs.push(pair);
                }
                Ok(SortedMap::from_pairs(pairs))
            }
        }
        deserializer.deserialize_map(Pairs(PhantomData))
    }
}

/// The value under `key`, a default one put there first if there is none.
/// `LiteMap`'s `entry(key).or_default()` builds the default before it looks,
/// and drops it when the key is there: a tab's activity, every event.
#[allow(clippy::unwrap_or_default, reason = "litemap's or_default is eager")]
pub fn or_default<K: Ord, V: Default>(map: &mut SortedMap<K, V>, key: K) -> &mut V {
    map.entry(key).or_insert_with(V::default)
}

/// A sorted set of distinct values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedSet<T>(SortedMap<T, ()>);

impl<T> Default for SortedSet<T> {
    fn default() -> Self {
        SortedSet(SortedMap::default())
    }
}

impl<T: Ord> SortedSet<T> {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `value`; false when it was there already (the set is unchanged).
    pub fn insert(&mut self, value: T) -> bool {
        self.0.try_insert(value, ()).is_none()
    }

    /// Whether `value` is in the set.
    pub fn contains(&self, value: &T) -> bool {
        self.0.contains_key(value)
    }

    /// The number of values.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the set holds nothing.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Removes every value.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// Keeps only the values `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        self.0.retain(|value, ()| keep(value));
    }

    /// The values in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.0.keys()
    }
}

impl<T: Ord> FromIterator<T> for SortedSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(values: I) -> Self {
        SortedSet(values.into_iter().map(|value| (value, ())).collect())
    }
}

impl<T> IntoIterator for SortedSet<T> {
    type Item = T;
    type IntoIter = std::iter::Map<std::vec::IntoIter<(T, ())>, fn((T, ())) -> T>;

    /// The values in order.
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter().map(|(value, ())| value)
    }
}

impl<T: Ord> Extend<T> for SortedSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, values: I) {
        self.0.extend(values.into_iter().map(|value| (value, ())));
    }
}

impl<T: Ord + Serialize> Serialize for SortedSet<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// Read from an array in any order, repeats dropped, as `BTreeSet` reads it.
impl<'de, T: Ord + Deserialize<'de>> Deserialize<'de> for SortedSet<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<T>::deserialize(deserializer).map(|values| values.into_iter().collect())
    }
}

/// The value of `key` in `pairs` sorted by key: the built-in tables, which
/// `build.rs` writes sorted.
pub fn sorted_get<'a, V>(pairs: &'a [(&str, V)], key: &str) -> Option<&'a V> {
    pairs
        .binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .map(|i| &pairs[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    #[test]
    fn reads_collects_and_writes_as_a_btree_map_does() {
        // Out of order, with repeats: the last value of a key stays.
        let pairs = [
            (5, "e"),
            (1, "a"),
            (3, "c"),
            (1, "A"),
            (4, "d"),
            (3, "C"),
            (2, "b"),
        ];
        let map: SortedMap<i64, &str> = pairs.into_iter().collect();
        let reference: BTreeMap<i64, &str> = pairs.into_iter().collect();
        assert_eq!(
            map.iter().collect::<Vec<_>>(),
            reference.iter().collect::<Vec<_>>()
        );
        assert_eq!(
            serde_json::to_string(&map).unwrap(),
            serde_json::to_string(&reference).unwrap()
        );

        // JSON keys read as numbers, members in any order, a key given twice.
        let text = r#"{"12":"x","3":"y","7":"z","3":"w"}"#;
        let read: SortedMap<i64, String> = serde_json::from_str(text).unwrap();
        let read_reference: BTreeMap<i64, String> = serde_json::from_str(text).unwrap();
        assert_eq!(
            read.iter().collect::<Vec<_>>(),
            read_reference.iter().collect::<Vec<_>>()
        );
        assert_eq!(read.get(&3).map(String::as_str), Some("w"));
        assert!(serde_json::from_str::<SortedMap<i64, String>>(r#"[[1,"a"]]"#).is_err());
        assert!(serde_json::from_str::<SortedMap<i64, String>>(r#"{"one":"a"}"#).is_err());

        // Extended and changed in place as a map is.
        let mut grown = SortedMap::new();
        grown.extend([
            ("b".to_string(), 2),
            ("a".to_string(), 1),
            ("b".to_string(), 3),
        ]);
        *or_default(&mut grown, "c".to_string()) += 4;
        *or_default(&mut grown, "a".to_string()) += 10;
        assert_eq!(
            grown.into_iter().collect::<Vec<_>>(),
            [
                ("a".to_string(), 11),
                ("b".to_string(), 3),
                ("c".to_string(), 4)
            ]
        );
    }

    #[test]
    fn behaves_and_serializes_as_a_btree_set_does() {
        let words = ["pear", "apple", "fig", "apple", "kiwi", "fig"];
        let mut set = SortedSet::new();
        let mut reference = BTreeSet::new();
        for word in words {
            assert_eq!(
                set.insert(word.to_string()),
                reference.insert(word.to_string())
            );
        }
        assert_eq!(set.len(), reference.len());
        assert!(set.contains(&"kiwi".to_string()) && !set.contains(&"plum".to_string()));
        assert_eq!(
            serde_json::to_string(&set).unwrap(),
            serde_json::to_string(&reference).unwrap()
        );

        let read: SortedSet<String> = serde_json::from_str(r#"["b","a","b","c"]"#).unwrap();
        let read_reference: BTreeSet<String> =
            serde_json::from_str(r#"["b","a","b","c"]"#).unwrap();
        assert_eq!(
            read.iter().collect::<Vec<_>>(),
            read_reference.iter().collect::<Vec<_>>()
        );

        set.retain(|w| w.len() > 3);
        reference.retain(|w| w.len() > 3);
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            reference.iter().collect::<Vec<_>>()
        );
        set.clear();
        assert!(set.is_empty());
        assert!(serde_json::from_str::<SortedSet<String>>(r#"{"a":1}"#).is_err());
    }
}
