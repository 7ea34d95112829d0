//! A supporter's honour settings (扶贫榜样): show its name (individuals; organizations always show
//! theirs) and be listed at all. A change and `user.honour_changed` commit together.

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::store::{audit, honour, Conn};
use diesel_async::AsyncConnection;
use serde_json::json;

/// Changes the settings given; answers them as they are afterwards, as (show_name, listed).
#[tracing::instrument(skip_all, fields(user_id = %auth.id))]
pub async fn set(
    conn: &mut Conn,
    auth: &AuthUser,
    show_name: Option<bool>,
    listed: Option<bool>,
) -> ApiResult<(bool, bool)> {
    if !auth.role.is_supporter() {
        return Err(ApiError::forbidden(
            "the honour roll lists donors, enterprises and social organizations",
        ));
    }
    conn.transaction::<_, ApiError, _>(async |conn| {
        let after = honour::set_settings(conn, auth.id, show_name, listed).await?;
        audit::append(
            conn,
            audit::Entry {
                chain: audit::AuditChain::National,
                actor_id: Some(auth.id),
                action: "user.honour_changed",
                subject_type: "user",
                subject_id: auth.id,
                details: json!({ "show_name": after.0, "listed": after.1 }),
            },
        )
        .await?;
        Ok(after)
    })
    .await
}
