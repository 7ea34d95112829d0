//! Reading a multipart upload: one file part and a few short text parts, with the file's size limit
//! enforced while the stream is read (the rest of an oversized body is never buffered). Used by every
//! upload endpoint; the image itself is judged afterwards by [`crate::media::images`].

use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::media::{UploadError, MAX_UPLOAD_BYTES};
use actix_multipart::Multipart;
use futures_util::StreamExt;
use std::collections::BTreeMap;

/// The longest a text part may be, in bytes.
pub const TEXT_PART_BYTES: usize = 1024;

/// What a form carried: the file's bytes and the text parts by name.
#[derive(Debug)]
pub struct UploadForm {
    pub file: Vec<u8>,
    pub text: BTreeMap<String, String>,
}

fn bad(detail: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::BadMultipart, detail)
}

/// Reads `file_part` (at most [`MAX_UPLOAD_BYTES`], else 413 `file_too_large`) and the named text
/// parts (each at most [`TEXT_PART_BYTES`]). Any other part, a repeated part or a malformed body is
/// 400 `bad_multipart`; a missing file is `validation_failed` on that field.
pub async fn read_form(
    mut payload: Multipart,
    file_part: &str,
    text_parts: &[&str],
) -> ApiResult<UploadForm> {
    let mut file: Option<Vec<u8>> = None;
    let mut text = BTreeMap::new();
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|e| bad(format!("malformed multipart body: {e}")))?;
        let name = field.name().unwrap_or_default().to_owned();
        let (limit, is_file) = if name == file_part {
            (MAX_UPLOAD_BYTES, true)
        } else if text_parts.contains(&name.as_str()) {
            (TEXT_PART_BYTES, false)
        } else {
            return Err(bad(format!("unexpected part {name:?}")));
        };
        if (is_file && file.is_some()) || text.contains_key(&name) {
            return Err(bad(format!("part {name:?} appears twice")));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| bad(format!("malformed multipart body: {e}")))?;
            if bytes.len() + chunk.len() > limit {
                return Err(if is_file {
                    UploadError::TooLarge(MAX_UPLOAD_BYTES).into()
                } else {
                    ApiError::validation(vec![FieldError::new(
                        &name,
                        "length",
                        format!("must be at most {limit} bytes"),
                    )])
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        if is_file {
            file = Some(bytes);
        } else {
            let value = String::from_utf8(bytes).map_err(|_| {
                ApiError::validation(vec![FieldError::new(&name, "encoding", "must be UTF-8")])
            })?;
            text.insert(name, value);
        }
    }
    let file = file.ok_or_else(|| {
        ApiError::validation(vec![FieldError::new(
            file_part,
            "required",
            "choose a file to upload",
        )])
    })?;
    Ok(UploadForm { file, text })
}
