//! `GET /api/v1/jobs/search`: anyone finds open job postings by words (Chinese segmented, with the
//! skills' Chinese words, synonyms, traditional characters and pinyin), the place of work (a region
//! prefix: `411224` finds work anywhere in Lushi County), skills, housing, pay period and pay, with
//! facets, sorted by relevance, pay, newest or closing date. Every parameter is read as text and
//! checked here, so any bad one is a field of one `validation_failed` answer. Hits are read back
//! from PostgreSQL: a posting filled or closed meanwhile is left out.

use crate::api::extract::PageQuery;
use crate::api::needs::list::parse_list;
use crate::api::search::{check_page, parse_sort, query_text, suggestions_if_empty, unavailable};
use crate::domain::employment::{PayPeriod, Skill, PAY_FEN};
use crate::domain::{personal_data, RegionCode};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::search::job_document::is_searchable;
use crate::search::query::{IndexName, SearchQuery};
use crate::search::suggest::Suggestion;
use crate::state::AppState;
use crate::store::job_search::{self, SearchPosting};
use crate::store::regions;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JobSearchParams {
    /// Words, in Chinese (simplified or traditional), pinyin or English.
    pub q: Option<String>,
    /// A region code at any level, matched as a prefix of the place of work: `411224` finds jobs in
    /// every village of Lushi County.
    #[param(value_type = Option<String>, pattern = "^[0-9]{2,12}$")]
    pub region: Option<String>,
    /// Comma-separated skills: postings asking for any of them.
    pub skills: Option<String>,
    /// Only postings with housing (true), or without (false).
    #[param(value_type = Option<bool>)]
    pub housing: Option<String>,
    /// Comma-separated pay periods (month, day, piece): any of them.
    pub pay_period: Option<String>,
    /// Postings whose top pay (`pay_max_fen`) is at least this many fen.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100000000)]
    pub pay_min_fen: Option<String>,
    /// relevance (default), pay_desc, newest, closing_soon.
    pub sort: Option<String>,
    /// Page number, from 1.
    #[param(value_type = Option<u32>, minimum = 1)]
    pub page: Option<String>,
    /// Hits per page, 1 to 100 (default 20).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
}

/// An open job posting as search shows it: public facts only (the organization, never an account).
#[derive(Debug, Serialize, ToSchema)]
pub struct JobHit {
    pub id: Uuid,
    pub title: String,
    /// The employer organization.
    pub organization: String,
    /// The place of work.
    pub region_code: String,
    /// Its names, province to the place of work (`河南省 三门峡市 卢氏县 …`).
    pub place: String,
    pub positions_left: i32,
    pub pay_min_fen: i64,
    pub pay_max_fen: i64,
    pub pay_period: PayPeriod,
    pub skills: Vec<Skill>,
    pub housing: bool,
    pub valid_until: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

/// A region of the facet: one level below the asked region (provinces when none was asked).
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionCount {
    pub code: String,
    pub name: String,
    pub count: u64,
}

/// Facet counts over every matching posting.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobFacets {
    pub region: Vec<RegionCount>,
    /// Skill → postings asking for it.
    pub skills: BTreeMap<String, u64>,
    /// "true" / "false" → postings with or without housing.
    pub housing: BTreeMap<String, u64>,
    pub pay_period: BTreeMap<String, u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobSearchResponse {
    pub hits: Vec<JobHit>,
    pub total: u64,
    pub facets: JobFacets,
    pub page: u32,
    pub per_page: u32,
    /// When nothing was found: up to three other queries (words dropped, or a synonym) that find
    /// something with the same filters, each checked against the engine. Empty otherwise.
    pub suggestions: Vec<Suggestion>,
}

/// A parameter's value; an empty one (a form's blank field) is no value.
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The filters and page asked for, or every mistake among them.
fn parse(p: &JobSearchParams, now: DateTime<Utc>) -> Result<(SearchQuery, u32, u32), ApiError> {
    let mut errors = Vec::new();
    let region = given(&p.region).and_then(|r| match RegionCode::parse(r) {
        Ok(code) => Some(code.as_str().to_owned()),
        Err(m) => {
            errors.push(FieldError::new("region", "invalid_region_code", m));
            None
        }
    });
    let skills = parse_list(p.skills.as_deref(), "skills", Skill::parse, &mut errors);
    let housing = match given(&p.housing) {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => {
            errors.push(FieldError::new("housing", "invalid_value", "true or false"));
            None
        }
    };
    let periods = parse_list(
        p.pay_period.as_deref(),
        "pay_period",
        PayPeriod::parse,
        &mut errors,
    );
    let pay_min_fen = given(&p.pay_min_fen).and_then(|v| {
        match v.trim().parse::<i64>() {
            Ok(n) if PAY_FEN.contains(&n) => return Some(n.unsigned_abs()),
            _ => errors.push(FieldError::new(
                "pay_min_fen",
                "out_of_range",
                format!(
                    "a whole number of fen, {} to {}",
                    PAY_FEN.start(),
                    PAY_FEN.end()
                ),
            )),
        }
        None
    });
    let sort = parse_sort(IndexName::Jobs, given(&p.sort), &mut errors);
    let mut number = |raw: Option<&str>, field: &str| -> Option<u32> {
        let raw = raw?;
        match raw.trim().parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push(FieldError::new(field, "invalid_value", "a whole number"));
                None
            }
        }
    };
    let (page_no, per_page) = (
        number(given(&p.page), "page"),
        number(given(&p.per_page), "per_page"),
    );
    let page = PageQuery::check(page_no, per_page, &mut errors);
    if errors.is_empty() {
        check_page(&page, &mut errors);
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let query = SearchQuery {
        text: query_text(p.q.as_deref()),
        region,
        skills: skills.iter().map(|s| s.as_str().to_owned()).collect(),
        housing,
        pay_periods: periods.iter().map(|s| s.as_str().to_owned()).collect(),
        pay_min_fen,
        // A posting past its closing date is never found, even before the job that closes it.
        valid_after: Some(now.timestamp()),
        sort,
        offset: page.offset() as usize,
        limit: page.per_page as usize,
        ..SearchQuery::default()
    };
    Ok((query, page.page, page.per_page))
}

