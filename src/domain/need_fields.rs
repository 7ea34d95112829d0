//! A need's fields as people send them, and the checks that make them a need's content: title,
//! description, category, quantity and unit, value, urgency and deadline, each violation reported.

use super::need::{Category, Urgency, QUANTITY, QUANTITY_MESSAGE};
use super::text;
use crate::error::FieldError;
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

/// The editable fields of a need, each optional (a PATCH sends some of them).
#[derive(Debug, Default, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NeedFields {
    /// 4–60 characters.
    pub title: Option<String>,
    /// Up to 2,000 characters.
    pub description: Option<String>,
    pub category: Option<String>,
    pub quantity: Option<i64>,
    /// 1–10 characters: 台, 袋, 人次, 元…
    pub unit: Option<String>,
    /// In fen (分), 0–1,000,000,000.
    pub estimated_value_fen: Option<i64>,
    pub urgency: Option<String>,
    /// RFC 3339, in the future, within a year.
    pub deadline: Option<String>,
}

/// Parses an RFC 3339 time (`2027-01-31T00:00:00Z`, or with an offset).
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// A need's content after every check.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedContent {
    pub title: String,
    pub description: String,
    pub category: Category,
    pub quantity: i32,
    pub unit: String,
    pub estimated_value_fen: i64,
    pub urgency: Urgency,
    pub deadline: DateTime<Utc>,
}

pub const MAX_DEADLINE_DAYS: i64 = 366;

/// A need's text is published: a phone or ID number in it is refused (the household's contact stays
/// in its profile, which only its officials see).
fn personal_data_error(field: &'static str, text: &str) -> Option<FieldError> {
    use super::personal_data::{refused, Finding};
    refused(text).map(|f| {
        let what = match f {
            Finding::IdNumber => "an ID number",
            _ => "a phone number",
        };
        FieldError::new(
            field,
            "personal_data",
            format!("must not contain {what}: this text is published; contact details stay in the household's profile"),
        )
    })
}

/// Checks the fields that are present, adding one error per violation.
pub fn check_fields(f: &NeedFields, now: DateTime<Utc>, errors: &mut Vec<FieldError>) {
    if let Some(t) = &f.title {
        if let Err((c, m)) = text::bounded(t, 4, 60) {
            errors.push(FieldError::new("title", c, m));
        } else if let Some(e) = personal_data_error("title", t) {
            errors.push(e);
        }
    }
    if let Some(d) = &f.description {
        if let Err((c, m)) = text::bounded(d, 0, 2000) {
            errors.push(FieldError::new("description", c, m));
        } else if let Some(e) = personal_data_error("description", d) {
            errors.push(e);
        }
    }
    if let Some(c) = &f.category {
        if Category::parse(c).is_none() {
            errors.push(FieldError::new("category", "invalid_category", "one of food_clothing, education, medical, housing, drinking_water, production, employment, care, other"));
        }
    }
    if let Some(q) = f.quantity {
        if !QUANTITY.contains(&q) {
            errors.push(FieldError::new(
                "quantity",
                "out_of_range",
                QUANTITY_MESSAGE,
            ));
        }
    }
    if let Some(u) = &f.unit {
        if let Err((c, m)) = text::bounded(u, 1, 10) {
            errors.push(FieldError::new("unit", c, m));
        }
    }
    if let Some(v) = f.estimated_value_fen {
        if !(0..=1_000_000_000).contains(&v) {
            errors.push(FieldError::new(
                "estimated_value_fen",
                "out_of_range",
                "an estimated value is 0 to 1,000,000,000 fen",
            ));
        }
    }
    if let Some(u) = &f.urgency {
        if Urgency::parse(u).is_none() {
            errors.push(FieldError::new(
                "urgency",
                "invalid_urgency",
                "one of normal, urgent, critical",
            ));
        }
    }
    if let Some(raw) = &f.deadline {
        match parse_time(raw) {
            None => errors.push(FieldError::new(
                "deadline",
                "invalid_time",
                "an RFC 3339 time, such as 2027-01-31T00:00:00+08:00",
            )),
            Some(d) if d <= now => errors.push(FieldError::new(
                "deadline",
                "in_the_past",
                "the deadline must be in the future",
            )),
            Some(d) if d > now + Duration::days(MAX_DEADLINE_DAYS) => errors.push(FieldError::new(
                "deadline",
                "too_far",
                "the deadline must be within a year",
            )),
            Some(_) => {}
        }
    }
}

