//! The refresh token as a cookie, for the web app: `HttpOnly` (no script reads it, so an injected
//! script cannot take the account over), `SameSite=Strict` and scoped to `/api/v1/auth` (it goes to
//! refresh and logout only), `Secure` whenever the site is served over https or in production.
//! API clients keep using the `refresh_token` body field; the cookie is only the fallback.

use crate::config::{Config, Environment};
use actix_web::http::header::{HeaderValue, COOKIE, SET_COOKIE};
use actix_web::{HttpRequest, HttpResponse};

pub const NAME: &str = "bangfu_refresh";
const PATH: &str = "/api/v1/auth";

fn attributes(config: &Config) -> String {
    let secure = config.env == Environment::Production || config.public_url.starts_with("https://");
    format!(
        "HttpOnly; SameSite=Strict; Path={PATH}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// `Set-Cookie` carrying a refresh token (base64url, so nothing to escape).
pub fn set(config: &Config, token: &str) -> String {
    format!(
        "{NAME}={token}; Max-Age={}; {}",
        config.refresh_token_ttl.as_secs(),
        attributes(config)
    )
}

/// `Set-Cookie` that removes the cookie.
pub fn clear(config: &Config) -> String {
    format!("{NAME}=; Max-Age=0; {}", attributes(config))
}

pub fn append(resp: &mut HttpResponse, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        resp.headers_mut().append(SET_COOKIE, v);
    }
}

/// The refresh token from the request's cookie, if any.
pub fn read(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get_all(COOKIE)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == NAME)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The token a refresh or logout acts on: the body's field when given, else the cookie.
pub fn token_from(body: Option<&str>, req: &HttpRequest) -> Option<String> {
    body.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .or_else(|| read(req))
}
