//! What waits in an official's queues, for the daily digest.

use super::{complaints, Conn};
use crate::domain::need::NeedStatus;
use crate::domain::pledge::PledgeStatus;
use crate::schema::{needs, pledges};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting {
    pub needs: i64,
    pub pledges: i64,
    pub complaints: i64,
}

impl Waiting {
    pub fn is_empty(&self) -> bool {
        self.needs + self.pledges + self.complaints == 0
    }
}

/// Needs waiting for review, pledges waiting for approval and open complaints in a region subtree.
pub async fn waiting_in(conn: &mut Conn, region_like: &str) -> QueryResult<Waiting> {
    let needs = needs::table
        .filter(needs::status.eq(NeedStatus::PendingReview))
        .filter(needs::region_code.like(region_like))
        .count()
        .get_result(conn)
        .await?;
    let pledges = pledges::table
        .filter(pledges::status.eq(PledgeStatus::PendingApproval))
        .filter(pledges::region_code.like(region_like))
        .count()
        .get_result(conn)
        .await?;
    let complaints = complaints::count_open_in(conn, region_like).await?;
    Ok(Waiting {
        needs,
        pledges,
        complaints,
    })
}
