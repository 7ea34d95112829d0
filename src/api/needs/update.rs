//! `PATCH /api/v1/needs/{id}`: its household or an official in scope edits a need while it is being
//! reviewed or after a rejection. Editing a rejected need resubmits it for review.

use super::views::{view_one, NeedView};
use super::{load_visible, require_manage, status_of};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::need::{apply_patch, check_fields, NeedFields, NeedStatus};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::store::{audit, needs};
use actix_web::{web, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

#[utoipa::path(
    patch, path = "/api/v1/needs/{id}", tag = "needs",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = NeedFields,
    responses(
        (status = 200, description = "Edited; a rejected need goes back to pending_review", body = NeedView),
        (status = 400, description = "Invalid fields", body = crate::error::Problem),
        (status = 403, description = "Visible but not yours to change", body = crate::error::Problem),
        (status = 404, description = "No such need for you", body = crate::error::Problem),
        (status = 409, description = "need_not_editable: already published or closed", body = crate::error::Problem),
    )
)]
pub async fn update_need(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<NeedFields>,
) -> ApiResult<HttpResponse> {
    let now = Utc::now();
    let mut errors = Vec::new();
    check_fields(&body, now, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let id = *id;
    let view = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let (need, access) = load_visible(conn, &actor, id, true).await?;
            require_manage(access)?;
            let status = status_of(&need);
            if !status.is_editable() {
                return Err(ApiError::new(
                    ErrorCode::NeedNotEditable,
                    format!("a need that is {status} cannot be edited"),
                ));
            }
            let c = apply_patch(need.content(), &body);
            needs::update_content(
                conn,
                id,
                &needs::NeedContentChange {
                    title: &c.title,
                    description: &c.description,
                    category: c.category.as_str(),
                    urgency: c.urgency.as_str(),
                    quantity: c.quantity,
                    unit: &c.unit,
                    estimated_value_fen: c.estimated_value_fen,
                    deadline: c.deadline,
                    updated_at: now,
                },
            )
            .await?;
            let resubmitted = status == NeedStatus::Rejected;
            let need = if resubmitted {
                needs::transition(conn, id, &["rejected"], "pending_review", None, now)
                    .await?
                    .ok_or_else(|| {
                        ApiError::new(ErrorCode::InvalidTransition, "the need changed meanwhile")
                    })?
            } else {
                needs::find(conn, id)
                    .await?
                    .ok_or_else(|| ApiError::not_found("need"))?
            };
            audit::append(
                conn,
                audit::Entry {
                    actor_id: Some(auth.id),
                    action: if resubmitted {
                        "need.resubmitted"
                    } else {
                        "need.edited"
                    },
                    subject_type: "need",
                    subject_id: id,
                    details: json!({ "role": auth.role.as_str(), "from": status.as_str(), "to": need.status, "fields": changed_fields(&body) }),
                },
            )
            .await?;
            view_one(conn, need, true).await
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

fn changed_fields(f: &NeedFields) -> Vec<&'static str> {
    [
        ("title", f.title.is_some()),
        ("description", f.description.is_some()),
        ("category", f.category.is_some()),
        ("quantity", f.quantity.is_some()),
        ("unit", f.unit.is_some()),
        ("estimated_value_fen", f.estimated_value_fen.is_some()),
        ("urgency", f.urgency.is_some()),
        ("deadline", f.deadline.is_some()),
    ]
    .into_iter()
    .filter_map(|(n, p)| p.then_some(n))
    .collect()
}
