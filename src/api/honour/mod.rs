//! The honour roll (扶贫榜样), supporters' public pages (扶贫评价) and a supporter's settings for
//! them. Figures count confirmed help only (`domain::honour` has the definitions).

pub mod roll;
pub mod settings;
pub mod supporter;

use super::{get, resource};
use actix_web::web;

/// The honour routes, inside `/api/v1`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/honour-roll").route(get().to(roll::honour_roll)))
        .service(resource("/supporters/{id}").route(get().to(supporter::get_supporter)))
        .service(
            resource("/me/honour")
                .route(get().to(settings::get_honour_settings))
                .route(web::patch().to(settings::update_honour_settings)),
        );
}

use crate::domain::disclosure;
use crate::domain::honour::public_name;
use crate::store::honour::Standing;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A supporter as the public sees it, and its confirmed help.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupporterStanding {
    /// The account's id (its page is `/supporters/{id}`).
    pub id: Uuid,
    pub role: crate::domain::Role,
    /// An organization's name; an individual's name only if it opted in, else `爱心人士 · 3F2A`.
    pub name: String,
    /// An organization whose credit code was verified.
    pub verified: bool,
    /// Confirmed pledges' share of their needs' estimated value, in fen.
    pub value_delivered_fen: i64,
    /// Distinct households its confirmed pledges reached (a count only); null for 1 to 4
    /// (`domain::disclosure`: "fewer than 5").
    pub households_helped: Option<i64>,
    pub confirmed_pledges: i64,
    /// Average rating households gave on confirming (1–5); null over fewer than 5 ratings, so no
    /// household's own rating can be read off (`domain::disclosure`).
    pub rating_average: Option<f64>,
    pub rating_count: i64,
}

impl From<Standing> for SupporterStanding {
    fn from(s: Standing) -> Self {
        Self {
            name: public_name(
                s.role,
                s.user_id,
                &s.display_name,
                s.organization_name.as_deref(),
                s.show_name,
            ),
            id: s.user_id,
            role: s.role,
            verified: s.organization_verified,
            value_delivered_fen: s.value_fen,
            households_helped: disclosure::count(s.households),
            confirmed_pledges: s.confirmed,
            rating_average: disclosure::average(s.rating_average, s.rating_count)
                .map(|a| (a * 100.0).round() / 100.0),
            rating_count: s.rating_count,
        }
    }
}
