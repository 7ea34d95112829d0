//! `GET /api/v1/checks/{id}/report.csv`: a round's report for spreadsheets. Every cell is quoted, and
//! cells a spreadsheet would run as formulas start with `'`.

use super::{full_view, load_visible};
use crate::api::actor;
use crate::auth::AuthUser;
use crate::domain::checks::csv_cell;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::rectifications;
use actix_web::{web, HttpResponse};
use std::collections::HashMap;
use uuid::Uuid;

const HEADER: [&str; 14] = [
    "position",
    "subject_type",
    "subject_id",
    "region_code",
    "decided_by",
    "decided_by_name",
    "decided_at",
    "result",
    "problem_kind",
    "suspected",
    "note",
    "rectification_status",
    "rectification_deadline",
    "accepted_at",
];

#[utoipa::path(
    get, path = "/api/v1/checks/{id}/report.csv", tag = "checks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The round's items and findings as CSV (UTF-8)", content_type = "text/csv", body = String),
        (status = 401, description = "Not signed in", body = crate::error::Problem),
        (status = 404, description = "No such round for the caller", body = crate::error::Problem),
    )
)]
pub async fn check_report(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let round = load_visible(&mut conn, &actor, *id).await?;
    let round_id = round.id;
    let rects: HashMap<Uuid, rectifications::Rectification> =
        rectifications::for_round(&mut conn, round_id)
            .await?
            .into_iter()
            .map(|r| (r.item_id, r))
            .collect();
    let view = full_view(&mut conn, round).await?;
    let mut out = String::new();
    out.push_str(&HEADER.map(csv_cell).join(","));
    out.push_str("\r\n");
    for i in view.items.unwrap_or_default() {
        let f = i.finding.as_ref();
        let r = rects.get(&i.id);
        let cells = [
            i.position.to_string(),
            i.subject_type.clone(),
            i.subject_id.to_string(),
            i.region_code.clone(),
            i.decided_by.map(|d| d.to_string()).unwrap_or_default(),
            i.decided_by_name.clone().unwrap_or_default(),
            i.decided_at.map(|d| d.to_rfc3339()).unwrap_or_default(),
            f.map(|f| f.result.clone()).unwrap_or_default(),
            f.and_then(|f| f.problem_kind.clone()).unwrap_or_default(),
            f.map(|f| f.suspected.to_string()).unwrap_or_default(),
            f.map(|f| f.note.clone()).unwrap_or_default(),
            r.map(|r| r.status.as_str().to_owned()).unwrap_or_default(),
            r.map(|r| r.deadline.to_rfc3339()).unwrap_or_default(),
            r.and_then(|r| r.accepted_at)
                .map(|d| d.to_rfc3339())
                .unwrap_or_default(),
        ];
        out.push_str(
            &cells
                .iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"check-{round_id}.csv\""),
        ))
        .body(out))
}
