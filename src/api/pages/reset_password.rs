//! `GET /account/reset-password?token=…` shows a form for the new password; `POST` sets it.

use super::{escape, failure, page};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    pub token: String,
}

#[derive(Debug, Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    pub password: String,
}

pub async fn show(query: web::Query<TokenQuery>) -> HttpResponse {
    page(
        StatusCode::OK,
        "设置新密码",
        "Set a new password",
        &format!(
            "<form method=\"post\" action=\"/account/reset-password\">\
             <input type=\"hidden\" name=\"token\" value=\"{}\">\
             <label>新密码 · New password (10+) <input type=\"password\" name=\"password\" minlength=\"10\" required autocomplete=\"new-password\"></label> \
             <button type=\"submit\">保存 · Save</button></form>",
            escape(&query.token)
        ),
    )
}

pub async fn confirm(state: web::Data<AppState>, form: web::Form<ResetForm>) -> HttpResponse {
    match crate::api::auth::password_reset_confirm::reset(&state, &form.token, &form.password).await {
        Ok(()) => page(
            StatusCode::OK,
            "密码已更新",
            "Your password is changed",
            "<p>请用新密码重新登录；其他设备也需要重新登录。<br><span lang=\"en\">Sign in with the new password; every other device has to sign in again.</span></p>",
        ),
        Err(e) => failure(&e),
    }
}
