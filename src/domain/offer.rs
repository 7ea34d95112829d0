//! Offer rules that do not depend on HTTP or storage: when an offer is public, and its field checks.

use super::need::{Category, QUANTITY, QUANTITY_MESSAGE};
use super::need_fields::parse_time;
use super::string_enum::string_enum;
use super::{text, RegionCode};
use crate::error::FieldError;
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

string_enum!(OfferStatus {
    Active => "active",
    Withdrawn => "withdrawn",
    Expired => "expired",
});

/// An offer is public (visible to everyone, searchable, matchable) while it is active, still valid
/// and has quantity left.
pub fn is_public(
    status: OfferStatus,
    valid_until: DateTime<Utc>,
    remaining: i32,
    now: DateTime<Utc>,
) -> bool {
    status == OfferStatus::Active && valid_until > now && remaining > 0
}

/// The fields of an offer; all optional so that PATCH can send some of them.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferFields {
    /// 4–60 characters.
    pub title: Option<String>,
    /// Up to 2,000 characters.
    pub description: Option<String>,
    pub category: Option<String>,
    pub quantity: Option<i64>,
    pub unit: Option<String>,
    /// A region code at any level; empty or absent when creating: the whole country.
    pub region_code: Option<String>,
    /// RFC 3339, in the future and within a year.
    pub valid_until: Option<String>,
    /// Optional estimated value per unit, in fen.
    pub value_per_unit_fen: Option<i64>,
}

pub struct CheckedOffer {
    pub title: Option<String>,
    pub description: Option<String>,
    pub category: Option<Category>,
    pub quantity: Option<i32>,
    pub unit: Option<String>,
    pub region: Option<RegionCode>,
    pub valid_until: Option<DateTime<Utc>>,
}

