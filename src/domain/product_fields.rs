//! A product's fields: every limit defined here once, every violation reported in one answer.

use super::field_checks::{self, ranged};
use super::product::ProductCategory;
use super::{RegionCode, RegionLevel};
use crate::error::FieldError;
use serde::Deserialize;
use utoipa::ToSchema;

/// Title: 2–60 characters.
pub const TITLE_CHARS: (usize, usize) = (2, 60);
/// Description: up to 2,000 characters.
pub const DESCRIPTION_CHARS: (usize, usize) = (0, 2000);
/// Unit: 1–10 characters (斤, 千克, 盒, 瓶…).
pub const UNIT_CHARS: (usize, usize) = (1, 10);
/// Price per unit in fen: 1 fen to 100,000 yuan.
pub const PRICE_FEN: std::ops::RangeInclusive<i64> = 1..=10_000_000;
/// Stock in units: 0 to 1,000,000.
pub const STOCK: std::ops::RangeInclusive<i64> = 0..=1_000_000;
/// The stock a seller saw: units given back by ended orders can take it past [`STOCK`]'s end, and
/// the seller must still be able to name it.
pub const EXPECTED_STOCK: std::ops::RangeInclusive<i64> = 0..=(i32::MAX as i64);
/// Households the product helps: 1 to 100,000.
pub const HOUSEHOLDS_HELPED: std::ops::RangeInclusive<i64> = 1..=100_000;
/// Images a product may have (JPEG, PNG or WebP uploads of up to 5 MB each).
pub const MAX_IMAGES: i64 = 6;
/// A certification's reason: up to 500 characters (a rejection needs one).
pub const REASON_CHARS: (usize, usize) = (1, 500);

/// The fields of a product, each optional (a PATCH sends some of them).
#[derive(Debug, Default, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductFields {
    /// 2–60 characters.
    pub title: Option<String>,
    /// Up to 2,000 characters.
    pub description: Option<String>,
    /// grain, fruit_vegetables, mushrooms, nuts, herbs, meat_eggs, tea, handicraft, other.
    pub category: Option<String>,
    /// 1–10 characters: 斤, 千克, 盒…
    pub unit: Option<String>,
    /// Price of one unit in fen (分), 1–10,000,000.
    pub price_fen: Option<i64>,
    /// Units on sale, 0–1,000,000. A change (PATCH) names the stock it replaces in `expected_stock`.
    pub stock: Option<i64>,
    /// PATCH only, required with `stock`: the stock the seller saw. If orders took units meanwhile,
    /// the change is refused with 409 `stock_changed` (and the current `stock`) instead of
    /// overwriting them.
    pub expected_stock: Option<i64>,
    /// Where it is grown or made: a county, township or village code.
    pub region_code: Option<String>,
    /// How many registered households the product helps (1–100,000); a household's own produce
    /// helps 1, and organizations must state it.
    pub households_helped: Option<i64>,
}

/// A product's content after every check.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductContent {
    pub title: String,
    pub description: String,
    pub category: ProductCategory,
    pub unit: String,
    pub price_fen: i64,
    pub stock: i32,
    pub region_code: RegionCode,
    pub households_helped: i32,
}

/// Parses a product's region: a county, township or village code.
pub fn parse_region(raw: &str) -> Result<RegionCode, String> {
    let code = RegionCode::parse(raw).map_err(str::to_owned)?;
    if code.level() < RegionLevel::County {
        return Err("name the county, township or village where it is grown or made".to_owned());
    }
    Ok(code)
}

/// Checks the fields that are present, adding one error per violation.
pub fn check_fields(f: &ProductFields, errors: &mut Vec<FieldError>) {
    if let Some(t) = &f.title {
        field_checks::text("title", t, TITLE_CHARS, true, errors);
    }
    if let Some(d) = &f.description {
        field_checks::text("description", d, DESCRIPTION_CHARS, true, errors);
    }
    if let Some(c) = &f.category {
        if ProductCategory::parse(c).is_none() {
            let all: Vec<_> = ProductCategory::ALL.iter().map(|c| c.as_str()).collect();
            errors.push(FieldError::new(
                "category",
                "invalid_category",
                format!("one of {}", all.join(", ")),
            ));
        }
    }
    if let Some(u) = &f.unit {
        field_checks::text("unit", u, UNIT_CHARS, false, errors);
    }
    ranged("price_fen", f.price_fen, PRICE_FEN, errors);
    ranged("stock", f.stock, STOCK, errors);
    ranged("expected_stock", f.expected_stock, EXPECTED_STOCK, errors);
    ranged(
        "households_helped",
        f.households_helped,
        HOUSEHOLDS_HELPED,
        errors,
    );
    if let Some(r) = &f.region_code {
        if let Err(m) = parse_region(r) {
            errors.push(FieldError::new("region_code", "invalid_region_code", m));
        }
    }
}

/// The rules of a PATCH beyond each field's own: a new stock names the stock it replaces.
pub fn check_patch(f: &ProductFields, errors: &mut Vec<FieldError>) {
    check_fields(f, errors);
    match (f.stock, f.expected_stock) {
        (Some(_), None) => errors.push(FieldError::new(
            "expected_stock",
            "required",
            "a new stock names the stock it replaces (the value you saw)",
        )),
        (None, Some(_)) => errors.push(FieldError::new(
            "expected_stock",
            "not_allowed",
            "only together with a new stock",
        )),
        _ => {}
    }
}

