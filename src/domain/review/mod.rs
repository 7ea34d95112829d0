//! Checks that help a reviewer: "when in doubt, count it as a problem" (疑似从有). They raise flags
//! shown in the review queue and recorded with the decision; they never reject anything by themselves.

use super::need::{Category, MonitoringStatus};
use super::need_fields::NeedContent;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Flag {
    /// `likely_duplicate`, `value_above_ceiling`, `luxury_wording` or `household_not_monitored`.
    pub code: String,
    pub detail: String,
}

/// The rules' configuration: per-category ceilings (fen) and the luxury word list.
#[derive(Debug, Clone)]
pub struct ReviewRules {
    ceilings: HashMap<Category, i64>,
    luxury_words: Vec<String>,
    pub duplicate_similarity: f64,
}

/// Defaults kept in the repository; `BANGFU_REVIEW_CEILINGS_FILE` may replace the ceilings.
const DEFAULT_CEILINGS: &str = include_str!("ceilings.json");
const LUXURY_WORDS: &str = include_str!("luxury_words.txt");

impl ReviewRules {
    pub fn bundled() -> Self {
        Self::from_sources(DEFAULT_CEILINGS, LUXURY_WORDS).unwrap_or_else(|_| Self {
            ceilings: HashMap::new(),
            luxury_words: Vec::new(),
            duplicate_similarity: 0.6,
        })
    }

    /// Parses a ceilings JSON object (`{"medical": 5000000, …}`, fen) and a word list (one per line).
    pub fn from_sources(ceilings_json: &str, words: &str) -> Result<Self, String> {
        let raw: HashMap<String, i64> =
            serde_json::from_str(ceilings_json).map_err(|e| format!("ceilings: {e}"))?;
        let mut ceilings = HashMap::new();
        for (k, v) in raw {
            let c =
                Category::parse(&k).ok_or_else(|| format!("ceilings: unknown category `{k}`"))?;
            if v < 0 {
                return Err(format!("ceilings: `{k}` is negative"));
            }
            ceilings.insert(c, v);
        }
        let luxury_words = words
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_lowercase)
            .collect();
        Ok(Self {
            ceilings,
            luxury_words,
            duplicate_similarity: 0.6,
        })
    }

    pub fn with_ceilings(mut self, ceilings_json: &str) -> Result<Self, String> {
        let other = Self::from_sources(ceilings_json, "")?;
        self.ceilings = other.ceilings;
        Ok(self)
    }

    pub fn ceiling(&self, c: Category) -> Option<i64> {
        self.ceilings.get(&c).copied()
    }
}

/// Another active need of the same household, for the duplicate check.
pub struct SiblingNeed<'a> {
    pub id: uuid::Uuid,
    pub category: Category,
    pub title: &'a str,
    pub description: &'a str,
}

/// Character bigrams of the text without spaces and punctuation: works for Chinese, where words are
/// not separated, and for English alike.
fn bigrams(text: &str) -> HashSet<(char, char)> {
    let chars: Vec<char> = text
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Jaccard similarity of the two texts' bigram sets, 0.0–1.0.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (x, y) = (bigrams(a), bigrams(b));
    if x.is_empty() && y.is_empty() {
        return if a.trim() == b.trim() { 1.0 } else { 0.0 };
    }
    let inter = x.intersection(&y).count() as f64;
    let union = x.union(&y).count() as f64;
    inter / union
}

