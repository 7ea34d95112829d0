//! The search document of a job posting: its public facts only. No employer account, no applicant:
//! the organization's name stands for the employer, and hits are read back from PostgreSQL for
//! display. Only open postings before their closing date are in the index.

use super::document::{search_text, SearchText};
use crate::domain::employment::{skill_words, JobStatus};
use crate::domain::RegionCode;
use crate::store::job_search::SearchPosting;
use crate::store::regions::Region;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// An open job posting as the search engines hold it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobDocument {
    pub id: String,
    pub title: String,
    pub description: String,
    /// The employer organization's name.
    pub organization: String,
    /// Always "open": filled, closed and lapsed postings are removed.
    pub status: String,
    /// The place of work's own code.
    pub region_code: String,
    /// The code of every level, province to the place of work: a prefix filter at any level is an
    /// exact match.
    pub region_codes: Vec<String>,
    pub province_name: String,
    pub city_name: String,
    pub county_name: String,
    pub township_name: String,
    pub village_name: String,
    pub positions_left: u64,
    pub pay_min_fen: u64,
    pub pay_max_fen: u64,
    pub pay_period: String,
    /// The skills asked for (`domain::employment::Skill` names).
    pub skills: Vec<String>,
    /// The skills in Chinese words (`domain::employment::skill_words`), so 缝纫 or 厨师 finds a
    /// posting that only ticked the skill; ranked between the title and the description.
    pub skill_words: String,
    pub housing: bool,
    /// The closing date (Unix seconds): "closing_soon" sorts by it, and a filter keeps lapsed
    /// postings out even before the job that closes them.
    pub valid_until: i64,
    /// When it was posted (Unix milliseconds, so postings made within a second still sort).
    pub created_at: i64,
    /// The posting's last change (microseconds): `bangfu search check` compares it with PostgreSQL.
    pub version: i64,
}

/// Whether a posting belongs in the index (and in search answers) at `now`.
pub fn is_searchable(status: JobStatus, valid_until: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    status == JobStatus::Open && valid_until > now
}

/// The document of a posting, or `None` when it is not open at `now` (it must not be in the index).
pub fn job_document(
    p: &SearchPosting,
    regions: &HashMap<String, Region>,
    now: DateTime<Utc>,
) -> Option<JobDocument> {
    if !is_searchable(p.status, p.valid_until, now) {
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
    let words: Vec<&str> = p
        .skills
        .iter()
        .flat_map(|s| skill_words::words(*s).iter().copied())
        .collect();
    Some(JobDocument {
        id: p.id.to_string(),
        // Masked as a public view is: a phone number typed into a posting stays out of the index.
        title: crate::domain::personal_data::mask(&p.title, &[]),
        description: crate::domain::personal_data::mask(&p.description, &[]),
        organization: p.organization.clone(),
        status: p.status.as_str().to_owned(),
        region_code: p.region_code.clone(),
        region_codes: ancestry.iter().map(|c| c.as_str().to_owned()).collect(),
        province_name: name(0),
        city_name: name(1),
        county_name: name(2),
        township_name: name(3),
        village_name: name(4),
        positions_left: (p.positions - p.hired).max(0) as u64,
        pay_min_fen: p.pay_min_fen.max(0) as u64,
        pay_max_fen: p.pay_max_fen.max(0) as u64,
        pay_period: p.pay_period.as_str().to_owned(),
        skills: p.skills.iter().map(|s| s.as_str().to_owned()).collect(),
        skill_words: words.join(" "),
        housing: p.housing,
        valid_until: p.valid_until.timestamp(),
        created_at: p.created_at.timestamp_millis(),
        version: p.updated_at.timestamp_micros(),
    })
}

impl JobDocument {
    /// The title and description folded with the title's pinyin; the organization's name goes in
    /// `search_supporter` (below the description, as offers' supporters).
    pub fn search_text(&self, stop_words: &HashSet<String>) -> SearchText {
        search_text(
            &self.title,
            &self.description,
            Some(&self.organization),
            None,
            stop_words,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::employment::{PayPeriod, Skill};
    use uuid::Uuid;

    fn posting(status: JobStatus, days_left: i64) -> SearchPosting {
        let now = Utc::now();
        SearchPosting {
            id: Uuid::new_v4(),
            title: "招聘缝纫工".into(),
            description: "扶贫车间，联系电话13912345678".into(),
            organization: "卢氏县绿源服饰有限公司".into(),
            region_code: "411224101200".into(),
            positions: 5,
            hired: 2,
            pay_min_fen: 300_000,
            pay_max_fen: 450_000,
            pay_period: PayPeriod::Month,
            skills: vec![Skill::Sewing, Skill::Cooking],
            housing: true,
            valid_until: now + chrono::Duration::days(days_left),
            status,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn open_postings_only_and_nothing_personal() {
        let now = Utc::now();
        let p = posting(JobStatus::Open, 10);
        let d = job_document(&p, &HashMap::new(), now).unwrap();
        assert_eq!(d.region_codes.len(), 5);
        assert_eq!((d.positions_left, d.pay_max_fen), (3, 450_000));
        assert_eq!(d.skills, ["sewing", "cooking"]);
        assert!(d.skill_words.contains("缝纫") && d.skill_words.contains("厨师"));
        let json = serde_json::to_string(&d).unwrap();
        assert!(!json.contains("13912345678"), "{json}");
        assert!(job_document(&posting(JobStatus::Filled, 10), &HashMap::new(), now).is_none());
        assert!(job_document(&posting(JobStatus::Closed, 10), &HashMap::new(), now).is_none());
        assert!(
            job_document(&posting(JobStatus::Open, -1), &HashMap::new(), now).is_none(),
            "past its closing date"
        );
    }
}
