//! `GET /account/verify-email?token=…` shows a button; `POST` confirms the address.

use super::{escape, failure, page};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    pub token: String,
}

pub async fn show(query: web::Query<TokenForm>) -> HttpResponse {
    page(
        StatusCode::OK,
        "验证邮箱",
        "Verify your email address",
        &format!(
            "<form method=\"post\" action=\"/account/verify-email\">\
             <input type=\"hidden\" name=\"token\" value=\"{}\">\
             <button type=\"submit\">确认验证 · Verify</button></form>",
            escape(&query.token)
        ),
    )
}

pub async fn confirm(state: web::Data<AppState>, form: web::Form<TokenForm>) -> HttpResponse {
    match crate::api::auth::verify_email::verify(&state, &form.token).await {
        Ok(()) => page(
            StatusCode::OK,
            "邮箱已验证",
            "Your email address is verified",
            "<p>现在可以认捐和发布捐赠了。<br><span lang=\"en\">You can now pledge and publish offers.</span></p>",
        ),
        Err(e) => failure(&e),
    }
}
