//! Tests of the problem responses, apart from the table so that error.rs stays under 400 lines.

use super::*;

#[test]
fn problem_body_has_the_contract_fields() {
    let e = ApiError::validation(vec![FieldError::new("email", "invalid_email", "bad")])
        .with_extra("remaining_quantity", 3);
    let v = e.problem_body();
    assert_eq!(v["status"], 400);
    assert_eq!(v["code"], "validation_failed");
    assert_eq!(v["errors"][0]["field"], "email");
    assert_eq!(v["remaining_quantity"], 3);
    assert!(v["type"]
        .as_str()
        .unwrap_or_default()
        .ends_with("validation-failed"));
}
