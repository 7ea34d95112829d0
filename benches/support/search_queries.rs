//! The search benchmark's queries: realistic Chinese queries with filters, each as the API's query
//! string and as the same query for the engine.

use bangfu::search::query::{SearchQuery, Sort};

/// (API query string, the same query for the engine)
pub fn queries() -> Vec<(&'static str, SearchQuery)> {
    let q = |text: &str| SearchQuery {
        text: text.into(),
        ..SearchQuery::default()
    };
    vec![
        ("q=轮椅", q("轮椅")),
        (
            "q=学费&region=411224",
            SearchQuery {
                region: Some("411224".into()),
                ..q("学费")
            },
        ),
        (
            "q=化肥&category=production",
            SearchQuery {
                categories: vec!["production".into()],
                ..q("化肥")
            },
        ),
        (
            "q=棉被&has_remaining=true&sort=urgency",
            SearchQuery {
                has_remaining: Some(true),
                sort: Sort::Urgency,
                ..q("棉被")
            },
        ),
        ("q=透析 交通", q("透析 交通")),
        (
            "q=核桃树苗&region=411224101",
            SearchQuery {
                region: Some("411224101".into()),
                ..q("核桃树苗")
            },
        ),
        (
            "region=411224&sort=deadline",
            SearchQuery {
                region: Some("411224".into()),
                sort: Sort::Deadline,
                ..q("")
            },
        ),
        (
            "q=助听器&urgency=urgent,critical",
            SearchQuery {
                urgencies: vec!["urgent".into(), "critical".into()],
                ..q("助听器")
            },
        ),
    ]
}
