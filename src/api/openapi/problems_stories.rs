//! The particular problem answers of the stories and honour-roll operations (see
//! [`super::problems`]), kept beside the main table.

use crate::error::ErrorCode::{self, *};

pub const PARTICULAR: &[(&str, &[ErrorCode])] = &[
    ("create_story", &[Forbidden, InvalidTransition]),
    ("update_story", &[Forbidden, InvalidTransition]),
    ("list_stories", &[InvalidRegionCode, RegionNotFound]),
    ("my_stories", &[Forbidden]),
    ("story_queue", &[Forbidden]),
    (
        "add_story_photo",
        &[Forbidden, TooManyImages, InvalidTransition],
    ),
    ("delete_story_photo", &[Forbidden, InvalidTransition]),
    (
        "consent_story",
        &[Forbidden, InvalidTransition, StoryChanged],
    ),
    (
        "submit_story",
        &[
            Forbidden,
            ConsentRequired,
            FacesNotAllowed,
            InvalidTransition,
        ],
    ),
    (
        "review_story",
        &[
            Forbidden,
            SecondOfficialRequired,
            ConsentRequired,
            FacesNotAllowed,
            InvalidTransition,
        ],
    ),
    ("honour_roll", &[InvalidRegionCode, RegionNotFound]),
    ("get_honour_settings", &[Forbidden]),
    ("update_honour_settings", &[Forbidden]),
];
