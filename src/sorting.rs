//! Sorting with one small sort in the wasm. Every `sort_by` with a closure
//! of its own, or over an element type of its own, compiles a whole sort
//! into the module (several kilobytes each). These sort the positions
//! instead, through one merge sort, then move the elements into place:
//! stable, O(n log n), as `slice::sort_by`.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping the order of equal ones.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut order, &mut |a, b| compare(&items[a], &items[b]));
    permute(items, &order);
}

/// Sorts `items` in ascending order, keeping the order of equal ones.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Sorts `items` by `key`, keeping the order of equal ones.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Runs this short are sorted by insertion before the merges.
const RUN: usize = 8;

/// The one sort: a bottom-up merge sort of positions, stable. Not the
/// standard library's (a driftsort of several kilobytes of wasm per
/// instance): the lists sorted here are findings, hits and extensions, a
/// few thousand at most, and the comparisons dominate either way.
#[inline(never)]
fn sort_positions(order: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    let n = order.len();
    for run in order.chunks_mut(RUN) {
        for i in 1..run.len() {
            let x = run[i];
            let mut j = i;
            while j > 0 && compare(x, run[j - 1]) == Ordering::Less {
                run[j] = run[j - 1];
                j -= 1;
            }
            run[j] = x;
        }
    }
    if n <= RUN {
        return;
    }
    let mut from = order.to_vec();
    let mut to = vec![0; n];
    let mut width = RUN;
    while width < n {
        for start in (0..n).step_by(2 * width) {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            for slot in &mut to[start..end] {
                // The left run's element goes first unless the right's is
                // strictly less: equal ones keep their order.
                let right = j < end && (i == mid || compare(from[j], from[i]) == Ordering::Less);
                *slot = if right { from[j] } else { from[i] };
                if right {
                    j += 1;
                } else {
                    i += 1;
                }
            }
        }
        std::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    order.copy_from_slice(&from);
}

/// Puts the element at `order[k]` at position `k`, following each cycle of
/// the permutation once.
fn permute<T>(items: &mut [T], order: &[usize]) {
    let mut done = vec![false; items.len()];
    for start in 0..items.len() {
        let mut k = start;
        while !done[k] {
            done[k] = true;
            let from = order[k];
            if from == start {
                break;
            }
            items.swap(k, from);
            k = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_the_standard_library_does_and_keeps_equal_ones_in_order() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for len in (0..200).chain([1000, 4099]) {
            let mut items: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    ((seed % 7) as u8, i)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|&(k, _)| k);
            sort_by_key(&mut items, |&(k, _)| k);
            assert_eq!(items, expected, "length {len}");
        }
        let mut words = vec!["pear", "apple", "fig", "apple"];
        sort(&mut words);
        assert_eq!(words, ["apple", "apple", "fig", "pear"]);
    }
}
