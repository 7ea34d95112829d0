//! `PATCH /api/v1/products/{id}`: the seller changes its product. A change of anything the
//! certification covers (title, description, price, category, unit, region, households helped)
//! sends it back to `pending_certification`; a change of the stock alone does not. A new `stock`
//! comes with `expected_stock`, the value the seller saw: if orders took units meanwhile, 409
//! `stock_changed` (with the current `stock`) instead of overwriting them.

use super::views::{view, ProductView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::product_fields::{check_patch, ProductFields};
use crate::error::{ApiError, ApiResult};
use crate::service::products;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    patch, path = "/api/v1/products/{id}", tag = "products",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = ProductFields,
    responses(
        (status = 200, description = "Changed; back to pending_certification unless only the stock changed", body = ProductView),
        (status = 400, description = "Invalid fields, every violation at once", body = crate::error::Problem),
        (status = 403, description = "Visible but not yours to change", body = crate::error::Problem),
        (status = 404, description = "No such product for you", body = crate::error::Problem),
        (status = 409, description = "`stock_changed`: orders changed the stock since `expected_stock` was read (the problem carries the current `stock`); `invalid_transition`", body = crate::error::Problem),
    )
)]
pub async fn update_product(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<ProductFields>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    check_patch(&body, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let product = products::update(&mut conn, &auth, &actor, *id, &body).await?;
    Ok(HttpResponse::Ok().json(view(&mut conn, &actor, product).await?))
}
