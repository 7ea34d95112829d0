//! Retention checks falling due: each official whose jurisdiction covers the households' villages
//! hears once, with how many are due and where to answer them. No household, member or pay is named.

use super::notify::enqueue;
use super::templates::MailKind;
use crate::store::{users, Conn};
use diesel::QueryResult;
use serde_json::json;

/// How many of `villages` (one per check that fell due) each official's jurisdiction covers.
pub fn counts_by_official(
    officials: &[(uuid::Uuid, String)],
    villages: &[String],
) -> Vec<(uuid::Uuid, usize)> {
    officials
        .iter()
        .filter_map(|(id, code)| {
            let n = villages
                .iter()
                .filter(|v| v.starts_with(code.as_str()))
                .count();
            (n > 0).then_some((*id, n))
        })
        .collect()
}

/// Queues one mail per official covering any of `villages`.
pub async fn checks_due(conn: &mut Conn, villages: &[String]) -> QueryResult<()> {
    let officials = users::officials_with_jurisdiction(conn).await?;
    for (official, count) in counts_by_official(&officials, villages) {
        enqueue(
            conn,
            MailKind::RetentionChecksDue,
            official,
            json!({ "count": count, "path": "/review/retention-checks" }),
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_official_hears_of_the_checks_it_covers() {
        let (a, b, c) = (
            uuid::Uuid::new_v4(),
            uuid::Uuid::new_v4(),
            uuid::Uuid::new_v4(),
        );
        let officials = vec![
            (a, "411224".to_owned()),
            (b, "41".to_owned()),
            (c, "411221".to_owned()),
        ];
        let villages = vec![
            "411224101200".to_owned(),
            "411224101201".to_owned(),
            "410102001001".to_owned(),
        ];
        assert_eq!(counts_by_official(&officials, &villages), [(a, 2), (b, 3)]);
    }
}
