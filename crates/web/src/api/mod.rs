//! The JSON API under `/api/v1`, with its OpenAPI document built from the same handlers.

pub mod auth;
pub mod calendar;
pub mod complaints;
pub mod dto;
pub mod handling;
pub mod letters;
pub mod public;
pub mod recusal;
pub mod reminders;
pub mod reports;
pub mod staff;

use crate::AppState;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(title = "Huixiang (回响) API", description = "Complaint handling for community affairs acceptance centers. Errors answer `{\"error\": {\"code\", \"message\", \"field\"}}` with a stable code; messages are Chinese unless `Accept-Language: en` or `?lang=en`."),
    servers((url = "/api/v1")),
    modifiers(&BearerAuth),
    components(schemas(crate::error::ErrorBody))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The API routes (relative to `/api/v1`) and their OpenAPI document.
pub fn router() -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::whoami))
        .routes(routes!(complaints::register, complaints::list))
        .routes(routes!(complaints::read))
        .routes(routes!(complaints::search))
        .routes(routes!(reports::figures))
        .routes(routes!(reports::filed, reports::file))
        .routes(routes!(reports::one))
        .routes(routes!(complaints::repeat_suggestions))
        .routes(routes!(complaints::mark_special))
        .routes(routes!(complaints::repeat_of))
        .routes(routes!(complaints::merge))
        .routes(routes!(complaints::events))
        .routes(routes!(complaints::review))
        .routes(routes!(complaints::not_accept))
        .routes(routes!(complaints::acknowledge))
        .routes(routes!(complaints::object))
        .routes(routes!(complaints::progress))
        .routes(routes!(complaints::submit_result))
        .routes(routes!(complaints::closure_review))
        .routes(routes!(complaints::archive))
        .routes(routes!(complaints::withdraw))
        .routes(routes!(complaints::edit))
        .routes(routes!(complaints::approve_disclosure))
        .routes(routes!(complaints::reads))
        .routes(routes!(handling::refer))
        .routes(routes!(handling::referral_reply))
        .routes(routes!(handling::supervise))
        .routes(routes!(handling::supervision_response))
        .routes(routes!(handling::joint_study))
        .routes(routes!(handling::cooperation))
        .routes(routes!(handling::report_draft))
        .routes(routes!(handling::file_report))
        .routes(routes!(handling::raise_notice))
        .routes(routes!(handling::notices))
        .routes(routes!(handling::notice))
        .routes(routes!(handling::mark_read))
        .routes(routes!(handling::incidents, handling::record_incident))
        .routes(routes!(handling::incident))
        .routes(routes!(letters::add_enclosure))
        .routes(routes!(letters::custody))
        .routes(routes!(letters::excerpt))
        .routes(routes!(letters::instruct))
        .routes(routes!(letters::upload))
        .routes(routes!(letters::download))
        .routes(routes!(public::submit))
        .routes(routes!(public::lookup))
        .routes(routes!(public::rate))
        .routes(routes!(public::issue_code))
        .routes(routes!(recusal::my_conflicts, recusal::declare))
        .routes(routes!(recusal::recuse))
        .routes(routes!(staff::units, staff::create_unit))
        .routes(routes!(staff::update_unit))
        .routes(routes!(staff::users, staff::create_user))
        .routes(routes!(calendar::year, calendar::set_year))
        .routes(routes!(calendar::preview))
        .routes(routes!(reminders::request_extension))
        .routes(routes!(reminders::decide_extension))
        .routes(routes!(reminders::explain))
        .routes(routes!(reminders::chase))
        .routes(routes!(reminders::case_reminders))
        .routes(routes!(reminders::recent))
        .routes(routes!(reminders::overdue))
        .split_for_parts()
}
