//! The demo's stories of help (扶贫展示): 杜关村's official writes how the donor's quilts reached the
//! README household (the household consents in the app) and how a villager was hired at the workshop
//! (its spoken consent recorded by the other village official); a second official publishes both.
//! Through the service functions, as over the API.

use super::household_account::{person, EMAIL as HOUSEHOLD};
use super::pictures::{self, Motif, Picture};
use crate::domain::access::Actor;
use crate::domain::employment::application::ApplicationStatus;
use crate::domain::need::NeedStatus;
use crate::domain::pledge::PledgeStatus;
use crate::domain::story::StorySubject;
use crate::media::{FsStore, MediaStore};
use crate::service::stories::consent::{self, Consent};
use crate::service::stories::photos;
use crate::service::stories::review::{self, StoryDecision};
use crate::service::stories::write::{self, StoryDraft};
use crate::store::job_applications::{self, Scope};
use crate::store::needs::{self, NeedFilter};
use crate::store::pledges::{self, PledgeFilter};
use crate::store::{stories, Conn};
use uuid::Uuid;

const VILLAGE: &str = "411224101200";
const WRITER: &str = "official.duguancun@demo.bangfu.cn";
/// The second official of the village: records spoken consent and publishes.
const SECOND: &str = "official.duguancun2@demo.bangfu.cn";
const DONOR: &str = "donor@demo.bangfu.cn";

struct Tale {
    subject_type: StorySubject,
    subject_id: Uuid,
    title: &'static str,
    body: &'static str,
    picture: Picture,
}

/// Seeds the stories once (none yet in 杜关村): returns lines to print.
pub async fn seed(conn: &mut Conn, config: &crate::config::Config) -> anyhow::Result<Vec<String>> {
    let writer = person(conn, WRITER).await?;
    let everywhere = stories::Scope::WrittenBy {
        writer: writer.auth.id,
        region_like: "%",
    };
    let (_, n) = stories::list(conn, everywhere, 0, 1).await?;
    if n > 0 {
        return Ok(vec![format!("  stories: {WRITER} already wrote {n}")]);
    }
    let donor = person(conn, DONOR).await?;
    let household = person(conn, HOUSEHOLD).await?;
    let Actor::Household { household_id, .. } = household.actor else {
        anyhow::bail!("{HOUSEHOLD} is not a household");
    };
    // The README household's quilts: its fulfilled need, the donor's confirmed pledge.
    let fulfilled = NeedFilter {
        household_id: Some(household_id),
        statuses: vec![NeedStatus::Fulfilled],
        ..NeedFilter::default()
    };
    let mut quilts = None;
    for need in needs::list(conn, &fulfilled, 0, 10).await?.0 {
        let confirmed = PledgeFilter {
            need_id: Some(need.id),
            supporter_id: Some(donor.auth.id),
            statuses: vec![PledgeStatus::Confirmed],
            ..PledgeFilter::default()
        };
        quilts = quilts.or(pledges::list(conn, &confirmed, 0, 1).await?.0.pop());
    }
    let Some(quilts) = quilts else {
        return Ok(vec![
            "  stories: the README household has no confirmed pledge to tell of".to_owned(),
        ]);
    };
    let like = format!("{VILLAGE}%");
    let hired = job_applications::list(
        conn,
        Scope::Region(&like),
        Some(ApplicationStatus::Hired),
        0,
        1,
    )
    .await?
    .0
    .pop();
    let mut tales = vec![Tale {
        subject_type: StorySubject::Pledge,
        subject_id: quilts.id,
        title: "两条新棉被，老人睡了个暖和觉",
        body: "杜关村一户人家的老人怕冷，旧棉被盖了十多年。爱心人士看到需求后寄来两条厚棉被，村里的帮扶干部送到家中。老人说：今年冬天不怕冷了。",
        picture: Picture { motif: Motif::Honey, sky: [214, 228, 240], ground: [236, 226, 206], main: [196, 120, 60], variant: 3 },
    }];
    if let Some(a) = hired {
        tales.push(Tale {
            subject_type: StorySubject::JobApplication,
            subject_id: a.id,
            title: "在家门口的扶贫车间上班",
            body: "村里的扶贫车间开工后，一位村民经村委会推荐应聘了编织工，不出村就有了稳定收入，还能照顾家里的老人和孩子。",
            picture: Picture { motif: Motif::Roots, sky: [226, 236, 222], ground: [210, 200, 180], main: [150, 110, 70], variant: 5 },
        });
    }
    let media = FsStore::new(config.data_dir.join("media"));
    let second = person(conn, SECOND).await?;
    let mut published = 0;
    for (i, tale) in tales.iter().enumerate() {
        let draft = StoryDraft {
            subject_type: tale.subject_type,
            subject_id: tale.subject_id,
            title: tale.title,
            body: tale.body,
        };
        let story = write::create(conn, &writer.auth, &writer.actor, draft).await?;
        let image = crate::media::accept_blocking(pictures::draw(&tale.picture)?).await?;
        let media = &media as &dyn MediaStore;
        photos::add(
            conn,
            media,
            &writer.auth,
            &writer.actor,
            story.id,
            &image,
            false,
        )
        .await?;
        // The quilts' household consents in the app; the hired villager told the officials.
        let (who, given) = if i == 0 {
            (
                &household,
                Consent {
                    faces_allowed: false,
                    recorded_spoken: false,
                    note: None,
                    seen_updated_at: None,
                },
            )
        } else {
            (
                &second,
                Consent {
                    faces_allowed: false,
                    recorded_spoken: true,
                    note: Some("村民在村委会当面同意"),
                    seen_updated_at: None,
                },
            )
        };
        consent::consent(conn, &who.auth, &who.actor, story.id, given).await?;
        consent::submit(conn, &writer.auth, &writer.actor, story.id).await?;
        review::review(
            conn,
            &second.auth,
            &second.actor,
            story.id,
            StoryDecision::Publish {
                photos_showing_faces: &[],
            },
        )
        .await?;
        published += 1;
    }
    Ok(vec![format!(
        "  stories: {published} published in 杜关村 (consent in the app and spoken)"
    )])
}
