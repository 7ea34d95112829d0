//! Rules the server enforces on parameters and bodies, written into the document from the code that
//! enforces them, so that data the schema allows is data the server accepts (and a client generated
//! from the document can check input before sending it).
//!
//! Length and pattern rules of single fields sit on the request types as `#[schema(...)]`; what is
//! defined once for many operations (paging, region codes, the category and role lists) is written
//! in here, from the same constants the checks use.

use crate::api::extract::{MAX_PAGE, MAX_PER_PAGE};
use crate::domain::need::{Category, Urgency};
use crate::domain::Role;
use serde_json::Value;
use utoipa::openapi::path::ParameterIn;
use utoipa::openapi::schema::{Object, Schema};
use utoipa::openapi::{OpenApi, RefOr};
use utoipa::Modify;

/// A region code as [`crate::domain::RegionCode::parse`] accepts it: 2, 4, 6, 9 or 12 digits, no level
/// all zeros but the county's, and in the 12-digit form only trailing levels padded with zeros.
pub const REGION_CODE: &str = concat!(
    r"^(0[1-9]|[1-9]\d)((0[1-9]|[1-9]\d)(\d{2}((00[1-9]|0[1-9]\d|[1-9]\d{2})",
    r"((00[1-9]|0[1-9]\d|[1-9]\d{2})|000)?|000000)?)?|0{10})?$"
);
/// A village: the full 12 digits, no level all zeros but the county's.
pub const VILLAGE_CODE: &str = concat!(
    r"^(0[1-9]|[1-9]\d)(0[1-9]|[1-9]\d)\d{2}",
    r"(00[1-9]|0[1-9]\d|[1-9]\d{2})(00[1-9]|0[1-9]\d|[1-9]\d{2})$"
);

pub struct Constraints;

impl Modify for Constraints {
    fn modify(&self, openapi: &mut OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                for param in operation.parameters.iter_mut().flatten() {
                    let Some(RefOr::T(Schema::Object(schema))) = param.schema.as_mut() else {
                        continue;
                    };
                    match (&param.parameter_in, param.name.as_str()) {
                        (ParameterIn::Query, "page") => range(schema, 1, MAX_PAGE.into()),
                        (ParameterIn::Query, "per_page") => range(schema, 1, MAX_PER_PAGE.into()),
                        (ParameterIn::Query, "region" | "parent") | (ParameterIn::Path, "code") => {
                            schema.pattern = Some(REGION_CODE.to_owned());
                        }
                        _ => {}
                    }
                }
            }
        }
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        let roles: Vec<&str> = Role::ALL
            .into_iter()
            .filter(|r| r.can_self_register())
            .map(Role::as_str)
            .collect();
        let categories: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
        let urgencies: Vec<&str> = Urgency::ALL.iter().map(|u| u.as_str()).collect();
        for (name, schema) in components.schemas.iter_mut() {
            let RefOr::T(Schema::Object(object)) = schema else {
                continue;
            };
            if name == "RegisterRequest" {
                one_of(object, "role", &roles);
            }
            if matches!(
                name.as_str(),
                "CreateNeedRequest" | "NeedFields" | "OfferFields"
            ) {
                one_of(object, "category", &categories);
            }
            if matches!(name.as_str(), "CreateNeedRequest" | "NeedFields") {
                one_of(object, "urgency", &urgencies);
            }
            let village = name == "HouseholdInput";
            for (field, property) in object.properties.iter_mut() {
                if let RefOr::T(Schema::Object(property)) = property {
                    match field.as_str() {
                        "region_code" if village => property.pattern = Some(VILLAGE_CODE.into()),
                        "region_code" | "jurisdiction_code" => {
                            property.pattern = Some(REGION_CODE.into());
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}

fn range(schema: &mut Object, min: u64, max: u64) {
    schema.minimum = Some(utoipa::Number::UInt(min as usize));
    schema.maximum = Some(utoipa::Number::UInt(max as usize));
}

/// Limits a string property to a list of values (an optional one still takes `null`).
fn one_of(object: &mut Object, field: &str, values: &[&str]) {
    if let Some(RefOr::T(Schema::Object(property))) = object.properties.get_mut(field) {
        let mut allowed: Vec<Value> = values.iter().map(|v| Value::from(*v)).collect();
        if !object.required.iter().any(|r| r == field) {
            allowed.push(Value::Null);
        }
        property.enum_values = Some(allowed);
    }
}
