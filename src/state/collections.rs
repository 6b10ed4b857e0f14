//! The state's collections: `litemap`'s flat maps (a sorted vector of
//! pairs), and a set on the same ground.
//!
//! The state's maps are `LiteMap`s rather than `BTreeMap`s: the B-tree's
//! node code (insert with splits, remove with merges and steals, a drop and
//! a clone walk), written again for every key and value type, was about
//! 160 KB of the wasm before optimisation. The state's maps are small
//! (bounded by the contract's limits: at most a few hundred entries), and a
//! binary search over one vector finds a key as fast at these sizes. This set
//! is the same trade for the two sets the state keeps, so that no B-tree
//! code is left in the extension's wasm.

use litemap::LiteMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The value under `key`, a default one put there first if there is none.
/// `LiteMap`'s `entry(key).or_default()` builds the default before it looks,
/// and drops it when the key is there: a tab's activity, every event.
#[allow(clippy::unwrap_or_default, reason = "litemap's or_default is eager")]
pub fn or_default<K: Ord, V: Default>(map: &mut LiteMap<K, V>, key: K) -> &mut V {
    map.entry(key).or_insert_with(V::default)
}

/// A sorted set of distinct values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedSet<T>(LiteMap<T, ()>);

impl<T> Default for SortedSet<T> {
    fn default() -> Self {
        SortedSet(LiteMap::new())
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
        self.0.into_tuple_vec().into_iter().map(|(value, ())| value)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

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
