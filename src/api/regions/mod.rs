pub mod get;
pub mod list;

use crate::domain::RegionCode;
use crate::error::{ApiError, ErrorCode};

/// Parses a region code from a path or query, with the region problems.
pub fn parse_code(input: &str) -> Result<RegionCode, ApiError> {
    RegionCode::parse(input)
        .map_err(|m| ApiError::new(ErrorCode::InvalidRegionCode, format!("`{input}`: {m}")))
}

pub fn not_found(code: &RegionCode) -> ApiError {
    ApiError::new(
        ErrorCode::RegionNotFound,
        format!("no region has the code {code}"),
    )
}
