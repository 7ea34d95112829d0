//! The English title of each problem code (the `title` of the problem body); clients translate by code.

use super::ErrorCode;

impl ErrorCode {
    /// A short human title, the same for every occurrence of the code.
    pub fn title(self) -> &'static str {
        use ErrorCode::*;
        match self {
            BadJson => "The request body is not valid JSON",
            UnknownField => "The request body has a field this operation does not take",
            ValidationFailed => "Some fields are invalid",
            BadQuery => "The query string is invalid",
            BadPath => "A path parameter is invalid",
            PayloadTooLarge => "The request body is too large",
            UnsupportedMediaType => "The request body must be JSON",
            NotFound => "Not found",
            MethodNotAllowed => "Method not allowed",
            Unauthenticated => "Sign-in required",
            InvalidToken => "The access token is invalid",
            TokenExpired => "The access token has expired",
            InvalidCredentials => "Wrong email or password",
            InvalidRefreshToken => "The refresh token is invalid",
            RefreshTokenReused => "The refresh token was already used",
            Forbidden => "Not allowed",
            EmailUnverified => "Verify your email address first",
            InvalidMailToken => "The link is not valid or was used already",
            MailTokenExpired => "The link has expired",
            TooManyAttempts => "Too many attempts",
            EmailTaken => "The email address is already registered",
            CreditCodeTaken => "The credit code is already registered",
            IdNumberTaken => "The ID number already belongs to a household",
            RegionNotFound => "No such region",
            InvalidRegionCode => "Malformed region code",
            NeedNotEditable => "The need can no longer be edited",
            NeedAlreadyReviewed => "The need was already reviewed",
            NeedHasPledges => "The need has active pledges",
            InvalidTransition => "That change is not possible in the current state",
            InsufficientRemaining => "Less remains of the need than pledged",
            OfferInsufficient => {
                "The offer is not active, has expired, or has less left than pledged"
            }
            OfferNotActive => "The offer is withdrawn, expired or used up",
            NeedNotOpen => "The need is not open for pledges",
            WrongReceiptCode => "Wrong receipt code",
            ReceiptCodeLocked => "The receipt code is locked after repeated wrong attempts",
            SearchUnavailable => "Search is unavailable",
            IdempotencyKeyMissing => "Idempotency-Key header required",
            IdempotencyKeyInvalid => "Idempotency-Key must be a UUID",
            IdempotencyKeyReused => "Idempotency-Key was used with another request",
            IdempotencyRequestInFlight => "A request with this Idempotency-Key is still running",
            Unavailable => "Service unavailable",
            Overloaded => "The server is busy; try again shortly",
            Internal => "Internal error",
            CheckNotAllowed => "This official may not run that check round",
            FindingAlreadyRecorded => "The item already has a finding",
            SecondOfficialRequired => "Another official must take this decision",
            NeedChanged => "The need changed after you opened it",
            InsufficientStock => "Less is in stock than ordered",
            ProductNotListed => "The product is not on sale",
            FileTooLarge => "The file is larger than 5 MB",
            UnsupportedImageType => "Only JPEG, PNG and WebP images are accepted",
            InvalidImage => "The image cannot be read",
            ImageTooLarge => "The image has too many pixels",
            BadMultipart => "The request must be a multipart form with the expected parts",
            TooManyFiles => "No more files can be attached here",
            TooManyImages => "The product already has as many images as allowed",
            StockChanged => "The stock changed after you read it",
            OrganizationUnverified => "The organization is not verified yet",
            JobNotOpen => "The job is not open",
            ConsentRequired => "The household has not consented",
            FacesNotAllowed => "Faces are not allowed",
            NoAbleMember => "No member of the household is free to work",
            PositionsFilled => "Every position of the job is filled",
            NotDue => "Not due yet",
            CampaignEnded => "The campaign has ended",
        }
    }
}
