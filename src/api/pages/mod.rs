//! The few pages a mail links to, served as plain HTML in Chinese and English so they work from any
//! mail client without the web app: confirm an address, set a new password, unsubscribe. Each GET
//! only shows a form; the change happens on POST, so a mail scanner that follows links changes
//! nothing.

pub mod reset_password;
pub mod unsubscribe;
pub mod verify_email;

pub use crate::domain::text::escape_html as escape;
use actix_web::http::StatusCode;
use actix_web::HttpResponse;

/// A page: a Chinese heading with its English line, and a body of trusted HTML.
pub fn page(status: StatusCode, zh: &str, en: &str, body: &str) -> HttpResponse {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{zh} · 帮扶 Bangfu</title></head>\
         <body style=\"font-family: sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.6\">\
         <h1>{zh}</h1><p lang=\"en\">{en}</p>{body}<p><a href=\"/\">帮扶 Bangfu</a></p></body></html>",
        zh = escape(zh),
        en = escape(en),
    );
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Referrer-Policy", "no-referrer"))
        .body(html)
}

/// The page for an error from the API: its code and detail, in both languages' frame.
pub fn failure(e: &crate::error::ApiError) -> HttpResponse {
    use actix_web::ResponseError;
    page(
        e.status_code(),
        "操作没有完成",
        "That did not work",
        &format!("<p>{}</p>", escape(&e.to_string())),
    )
}
