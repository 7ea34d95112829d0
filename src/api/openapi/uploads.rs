//! The problems every multipart upload can answer, instead of those of a JSON body.

use crate::error::ErrorCode::{self, *};
use utoipa::openapi::request_body::RequestBody;

pub const CODES: &[ErrorCode] = &[
    BadMultipart,
    ValidationFailed,
    FileTooLarge,
    UnsupportedImageType,
    InvalidImage,
    ImageTooLarge,
];

pub fn is_multipart(body: &RequestBody) -> bool {
    body.content.contains_key("multipart/form-data")
}
