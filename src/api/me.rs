//! `GET /api/v1/me`: the caller's own profile.

use crate::api::views::{jurisdiction_view, AccountView, HouseholdView, OrganizationView};
use crate::auth::AuthUser;
use crate::domain::{RegionCode, Role};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::store::{households, organizations, regions, users, Conn};
use actix_web::{web, HttpResponse};

/// The full view of an account, as its owner sees it.
pub async fn account_view(conn: &mut Conn, user: users::User) -> Result<AccountView, ApiError> {
    let organization_id = user.organization_id;
    let household_id = user.household_id;
    let is_official = user.role == Role::Official;
    let user_id = user.id;
    let mut view = AccountView::new(user);
    if let Some(id) = organization_id {
        view.organization = organizations::find(conn, id)
            .await?
            .map(OrganizationView::from);
    }
    if let Some(id) = household_id {
        view.household = households::find(conn, id).await?.map(HouseholdView::from);
    }
    if is_official {
        if let Some(j) = users::jurisdiction_of(conn, user_id).await? {
            let path = regions::path(conn, &RegionCode::from_trusted(j.region_code)).await?;
            view.jurisdiction = jurisdiction_view(path);
        }
    }
    Ok(view)
}

#[utoipa::path(
    get, path = "/api/v1/me", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's profile, role and jurisdiction", body = AccountView),
        (status = 401, description = "Not signed in", body = crate::error::Problem),
    )
)]
pub async fn me(state: web::Data<AppState>, auth: AuthUser) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let user = users::find(&mut conn, auth.id).await?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::InvalidToken,
            "the account of this token no longer exists",
        )
    })?;
    // The token's role must still be the account's role.
    if user.role != auth.role {
        return Err(ApiError::new(
            ErrorCode::InvalidToken,
            "the account's role changed; sign in again",
        ));
    }
    Ok(HttpResponse::Ok().json(account_view(&mut conn, user).await?))
}
