//! Stories of help (扶贫展示) over HTTP. Each change is one call to [`crate::service::stories`].

pub mod consent;
pub mod create;
pub mod for_need;
pub mod get;
pub mod list;
pub mod mine;
pub mod photo_add;
pub mod photo_delete;
pub mod photo_image;
pub mod review;
pub mod review_queue;
pub mod submit;
pub mod update;
pub mod views;

use super::{get, post, resource};
use actix_web::web;

/// The story routes, inside `/api/v1`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        resource("/stories")
            .route(post().to(create::create_story))
            .route(get().to(list::list_stories)),
    )
    .service(resource("/me/stories").route(get().to(mine::my_stories)))
    .service(resource("/review/stories").route(get().to(review_queue::story_queue)))
    .service(resource("/needs/{id}/stories").route(get().to(for_need::need_stories)))
    .service(
        resource("/stories/{id}")
            .route(get().to(get::get_story))
            .route(web::patch().to(update::update_story)),
    )
    .service(resource("/stories/{id}/photos").route(post().to(photo_add::add_story_photo)))
    .service(
        resource("/stories/{id}/photos/{photo_id}")
            .route(web::delete().to(photo_delete::delete_story_photo)),
    )
    .service(
        resource("/stories/{id}/photos/{photo_id}/image")
            .route(get().to(photo_image::story_photo_image)),
    )
    .service(resource("/stories/{id}/consent").route(post().to(consent::consent_story)))
    .service(resource("/stories/{id}/submit").route(post().to(submit::submit_story)))
    .service(resource("/stories/{id}/review").route(post().to(review::review_story)));
}
