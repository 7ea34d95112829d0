pub mod app;
pub mod db;
pub mod smtp;

pub use app::{Problem, TestApp};
pub use db::TestDb;
