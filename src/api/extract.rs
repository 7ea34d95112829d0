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

/// Reads a JSON value into a request type, with the same problems as the JSON extractor.
pub fn from_value<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_json::from_value(value).map_err(deserialize_error)
}

fn deserialize_error(e: serde_json::Error) -> ApiError {
    let msg = e.to_string();
    if let Some(field) = msg
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next())
    {
        return ApiError::new(ErrorCode::UnknownField, format!("unknown field `{field}`"))
            .with_extra("field", field);
    }
    // A field of the wrong type or a missing required field: report it per field when serde names it.
    let field = msg
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
        .unwrap_or("body")
        .to_owned();
    ApiError::validation(vec![FieldError::new(&field, "invalid", msg)])
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
        JsonPayloadError::Deserialize(e) if e.is_data() => deserialize_error(e),
        JsonPayloadError::Deserialize(e) => ApiError::new(ErrorCode::BadJson, e.to_string()),
        other => ApiError::new(ErrorCode::BadJson, other.to_string()),
    }
}

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
        let page = page.unwrap_or(1);
        if page == 0 || page > 100_000 {
            errors.push(FieldError::new(
                "page",
                "out_of_range",
                "page is 1 to 100000",
            ));
        }
        let per_page = per_page.unwrap_or(20);
        if per_page == 0 || per_page > 100 {
            errors.push(FieldError::new(
                "per_page",
                "out_of_range",
                "per_page is 1 to 100",
            ));
        }
        if errors.is_empty() {
            Ok(Page { page, per_page })
        } else {
            Err(ApiError::validation(errors))
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