/// Builds complete content for a new product, reporting missing required fields too.
/// `households_helped` defaults to 1 when the seller is a household.
pub fn content_from(
    f: &ProductFields,
    household_seller: bool,
    errors: &mut Vec<FieldError>,
) -> Option<ProductContent> {
    check_fields(f, errors);
    for (name, present) in [
        ("title", f.title.is_some()),
        ("category", f.category.is_some()),
        ("unit", f.unit.is_some()),
        ("price_fen", f.price_fen.is_some()),
        ("stock", f.stock.is_some()),
        ("region_code", f.region_code.is_some()),
        (
            "households_helped",
            household_seller || f.households_helped.is_some(),
        ),
    ] {
        if !present {
            errors.push(FieldError::new(name, "required", "this field is required"));
        }
    }
    if !errors.is_empty() {
        return None;
    }
    Some(ProductContent {
        title: f.title.as_deref()?.trim().to_owned(),
        description: f.description.as_deref().unwrap_or("").trim().to_owned(),
        category: ProductCategory::parse(f.category.as_deref()?)?,
        unit: f.unit.as_deref()?.trim().to_owned(),
        price_fen: f.price_fen?,
        stock: i32::try_from(f.stock?).ok()?,
        region_code: parse_region(f.region_code.as_deref()?).ok()?,
        households_helped: i32::try_from(f.households_helped.unwrap_or(1)).ok()?,
    })
}

/// Applies a checked PATCH; returns the new content and whether anything certification covers
/// changed (everything but the stock).
pub fn apply_patch(mut c: ProductContent, f: &ProductFields) -> (ProductContent, bool) {
    let before = c.clone();
    if let Some(t) = &f.title {
        c.title = t.trim().to_owned();
    }
    if let Some(d) = &f.description {
        c.description = d.trim().to_owned();
    }
    if let Some(cat) = f.category.as_deref().and_then(ProductCategory::parse) {
        c.category = cat;
    }
    if let Some(u) = &f.unit {
        c.unit = u.trim().to_owned();
    }
    if let Some(p) = f.price_fen {
        c.price_fen = p;
    }
    if let Some(r) = f.region_code.as_deref().and_then(|r| parse_region(r).ok()) {
        c.region_code = r;
    }
    if let Some(h) = f.households_helped.and_then(|h| i32::try_from(h).ok()) {
        c.households_helped = h;
    }
    let certified_fields_changed = ProductContent {
        stock: before.stock,
        ..c.clone()
    } != before;
    if let Some(s) = f.stock.and_then(|s| i32::try_from(s).ok()) {
        c.stock = s;
    }
    (c, certified_fields_changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> ProductFields {
        ProductFields {
            title: Some("卢氏香菇 干货".into()),
            description: Some("段木香菇，自然晾晒。".into()),
            category: Some("mushrooms".into()),
            unit: Some("斤".into()),
            price_fen: Some(4_500),
            stock: Some(100),
            region_code: Some("411224101200".into()),
            households_helped: None,
            expected_stock: None,
        }
    }

    #[test]
    fn a_full_product_passes_and_a_household_helps_one() {
        let mut errors = Vec::new();
        let c = content_from(&full(), true, &mut errors).unwrap();
        assert!(errors.is_empty());
        assert_eq!(c.households_helped, 1);
        assert_eq!(c.category, ProductCategory::Mushrooms);
    }

    #[test]
    fn every_violation_in_one_answer() {
        let f = ProductFields {
            title: Some("x".into()),
            description: Some("电话 13812345678".into()),
            category: Some("cars".into()),
            unit: Some("".into()),
            price_fen: Some(0),
            stock: Some(-1),
            region_code: Some("41".into()),
            households_helped: Some(0),
            expected_stock: None,
        };
        let mut errors = Vec::new();
        assert!(content_from(&f, false, &mut errors).is_none());
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "title",
                "description",
                "category",
                "unit",
                "price_fen",
                "stock",
                "households_helped",
                "region_code"
            ]
        );
        let mut errors = Vec::new();
        assert!(content_from(&ProductFields::default(), false, &mut errors).is_none());
        assert_eq!(errors.len(), 7, "every required field is named: {errors:?}");
        assert!(errors.iter().all(|e| e.code == "required"));
    }

    #[test]
    fn only_stock_changes_keep_the_certification() {
        let mut errors = Vec::new();
        let c = content_from(&full(), true, &mut errors).unwrap();
        let stock = ProductFields {
            stock: Some(5),
            ..ProductFields::default()
        };
        let (after, changed) = apply_patch(c.clone(), &stock);
        assert!(!changed);
        assert_eq!(after.stock, 5);
        for patch in [
            ProductFields {
                title: Some("卢氏香菇 精选".into()),
                ..ProductFields::default()
            },
            ProductFields {
                price_fen: Some(5_000),
                ..ProductFields::default()
            },
            ProductFields {
                description: Some("新的说明".into()),
                ..ProductFields::default()
            },
        ] {
            assert!(apply_patch(c.clone(), &patch).1, "{patch:?}");
        }
        // Sending the same value is no change.
        let same = ProductFields {
            price_fen: Some(4_500),
            ..ProductFields::default()
        };
        assert!(!apply_patch(c, &same).1);
    }
}
