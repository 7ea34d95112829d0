//! The search documents: built from the public view of a need or an offer, so nothing personal can
//! reach an index.

use crate::domain::need::{Category, Urgency};
use crate::domain::RegionCode;
use crate::store::needs::Need;
use crate::store::offers::Offer;
use crate::store::regions::Region;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// A published need as the search engines hold it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedDocument {
    pub id: String,
    pub title: String,
    pub description: String,
    pub category: String,
    pub urgency: String,
    /// critical 3, urgent 2, normal 1: "most urgent" is a numeric sort.
    pub urgency_rank: u64,
    pub status: String,
    pub quantity: u64,
    pub unit: String,
    pub remaining_quantity: u64,
    pub has_remaining: bool,
    /// Unix seconds.
    pub deadline: i64,
    /// Unix seconds.
    pub published_at: i64,
    /// The code of every level, province to village: a prefix filter at any level is an exact match.
    pub region_codes: Vec<String>,
    pub province_name: String,
    pub city_name: String,
    pub county_name: String,
    pub township_name: String,
    pub village_name: String,
    /// The need's last change (microseconds): `bangfu search check` compares it with PostgreSQL.
    pub version: i64,
}

pub fn urgency_rank(u: Urgency) -> u64 {
    match u {
        Urgency::Critical => 3,
        Urgency::Urgent => 2,
        Urgency::Normal => 1,
    }
}

/// The document of a need, or `None` when the need is not public (it must not be in the index).
pub fn need_document(need: &Need, regions: &HashMap<String, Region>) -> Option<NeedDocument> {
    if !need.status.is_public() {
        return None;
    }
    let ancestry = RegionCode::from_trusted(need.region_code.clone()).ancestry();
    let name = |i: usize| {
        ancestry
            .get(i)
            .and_then(|c| regions.get(c.as_str()))
            .map(|r| r.name.clone())
            .unwrap_or_default()
    };
    let remaining = (need.quantity - need.pledged_quantity).max(0) as u64;
    Some(NeedDocument {
        id: need.id.to_string(),
        // Masked as in the public view: text written before the submission checks may hold a number.
        title: crate::domain::personal_data::mask(&need.title, &[]),
        description: crate::domain::personal_data::mask(&need.description, &[]),
        category: need.category.as_str().to_owned(),
        urgency: need.urgency.as_str().to_owned(),
        urgency_rank: urgency_rank(need.urgency),
        status: need.status.as_str().to_owned(),
        quantity: need.quantity.max(0) as u64,
        unit: need.unit.clone(),
        remaining_quantity: remaining,
        has_remaining: remaining > 0,
        deadline: need.deadline.timestamp(),
        published_at: need.published_at.map_or(0, |t| t.timestamp()),
        region_codes: ancestry.iter().map(|c| c.as_str().to_owned()).collect(),
        province_name: name(0),
        city_name: name(1),
        county_name: name(2),
        township_name: name(3),
        village_name: name(4),
        version: need.updated_at.timestamp_micros(),
    })
}

/// A public offer as the search engines hold it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferDocument {
    pub id: String,
    pub title: String,
    pub description: String,
    pub category: String,
    /// Always "active": only active, valid offers with quantity left are in the index.
    pub status: String,
    pub quantity: u64,
    pub unit: String,
    pub remaining_quantity: u64,
    pub has_remaining: bool,
    /// Unix seconds.
    pub valid_until: i64,
    /// Unix seconds.
    pub published_at: i64,
    /// The service area's code and its ancestors, province first (empty for the whole country): a
    /// region filter finds offers whose area lies inside the region.
    pub region_codes: Vec<String>,
    /// The service area's own code, or `CN` for the whole country: a region filter also finds offers
    /// whose area covers the region (their area is one of its ancestors).
    pub area_code: String,
    pub province_name: String,
    pub city_name: String,
    pub county_name: String,
    pub township_name: String,
    pub village_name: String,
    /// An organization's name, or an individual's masked name.
    pub supporter: String,
    pub verified: bool,
    /// The offer's last change (microseconds).
    pub version: i64,
}

/// Who stands behind an offer, as the public may see it.
pub use crate::store::users::Supporter;

