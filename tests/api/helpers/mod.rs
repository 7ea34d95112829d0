pub mod app;
pub mod db;

pub use app::{Problem, TestApp};
pub use db::TestDb;
