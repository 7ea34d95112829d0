//! The OpenAPI document, generated from the handlers' annotations. Served at `/api/openapi.json` and
//! browsable at `/api/docs` (Swagger UI, its assets compiled into the binary).

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

pub mod constraints;
pub mod problems;
pub mod uploads;

use constraints::Constraints;
use problems::ProblemResponses;

#[derive(OpenApi)]
#[openapi(
    info(title = "Bangfu API", version = "1", description = "Matching social help to households in need. Errors are RFC 9457 problem details with a stable `code`."),
    paths(
        super::ops::healthz,
        super::ops::readyz,
        super::ops::metrics,
        super::auth::register::register,
        super::auth::login::login,
        super::auth::refresh::refresh,
        super::auth::logout::logout,
        super::me::me,
        super::contribution::my_contribution,
        super::admin::officials::create_official,
        super::regions::get::get_region,
        super::regions::list::list_regions,
        super::audit::verify_audit_chain,
        super::checkpoints::list_checkpoints,
        super::checks::create::create_check,
        super::checks::list::list_checks,
        super::checks::get::get_check,
        super::checks::report::check_report,
        super::checks::finding::record_finding,
        super::rectifications::list::list_rectifications,
        super::rectifications::act::answer_rectification,
        super::rectifications::act::accept_rectification,
        super::rectifications::act::reopen_rectification,
        super::revisits::list::revisit_queue,
        super::revisits::answer::answer_revisit,
        super::figures::official_figures,
        super::check_stats::check_figures,
        super::check_stats::check_disclosures,
        super::households::create::create_household,
        super::households::get::get_household,
        super::households::update::update_household,
        super::needs::create::create_need,
        super::needs::list::list_needs,
        super::needs::get::get_need,
        super::needs::update::update_need,
        super::needs::withdraw::withdraw_need,
        super::needs::review::review_need,
        super::needs::review_queue::review_queue,
        super::needs::mine::my_needs,
        super::needs::search::search_needs,
        super::evidence::create::upload_evidence,
        super::evidence::list::list_evidence,
        super::evidence::image::evidence_image,
        super::evidence::delete::delete_evidence,
        super::pledges::create::create_pledge,
        super::pledges::for_need::need_pledges,
        super::pledges::get::get_pledge,
        super::pledges::approve::approve_pledge,
        super::pledges::reject::reject_pledge,
        super::pledges::deliver::deliver_pledge,
        super::pledges::cancel::cancel_pledge,
        super::pledges::confirm::confirm_pledge,
        super::pledges::events::pledge_events,
        super::pledges::mine::my_pledges,
        super::pledges::in_scope::pledges_in_scope,
        super::pledges::review_queue::pledge_queue,
        super::complaints::create::create_complaint,
        super::complaints::get::get_complaint,
        super::complaints::resolve::resolve_complaint,
        super::complaints::queue::complaint_queue,
        super::stats::stats,
        super::sales_stats::sales_stats,
        super::offers::create::create_offer,
        super::offers::get::get_offer,
        super::offers::update::update_offer,
        super::offers::withdraw::withdraw_offer,
        super::offers::mine::my_offers,
        super::offers::search::search_offers,
        super::auth::verify_email::verify_email,
        super::auth::resend_verification::resend_verification,
        super::auth::password_reset::password_reset,
        super::auth::password_reset_confirm::password_reset_confirm,
        super::notifications::get::get_notifications,
        super::notifications::update::update_notifications,
        super::admin::jobs::list::list_jobs,
        super::admin::jobs::retry::retry_job,
        super::needs::matches::need_matches,
        super::offers::matches::offer_matches,
        super::offers::allocate::allocate_offer,
        super::admin::organizations::list::list_organizations,
        super::admin::organizations::verify::verify_organization,
        super::products::create::create_product,
        super::products::get::get_product,
        super::products::search::search_products,
        super::products::update::update_product,
        super::products::delist::delist_product,
        super::products::certify::certify_product,
        super::products::image_add::add_product_image,
        super::products::image_delete::delete_product_image,
        super::media::media,
        super::products::mine::my_products,
        super::products::review_queue::product_queue,
        super::orders::create::create_order,
        super::orders::get::get_order,
        super::orders::mine::my_orders,
        super::orders::sales::my_sales,
        super::orders::paid::mark_order_paid,
        super::orders::ship::ship_order,
        super::orders::cancel::cancel_order,
        super::orders::receive::receive_order,
        super::households::work_get::get_household_work,
        super::households::work_update::update_household_work,
        super::job_matches::job_matches,
        super::retention::list::retention_checks,
        super::retention::answer::answer_retention_check,
        super::jobs_stats::jobs_stats,
    ),
    components(schemas(crate::error::Problem, crate::error::FieldError, crate::domain::Role)),
    modifiers(&BearerAuth, &Constraints, &ProblemResponses),
    tags(
        (name = "auth", description = "Accounts and sign-in"),
        (name = "admin", description = "Platform administration"),
        (name = "households", description = "Household profiles (personal data)"),
        (name = "needs", description = "Needs posted by or for households"),
        (name = "review", description = "Officials' review of needs"),
        (name = "pledges", description = "Pledges: from promise to confirmed receipt"),
        (name = "complaints", description = "Complaints (投诉) and their answers"),
        (name = "stats", description = "Public figures by region"),
        (name = "offers", description = "What supporters can give"),
        (name = "matching", description = "Offers matched to needs both ways, and allocations"),
        (name = "search", description = "Finding public needs and offers"),
        (name = "products", description = "Products of poor households (消费扶贫), certified by their county"),
        (name = "orders", description = "Orders of products: placed, paid, shipped, received"),
        (name = "jobs", description = "Jobs (就业扶贫): matches, retention checks"),
        (name = "regions", description = "Administrative divisions"),
        (name = "audit", description = "The public audit trail"),
        (name = "ops", description = "Health and metrics"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}
