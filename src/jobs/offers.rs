//! Offers past their validity become `expired`, which takes them out of the offers index. Searches
//! and matching already skip them by time; this keeps the index and the owner's view tidy.

use super::{JobContext, JobError};
use crate::store::offers;
use serde_json::Value;

pub use crate::store::jobs::kind::OFFERS_EXPIRE as EXPIRE;

pub async fn expire(ctx: JobContext, _payload: Value) -> Result<(), JobError> {
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    // One statement: the status change and the index jobs commit together.
    let n = {
        use diesel_async::AsyncConnection;
        conn.transaction::<_, diesel::result::Error, _>(async |conn| {
            offers::expire_lapsed(conn, ctx.clock.now()).await
        })
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?
    };
    if n > 0 {
        tracing::info!(expired = n, "offers expired");
    }
    Ok(())
}
