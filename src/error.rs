//! One table of error codes, each with its HTTP status, and the RFC 9457 problem response.
//!
//! Every failure a client can see goes through [`ApiError`]; its `code` is stable and machine-readable,
//! its `detail` is for people. Internal failures are logged with their cause and answered with a generic
//! `internal` problem that never echoes the cause.

use actix_web::http::StatusCode;
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt;
use utoipa::ToSchema;

/// Every problem code Bangfu answers with. Adding a variant means adding it to [`ErrorCode::status`]
/// and [`ErrorCode::as_str`]; the compiler enforces both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    BadJson,
    UnknownField,
    ValidationFailed,
    BadQuery,
    BadPath,
    PayloadTooLarge,
    UnsupportedMediaType,
    NotFound,
    MethodNotAllowed,
    Unauthenticated,
    InvalidToken,
    TokenExpired,
    InvalidCredentials,
    InvalidRefreshToken,
    RefreshTokenReused,
    Forbidden,
    EmailUnverified,
    TooManyAttempts,
    EmailTaken,
    CreditCodeTaken,
    IdNumberTaken,
    RegionNotFound,
    InvalidRegionCode,
    NeedNotEditable,
    NeedAlreadyReviewed,
    NeedHasPledges,
    InvalidTransition,
    InsufficientRemaining,
    OfferInsufficient,
    OfferNotActive,
    NeedNotOpen,
    WrongReceiptCode,
    ReceiptCodeLocked,
    SearchUnavailable,
    IdempotencyKeyMissing,
    IdempotencyKeyInvalid,
    IdempotencyKeyReused,
    IdempotencyRequestInFlight,
    InvalidMailToken,
    MailTokenExpired,
    Unavailable,
    Overloaded,
    Internal,
    CheckNotAllowed,
    FindingAlreadyRecorded,
    SecondOfficialRequired,
    NeedChanged,
    InsufficientStock,
    ProductNotListed,
    FileTooLarge,
    UnsupportedImageType,
    InvalidImage,
    ImageTooLarge,
    BadMultipart,
    TooManyFiles,
    TooManyImages,
    StockChanged,
    StoryChanged,
    UnpaidLimit,
    DuplicateReceipt,
    AlreadyReversed,
    NotReversible,
    ReceiptNotPending,
    ReceiptNotWithheld,
    OrganizationUnverified,
    JobNotOpen,
    NoAbleMember,
    PositionsFilled,
    NotDue,
    ConsentRequired,
    FacesNotAllowed,
    CampaignEnded,
    ProjectNotOpen,
    DeadlinePassed,
    ExceedsTarget,
    ExceedsPledge,
    ExceedsReceived,
    ExceedsBudgetLine,
    CloseNotAllowed,
    NotRefunding,
}

