//! A supporter's contribution: what it pledged to needs and what it bought from households.

use super::string_enum::string_enum;

string_enum!(
    /// One line of a supporter's contribution report.
    ContributionKind {
        Pledge => "pledge",
        Purchase => "purchase",
    }
);

/// A pledge's share of its need's estimated value, in fen: `estimated × quantity / need quantity`,
/// rounded down; `None` when the need has no estimated value. The same formula as the
/// contribution list's SQL (`store::contribution`), for code that holds the rows already.
pub fn pledge_value_fen(
    estimated_value_fen: i64,
    pledge_quantity: i32,
    need_quantity: i32,
) -> Option<i64> {
    if estimated_value_fen <= 0 || need_quantity <= 0 {
        return None;
    }
    let v =
        i128::from(estimated_value_fen) * i128::from(pledge_quantity) / i128::from(need_quantity);
    i64::try_from(v).ok()
}

#[cfg(test)]
mod tests {
    use super::pledge_value_fen;

    #[test]
    fn a_pledge_is_worth_its_share_of_the_need() {
        assert_eq!(pledge_value_fen(80_000, 1, 1), Some(80_000));
        assert_eq!(pledge_value_fen(1_500, 1, 10), Some(150));
        assert_eq!(pledge_value_fen(1_000, 1, 3), Some(333));
        assert_eq!(pledge_value_fen(0, 1, 3), None);
    }
}