fn hit(p: SearchPosting, regions: &HashMap<String, regions::Region>) -> JobHit {
    let place = RegionCode::from_trusted(p.region_code.clone())
        .ancestry()
        .iter()
        .filter_map(|c| regions.get(c.as_str()).map(|r| r.name.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    JobHit {
        id: p.id,
        // Public: numbers in the text masked, as in the index.
        title: personal_data::mask(&p.title, &[]),
        organization: p.organization,
        region_code: p.region_code,
        place,
        positions_left: (p.positions - p.hired).max(0),
        pay_min_fen: p.pay_min_fen,
        pay_max_fen: p.pay_max_fen,
        pay_period: p.pay_period,
        skills: p.skills,
        housing: p.housing,
        valid_until: p.valid_until,
        created_at: p.created_at,
    }
}

#[utoipa::path(
    get, path = "/api/v1/jobs/search", tag = "search",
    params(JobSearchParams),
    responses(
        (status = 200, description = "Matching open job postings with facet counts", body = JobSearchResponse),
        (status = 400, description = "validation_failed: every bad parameter (region, skills, housing, pay_period, pay_min_fen, sort, page, per_page) in one answer", body = crate::error::Problem),
        (status = 503, description = "search_unavailable", body = crate::error::Problem),
    )
)]
pub async fn search_jobs(
    state: web::Data<AppState>,
    params: web::Query<JobSearchParams>,
) -> ApiResult<HttpResponse> {
    let now = Utc::now();
    let (query, page, per_page) = parse(&params, now)?;
    let found = state
        .search
        .search_jobs(query.clone())
        .await
        .map_err(unavailable)?;
    let suggestions =
        suggestions_if_empty(state.search.as_ref(), IndexName::Jobs, &query, found.total).await;
    let mut conn = state.pool.get().await?;
    let ids: Vec<Uuid> = found.ids.iter().filter_map(|i| i.parse().ok()).collect();
    let mut rows = job_search::by_ids(&mut conn, &ids).await?;
    // Keep the engine's order, and only what is still open.
    rows.retain(|p| is_searchable(p.status, p.valid_until, now));
    rows.sort_by_key(|p| ids.iter().position(|i| *i == p.id));
    let facet_codes = found.facets.region.keys().map(String::as_str);
    let names = regions::ancestry_map(
        &mut conn,
        rows.iter()
            .map(|p| p.region_code.as_str())
            .chain(facet_codes),
    )
    .await?;
    let region = found
        .facets
        .region
        .iter()
        .map(|(code, count)| RegionCount {
            code: code.clone(),
            name: names.get(code).map(|r| r.name.clone()).unwrap_or_default(),
            count: *count,
        })
        .collect();
    Ok(HttpResponse::Ok().json(JobSearchResponse {
        hits: rows.into_iter().map(|p| hit(p, &names)).collect(),
        total: found.total,
        facets: JobFacets {
            region,
            skills: found.facets.skills,
            housing: found.facets.housing,
            pay_period: found.facets.pay_period,
        },
        page,
        per_page,
        suggestions,
    }))
}
