//! Security headers on every answer. The web app gets a Content-Security-Policy that allows no inline
//! script (an injected `<script>` cannot run, which is what keeps a session's access token safe) and
//! no framing; API answers are data, so their policy allows nothing at all. Every answer carries
//! `nosniff`, a referrer policy that keeps paths (which hold ids) on this site, and, when the platform
//! is served over TLS (its public URL is https), HSTS.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;

/// The web app's policy. Styles may be inline because Element Plus and Vue set `style` attributes;
/// scripts come from this origin only.
pub const APP_POLICY: &str =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; \
base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// API answers (JSON, problems, CSV) are never documents: nothing may load from them or frame them.
pub const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// HSTS for a year once the platform is known to be served over TLS.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Which policy a path gets: the API's, except for the API documentation pages (Swagger UI is a
/// document with its own scripts and styles, all served from this origin).
pub fn policy_for(path: &str) -> &'static str {
    if path.starts_with("/api/docs") {
        APP_POLICY
    } else if path.starts_with("/api/") || matches!(path, "/healthz" | "/readyz" | "/metrics") {
        API_POLICY
    } else {
        APP_POLICY
    }
}

/// Middleware: adds the headers unless a handler set them itself.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    let policy = policy_for(req.path());
    let tls = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .is_some_and(|s| s.config.public_url.starts_with("https://"));
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    set(header::CONTENT_SECURITY_POLICY, policy);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    if tls {
        set(header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths_get_the_closed_policy_and_the_app_its_own() {
        assert_eq!(policy_for("/api/v1/needs/search"), API_POLICY);
        assert_eq!(policy_for("/healthz"), API_POLICY);
        assert_eq!(policy_for("/api/docs/"), APP_POLICY);
        assert_eq!(policy_for("/"), APP_POLICY);
        assert_eq!(policy_for("/needs/abc"), APP_POLICY);
        assert!(!APP_POLICY.contains("script-src 'self' 'unsafe-inline'"));
        assert!(APP_POLICY.contains("frame-ancestors 'none'"));
    }
}
