//! Allocating one offer over many needs: the order needs are served in, and the plan of how much
//! each gets, in whole units of the need's unit and the offer's. Pure; the service locks the rows
//! and places each pledge of the plan.

use super::need::Urgency;
use super::unit::Exchange;

/// The order an allocation serves needs in: most urgent, then nearest deadline, then longest waiting.
pub fn allocation_key(urgency: Urgency, deadline: i64, published_at: i64) -> (i8, i64, i64) {
    let rank = match urgency {
        Urgency::Critical => 3,
        Urgency::Urgent => 2,
        Urgency::Normal => 1,
    };
    (-rank, deadline, published_at)
}

/// Spreads `available` (in the offer's unit) over needs given in allocation order as (id, what
/// it lacks in its own unit, how its unit meets the offer's): each gets what it lacks while the
/// offer lasts, in whole steps of the exchange, never more than either side has. Each row is (id,
/// quantity in the need's unit, quantity in the offer's unit).
pub fn plan<K: Copy>(
    available: i64,
    needs: &[(K, i64, Exchange)],
    max_needs: usize,
) -> Vec<(K, i64, i64)> {
    let mut left = available.max(0);
    let mut out = Vec::new();
    for &(id, remaining, ex) in needs {
        if left == 0 || out.len() == max_needs {
            break;
        }
        if ex.need_step <= 0 || ex.offer_step <= 0 {
            continue;
        }
        let steps = (remaining.max(0) / ex.need_step).min(left / ex.offer_step);
        if steps > 0 {
            out.push((id, steps * ex.need_step, steps * ex.offer_step));
            left -= steps * ex.offer_step;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_never_exceed_either_side() {
        let one = Exchange {
            need_step: 1,
            offer_step: 1,
        };
        let same = |rows: &[(i32, i64)]| -> Vec<(i32, i64, Exchange)> {
            rows.iter().map(|&(k, r)| (k, r, one)).collect()
        };
        let q = |rows: &[(i32, i64)]| -> Vec<(i32, i64, i64)> {
            rows.iter().map(|&(k, r)| (k, r, r)).collect()
        };
        assert_eq!(
            plan(10, &same(&[(1, 4), (2, 4), (3, 4)]), 10),
            q(&[(1, 4), (2, 4), (3, 2)])
        );
        assert_eq!(plan(10, &same(&[(1, 4), (2, 0), (3, 4)]), 1), q(&[(1, 4)]));
        assert_eq!(plan(0, &same(&[(1, 4)]), 10), []);
        assert_eq!(
            plan(100, &same(&[(1, 4), (2, 5)]), 10),
            q(&[(1, 4), (2, 5)])
        );
        // 5 公斤 offered: a need for 3 斤 gets 2 斤 (1 公斤), one for 9 公斤 the 4 公斤 left.
        let jin = Exchange {
            need_step: 2,
            offer_step: 1,
        };
        assert_eq!(
            plan(5, &[(1, 3, jin), (2, 9, one)], 10),
            [(1, 2, 1), (2, 4, 4)]
        );
        // 3 斤 offered to needs counted in 公斤 (1 公斤 = 2 斤): one 公斤, one 斤 left over.
        let kg = Exchange {
            need_step: 1,
            offer_step: 2,
        };
        assert_eq!(plan(3, &[(1, 5, kg)], 10), [(1, 1, 2)]);
        let mut keys = [
            allocation_key(Urgency::Normal, 10, 1),
            allocation_key(Urgency::Critical, 50, 5),
            allocation_key(Urgency::Critical, 20, 9),
            allocation_key(Urgency::Critical, 20, 3),
        ];
        keys.sort();
        assert_eq!(
            keys[0],
            (-3, 20, 3),
            "critical, nearest deadline, longest waiting first"
        );
        assert_eq!(keys[3], (-1, 10, 1));
    }
}
