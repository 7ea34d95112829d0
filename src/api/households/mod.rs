//! Household profiles: `POST /households` (an official, for a household without a phone),
//! `GET /households/{id}` and `PATCH /households/{id}`.

pub mod create;
pub mod get;
pub mod update;
pub mod work_get;
pub mod work_update;
pub mod work_view;

use crate::domain::access::{household_access, Access, Actor};
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult};
use crate::store::households::{self, Household};
use crate::store::Conn;
use uuid::Uuid;

/// Loads a profile the caller may see; any other is 404.
pub async fn load_visible(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<Household> {
    match households::find(conn, id).await? {
        Some(h)
            if household_access(
                actor,
                h.id,
                &RegionCode::from_trusted(h.region_code.clone()),
            ) != Access::Hidden =>
        {
            Ok(h)
        }
        _ => Err(ApiError::not_found("household")),
    }
}
