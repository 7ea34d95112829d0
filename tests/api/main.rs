//! Integration tests: the real server over real PostgreSQL, a fresh database per test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;

mod audit;
mod auth;
mod authz_matrix;
mod cli;
mod errors;
mod hardening;
mod households;
mod import_graph;
mod jobs;
mod mail;
mod matching;
mod migrations;
mod needs;
mod needs_authz;
mod needs_fixture;
mod offers;
mod officials;
mod ops;
mod pledges;
mod pledges_more;
mod regions;
mod register;
mod search_api;
mod search_engine;
mod search_offers;
mod search_outage;
mod seed;
mod stats;
mod statuses;
