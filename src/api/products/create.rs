//! `POST /api/v1/products`: a household, enterprise or social organization puts a product up for
//! certification by its county (an official may list one for a household of its jurisdiction).
//! An `Idempotency-Key` is honoured.

use super::views::{view, ProductView};
use crate::api::extract::Body;
use crate::api::{actor, idempotency};
use crate::auth::AuthUser;
use crate::domain::product_fields::{content_from, ProductFields};
use crate::domain::Role;
use crate::error::{ApiError, ApiResult};
use crate::service::products;
use crate::state::AppState;
use crate::store::Conn;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateProductRequest {
    /// 2–60 characters.
    pub title: Option<String>,
    /// Up to 2,000 characters.
    pub description: Option<String>,
    /// grain, fruit_vegetables, mushrooms, nuts, herbs, meat_eggs, tea, handicraft, other.
    pub category: Option<String>,
    /// 1–10 characters: 斤, 千克, 盒…
    pub unit: Option<String>,
    /// Price of one unit in fen (分), 1–10,000,000.
    pub price_fen: Option<i64>,
    /// Units on sale, 0–1,000,000.
    pub stock: Option<i64>,
    /// Where it is grown or made: a county, township or village code (a household's own county).
    pub region_code: Option<String>,
    /// Registered households the product helps (1–100,000): required of organizations; a
    /// household's own produce helps 1.
    pub households_helped: Option<i64>,
    /// Officials only: the household of their jurisdiction the product is listed for.
    pub household_id: Option<Uuid>,
}

#[utoipa::path(
    post, path = "/api/v1/products", tag = "products",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Optional: a UUID; a replay returns the stored answer")),
    request_body = CreateProductRequest,
    responses(
        (status = 201, description = "Put up, waiting for certification by the seller's county", body = ProductView),
        (status = 400, description = "Invalid fields, every violation at once", body = crate::error::Problem),
        (status = 403, description = "Donors and admins do not sell; unverified email", body = crate::error::Problem),
    )
)]
pub async fn create_product(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    body: Body<CreateProductRequest>,
) -> ApiResult<HttpResponse> {
    let Body(input, raw) = body;
    idempotency::run(&state, &auth, &req, &raw, false, async |conn: &mut Conn| {
        let actor = actor::load(conn, Some(&auth)).await?;
        products::ensure_may_sell(&actor)?;
        let mut errors = Vec::new();
        let household = auth.role == Role::Household || input.household_id.is_some();
        let fields = ProductFields {
            title: input.title.clone(),
            description: input.description.clone(),
            category: input.category.clone(),
            unit: input.unit.clone(),
            price_fen: input.price_fen,
            stock: input.stock,
            region_code: input.region_code.clone(),
            households_helped: input.households_helped,
            expected_stock: None,
        };
        let content = content_from(&fields, household, &mut errors);
        let Some(content) = content.filter(|_| errors.is_empty()) else {
            return Err(ApiError::validation(errors));
        };
        let product = products::create(conn, &auth, &actor, &content, input.household_id).await?;
        let v = view(conn, &actor, product).await?;
        Ok((
            StatusCode::CREATED,
            serde_json::to_value(v).map_err(ApiError::internal)?,
        ))
    })
    .await
}
