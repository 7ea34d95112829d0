//! The search document of a product: its public facts only. No seller (a household's name or label,
//! an account), no delivery data: the hits are read back from PostgreSQL for display.

use super::document::{search_text, SearchText};
use crate::domain::RegionCode;
use crate::store::products::Product;
use crate::store::regions::Region;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// A listed product as the search engines hold it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductDocument {
    pub id: String,
    pub title: String,
    pub description: String,
    pub category: String,
    pub unit: String,
    pub price_fen: u64,
    pub households_helped: u64,
    pub stock: u64,
    pub in_stock: bool,
    /// When the county certified it (Unix milliseconds, so products certified within a second still
    /// sort): "newest" sorts by it.
    pub listed_at: i64,
    /// The code of every level, province to village: a prefix filter at any level is an exact match.
    pub region_codes: Vec<String>,
    pub province_name: String,
    pub city_name: String,
    pub county_name: String,
    pub township_name: String,
    pub village_name: String,
    /// The product's last change (microseconds): `bangfu search check` compares it with PostgreSQL.
    pub version: i64,
}

/// The document of a product, or `None` when it is not listed (it must not be in the index).
pub fn product_document(p: &Product, regions: &HashMap<String, Region>) -> Option<ProductDocument> {
    if !p.status.is_public() {
        return None;
    }
    let ancestry = RegionCode::from_trusted(p.region_code.clone()).ancestry();
    let name = |i: usize| {
        ancestry
            .get(i)
            .and_then(|c| regions.get(c.as_str()))
            .map(|r| r.name.clone())
            .unwrap_or_default()
    };
    let stock = p.stock.max(0) as u64;
    Some(ProductDocument {
        id: p.id.to_string(),
        title: crate::domain::personal_data::mask(&p.title, &[]),
        description: crate::domain::personal_data::mask(&p.description, &[]),
        category: p.category.as_str().to_owned(),
        unit: p.unit.clone(),
        price_fen: p.price_fen.max(0) as u64,
        households_helped: p.households_helped.max(0) as u64,
        stock,
        in_stock: stock > 0,
        listed_at: p.certified_at.unwrap_or(p.created_at).timestamp_millis(),
        region_codes: ancestry.iter().map(|c| c.as_str().to_owned()).collect(),
        province_name: name(0),
        city_name: name(1),
        county_name: name(2),
        township_name: name(3),
        village_name: name(4),
        version: p.updated_at.timestamp_micros(),
    })
}

impl ProductDocument {
    pub fn search_text(&self, stop_words: &HashSet<String>) -> SearchText {
        search_text(&self.title, &self.description, None, None, stop_words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::product::{ProductCategory, ProductStatus};
    use chrono::Utc;
    use uuid::Uuid;

    fn product(status: ProductStatus) -> Product {
        let now = Utc::now();
        Product {
            id: Uuid::new_v4(),
            seller_id: Uuid::new_v4(),
            household_id: Some(Uuid::new_v4()),
            organization_id: None,
            listed_by: Uuid::new_v4(),
            county_code: "411224".into(),
            region_code: "411224101200".into(),
            title: "卢氏香菇".into(),
            description: "段木香菇，电话13912345678".into(),
            category: ProductCategory::Mushrooms,
            unit: "斤".into(),
            price_fen: 3500,
            stock: 0,
            households_helped: 3,
            status,
            rejection_reason: None,
            certified_by: Some(Uuid::new_v4()),
            certified_at: Some(now),
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn listed_products_only_and_nothing_personal() {
        let p = product(ProductStatus::Listed);
        let d = product_document(&p, &HashMap::new()).unwrap();
        assert_eq!(d.region_codes.len(), 5);
        assert_eq!((d.stock, d.in_stock, d.price_fen), (0, false, 3500));
        let json = serde_json::to_string(&d).unwrap();
        for id in [p.seller_id, p.household_id.unwrap(), p.listed_by] {
            assert!(!json.contains(&id.to_string()));
        }
        assert!(!json.contains("13912345678"), "{json}");
        for hidden in [
            ProductStatus::PendingCertification,
            ProductStatus::Rejected,
            ProductStatus::Delisted,
        ] {
            assert!(product_document(&product(hidden), &HashMap::new()).is_none());
        }
    }
}
