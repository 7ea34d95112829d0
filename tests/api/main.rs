//! Integration tests: the real server over real PostgreSQL, a fresh database per test.

mod helpers;

mod audit;
mod auth;
mod authz_matrix;
mod cli;
mod errors;
mod jobs;
mod migrations;
mod officials;
mod ops;
mod regions;
mod register;
