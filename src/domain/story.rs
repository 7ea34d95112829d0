//! Stories of help (扶贫展示): what a story is about, its statuses, its fields and limits, who sees
//! it, and the two rules of consent: no review without the household's consent, no publication of
//! a photo showing a face unless the household allowed faces. Pure rules; `service::stories` loads
//! the rows and applies them.

use super::access::{Access, Actor};
use super::personal_data::{self, Finding};
use super::string_enum::string_enum;
use super::{text, RegionCode};
use crate::error::FieldError;

string_enum!(
    /// What a story is about: a confirmed pledge, or a hire (a job application in status hired).
    /// Crowdfunded projects come later as a third kind.
    StorySubject {
        Pledge => "pledge",
        JobApplication => "job_application",
    }
);

string_enum!(
    /// `draft` (written, edited, consented) → `in_review` → `published` or `rejected`; editing a
    /// rejected story makes it a draft again.
    StoryStatus {
        Draft => "draft",
        InReview => "in_review",
        Published => "published",
        Rejected => "rejected",
    }
);

impl StoryStatus {
    /// Statuses the writer may edit in (text and photos).
    pub const EDITABLE: [StoryStatus; 2] = [Self::Draft, Self::Rejected];
}

/// Title length in characters.
pub const TITLE_CHARS: (usize, usize) = (2, 60);
/// Body length in characters: a short story.
pub const BODY_CHARS: (usize, usize) = (10, 2000);
/// A recorded consent's note and a review's reason.
pub const NOTE_CHARS: (usize, usize) = (1, 500);
/// Photos a story carries at most.
pub const MAX_PHOTOS: i64 = 6;

/// Who sees a story: its household and the officials of its village manage it (the writer edits
/// it); once published everyone reads it; before that it does not exist for anyone else.
pub fn access(
    actor: &Actor,
    household_id: uuid::Uuid,
    village: &RegionCode,
    published: bool,
) -> Access {
    if actor.is_household(household_id) || actor.is_official_for(village) {
        Access::Manage
    } else if published {
        Access::Read
    } else {
        Access::Hidden
    }
}

/// The names a story about a household refuses: the head's full name and, when it has three or more
/// characters, the given name after a one-character surname.
pub fn names_to_refuse(full: &str) -> Vec<String> {
    let full = full.trim();
    let mut names = vec![full.to_owned()];
    if full.chars().count() >= 3 {
        names.push(full.chars().skip(1).collect());
    }
    names.retain(|n| !n.is_empty());
    names
}

/// A story's text: a published text, so phone and ID numbers are refused, and so is the household's
/// own name (`known`); other names are masked in public views ([`public_text`]).
pub fn checked_text(
    field: &'static str,
    value: &str,
    (min, max): (usize, usize),
    known: &[&str],
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let t = match text::bounded(value, min, max) {
        Ok(t) => t,
        Err((c, m)) => {
            errors.push(FieldError::new(field, c, m));
            return None;
        }
    };
    let anyone = personal_data::find(&t, &[]);
    let why = if anyone.iter().any(|f| f.0 != Finding::Name) {
        Some("must not contain a phone or ID number: a story is published")
    } else if personal_data::find(&t, known).len() > anyone.len() {
        Some("must not name the household: the public sees a village and a masked label")
    } else {
        None
    };
    match why {
        Some(m) => {
            errors.push(FieldError::new(field, "personal_data", m));
            None
        }
        None => Some(t),
    }
}

/// A story's text as the public sees it: names after a cue and any number masked.
pub fn public_text(t: &str) -> String {
    personal_data::mask(t, &[])
}

/// Why a story may not go forward (submitted for review, or published).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The household has not consented to the story as it stands.
    ConsentRequired,
    /// A photo shows a face and the household did not allow faces.
    FacesNotAllowed,
}

/// The consent rules, checked at submission and again at publication.
pub fn ready(consented: bool, faces_allowed: bool, face_photos: i64) -> Result<(), Refusal> {
    if !consented {
        Err(Refusal::ConsentRequired)
    } else if face_photos > 0 && !faces_allowed {
        Err(Refusal::FacesNotAllowed)
    } else {
        Ok(())
    }
}

