//! Offer rules that do not depend on HTTP or storage.

use chrono::{DateTime, Utc};

/// An offer is public (visible to everyone, searchable, matchable) while it is active, still valid
/// and has quantity left.
pub fn is_public(
    status: &str,
    valid_until: DateTime<Utc>,
    remaining: i32,
    now: DateTime<Utc>,
) -> bool {
    status == "active" && valid_until > now && remaining > 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn public_only_while_active_valid_and_not_exhausted() {
        let now = Utc::now();
        let later = now + Duration::days(1);
        assert!(is_public("active", later, 1, now));
        assert!(!is_public("withdrawn", later, 1, now));
        assert!(!is_public("expired", later, 1, now));
        assert!(!is_public("active", now, 1, now));
        assert!(!is_public("active", later, 0, now));
    }
}