impl ErrorCode {
    pub fn status(self) -> StatusCode {
        use ErrorCode::*;
        match self {
            BadJson
            | UnknownField
            | ValidationFailed
            | BadQuery
            | BadPath
            | InvalidRegionCode
            | IdempotencyKeyMissing
            | IdempotencyKeyInvalid => StatusCode::BAD_REQUEST,
            Unauthenticated | InvalidToken | TokenExpired | InvalidCredentials
            | InvalidRefreshToken | RefreshTokenReused => StatusCode::UNAUTHORIZED,
            Forbidden | EmailUnverified => StatusCode::FORBIDDEN,
            InvalidMailToken | MailTokenExpired => StatusCode::BAD_REQUEST,
            NotFound | RegionNotFound => StatusCode::NOT_FOUND,
            MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            EmailTaken
            | CreditCodeTaken
            | IdNumberTaken
            | IdempotencyRequestInFlight
            | NeedNotEditable
            | NeedAlreadyReviewed
            | NeedHasPledges
            | InvalidTransition
            | InsufficientRemaining
            | OfferInsufficient
            | OfferNotActive
            | NeedNotOpen
            | InsufficientStock
            | ProductNotListed => StatusCode::CONFLICT,
            PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            WrongReceiptCode => StatusCode::UNPROCESSABLE_ENTITY,
            ReceiptCodeLocked => StatusCode::LOCKED,
            Unavailable | SearchUnavailable | Overloaded => StatusCode::SERVICE_UNAVAILABLE,
            Internal => StatusCode::INTERNAL_SERVER_ERROR,
            CheckNotAllowed => StatusCode::FORBIDDEN,
            FindingAlreadyRecorded
            | NeedChanged
            | TooManyFiles
            | TooManyImages
            | StockChanged
            | StoryChanged
            | UnpaidLimit
            | DuplicateReceipt
            | AlreadyReversed
            | NotReversible
            | ReceiptNotPending
            | ReceiptNotWithheld => StatusCode::CONFLICT,
            NotDue | ConsentRequired | FacesNotAllowed | CampaignEnded => StatusCode::CONFLICT,
            ProjectNotOpen | DeadlinePassed | ExceedsTarget | ExceedsPledge | ExceedsReceived
            | ExceedsBudgetLine | CloseNotAllowed | NotRefunding => StatusCode::CONFLICT,
            SecondOfficialRequired => StatusCode::FORBIDDEN,
            FileTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            UnsupportedImageType | InvalidImage | ImageTooLarge | BadMultipart => {
                StatusCode::BAD_REQUEST
            }
            OrganizationUnverified => StatusCode::FORBIDDEN,
            JobNotOpen | NoAbleMember | PositionsFilled => StatusCode::CONFLICT,
        }
    }

    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            BadJson => "bad_json",
            UnknownField => "unknown_field",
            ValidationFailed => "validation_failed",
            BadQuery => "bad_query",
            BadPath => "bad_path",
            PayloadTooLarge => "payload_too_large",
            UnsupportedMediaType => "unsupported_media_type",
            NotFound => "not_found",
            MethodNotAllowed => "method_not_allowed",
            Unauthenticated => "unauthenticated",
            InvalidToken => "invalid_token",
            TokenExpired => "token_expired",
            InvalidCredentials => "invalid_credentials",
            InvalidRefreshToken => "invalid_refresh_token",
            RefreshTokenReused => "refresh_token_reused",
            Forbidden => "forbidden",
            EmailUnverified => "email_unverified",
            InvalidMailToken => "invalid_mail_token",
            MailTokenExpired => "mail_token_expired",
            TooManyAttempts => "too_many_attempts",
            EmailTaken => "email_taken",
            CreditCodeTaken => "credit_code_taken",
            IdNumberTaken => "id_number_taken",
            RegionNotFound => "region_not_found",
            InvalidRegionCode => "invalid_region_code",
            NeedNotEditable => "need_not_editable",
            NeedAlreadyReviewed => "need_already_reviewed",
            NeedHasPledges => "need_has_pledges",
            InvalidTransition => "invalid_transition",
            InsufficientRemaining => "insufficient_remaining",
            OfferInsufficient => "offer_insufficient",
            OfferNotActive => "offer_not_active",
            NeedNotOpen => "need_not_open",
            WrongReceiptCode => "wrong_receipt_code",
            ReceiptCodeLocked => "receipt_code_locked",
            SearchUnavailable => "search_unavailable",
            IdempotencyKeyMissing => "idempotency_key_missing",
            IdempotencyKeyInvalid => "idempotency_key_invalid",
            IdempotencyKeyReused => "idempotency_key_reused",
            IdempotencyRequestInFlight => "idempotency_request_in_flight",
            Unavailable => "unavailable",
            Overloaded => "overloaded",
            Internal => "internal",
            CheckNotAllowed => "check_not_allowed",
            FindingAlreadyRecorded => "finding_already_recorded",
            SecondOfficialRequired => "second_official_required",
            NeedChanged => "need_changed",
            InsufficientStock => "insufficient_stock",
            ProductNotListed => "product_not_listed",
            FileTooLarge => "file_too_large",
            UnsupportedImageType => "unsupported_image_type",
            InvalidImage => "invalid_image",
            ImageTooLarge => "image_too_large",
            BadMultipart => "bad_multipart",
            TooManyFiles => "too_many_files",
            TooManyImages => "too_many_images",
            StockChanged => "stock_changed",
            StoryChanged => "story_changed",
            UnpaidLimit => "unpaid_limit",
            DuplicateReceipt => "duplicate_receipt",
            AlreadyReversed => "already_reversed",
            NotReversible => "not_reversible",
            ReceiptNotPending => "receipt_not_pending",
            ReceiptNotWithheld => "receipt_not_withheld",
            OrganizationUnverified => "organization_unverified",
            JobNotOpen => "job_not_open",
            ConsentRequired => "consent_required",
            FacesNotAllowed => "faces_not_allowed",
            NoAbleMember => "no_able_member",
            PositionsFilled => "positions_filled",
            NotDue => "not_due",
            CampaignEnded => "campaign_ended",
            ProjectNotOpen => "project_not_open",
            DeadlinePassed => "deadline_passed",
            ExceedsTarget => "exceeds_target",
            ExceedsPledge => "exceeds_pledge",
            ExceedsReceived => "exceeds_received",
            ExceedsBudgetLine => "exceeds_budget_line",
            CloseNotAllowed => "close_not_allowed",
            NotRefunding => "not_refunding",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One field's problem inside a `validation_failed` response.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, ToSchema)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// The body of every error response (RFC 9457).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub detail: String,
    pub errors: Vec<FieldError>,
    /// Extra members of the problem object (for example `remaining_quantity`).
    pub extra: Map<String, Value>,
    /// Seconds for a `Retry-After` header.
    pub retry_after: Option<u64>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            code,
            detail: detail.into(),
            errors: Vec::new(),
            extra: Map::new(),
            retry_after: None,
        }
    }

    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = format!("{} field(s) failed validation", errors.len());
        Self {
            errors,
            ..Self::new(ErrorCode::ValidationFailed, detail)
        }
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, detail)
    }

    pub fn with_extra(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.extra.insert(key.to_owned(), value.into());
        self
    }

    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// An internal failure: the cause is logged here and never shown to the client.
    pub fn internal(cause: impl fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            ErrorCode::Internal,
            "The server failed to handle the request; it has been logged.",
        )
    }

    pub fn problem_body(&self) -> Value {
        let status = self.code.status();
        let problem = Problem {
            type_: format!(
                "https://bangfu.example/problems/{}",
                self.code.as_str().replace('_', "-")
            ),
            title: self.code.title().to_owned(),
            status: status.as_u16(),
            detail: self.detail.clone(),
            code: self.code.as_str().to_owned(),
            errors: self.errors.clone(),
        };
        let mut value = serde_json::to_value(problem).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut value {
            for (k, v) in &self.extra {
                map.insert(k.clone(), v.clone());
            }
        }
        value
    }
}

mod convert;
mod response;
mod titles;

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
