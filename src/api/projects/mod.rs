//! Crowdfunding (扶贫众筹) over HTTP: projects, their review, pledges, and the host's ledger
//! entries (receipts, spending with a receipt image, refunds) and close. Each change is one call
//! to [`crate::service::projects`], which owns the rules, the transaction and the audit trail.
//! `/projects/search` is registered before `/projects/{id}`.

pub mod close;
pub mod create;
pub mod get;
pub mod mine;
pub mod pledge;
pub mod receipt;
pub mod receipt_queue;
pub mod receipt_replace;
pub mod receipt_review;
pub mod refund;
pub mod reversal;
pub mod review;
pub mod search;
pub mod spending;
pub mod views;

use super::{get, post, resource};
use actix_web::web;

/// The project routes, inside `/api/v1`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/projects").route(post().to(create::create_project)))
        .service(resource("/projects/search").route(get().to(search::search_projects)))
        .service(resource("/me/projects").route(get().to(mine::my_projects)))
        .service(resource("/projects/{id}").route(get().to(get::get_project)))
        .service(resource("/projects/{id}/review").route(post().to(review::review_project)))
        .service(resource("/projects/{id}/pledges").route(post().to(pledge::pledge_to_project)))
        .service(resource("/projects/{id}/receipts").route(post().to(receipt::record_receipt)))
        .service(resource("/projects/{id}/spending").route(post().to(spending::record_spending)))
        .service(
            resource("/projects/{id}/spending/{spending_id}/review")
                .route(post().to(receipt_review::review_receipt)),
        )
        .service(
            resource("/projects/{id}/spending/{spending_id}/receipt")
                .route(post().to(receipt_replace::replace_receipt)),
        )
        .service(
            resource("/projects/{id}/spending/{spending_id}/reversal")
                .route(post().to(reversal::reverse_spending)),
        )
        .service(resource("/review/project-receipts").route(get().to(receipt_queue::receipt_queue)))
        .service(resource("/projects/{id}/refunds").route(post().to(refund::record_refund)))
        .service(resource("/projects/{id}/close").route(post().to(close::close_project)));
}
