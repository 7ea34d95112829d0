//! Who hears about crowdfunding: the host organization's accounts of a new pledge, so they record
//! the money when it arrives. Public facts only — the project's title, the amount, a link — never
//! the supporter's name.

use super::notify::enqueue;
use super::templates::MailKind;
use crate::store::project_ledger::ProjectPledge;
use crate::store::projects::Project;
use crate::store::{users, Conn};
use diesel::QueryResult;
use serde_json::json;

/// An amount in fen as yuan with two decimals (12345 → "123.45").
pub fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, (fen % 100).abs())
}

/// A new pledge: the host organization's accounts hear.
pub async fn pledge_received(
    conn: &mut Conn,
    project: &Project,
    pledge: &ProjectPledge,
) -> QueryResult<()> {
    let vars = json!({
        "project_title": project.title,
        "amount_yuan": yuan(pledge.amount_fen),
        "path": format!("/projects/{}", project.id),
    });
    for user in users::of_organization(conn, project.host_organization_id).await? {
        enqueue(conn, MailKind::ProjectPledgeReceived, user, vars.clone()).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_read_as_yuan() {
        assert_eq!(super::yuan(12_345), "123.45");
        assert_eq!(super::yuan(5), "0.05");
        assert_eq!(super::yuan(300_000), "3000.00");
    }
}
