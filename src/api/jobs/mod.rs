//! Job postings (就业扶贫) over HTTP, and applications placed on a posting. Each change is one call
//! to [`crate::service::job_postings`] or [`crate::service::job_applications`], which own the
//! rules, the transaction and the audit trail. `/jobs/search` (another file) must be registered
//! before `/jobs/{id}`.

pub mod applications;
pub mod apply;
pub mod close;
pub mod create;
pub mod get;
pub mod mine;
pub mod update;
pub mod views;

use super::{get, post, resource};
use actix_web::web;

/// The job posting routes, inside `/api/v1`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/jobs").route(post().to(create::create_job)))
        .service(resource("/me/jobs").route(get().to(mine::my_jobs)))
        .service(
            resource("/jobs/{id}")
                .route(web::get().to(get::get_job))
                .route(web::patch().to(update::update_job)),
        )
        .service(resource("/jobs/{id}/close").route(post().to(close::close_job)))
        .service(
            resource("/jobs/{id}/applications")
                .route(post().to(apply::apply_for_job))
                .route(get().to(applications::job_applications)),
        );
}
