//! What public figures may say (statistical disclosure control). A platform that records who is poor
//! must not let a stranger single out a household from its figures, so:
//!
//! 1. **Small counts are suppressed.** A count from 1 to 4 is published as `null` ("fewer than
//!    five"); 0 and counts of 5 or more are published as they are.
//! 2. **Suppressed cells are not left alone.** In a table of counts over one population (needs by
//!    status, needs by category) whose total can be learned elsewhere, one suppressed cell would be
//!    the total minus the visible ones. So more cells are suppressed, smallest first, until at least
//!    two are and together they hold at least five: the total then tells only their sum, which many
//!    splits fit.
//! 3. **A median over fewer than five observations is suppressed:** it would be one pledge's timing.
//!    So is an average (a rating average): over fewer than five it would be one household's rating.
//! 4. **Below county level only public needs count.** Townships and villages are small enough that
//!    a county's figures minus its townships' would locate a rejected or withdrawn need, so their
//!    figures count only needs that anyone can see one by one anyway (open, fully pledged,
//!    fulfilled) and their pledges, and leave complaints out. Needs under review, rejected, withdrawn
//!    or expired, and complaints, are counted from county level up.

use super::need::NeedStatus;
use super::RegionLevel;
use std::collections::BTreeMap;

/// The smallest count that is published.
pub const MIN_COUNT: i64 = 5;

/// A count as published: `None` for 1 to 4.
pub fn count(n: i64) -> Option<i64> {
    (n <= 0 || n >= MIN_COUNT).then_some(n)
}

/// A median as published: `None` over fewer than [`MIN_COUNT`] observations.
pub fn median(hours: Option<f64>, observations: i64) -> Option<f64> {
    hours.filter(|_| observations >= MIN_COUNT)
}

/// An average as published: `None` over fewer than [`MIN_COUNT`] observations.
pub fn average(mean: Option<f64>, observations: i64) -> Option<f64> {
    mean.filter(|_| observations >= MIN_COUNT)
}

/// A table of counts as published, with small cells and the cells that would reveal them suppressed
/// (rules 1 and 2). Keys that are absent count zero.
pub fn table(cells: Vec<(String, i64)>) -> BTreeMap<String, Option<i64>> {
    let mut suppressed: Vec<bool> = cells.iter().map(|(_, n)| count(*n).is_none()).collect();
    let total = |s: &[bool]| -> (usize, i64) {
        cells
            .iter()
            .zip(s)
            .filter(|(_, hidden)| **hidden)
            .fold((0, 0), |(k, sum), ((_, n), _)| (k + 1, sum + n))
    };
    loop {
        let (k, sum) = total(&suppressed);
        if k == 0 || (k >= 2 && sum >= MIN_COUNT) {
            break;
        }
        // The smallest visible cell (the first key on a tie) goes too.
        let next = cells
            .iter()
            .enumerate()
            .filter(|(i, _)| !suppressed[*i])
            .min_by(|(_, (ka, a)), (_, (kb, b))| a.cmp(b).then_with(|| ka.cmp(kb)))
            .map(|(i, _)| i);
        match next {
            Some(i) => suppressed[i] = true,
            None => break,
        }
    }
    cells
        .into_iter()
        .zip(suppressed)
        .map(|((k, n), hidden)| (k, (!hidden).then_some(n)))
        .collect()
}

/// Whether the figures of a region at `level` (`None`: the whole country) count every need and
/// complaint, or only public needs (rule 4).
pub fn counts_everything(level: Option<RegionLevel>) -> bool {
    level.is_none_or(|l| l <= RegionLevel::County)
}

/// The need statuses whose needs count at `level`.
pub fn counted_need_statuses(level: Option<RegionLevel>) -> Vec<NeedStatus> {
    if counts_everything(level) {
        NeedStatus::ALL.to_vec()
    } else {
        NeedStatus::PUBLIC.to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(v: &[(&str, i64)]) -> Vec<(String, i64)> {
        v.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect()
    }

    fn hidden(t: &BTreeMap<String, Option<i64>>) -> Vec<&str> {
        t.iter()
            .filter(|(_, v)| v.is_none())
            .map(|(k, _)| k.as_str())
            .collect()
    }

    #[test]
    fn small_counts_are_null() {
        assert_eq!(count(0), Some(0));
        assert_eq!(count(1), None);
        assert_eq!(count(4), None);
        assert_eq!(count(5), Some(5));
        assert_eq!(median(Some(2.0), 4), None);
        assert_eq!(median(Some(2.0), 5), Some(2.0));
        assert_eq!(average(Some(4.0), 1), None);
        assert_eq!(average(Some(4.0), 5), Some(4.0));
    }

    #[test]
    fn nothing_small_nothing_hidden() {
        let t = table(cells(&[("open", 9), ("rejected", 5)]));
        assert!(hidden(&t).is_empty());
    }

    #[test]
    fn a_lone_small_cell_takes_the_smallest_other_with_it() {
        let t = table(cells(&[("open", 40), ("fulfilled", 7), ("rejected", 1)]));
        assert_eq!(hidden(&t), ["fulfilled", "rejected"]);
        assert_eq!(t["open"], Some(40));
    }

    #[test]
    fn two_small_cells_below_five_take_a_third() {
        // 1 + 2 = 3: known from the total, it would pin both cells down to a few splits.
        let t = table(cells(&[("a", 30), ("b", 1), ("c", 2), ("d", 6)]));
        assert_eq!(hidden(&t), ["b", "c", "d"]);
        let t = table(cells(&[("a", 30), ("b", 1), ("c", 4)]));
        assert_eq!(hidden(&t), ["b", "c"]);
    }

    #[test]
    fn a_single_small_cell_is_simply_hidden() {
        let t = table(cells(&[("open", 3)]));
        assert_eq!(hidden(&t), ["open"]);
        assert!(table(Vec::new()).is_empty());
    }

    #[test]
    fn hidden_cells_always_hold_at_least_five_together() {
        for a in 0..8 {
            for b in 0..8 {
                for c in 0..8 {
                    let t = table(cells(&[("a", a), ("b", b), ("c", c)]));
                    let h: Vec<i64> = [("a", a), ("b", b), ("c", c)]
                        .iter()
                        .filter(|(k, _)| t[*k].is_none())
                        .map(|(_, n)| *n)
                        .collect();
                    let all_hidden = h.len() == 3;
                    assert!(
                        h.is_empty() || all_hidden || (h.len() >= 2 && h.iter().sum::<i64>() >= 5),
                        "{a} {b} {c}: {h:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn levels() {
        assert!(counts_everything(None));
        assert!(counts_everything(Some(RegionLevel::County)));
        assert!(!counts_everything(Some(RegionLevel::Township)));
        assert_eq!(
            counted_need_statuses(Some(RegionLevel::Village)),
            NeedStatus::PUBLIC
        );
        assert!(counted_need_statuses(Some(RegionLevel::City)).contains(&NeedStatus::Rejected));
    }
}
