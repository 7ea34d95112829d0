//! A search query's filters as a Meilisearch filter expression, for every index. Values are the
//! server's own lists (categories, skills, region codes) checked before they get here; quotes are
//! still dropped, so no value can end its string.

use super::query::{ancestry_of, IndexName, SearchQuery, WHOLE_COUNTRY};

fn quoted(v: &[String]) -> String {
    v.iter()
        .map(|s| format!("\"{}\"", s.replace(['"', '\\'], "")))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn filter(index: IndexName, q: &SearchQuery) -> String {
    let mut parts = Vec::new();
    if !q.categories.is_empty() {
        parts.push(format!("category IN [{}]", quoted(&q.categories)));
    }
    if !q.urgencies.is_empty() {
        parts.push(format!("urgency IN [{}]", quoted(&q.urgencies)));
    }
    if !q.statuses.is_empty() {
        parts.push(format!("status IN [{}]", quoted(&q.statuses)));
    }
    if let Some(r) = &q.region {
        let r = r.replace(['"', '\\'], "");
        match index {
            IndexName::Needs | IndexName::Products | IndexName::Jobs => {
                parts.push(format!("region_codes = \"{r}\""))
            }
            IndexName::Offers => {
                let mut covering = ancestry_of(&r);
                covering.push(WHOLE_COUNTRY.to_owned());
                parts.push(format!(
                    "(region_codes = \"{r}\" OR area_code IN [{}])",
                    quoted(&covering)
                ));
            }
        }
    }
    if let Some(h) = q.has_remaining {
        match index {
            IndexName::Products => parts.push(format!("in_stock = {h}")),
            // Job postings hold no such field (a filled posting leaves the index).
            IndexName::Jobs => {}
            _ => parts.push(format!("has_remaining = {h}")),
        }
    }
    if let Some(v) = q.verified {
        parts.push(format!("verified = {v}"));
    }
    if let Some(t) = q.valid_after {
        parts.push(format!("valid_until > {t}"));
    }
    if !q.skills.is_empty() {
        // Any of them: `IN` on an array field matches a document holding one of the values.
        parts.push(format!("skills IN [{}]", quoted(&q.skills)));
    }
    if let Some(h) = q.housing {
        parts.push(format!("housing = {h}"));
    }
    if !q.pay_periods.is_empty() {
        parts.push(format!("pay_period IN [{}]", quoted(&q.pay_periods)));
    }
    if let Some(min) = q.pay_min_fen {
        parts.push(format!("pay_max_fen >= {min}"));
    }
    parts.join(" AND ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_filters_read_as_meilisearch_expects() {
        let q = SearchQuery {
            region: Some("411224".into()),
            skills: vec!["sewing".into(), "cooking".into()],
            housing: Some(true),
            pay_periods: vec!["month".into()],
            pay_min_fen: Some(300_000),
            valid_after: Some(1_700_000_000),
            ..SearchQuery::default()
        };
        assert_eq!(
            filter(IndexName::Jobs, &q),
            "region_codes = \"411224\" AND valid_until > 1700000000 AND skills IN [\"sewing\", \"cooking\"] \
             AND housing = true AND pay_period IN [\"month\"] AND pay_max_fen >= 300000"
        );
        let odd = SearchQuery {
            skills: vec!["a\"] OR id EXISTS".into()],
            ..SearchQuery::default()
        };
        assert_eq!(
            filter(IndexName::Jobs, &odd),
            "skills IN [\"a] OR id EXISTS\"]"
        );
    }
}