/// Whether a photo may be shown to the public: the story is published, and the photo shows no face
/// or the household allowed faces.
pub fn photo_is_public(status: StoryStatus, shows_face: bool, faces_allowed: bool) -> bool {
    status == StoryStatus::Published && (!shows_face || faces_allowed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Jurisdiction, Role};
    use uuid::Uuid;

    #[test]
    fn the_given_name_alone_is_refused_too() {
        assert_eq!(names_to_refuse("王秀兰"), ["王秀兰", "秀兰"]);
        assert_eq!(names_to_refuse("张三"), ["张三"]);
        let names = names_to_refuse("王秀兰");
        let known: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut errors = Vec::new();
        let body = "秀兰奶奶收到了轮椅，出门方便多了。";
        assert!(checked_text("body", body, (1, 500), &known, &mut errors).is_none());
        assert_eq!(errors[0].code, "personal_data");
        let mut errors = Vec::new();
        let other = "老人收到了轮椅，出门方便多了。";
        assert!(checked_text("body", other, (1, 500), &known, &mut errors).is_some());
    }

    #[test]
    fn consent_comes_first_then_faces() {
        assert_eq!(ready(false, true, 0), Err(Refusal::ConsentRequired));
        assert_eq!(ready(true, false, 1), Err(Refusal::FacesNotAllowed));
        assert_eq!(ready(true, false, 0), Ok(()));
        assert_eq!(ready(true, true, 3), Ok(()));
    }

    #[test]
    fn photos_are_public_only_when_published_and_allowed() {
        assert!(photo_is_public(StoryStatus::Published, false, false));
        assert!(photo_is_public(StoryStatus::Published, true, true));
        assert!(!photo_is_public(StoryStatus::Published, true, false));
        for s in [
            StoryStatus::Draft,
            StoryStatus::InReview,
            StoryStatus::Rejected,
        ] {
            assert!(!photo_is_public(s, false, true));
        }
    }

    #[test]
    fn numbers_and_the_households_name_are_refused() {
        let mut e = Vec::new();
        assert!(checked_text("body", "请拨打13812345678联系", BODY_CHARS, &[], &mut e).is_none());
        assert!(checked_text(
            "body",
            "王秀兰一家收到了轮椅，很高兴",
            BODY_CHARS,
            &["王秀兰"],
            &mut e
        )
        .is_none());
        assert_eq!(e.len(), 2);
        assert!(e.iter().all(|f| f.code == "personal_data"));
        let mut e = Vec::new();
        let ok = checked_text(
            "body",
            "老人收到了轮椅，终于能出门晒太阳了。",
            BODY_CHARS,
            &["王秀兰"],
            &mut e,
        );
        assert!(ok.is_some() && e.is_empty());
        // A name after a cue is masked for the public rather than refused.
        assert_eq!(public_text("户主：李四。他很感激"), "户主：某某。他很感激");
    }

    #[test]
    fn who_sees_a_story() {
        let hh = Uuid::new_v4();
        let village = RegionCode::parse("411224101200").unwrap();
        let own = Actor::Household {
            user_id: Uuid::new_v4(),
            household_id: hh,
        };
        let other = Actor::Household {
            user_id: Uuid::new_v4(),
            household_id: Uuid::new_v4(),
        };
        let official = |c: &str| Actor::Official {
            user_id: Uuid::new_v4(),
            jurisdiction: Jurisdiction::new(RegionCode::parse(c).unwrap()),
        };
        let donor = Actor::Supporter {
            user_id: Uuid::new_v4(),
            role: Role::Donor,
        };
        let admin = Actor::Admin {
            user_id: Uuid::new_v4(),
        };
        for (a, draft, published) in [
            (&own, Access::Manage, Access::Manage),
            (&official("411224"), Access::Manage, Access::Manage),
            (&official("411221"), Access::Hidden, Access::Read),
            (&other, Access::Hidden, Access::Read),
            (&donor, Access::Hidden, Access::Read),
            (&admin, Access::Hidden, Access::Read),
            (&Actor::Anonymous, Access::Hidden, Access::Read),
        ] {
            assert_eq!(access(a, hh, &village, false), draft, "{a:?}");
            assert_eq!(access(a, hh, &village, true), published, "{a:?}");
        }
    }
}
