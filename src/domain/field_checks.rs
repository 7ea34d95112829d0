//! Checks shared by the forms of products and job postings: a text within its limits (and, when it
//! is published, free of phone and ID numbers) and a number within its range, each adding its
//! violation to the answer's list.

use super::{personal_data, text};
use crate::error::FieldError;

/// A text of `min..=max` characters; a `published` one must not hold a phone or ID number.
pub fn text(
    field: &'static str,
    value: &str,
    (min, max): (usize, usize),
    published: bool,
    errors: &mut Vec<FieldError>,
) {
    if let Err((c, m)) = text::bounded(value, min, max) {
        errors.push(FieldError::new(field, c, m));
    } else if published && personal_data::refused(value).is_some() {
        errors.push(FieldError::new(
            field,
            "personal_data",
            "must not contain a phone or ID number: this text is published",
        ));
    }
}

/// A number, when given, within `range`.
pub fn ranged(
    field: &'static str,
    value: Option<i64>,
    range: std::ops::RangeInclusive<i64>,
    errors: &mut Vec<FieldError>,
) {
    if let Some(v) = value {
        if !range.contains(&v) {
            errors.push(FieldError::new(
                field,
                "out_of_range",
                format!("must be {} to {}", range.start(), range.end()),
            ));
        }
    }
}
