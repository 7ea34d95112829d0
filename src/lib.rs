//! Bangfu (帮扶): a marketplace matching social help to households in need. See ARCHITECTURE.md.

pub mod api;
pub mod auth;
pub mod checkpoints;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod error;
pub mod jobs;
pub mod mail;
pub mod matching;
pub mod media;
pub mod memory;
pub mod metrics;
pub mod schema;
pub mod search;
pub mod security_headers;
pub mod seed;
pub mod service;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;
pub mod web;
pub mod workers;
