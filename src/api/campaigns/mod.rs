//! Campaigns and matching funds over HTTP. Changes are one call to [`crate::service::campaigns`];
//! the pages (a campaign, the list, the progress series) are public.

pub mod create;
pub mod fund;
pub mod get;
pub mod list;
pub mod progress;
pub mod views;

use super::{get, post, resource};
use actix_web::web;

/// The campaign routes, inside `/api/v1`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        resource("/campaigns")
            .route(post().to(create::create_campaign))
            .route(get().to(list::list_campaigns)),
    )
    .service(resource("/campaigns/{id}").route(get().to(get::get_campaign)))
    .service(resource("/campaigns/{id}/funds").route(post().to(fund::pledge_fund)))
    .service(resource("/campaigns/{id}/progress").route(get().to(progress::campaign_progress)));
}
