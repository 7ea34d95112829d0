//! The web app (`frontend/`, built into `frontend/dist`) served at `/` by the same server: files
//! under `/assets/` carry content hashes in their names, so they are cached for a year; any other
//! path outside the API answers `index.html` (never cached), so the app's own routes work on a
//! reload or a shared link. Without a build, `/` says how to make one and other paths are 404s.

use actix_files::NamedFile;
use actix_web::http::header::{CacheControl, CacheDirective, TryIntoHeaderValue};
use actix_web::{web, HttpRequest, HttpResponse, Responder};
use std::path::{Component, Path, PathBuf};

#[derive(Debug, Clone)]
pub struct WebApp {
    /// The build folder, when it holds an `index.html`.
    dir: Option<PathBuf>,
}

impl WebApp {
    pub fn new(dir: &Path) -> Self {
        let dir = dir.join("index.html").is_file().then(|| dir.to_path_buf());
        if dir.is_none() {
            tracing::warn!(dir = %dir_display(&dir), "the web app is not built (npm run build in frontend/; scripts/run.sh does it)");
        }
        Self { dir }
    }
}

fn dir_display(d: &Option<PathBuf>) -> String {
    d.as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

/// `path` inside `root`, refusing anything that climbs out (`..`) or is absolute.
fn inside(root: &Path, path: &str) -> Option<PathBuf> {
    let rel = Path::new(path.trim_start_matches('/'));
    rel.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| root.join(rel))
}

const HASHED_MAX_AGE: u32 = 365 * 24 * 3600;

pub async fn serve(req: HttpRequest, app: web::Data<WebApp>) -> HttpResponse {
    let path = req.path();
    if path.starts_with("/api/")
        || !matches!(
            *req.method(),
            actix_web::http::Method::GET | actix_web::http::Method::HEAD
        )
    {
        return crate::api::not_found(req).await;
    }
    let Some(root) = &app.dir else {
        if path != "/" {
            return crate::api::not_found(req).await;
        }
        return HttpResponse::Ok().content_type("text/html; charset=utf-8").body(
            "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>帮扶 Bangfu</title>\
             <h1>帮扶 Bangfu</h1><p>Matching social help to households in need.</p>\
             <p>The web app is not built: run <code>npm ci &amp;&amp; npm run build</code> in <code>frontend/</code> \
             (<code>./scripts/run.sh</code> does it).</p>\
             <p><a href=\"/api/docs/\">API documentation</a> · <a href=\"/api/openapi.json\">OpenAPI</a></p></html>",
        );
    };
    let (file, hashed) = match inside(root, path).filter(|p| p.is_file()) {
        Some(f) => (f, path.starts_with("/assets/")),
        None => (root.join("index.html"), false),
    };
    match NamedFile::open_async(&file).await {
        Ok(f) => {
            let cache = if hashed {
                CacheControl(vec![
                    CacheDirective::Public,
                    CacheDirective::MaxAge(HASHED_MAX_AGE),
                    CacheDirective::Extension("immutable".into(), None),
                ])
            } else {
                CacheControl(vec![CacheDirective::NoCache])
            };
            let mut res = f
                .use_etag(true)
                .use_last_modified(true)
                .respond_to(&req)
                .map_into_boxed_body();
            if let Ok(value) = cache.try_into_value() {
                res.headers_mut()
                    .insert(actix_web::http::header::CACHE_CONTROL, value);
            }
            res
        }
        Err(e) => {
            tracing::warn!(error = %e, file = %file.display(), "web app file");
            crate::api::not_found(req).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_build_folder() {
        let root = Path::new("/srv/dist");
        assert_eq!(
            inside(root, "/assets/app.js"),
            Some(root.join("assets/app.js"))
        );
        assert_eq!(inside(root, "/../etc/passwd"), None);
        assert_eq!(inside(root, "/assets/../../x"), None);
        assert_eq!(inside(root, "/"), Some(root.to_path_buf()));
    }
}
