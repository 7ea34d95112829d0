//! The particular problem answers of the jobs platform's operations (就业扶贫: postings,
//! applications, matches, retention checks; see [`super::problems`]), kept beside the main table.

use crate::error::ErrorCode::{self, *};

pub const JOBS: &[(&str, &[ErrorCode])] = &[
    (
        "create_job",
        &[Forbidden, OrganizationUnverified, EmailUnverified],
    ),
    ("update_job", &[Forbidden, JobNotOpen]),
    ("close_job", &[Forbidden, JobNotOpen]),
    ("my_jobs", &[ValidationFailed]),
    (
        "apply_for_job",
        &[Forbidden, EmailUnverified, JobNotOpen, NoAbleMember],
    ),
    ("job_applications", &[Forbidden, ValidationFailed]),
    ("my_applications", &[Forbidden, ValidationFailed]),
    ("application_queue", &[Forbidden, ValidationFailed]),
    ("invite_applicant", &[Forbidden, InvalidTransition]),
    ("accept_invitation", &[Forbidden, InvalidTransition]),
    (
        "hire_applicant",
        &[Forbidden, InvalidTransition, PositionsFilled, JobNotOpen],
    ),
    ("decline_application", &[Forbidden, InvalidTransition]),
    ("withdraw_application", &[Forbidden, InvalidTransition]),
    ("jobs_stats", &[InvalidRegionCode, RegionNotFound]),
    ("job_matches", &[JobNotOpen, ValidationFailed]),
    ("retention_checks", &[Forbidden]),
    ("answer_retention_check", &[NotDue, InvalidTransition]),
];
