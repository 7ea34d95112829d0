//! Orders over HTTP. Each change is one call to [`crate::service::orders`], which owns the state
//! table, the transaction, the stock, the audit trail and the mail.

pub mod cancel;
pub mod create;
pub mod get;
pub mod listing;
pub mod mine;
pub mod paid;
pub mod receive;
pub mod sales;
pub mod ship;
pub mod views;

use super::{post, resource};
use actix_web::web;

/// The order routes, inside `/api/v1`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/products/{id}/orders").route(post().to(create::create_order)))
        .service(resource("/orders/{id}").route(web::get().to(get::get_order)))
        .service(resource("/orders/{id}/paid").route(post().to(paid::mark_order_paid)))
        .service(resource("/orders/{id}/ship").route(post().to(ship::ship_order)))
        .service(resource("/orders/{id}/cancel").route(post().to(cancel::cancel_order)))
        .service(resource("/orders/{id}/receive").route(post().to(receive::receive_order)))
        .service(resource("/me/orders").route(web::get().to(mine::my_orders)))
        .service(resource("/me/sales").route(web::get().to(sales::my_sales)));
}
