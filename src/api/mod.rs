//! The HTTP layer: one route table ([`configure`]), one handler per file. Handlers parse input into
//! domain types, call storage and domain functions, and shape responses; rules live elsewhere.

pub mod actor;
pub mod admin;
pub mod applications;
pub mod audit;
pub mod auth;
pub mod cached_stats;
pub mod campaigns;
pub mod check_stats;
pub mod checkpoints;
pub mod checks;
pub mod complaints;
pub mod contribution;
pub mod evidence;
pub mod extract;
pub mod figures;
pub mod honour;
pub mod households;
pub mod idempotency;
pub mod job_matches;
pub mod job_search;
pub mod jobs;
pub mod jobs_stats;
pub mod me;
pub mod media;
pub mod needs;
pub mod notifications;
pub mod offers;
pub mod openapi;
pub mod ops;
pub mod orders;
pub mod pages;
pub mod pledges;
pub mod products;
pub mod projects;
pub mod rectifications;
pub mod regions;
pub mod retention;
pub mod revisits;
pub mod sales_stats;
pub mod search;
pub mod stats;
pub mod stories;
pub mod upload;
pub mod views;

use crate::error::{ApiError, ErrorCode};
use actix_web::{web, HttpRequest, HttpResponse, ResponseError, Route};

pub const BODY_LIMIT: usize = 256 * 1024;

/// A resource whose other methods answer 405 with a problem body instead of falling through to 404.
fn resource(path: &str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(method_not_allowed))
}

async fn method_not_allowed(req: HttpRequest) -> HttpResponse {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        format!("{} is not allowed on {}", req.method(), req.path()),
    )
    .error_response()
}

pub async fn not_found(req: HttpRequest) -> HttpResponse {
    ApiError::new(ErrorCode::NotFound, format!("no route {}", req.path())).error_response()
}

fn get() -> Route {
    web::get()
}

fn post() -> Route {
    web::post()
}

