//! Domain types and rules, free of HTTP and storage: parse, don't validate. Each input newtype can only
//! be built from a value that passed its checks, so code holding one need not check again.

pub mod credit_code;
pub mod disclosure;
pub mod email;
pub mod id_number;
pub mod jurisdiction;
pub mod password;
pub mod personal_data;
pub mod region_code;
pub mod role;
pub mod string_enum;
pub mod text;

pub use credit_code::CreditCode;
pub use email::Email;
pub use id_number::IdNumber;
pub use jurisdiction::Jurisdiction;
pub use need::household_label;
pub use password::Password;
pub use region_code::{RegionCode, RegionLevel};
pub use role::Role;
pub mod access;
pub mod campaign;
pub mod checks;
pub mod complaint;
pub mod contribution;
pub mod crowdfunding;
pub mod employment;
pub mod evidence;
pub mod field_checks;
pub mod honour;
pub mod household;
pub mod job;
pub mod match_terms;
pub mod matching;
pub mod need;
pub mod offer;
pub mod order;
pub mod pledge;
pub mod product;
pub mod product_fields;
pub mod rectification;
pub mod review;
pub mod state_table;
pub mod story;
pub mod two_people;
pub mod unit;