/// Checks the fields present, one error per violation.
pub fn check(f: &OfferFields, now: DateTime<Utc>, errors: &mut Vec<FieldError>) -> CheckedOffer {
    let title = f.title.as_deref().and_then(|t| {
        text::bounded(t, 4, 60)
            .map_err(|(c, m)| errors.push(FieldError::new("title", c, m)))
            .ok()
    });
    let description = f.description.as_deref().and_then(|d| {
        text::bounded(d, 0, 2000)
            .map_err(|(c, m)| errors.push(FieldError::new("description", c, m)))
            .ok()
    });
    let category = f.category.as_deref().and_then(|c| {
        let parsed = Category::parse(c);
        if parsed.is_none() {
            errors.push(FieldError::new(
                "category",
                "invalid_category",
                "one of the need categories",
            ));
        }
        parsed
    });
    let quantity = f.quantity.and_then(|q| {
        if QUANTITY.contains(&q) {
            Some(q as i32)
        } else {
            errors.push(FieldError::new(
                "quantity",
                "out_of_range",
                QUANTITY_MESSAGE,
            ));
            None
        }
    });
    let unit = f.unit.as_deref().and_then(|u| {
        text::bounded(u, 1, 10)
            .map_err(|(c, m)| errors.push(FieldError::new("unit", c, m)))
            .ok()
    });
    let region = match f.region_code.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(r) => RegionCode::parse(r)
            .map_err(|m| errors.push(FieldError::new("region_code", "invalid_region_code", m)))
            .ok(),
    };
    let valid_until = f.valid_until.as_deref().and_then(|v| match parse_time(v) {
        None => {
            errors.push(FieldError::new(
                "valid_until",
                "invalid_time",
                "an RFC 3339 time",
            ));
            None
        }
        Some(t) if t <= now => {
            errors.push(FieldError::new(
                "valid_until",
                "in_the_past",
                "must be in the future",
            ));
            None
        }
        Some(t) if t > now + Duration::days(366) => {
            errors.push(FieldError::new(
                "valid_until",
                "too_far",
                "must be within a year",
            ));
            None
        }
        Some(t) => Some(t),
    });
    if let Some(v) = f.value_per_unit_fen {
        if !(0..=100_000_000).contains(&v) {
            errors.push(FieldError::new(
                "value_per_unit_fen",
                "out_of_range",
                "0 to 100,000,000 fen",
            ));
        }
    }
    CheckedOffer {
        title,
        description,
        category,
        quantity,
        unit,
        region,
        valid_until,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(errors: &[FieldError]) -> Vec<(String, String)> {
        errors
            .iter()
            .map(|e| (e.field.clone(), e.code.clone()))
            .collect()
    }

    #[test]
    fn valid_fields_are_parsed() {
        let now = Utc::now();
        let f = OfferFields {
            title: Some("  Winter coats  ".into()),
            description: Some(String::new()),
            category: Some("food_clothing".into()),
            quantity: Some(40),
            unit: Some("件".into()),
            region_code: Some("411224".into()),
            valid_until: Some((now + Duration::days(30)).to_rfc3339()),
            value_per_unit_fen: Some(15_000),
        };
        let mut errors = Vec::new();
        let c = check(&f, now, &mut errors);
        assert!(errors.is_empty(), "{:?}", codes(&errors));
        assert_eq!(c.title.as_deref(), Some("Winter coats"));
        assert_eq!(c.category, Some(Category::FoodClothing));
        assert_eq!(c.quantity, Some(40));
        assert_eq!(c.region.as_ref().map(|r| r.as_str()), Some("411224"));
        assert!(c.valid_until.is_some());
    }

    #[test]
    fn absent_fields_are_not_checked_and_empty_region_is_the_country() {
        let mut errors = Vec::new();
        let f = OfferFields {
            region_code: Some(" ".into()),
            ..OfferFields::default()
        };
        let c = check(&f, Utc::now(), &mut errors);
        assert!(errors.is_empty());
        assert!(c.title.is_none() && c.region.is_none() && c.quantity.is_none());
    }

    #[test]
    fn every_violation_is_reported() {
        let now = Utc::now();
        let f = OfferFields {
            title: Some("ab".into()),
            description: None,
            category: Some("yachts".into()),
            quantity: Some(0),
            unit: Some(String::new()),
            region_code: Some("123".into()),
            valid_until: Some("tomorrow".into()),
            value_per_unit_fen: Some(-1),
        };
        let mut errors = Vec::new();
        check(&f, now, &mut errors);
        let fields: Vec<String> = codes(&errors).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            [
                "title",
                "category",
                "quantity",
                "unit",
                "region_code",
                "valid_until",
                "value_per_unit_fen"
            ]
        );
        let codes = codes(&errors);
        assert!(codes.contains(&("category".into(), "invalid_category".into())));
        assert!(codes.contains(&("quantity".into(), "out_of_range".into())));
        assert!(codes.contains(&("valid_until".into(), "invalid_time".into())));
    }

    #[test]
    fn validity_is_in_the_future_and_within_a_year() {
        let now = Utc::now();
        for (when, code) in [
            (now - Duration::hours(1), "in_the_past"),
            (now + Duration::days(400), "too_far"),
        ] {
            let f = OfferFields {
                valid_until: Some(when.to_rfc3339()),
                ..OfferFields::default()
            };
            let mut errors = Vec::new();
            assert!(check(&f, now, &mut errors).valid_until.is_none());
            assert_eq!(
                codes(&errors),
                [("valid_until".to_owned(), code.to_owned())]
            );
        }
    }

    #[test]
    fn public_only_while_active_valid_and_not_exhausted() {
        let now = Utc::now();
        let later = now + Duration::days(1);
        assert!(is_public(OfferStatus::Active, later, 1, now));
        assert!(!is_public(OfferStatus::Withdrawn, later, 1, now));
        assert!(!is_public(OfferStatus::Expired, later, 1, now));
        assert!(!is_public(OfferStatus::Active, now, 1, now));
        assert!(!is_public(OfferStatus::Active, later, 0, now));
    }
}