/// Computes the flags for a need.
pub fn flags(
    rules: &ReviewRules,
    need: &NeedContent,
    monitoring: MonitoringStatus,
    siblings: &[SiblingNeed<'_>],
) -> Vec<Flag> {
    let mut out = Vec::new();
    let text = format!("{} {}", need.title, need.description);
    for s in siblings.iter().filter(|s| s.category == need.category) {
        let sim = similarity(&text, &format!("{} {}", s.title, s.description))
            .max(similarity(&need.title, s.title));
        if sim >= rules.duplicate_similarity {
            out.push(Flag {
                code: "likely_duplicate".into(),
                detail: format!("another active need of this household in the same category is {:.0}% similar ({})", sim * 100.0, s.id),
            });
            break;
        }
    }
    if let Some(ceiling) = rules.ceiling(need.category) {
        if need.estimated_value_fen > ceiling {
            out.push(Flag {
                code: "value_above_ceiling".into(),
                detail: format!(
                    "estimated {} yuan, above the {} yuan ceiling for {}",
                    need.estimated_value_fen / 100,
                    ceiling / 100,
                    need.category
                ),
            });
        }
    }
    let lower = text.to_lowercase();
    let hits: Vec<&str> = rules
        .luxury_words
        .iter()
        .filter(|w| lower.contains(w.as_str()))
        .map(String::as_str)
        .collect();
    if !hits.is_empty() {
        out.push(Flag {
            code: "luxury_wording".into(),
            detail: format!("asks for luxury or brand goods: {}", hits.join(", ")),
        });
    }
    // Numbers are refused at submission; a name after a cue ("联系人：…") can only be suspected, so
    // the reviewer is told, and the public sees it masked.
    if crate::domain::personal_data::find(&text, &[])
        .iter()
        .any(|f| f.0 == crate::domain::personal_data::Finding::Name)
    {
        out.push(Flag {
            code: "personal_data_suspected".into(),
            detail: "the text seems to name a person; it is shown masked to the public".into(),
        });
    }
    if monitoring == MonitoringStatus::None {
        out.push(Flag {
            code: "household_not_monitored".into(),
            detail: "the household is not registered poor, marginal or monitored".into(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn need(title: &str, description: &str, category: Category, value: i64) -> NeedContent {
        NeedContent {
            title: title.into(),
            description: description.into(),
            category,
            quantity: 1,
            unit: "台".into(),
            estimated_value_fen: value,
            urgency: super::super::need::Urgency::Normal,
            deadline: Utc::now(),
        }
    }

    #[test]
    fn similarity_of_chinese_texts() {
        assert!(similarity("需要一台轮椅", "需要一台轮椅出行") > 0.6);
        assert!(similarity("需要一台轮椅", "孩子上学的学费") < 0.2);
        assert_eq!(similarity("", ""), 1.0);
    }

    #[test]
    fn raises_each_flag() {
        let rules = ReviewRules::bundled();
        let n = need("需要一台轮椅", "父亲瘫痪需要轮椅", Category::Care, 100);
        let sib_id = uuid::Uuid::new_v4();
        let siblings = [SiblingNeed {
            id: sib_id,
            category: Category::Care,
            title: "需要一台轮椅",
            description: "父亲瘫痪",
        }];
        let codes = |f: Vec<Flag>| f.into_iter().map(|f| f.code).collect::<Vec<_>>();
        assert_eq!(
            codes(flags(
                &rules,
                &n,
                MonitoringStatus::RegisteredPoor,
                &siblings
            )),
            ["likely_duplicate"]
        );
        // Same text in another category is not a duplicate.
        let other = [SiblingNeed {
            id: sib_id,
            category: Category::Medical,
            title: "需要一台轮椅",
            description: "父亲瘫痪",
        }];
        assert!(codes(flags(&rules, &n, MonitoringStatus::RegisteredPoor, &other)).is_empty());
        let ceiling = rules.ceiling(Category::Care).unwrap();
        let pricey = need("护理床一张", "", Category::Care, ceiling + 1);
        assert_eq!(
            codes(flags(&rules, &pricey, MonitoringStatus::Marginal, &[])),
            ["value_above_ceiling"]
        );
        let brand = need("想要一部iPhone手机", "", Category::Education, 100);
        assert_eq!(
            codes(flags(&rules, &brand, MonitoringStatus::Monitored, &[])),
            ["luxury_wording"]
        );
        let liquor = need("过年需要茅台酒两瓶", "", Category::FoodClothing, 100);
        assert_eq!(
            codes(flags(&rules, &liquor, MonitoringStatus::Monitored, &[])),
            ["luxury_wording"]
        );
        assert_eq!(
            codes(flags(&rules, &n, MonitoringStatus::None, &[])),
            ["household_not_monitored"]
        );
        // Ordinary needs raise nothing: 苹果 (apples) are not a brand.
        let apples = need("果园需要苹果树苗", "发展产业", Category::Production, 100);
        assert!(codes(flags(
            &rules,
            &apples,
            MonitoringStatus::RegisteredPoor,
            &[]
        ))
        .is_empty());
    }

    #[test]
    fn every_category_has_a_ceiling_and_bad_files_are_refused() {
        let rules = ReviewRules::bundled();
        for c in Category::ALL {
            assert!(rules.ceiling(*c).is_some(), "{c}");
        }
        assert!(ReviewRules::from_sources(r#"{"luxury": 1}"#, "").is_err());
        assert!(ReviewRules::from_sources("nonsense", "").is_err());
    }
}