/// Builds complete content from fields, reporting missing required ones.
pub fn content_from(
    f: &NeedFields,
    now: DateTime<Utc>,
    errors: &mut Vec<FieldError>,
) -> Option<NeedContent> {
    check_fields(f, now, errors);
    for (name, present) in [
        ("title", f.title.is_some()),
        ("category", f.category.is_some()),
        ("quantity", f.quantity.is_some()),
        ("unit", f.unit.is_some()),
        ("urgency", f.urgency.is_some()),
        ("deadline", f.deadline.is_some()),
    ] {
        if !present {
            errors.push(FieldError::new(name, "required", "this field is required"));
        }
    }
    if !errors.is_empty() {
        return None;
    }
    Some(NeedContent {
        title: f.title.as_deref()?.trim().to_owned(),
        description: f.description.as_deref().unwrap_or("").trim().to_owned(),
        category: Category::parse(f.category.as_deref()?)?,
        quantity: i32::try_from(f.quantity?).ok()?,
        unit: f.unit.as_deref()?.trim().to_owned(),
        estimated_value_fen: f.estimated_value_fen.unwrap_or(0),
        urgency: Urgency::parse(f.urgency.as_deref()?)?,
        deadline: parse_time(f.deadline.as_deref()?)?,
    })
}

/// Applies a checked PATCH onto existing content.
pub fn apply_patch(mut c: NeedContent, f: &NeedFields) -> NeedContent {
    if let Some(t) = &f.title {
        c.title = t.trim().to_owned();
    }
    if let Some(d) = &f.description {
        c.description = d.trim().to_owned();
    }
    if let Some(cat) = f.category.as_deref().and_then(Category::parse) {
        c.category = cat;
    }
    if let Some(q) = f.quantity.and_then(|q| i32::try_from(q).ok()) {
        c.quantity = q;
    }
    if let Some(u) = &f.unit {
        c.unit = u.trim().to_owned();
    }
    if let Some(v) = f.estimated_value_fen {
        c.estimated_value_fen = v;
    }
    if let Some(u) = f.urgency.as_deref().and_then(Urgency::parse) {
        c.urgency = u;
    }
    if let Some(d) = f.deadline.as_deref().and_then(parse_time) {
        c.deadline = d;
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> NeedFields {
        NeedFields {
            title: Some("轮椅一台".into()),
            description: Some("父亲因病瘫痪，需要轮椅出行。".into()),
            category: Some("care".into()),
            quantity: Some(1),
            unit: Some("台".into()),
            estimated_value_fen: Some(80_000),
            urgency: Some("urgent".into()),
            deadline: Some((Utc::now() + Duration::days(30)).to_rfc3339()),
        }
    }

    #[test]
    fn complete_fields_make_content() {
        let mut errors = Vec::new();
        let c = content_from(&full(), Utc::now(), &mut errors).unwrap();
        assert!(errors.is_empty());
        assert_eq!(
            (c.category, c.urgency, c.quantity),
            (Category::Care, Urgency::Urgent, 1)
        );
    }

    #[test]
    fn each_violation_is_reported() {
        let now = Utc::now();
        let f = NeedFields {
            title: Some("轮椅".into()),
            description: Some("x".repeat(2001)),
            category: Some("luxury".into()),
            quantity: Some(0),
            unit: Some("一个很长很长的单位名称啊".into()),
            estimated_value_fen: Some(-1),
            urgency: Some("now".into()),
            deadline: Some((now - Duration::days(1)).to_rfc3339()),
        };
        let mut errors = Vec::new();
        assert!(content_from(&f, now, &mut errors).is_none());
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "title",
                "description",
                "category",
                "quantity",
                "unit",
                "estimated_value_fen",
                "urgency",
                "deadline"
            ]
        );
        let mut errors = Vec::new();
        check_fields(
            &NeedFields {
                deadline: Some((now + Duration::days(400)).to_rfc3339()),
                ..Default::default()
            },
            now,
            &mut errors,
        );
        assert_eq!(errors[0].code, "too_far");
        let mut errors = Vec::new();
        content_from(&NeedFields::default(), now, &mut errors);
        assert_eq!(errors.len(), 6);
    }
}
