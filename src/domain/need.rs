//! Needs: what a household asks for, with its categories, urgencies and lifecycle.

use super::text;
use crate::error::FieldError;
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

use super::string_enum::string_enum;

string_enum!(
    /// The "two no-worries, three guarantees" (两不愁三保障), drinking water, and work.
    Category {
        FoodClothing => "food_clothing",
        Education => "education",
        Medical => "medical",
        Housing => "housing",
        DrinkingWater => "drinking_water",
        Production => "production",
        Employment => "employment",
        Care => "care",
        Other => "other",
    }
);

string_enum!(Urgency { Normal => "normal", Urgent => "urgent", Critical => "critical" });

string_enum!(NeedStatus {
    PendingReview => "pending_review",
    Open => "open",
    FullyPledged => "fully_pledged",
    Fulfilled => "fulfilled",
    Rejected => "rejected",
    Withdrawn => "withdrawn",
    Expired => "expired",
});

/// The quantity of a need, a pledge or an offer: 1 to 1,000,000 units.
pub const QUANTITY: std::ops::RangeInclusive<i64> = 1..=1_000_000;

impl Category {
    /// The words a searcher uses for the category or its kind of help (医疗 for every medical need):
    /// the engines search them below the title, the description and the place names.
    pub fn search_words(self) -> &'static str {
        match self {
            Self::FoodClothing => "吃穿 衣食 温饱 口粮",
            Self::Education => "教育 助学 上学 读书",
            Self::Medical => "医疗 看病 就医 治病",
            Self::Housing => "住房 安居 房屋",
            Self::DrinkingWater => "饮水 吃水 饮用水",
            Self::Production => "生产 产业 发展生产",
            Self::Employment => "就业 务工 培训",
            Self::Care => "照护 照料 关爱",
            Self::Other => "其他",
        }
    }
}

/// The message of a quantity outside [`QUANTITY`].
pub const QUANTITY_MESSAGE: &str = "a quantity is 1 to 1,000,000";

impl NeedStatus {
    /// Public needs are visible to everyone and searchable.
    pub const PUBLIC: [NeedStatus; 3] = [Self::Open, Self::FullyPledged, Self::Fulfilled];

    /// Active needs still ask for something or are being reviewed (duplicate checks look at these).
    pub const ACTIVE: [NeedStatus; 3] = [Self::PendingReview, Self::Open, Self::FullyPledged];

    /// Needs that expire when their deadline passes: still in review or still taking pledges.
    pub const EXPIRABLE: [NeedStatus; 2] = [Self::PendingReview, Self::Open];

    /// A need can be withdrawn until it is done with; pledges (counted separately) must be none.
    pub const WITHDRAWABLE: [NeedStatus; 3] = [Self::PendingReview, Self::Open, Self::Rejected];

    pub fn is_public(self) -> bool {
        Self::PUBLIC.contains(&self)
    }

    pub fn is_active(self) -> bool {
        Self::ACTIVE.contains(&self)
    }

    /// The poster may still change the text while it is being reviewed or after a rejection.
    pub fn is_editable(self) -> bool {
        matches!(self, Self::PendingReview | Self::Rejected)
    }

    pub fn is_withdrawable(self) -> bool {
        Self::WITHDRAWABLE.contains(&self)
    }
}

string_enum!(HardshipCause {
    Illness => "illness",
    Disability => "disability",
    SchoolingCosts => "schooling_costs",
    LackOfLabour => "lack_of_labour",
    LackOfSkills => "lack_of_skills",
    LackOfFunds => "lack_of_funds",
    Disaster => "disaster",
    Other => "other",
});

string_enum!(
    /// 建档立卡 registered poor, 边缘户 marginal, 监测户 monitored for relapse.
    MonitoringStatus {
        RegisteredPoor => "registered_poor",
        Marginal => "marginal",
        Monitored => "monitored",
        None => "none",
    }
);

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

/// A public label for a household that identifies no one: `某户 · 7F3A`, stable per household.
pub fn household_label(household_id: uuid::Uuid) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(b"bangfu:household-label:")
        .chain_update(household_id.as_bytes())
        .finalize();
    format!("某户 · {:02X}{:02X}", digest[0], digest[1])
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

    #[test]
    fn status_rules() {
        assert!(NeedStatus::Open.is_public() && NeedStatus::Fulfilled.is_public());
        assert!(!NeedStatus::PendingReview.is_public() && !NeedStatus::Rejected.is_public());
        assert!(NeedStatus::Rejected.is_editable() && !NeedStatus::Open.is_editable());
        assert!(!NeedStatus::Fulfilled.is_withdrawable());
    }

    #[test]
    fn label_is_stable_and_anonymous() {
        let id = uuid::Uuid::new_v4();
        assert_eq!(household_label(id), household_label(id));
        assert!(household_label(id).starts_with("某户 · "));
        assert_eq!(household_label(id).chars().count(), 9);
    }
}