/// Every route of the API. Keep it in step with [`openapi::ApiDoc`]; a test checks both agree.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/healthz").route(get().to(ops::healthz)))
        .service(resource("/readyz").route(get().to(ops::readyz)))
        .service(resource("/metrics").route(get().to(ops::metrics)))
        .service(
            resource("/account/verify-email")
                .route(get().to(pages::verify_email::show))
                .route(post().to(pages::verify_email::confirm)),
        )
        .service(
            resource("/account/reset-password")
                .route(get().to(pages::reset_password::show))
                .route(post().to(pages::reset_password::confirm)),
        )
        .service(
            resource("/mail/unsubscribe")
                .route(get().to(pages::unsubscribe::show))
                .route(post().to(pages::unsubscribe::confirm)),
        )
        .service(resource("/media/{key:.+}").route(get().to(media::media)))
        .service(
            web::scope("/api/v1")
                .service(resource("/auth/register").route(post().to(auth::register::register)))
                .service(resource("/auth/login").route(post().to(auth::login::login)))
                .service(resource("/auth/refresh").route(post().to(auth::refresh::refresh)))
                .service(resource("/auth/logout").route(post().to(auth::logout::logout)))
                .service(
                    resource("/auth/verify-email")
                        .route(post().to(auth::verify_email::verify_email)),
                )
                .service(
                    resource("/auth/verify-email/resend")
                        .route(post().to(auth::resend_verification::resend_verification)),
                )
                .service(
                    resource("/auth/password-reset")
                        .route(post().to(auth::password_reset::password_reset)),
                )
                .service(
                    resource("/auth/password-reset/confirm")
                        .route(post().to(auth::password_reset_confirm::password_reset_confirm)),
                )
                .service(
                    resource("/me/notifications")
                        .route(get().to(notifications::get::get_notifications))
                        .route(web::patch().to(notifications::update::update_notifications)),
                )
                .service(resource("/admin/jobs").route(get().to(admin::jobs::list::list_jobs)))
                .service(
                    resource("/admin/jobs/{id}/retry")
                        .route(post().to(admin::jobs::retry::retry_job)),
                )
                .service(resource("/me").route(get().to(me::me)))
                .service(
                    resource("/me/contribution").route(get().to(contribution::my_contribution)),
                )
                .service(
                    resource("/admin/officials")
                        .route(post().to(admin::officials::create_official)),
                )
                .service(
                    resource("/admin/organizations")
                        .route(get().to(admin::organizations::list::list_organizations)),
                )
                .service(
                    resource("/admin/organizations/{id}/verify")
                        .route(post().to(admin::organizations::verify::verify_organization)),
                )
                .service(
                    resource("/households").route(post().to(households::create::create_household)),
                )
                .service(
                    resource("/households/{id}")
                        .route(get().to(households::get::get_household))
                        .route(web::patch().to(households::update::update_household)),
                )
                .service(
                    resource("/households/{id}/work")
                        .route(get().to(households::work_get::get_household_work))
                        .route(web::patch().to(households::work_update::update_household_work)),
                )
                .service(
                    resource("/needs")
                        .route(post().to(needs::create::create_need))
                        .route(get().to(needs::list::list_needs)),
                )
                .service(resource("/needs/search").route(get().to(needs::search::search_needs)))
                .service(
                    resource("/needs/{id}/matches").route(get().to(needs::matches::need_matches)),
                )
                .service(
                    resource("/needs/{id}")
                        .route(get().to(needs::get::get_need))
                        .route(web::patch().to(needs::update::update_need)),
                )
                .service(
                    resource("/needs/{id}/withdraw")
                        .route(post().to(needs::withdraw::withdraw_need)),
                )
                .service(
                    resource("/needs/{id}/review").route(post().to(needs::review::review_need)),
                )
                .service(
                    resource("/needs/{id}/evidence")
                        .route(post().to(evidence::create::upload_evidence))
                        .route(get().to(evidence::list::list_evidence)),
                )
                .service(
                    resource("/needs/{id}/evidence/{evidence_id}")
                        .route(web::delete().to(evidence::delete::delete_evidence)),
                )
                .service(
                    resource("/needs/{id}/evidence/{evidence_id}/image")
                        .route(get().to(evidence::image::evidence_image)),
                )
                .service(
                    resource("/review/needs").route(get().to(needs::review_queue::review_queue)),
                )
                .service(resource("/me/needs").route(get().to(needs::mine::my_needs)))
                .service(
                    resource("/needs/{id}/pledges")
                        .route(post().to(pledges::create::create_pledge))
                        .route(get().to(pledges::for_need::need_pledges)),
                )
                .service(resource("/pledges").route(get().to(pledges::in_scope::pledges_in_scope)))
                .service(resource("/pledges/{id}").route(get().to(pledges::get::get_pledge)))
                .service(
                    resource("/pledges/{id}/approve")
                        .route(post().to(pledges::approve::approve_pledge)),
                )
                .service(
                    resource("/pledges/{id}/reject")
                        .route(post().to(pledges::reject::reject_pledge)),
                )
                .service(
                    resource("/pledges/{id}/deliver")
                        .route(post().to(pledges::deliver::deliver_pledge)),
                )
                .service(
                    resource("/pledges/{id}/cancel")
                        .route(post().to(pledges::cancel::cancel_pledge)),
                )
                .service(
                    resource("/pledges/{id}/confirm")
                        .route(post().to(pledges::confirm::confirm_pledge)),
                )
                .service(
                    resource("/pledges/{id}/events")
                        .route(get().to(pledges::events::pledge_events)),
                )
                .service(resource("/me/pledges").route(get().to(pledges::mine::my_pledges)))
                .service(
                    resource("/review/pledges")
                        .route(get().to(pledges::review_queue::pledge_queue)),
                )
                .service(
                    resource("/complaints").route(post().to(complaints::create::create_complaint)),
                )
                .service(
                    resource("/complaints/{id}").route(get().to(complaints::get::get_complaint)),
                )
                .service(
                    resource("/complaints/{id}/resolve")
                        .route(post().to(complaints::resolve::resolve_complaint)),
                )
                .service(
                    resource("/review/complaints")
                        .route(get().to(complaints::queue::complaint_queue)),
                )
                .service(resource("/stats").route(get().to(stats::stats)))
                .service(resource("/stats/sales").route(get().to(sales_stats::sales_stats)))
                .service(resource("/stats/jobs").route(get().to(jobs_stats::jobs_stats)))
                .service(resource("/jobs/{id}/matches").route(get().to(job_matches::job_matches)))
                .service(resource("/offers").route(post().to(offers::create::create_offer)))
                .service(resource("/offers/search").route(get().to(offers::search::search_offers)))
                .service(
                    resource("/offers/{id}/matches")
                        .route(get().to(offers::matches::offer_matches)),
                )
                .service(
                    resource("/offers/{id}/allocate")
                        .route(post().to(offers::allocate::allocate_offer)),
                )
                .service(
                    resource("/offers/{id}")
                        .route(get().to(offers::get::get_offer))
                        .route(web::patch().to(offers::update::update_offer)),
                )
                .service(
                    resource("/offers/{id}/withdraw")
                        .route(post().to(offers::withdraw::withdraw_offer)),
                )
                .service(resource("/me/offers").route(get().to(offers::mine::my_offers)))
                .service(resource("/regions").route(get().to(regions::list::list_regions)))
                .service(resource("/regions/{code}").route(get().to(regions::get::get_region)))
                .service(resource("/audit/verify").route(get().to(audit::verify_audit_chain)))
                .service(
                    resource("/audit/checkpoints").route(get().to(checkpoints::list_checkpoints)),
                )
                .service(
                    resource("/checks")
                        .route(post().to(checks::create::create_check))
                        .route(get().to(checks::list::list_checks)),
                )
                .service(resource("/checks/{id}").route(get().to(checks::get::get_check)))
                .service(
                    resource("/checks/{id}/report.csv")
                        .route(get().to(checks::report::check_report)),
                )
                .service(
                    resource("/checks/{id}/items/{item_id}/finding")
                        .route(post().to(checks::finding::record_finding)),
                )
                .service(
                    resource("/rectifications")
                        .route(get().to(rectifications::list::list_rectifications)),
                )
                .service(
                    resource("/rectifications/{id}/answer")
                        .route(post().to(rectifications::act::answer_rectification)),
                )
                .service(
                    resource("/rectifications/{id}/accept")
                        .route(post().to(rectifications::act::accept_rectification)),
                )
                .service(
                    resource("/rectifications/{id}/reopen")
                        .route(post().to(rectifications::act::reopen_rectification)),
                )
                .service(
                    resource("/review/revisits").route(get().to(revisits::list::revisit_queue)),
                )
                .service(
                    resource("/revisits/{id}").route(post().to(revisits::answer::answer_revisit)),
                )
                .service(
                    resource("/officials/{id}/figures").route(get().to(figures::official_figures)),
                )
                .service(resource("/stats/checks").route(get().to(check_stats::check_figures)))
                .service(
                    resource("/stats/checks/disclosures")
                        .route(get().to(check_stats::check_disclosures)),
                )
                // Before the job postings' `/jobs/{id}`, so `search` is never taken for an id.
                .service(resource("/jobs/search").route(get().to(job_search::search_jobs)))
                .configure(products::routes)
                .configure(orders::routes)
                .configure(jobs::routes)
                .configure(applications::routes)
                .configure(retention::routes)
                .configure(stories::routes)
                .configure(honour::routes)
                .configure(campaigns::routes)
                .configure(projects::routes)
                .default_service(web::to(not_found)),
        );
}
