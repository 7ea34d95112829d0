//! Products (消费扶贫) over HTTP. Each change is one call to [`crate::service::products`], which
//! owns the state table, the transaction and the audit trail.

pub mod certify;
pub mod create;
pub mod delist;
pub mod get;
pub mod image_add;
pub mod image_delete;
pub mod mine;
pub mod review_queue;
pub mod search;
pub mod update;
pub mod views;

use super::{get, post, resource};
use actix_web::web;

/// The product routes, inside `/api/v1`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/products").route(post().to(create::create_product)))
        // Before `/products/{id}`, so `search` is never taken for an id.
        .service(resource("/products/search").route(web::get().to(search::search_products)))
        .service(resource("/me/products").route(get().to(mine::my_products)))
        .service(resource("/review/products").route(get().to(review_queue::product_queue)))
        .service(
            resource("/products/{id}")
                .route(web::get().to(get::get_product))
                .route(web::patch().to(update::update_product)),
        )
        .service(resource("/products/{id}/images").route(post().to(image_add::add_product_image)))
        .service(
            resource("/products/{id}/images/{image_id}")
                .route(web::delete().to(image_delete::delete_product_image)),
        )
        .service(resource("/products/{id}/delist").route(post().to(delist::delist_product)))
        .service(resource("/products/{id}/certify").route(post().to(certify::certify_product)));
}