/// The document of an offer, or `None` when the offer is not public at `now`.
pub fn offer_document(
    offer: &Offer,
    supporter: &Supporter,
    regions: &HashMap<String, Region>,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<OfferDocument> {
    if !crate::domain::offer::is_public(
        offer.status,
        offer.valid_until,
        offer.quantity - offer.pledged_quantity,
        now,
    ) {
        return None;
    }
    let ancestry: Vec<String> = offer
        .service_area_code
        .as_deref()
        .map(super::query::ancestry_of)
        .unwrap_or_default();
    let name = |i: usize| {
        ancestry
            .get(i)
            .and_then(|c| regions.get(c.as_str()))
            .map(|r| r.name.clone())
            .unwrap_or_default()
    };
    let remaining = (offer.quantity - offer.pledged_quantity).max(0) as u64;
    Some(OfferDocument {
        id: offer.id.to_string(),
        title: offer.title.clone(),
        description: offer.description.clone(),
        category: offer.category.as_str().to_owned(),
        status: offer.status.as_str().to_owned(),
        quantity: offer.quantity.max(0) as u64,
        unit: offer.unit.clone(),
        remaining_quantity: remaining,
        has_remaining: remaining > 0,
        valid_until: offer.valid_until.timestamp(),
        published_at: offer.created_at.timestamp(),
        area_code: offer
            .service_area_code
            .clone()
            .unwrap_or_else(|| super::query::WHOLE_COUNTRY.to_owned()),
        province_name: name(0),
        city_name: name(1),
        county_name: name(2),
        township_name: name(3),
        village_name: name(4),
        region_codes: ancestry,
        supporter: supporter.name.clone(),
        verified: supporter.verified,
        version: offer.updated_at.timestamp_micros(),
    })
}

/// What the engines search in a document, derived from its public text: the text folded to
/// simplified characters, and the title's pinyin. Meilisearch gets these as extra fields next to the
/// document's own (which stay as written); the embedded engine indexes them in place of the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchText {
    pub search_title: String,
    pub search_description: String,
    /// Offers only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_supporter: Option<String>,
    /// Needs and offers: the words of their category ([`Category::search_words`]), searched after
    /// the place names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_words: Option<String>,
    pub title_pinyin: String,
    pub title_initials: String,
}

pub(super) fn search_text(
    title: &str,
    description: &str,
    supporter: Option<&str>,
    category: Option<Category>,
    stop_words: &HashSet<String>,
) -> SearchText {
    let pinyin = super::text::pinyin(title, stop_words);
    SearchText {
        search_title: super::text::fold(title),
        search_description: super::text::fold(description),
        search_supporter: supporter.map(super::text::fold),
        category_words: category.map(|c| c.search_words().to_owned()),
        title_pinyin: pinyin.full,
        title_initials: pinyin.initials,
    }
}

impl NeedDocument {
    pub fn search_text(&self, stop_words: &HashSet<String>) -> SearchText {
        search_text(
            &self.title,
            &self.description,
            None,
            Category::parse(&self.category),
            stop_words,
        )
    }
}

impl OfferDocument {
    pub fn search_text(&self, stop_words: &HashSet<String>) -> SearchText {
        search_text(
            &self.title,
            &self.description,
            Some(&self.supporter),
            Category::parse(&self.category),
            stop_words,
        )
    }
}

/// A document as Meilisearch receives it: its own fields and the derived [`SearchText`].
#[derive(Debug, Serialize)]
pub struct WithSearchText<'a, T> {
    #[serde(flatten)]
    pub doc: &'a T,
    #[serde(flatten)]
    pub text: SearchText,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::need::NeedStatus;
    use chrono::Utc;
    use uuid::Uuid;

    fn need(status: NeedStatus) -> Need {
        let now = Utc::now();
        Need {
            id: Uuid::new_v4(),
            household_id: Uuid::new_v4(),
            region_code: "411224101200".into(),
            posted_by: Uuid::new_v4(),
            title: "电动轮椅一台".into(),
            description: "父亲偏瘫".into(),
            category: crate::domain::need::Category::Care,
            urgency: Urgency::Critical,
            quantity: 2,
            unit: "台".into(),
            estimated_value_fen: 1,
            deadline: now,
            status,
            pledged_quantity: 2,
            confirmed_quantity: 0,
            rejection_reason: None,
            published_at: Some(now),
            created_at: now,
            updated_at: now,
        }
    }

    fn regions() -> HashMap<String, Region> {
        [
            ("41", "河南省"),
            ("4112", "三门峡市"),
            ("411224", "卢氏县"),
            ("411224101", "杜关镇"),
            ("411224101200", "杜关村村委会"),
        ]
        .into_iter()
        .map(|(c, n)| {
            (
                c.to_owned(),
                Region {
                    code: c.into(),
                    name: n.into(),
                    level: String::new(),
                    parent_code: None,
                },
            )
        })
        .collect()
    }

    #[test]
    fn public_needs_only_with_every_region_level() {
        let n = need(NeedStatus::FullyPledged);
        let d = need_document(&n, &regions()).unwrap();
        assert_eq!(
            d.region_codes,
            ["41", "4112", "411224", "411224101", "411224101200"]
        );
        assert_eq!(
            (d.county_name.as_str(), d.village_name.as_str()),
            ("卢氏县", "杜关村村委会")
        );
        assert_eq!(
            (d.remaining_quantity, d.has_remaining, d.urgency_rank),
            (0, false, 3)
        );
        let json = serde_json::to_string(&d).unwrap();
        assert!(
            !json.contains(&n.household_id.to_string()) && !json.contains(&n.posted_by.to_string())
        );
        for hidden in [
            NeedStatus::PendingReview,
            NeedStatus::Rejected,
            NeedStatus::Withdrawn,
            NeedStatus::Expired,
        ] {
            assert!(
                need_document(&need(hidden), &regions()).is_none(),
                "{hidden}"
            );
        }
    }
}
