//! The problem codes particular to the crowdfunding operations (扶贫众筹), by operation id: a part
//! of [`super::problems`]' table kept apart so each file stays short.

use crate::error::ErrorCode::{self, *};

pub const PROJECTS: &[(&str, &[ErrorCode])] = &[
    ("create_project", &[Forbidden]),
    ("get_project", &[]),
    ("search_projects", &[ValidationFailed, InvalidRegionCode]),
    ("my_projects", &[Forbidden, ValidationFailed]),
    (
        "review_project",
        &[
            Forbidden,
            SecondOfficialRequired,
            InvalidTransition,
            DeadlinePassed,
        ],
    ),
    (
        "pledge_to_project",
        &[
            IdempotencyKeyMissing,
            Forbidden,
            EmailUnverified,
            ExceedsTarget,
            UnpaidLimit,
            ProjectNotOpen,
            DeadlinePassed,
        ],
    ),
    (
        "record_receipt",
        &[Forbidden, ExceedsPledge, ProjectNotOpen],
    ),
    (
        "record_spending",
        &[
            IdempotencyKeyMissing,
            Forbidden,
            ExceedsReceived,
            ExceedsBudgetLine,
            ProjectNotOpen,
            DuplicateReceipt,
        ],
    ),
    ("record_refund", &[Forbidden, ExceedsPledge, NotRefunding]),
    (
        "close_project",
        &[
            Forbidden,
            SecondOfficialRequired,
            CloseNotAllowed,
            InvalidTransition,
        ],
    ),
    (
        "review_receipt",
        &[Forbidden, SecondOfficialRequired, ReceiptNotPending],
    ),
    (
        "replace_receipt",
        &[Forbidden, ReceiptNotWithheld, DuplicateReceipt],
    ),
    (
        "reverse_spending",
        &[Forbidden, AlreadyReversed, NotReversible, ProjectNotOpen],
    ),
    ("receipt_queue", &[Forbidden]),
];
