//! The one integration-test binary: every test runs the real app (`pdsa::build_app`) over a fresh
//! database of its own: a temporary SQLite file, or a PostgreSQL database when
//! `TEST_DATABASE_URL=postgres://…` (see `testdb`). `support` holds the `TestApp` builder and a cookie-keeping browser;
//! `fixtures` the shared set-up (years with member districts, teams, convenings, signed-in callers).

mod fixtures;
mod support;
mod testdb;

mod account_mail;
mod analysis;
mod api_teams;
mod api_years;
mod assets;
mod audit;
mod auth;
mod backup;
mod binary;
mod browser;
mod cli;
mod contract;
mod copy;
mod cycles;
mod engines;
mod evidence;
mod generate;
mod headers;
mod infra;
mod instances;
mod mail;
mod network;
mod newcomer;
mod observability;
mod outbox_queue;
mod outbox_worker;
mod pages_cycles;
mod pages_evidence;
mod pages_teams;
mod pages_variation;
mod pages_years;
mod queries;
mod races;
mod resume;
mod roles;
mod seed;
mod sessions;
mod smtp;
mod throttle;
mod variation;
