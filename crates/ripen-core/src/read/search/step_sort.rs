//! Sorting a dictionary's words by their text a bounded piece at a time, so a background
//! build of the search index never holds the page for a whole sort (a 100,000-client base
//! has hundreds of thousands of words): runs are sorted one per step, then merged a slice
//! per step.

use crate::values::sort;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Words sorted per step, and merged per step.
const RUN: usize = 32_768;
const MERGED_PER_STEP: usize = 65_536;

/// A word's number with the first sixteen bytes of its text in one number: most
/// comparisons touch no text.
type Keyed = (u128, u32);

/// A sort under way.
#[derive(Debug, Clone, Default)]
pub(crate) struct StepSort {
    keyed: Vec<Keyed>,
    runs_sorted: usize,
    /// The merge: each run's next place, and the numbers in order so far.
    heads: Vec<usize>,
    out: Vec<u32>,
}

fn head(text: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let n = text.len().min(16);
    bytes[..n].copy_from_slice(&text.as_bytes()[..n]);
    // No word holds a NUL: the padding sorts a shorter text first, as `str` does.
    u128::from_be_bytes(bytes)
}

fn compare<'a>(text: &impl Fn(u32) -> &'a str, a: &Keyed, b: &Keyed) -> Ordering {
    a.0.cmp(&b.0).then_with(|| text(a.1).cmp(text(b.1)))
}

impl StepSort {
    /// A sort of `count` words whose texts `text` gives.
    pub(crate) fn new<'a>(count: usize, text: impl Fn(u32) -> &'a str) -> Self {
        let keyed = (0..count as u32).map(|n| (head(text(n)), n)).collect();
        Self { keyed, ..Self::default() }
    }

    /// Does a step's worth; the numbers in the order of their text once done.
    pub(crate) fn step<'a>(&mut self, text: impl Fn(u32) -> &'a str) -> Option<Vec<u32>> {
        let runs = self.keyed.len().div_ceil(RUN);
        if self.runs_sorted < runs {
            let start = self.runs_sorted * RUN;
            let end = (start + RUN).min(self.keyed.len());
            sort::sort_by(&mut self.keyed[start..end], |a, b| compare(&text, a, b));
            self.runs_sorted += 1;
            if self.runs_sorted < runs || runs > 1 {
                return None;
            }
        }
        if runs <= 1 {
            return Some(std::mem::take(&mut self.keyed).into_iter().map(|(_, n)| n).collect());
        }
        if self.heads.is_empty() {
            self.heads = (0..runs).map(|run| run * RUN).collect();
            self.out.reserve(self.keyed.len());
        }
        // The smallest head first: a max-heap of reversed orderings.
        struct Next<'k, F> {
            keyed: &'k Keyed,
            run: usize,
            compare: &'k F,
        }
        impl<F: Fn(&Keyed, &Keyed) -> Ordering> PartialEq for Next<'_, F> {
            fn eq(&self, other: &Self) -> bool {
                self.cmp(other) == Ordering::Equal
            }
        }
        impl<F: Fn(&Keyed, &Keyed) -> Ordering> Eq for Next<'_, F> {}
        impl<F: Fn(&Keyed, &Keyed) -> Ordering> PartialOrd for Next<'_, F> {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }
        impl<F: Fn(&Keyed, &Keyed) -> Ordering> Ord for Next<'_, F> {
            fn cmp(&self, other: &Self) -> Ordering {
                (self.compare)(other.keyed, self.keyed).then_with(|| other.run.cmp(&self.run))
            }
        }
        let by_text = |a: &Keyed, b: &Keyed| compare(&text, a, b);
        let end_of = |run: usize| ((run + 1) * RUN).min(self.keyed.len());
        let mut heap: BinaryHeap<Next<'_, _>> = self
            .heads
            .iter()
            .enumerate()
            .filter(|(run, &at)| at < end_of(*run))
            .map(|(run, &at)| Next { keyed: &self.keyed[at], run, compare: &by_text })
            .collect();
        let mut merged = 0;
        while merged < MERGED_PER_STEP {
            let Some(next) = heap.pop() else { break };
            self.out.push(next.keyed.1);
            self.heads[next.run] += 1;
            let at = self.heads[next.run];
            if at < end_of(next.run) {
                heap.push(Next { keyed: &self.keyed[at], run: next.run, compare: &by_text });
            }
            merged += 1;
        }
        if self.out.len() < self.keyed.len() {
            return None;
        }
        self.keyed = Vec::new();
        Some(std::mem::take(&mut self.out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted_in_steps(texts: &[String]) -> (Vec<u32>, usize) {
        let text = |n: u32| texts[n as usize].as_str();
        let mut sort = StepSort::new(texts.len(), text);
        let mut steps = 1;
        loop {
            if let Some(done) = sort.step(text) {
                return (done, steps);
            }
            steps += 1;
        }
    }

    #[test]
    fn words_sorted_in_steps_are_in_the_order_of_their_text() {
        for count in [0, 1, 2, 100, RUN, RUN + 1, 3 * RUN + 17, 200_000] {
            // Long shared beginnings (past the sixteen bytes held in a number), repeats,
            // Cyrillic, and the empty word.
            let texts: Vec<String> = (0..count)
                .map(|i| match i % 5 {
                    0 => format!("сибирские-моторы-{}", (i * 7919) % 1000),
                    1 => format!("{}", (i * 104_729) % 99_991),
                    2 => String::new(),
                    3 => format!("abcdefghijklmnopqrstuvwxyz{}", i % 13),
                    _ => format!("ж{}", (count - i) % 777),
                })
                .collect();
            let (sorted, steps) = sorted_in_steps(&texts);
            let mut expected: Vec<u32> = (0..count as u32).collect();
            expected.sort_by(|a, b| texts[*a as usize].cmp(&texts[*b as usize]));
            let in_order: Vec<&str> = sorted.iter().map(|n| texts[*n as usize].as_str()).collect();
            let expected_texts: Vec<&str> = expected.iter().map(|n| texts[*n as usize].as_str()).collect();
            assert_eq!(in_order, expected_texts, "{count} words");
            let mut each_once = sorted.clone();
            each_once.sort_unstable();
            assert_eq!(each_once, (0..count as u32).collect::<Vec<_>>(), "{count} words, each once");
            assert!(count < 200_000 || steps > 8, "{count} words in {steps} steps");
        }
    }
}
