//! How request bodies, query strings and paths are read, and how their failures become problems.
//! Bodies are JSON only, at most 256 KiB, and unknown fields are refused (every request type derives
//! `deny_unknown_fields`).

use super::BODY_LIMIT;
use crate::error::{ApiError, ErrorCode, FieldError};
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{web, HttpRequest};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(BODY_LIMIT)
        .error_handler(|err, _req| json_error(err).into())
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default()
        .error_handler(|err, _req| ApiError::new(ErrorCode::BadQuery, query_detail(&err)).into())
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err: PathError, _req: &HttpRequest| {
        ApiError::new(ErrorCode::BadPath, err.to_string()).into()
    })
}

fn query_detail(err: &QueryPayloadError) -> String {
    match err {
        QueryPayloadError::Deserialize(e) => e.to_string(),
        other => other.to_string(),
    }
}

/// Reads a JSON value into a request type. Errors name the field's path (`household.size`): an
/// unknown field is `unknown_field`, a wrong type or a missing field is a field error.
pub fn from_value<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        deserialize_error(e.into_inner(), &path)
    })
}

fn deserialize_error(e: serde_json::Error, path: &str) -> ApiError {
    let msg = e.to_string();
    let at_root = path.is_empty() || path == ".";
    let join = |leaf: &str| {
        if at_root {
            leaf.to_owned()
        } else {
            format!("{path}.{leaf}")
        }
    };
    if let Some(field) = msg
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next())
    {
        // For an unknown field the path already ends with that field's name.
        let field = if at_root {
            field.to_owned()
        } else {
            path.to_owned()
        };
        return ApiError::new(ErrorCode::UnknownField, format!("unknown field `{field}`"))
            .with_extra("field", field);
    }
    if let Some(field) = msg
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
        return ApiError::validation(vec![FieldError::new(
            &join(field),
            "required",
            "this field is required",
        )]);
    }
    let field = if at_root {
        "body".to_owned()
    } else {
        path.to_owned()
    };
    ApiError::validation(vec![FieldError::new(&field, "invalid_type", msg)])
}

/// A JSON body read as `T`, keeping the parsed JSON (for idempotency fingerprints). Body problems
/// (syntax, size, content type) come from [`json_config`]; field problems name the field.
pub struct Body<T>(pub T, pub serde_json::Value);

impl<T> std::ops::Deref for Body<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: serde::de::DeserializeOwned + 'static> actix_web::FromRequest for Body<T> {
    type Error = actix_web::Error;
    type Future = futures_util::future::LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        // A POST with no body at all (no content type, no length) counts as `{}`: actions such as
        // withdraw take optional fields only.
        let empty = !req
            .headers()
            .contains_key(actix_web::http::header::CONTENT_TYPE)
            && req
                .headers()
                .get(actix_web::http::header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .is_none_or(|v| v.trim() == "0");
        if empty {
            let value = serde_json::Value::Object(Default::default());
            let parsed = from_value(value.clone());
            return Box::pin(async move { Ok(Body(parsed?, value)) });
        }
        let json = web::Json::<serde_json::Value>::from_request(req, payload);
        Box::pin(async move {
            let value = json.await?.into_inner();
            let parsed = from_value(value.clone())?;
            Ok(Body(parsed, value))
        })
    }
}

fn json_error(err: JsonPayloadError) -> ApiError {
    match err {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!("request bodies are limited to {} KiB", BODY_LIMIT / 1024),
            )
        }
        JsonPayloadError::ContentType => ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "send the body as application/json",
        ),
        JsonPayloadError::Deserialize(e) if e.is_data() => deserialize_error(e, ""),
        JsonPayloadError::Deserialize(e) => ApiError::new(ErrorCode::BadJson, e.to_string()),
        other => ApiError::new(ErrorCode::BadJson, other.to_string()),
    }
}

/// The largest page number; deeper pages are refused rather than scanned.
pub const MAX_PAGE: u32 = 100_000;
/// The most items a page holds.
pub const MAX_PER_PAGE: u32 = 100;

/// `?page=1&per_page=20`, per_page at most 100.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    pub per_page: Option<u32>,
}

#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub page: u32,
    pub per_page: u32,
}

impl Page {
    pub fn offset(self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }

    pub fn limit(self) -> i64 {
        i64::from(self.per_page)
    }
}

impl PageQuery {
    pub fn parse(page: Option<u32>, per_page: Option<u32>) -> Result<Page, ApiError> {
        let mut errors = Vec::new();
        let page = Self::check(page, per_page, &mut errors);
        if errors.is_empty() {
            Ok(page)
        } else {
            Err(ApiError::validation(errors))
        }
    }

    /// The page asked for (1 and 20 by default), its mistakes added to `errors` for an answer that
    /// lists every bad parameter; out of range, the nearest page that exists.
    pub fn check(page: Option<u32>, per_page: Option<u32>, errors: &mut Vec<FieldError>) -> Page {
        let (page, per_page) = (page.unwrap_or(1), per_page.unwrap_or(20));
        if page == 0 || page > MAX_PAGE {
            errors.push(FieldError::new(
                "page",
                "out_of_range",
                format!("page is 1 to {MAX_PAGE}"),
            ));
        }
        if per_page == 0 || per_page > MAX_PER_PAGE {
            errors.push(FieldError::new(
                "per_page",
                "out_of_range",
                format!("per_page is 1 to {MAX_PER_PAGE}"),
            ));
        }
        Page {
            page: page.clamp(1, MAX_PAGE),
            per_page: per_page.clamp(1, MAX_PER_PAGE),
        }
    }
}

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Paginated<T: ToSchema> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}
