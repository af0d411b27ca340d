//! The server's one integration-test binary: every `/api/v1` endpoint with its 400s and 404s, the
//! SPA beside it, ETags, compression, one real socket, and the store and dataset loading underneath.
//! Each test gets its own database with the demo organisation (`helpers::TestApp`): a SQLite file, or
//! with `GONGSHI_TEST_DATABASE=postgres` a database on a PostgreSQL server the run starts itself.

#[path = "api/helpers.rs"]
mod helpers;
#[path = "api/postgres.rs"]
mod postgres;
#[path = "api/process.rs"]
mod process;

#[path = "api/access.rs"]
mod access;
#[path = "api/catalog.rs"]
mod catalog;
#[path = "api/catalog_rounds.rs"]
mod catalog_rounds;
#[path = "api/cli.rs"]
mod cli;
#[path = "api/complaints.rs"]
mod complaints;
#[path = "api/crash.rs"]
mod crash;
#[path = "api/dashboard.rs"]
mod dashboard;
#[path = "api/districts.rs"]
mod districts;
#[path = "api/handling.rs"]
mod handling;
#[path = "api/leaks.rs"]
mod leaks;
#[path = "api/localities.rs"]
mod localities;
#[path = "api/log.rs"]
mod log;
#[path = "api/migrate_data.rs"]
mod migrate_data;
#[path = "api/open311.rs"]
mod open311;
#[path = "api/penalties.rs"]
mod penalties;
#[path = "api/publishing.rs"]
mod publishing;
#[path = "api/replica.rs"]
mod replica;
#[path = "api/roster.rs"]
mod roster;
#[path = "api/roster_changes.rs"]
mod roster_changes;
#[path = "api/roster_import.rs"]
mod roster_import;
#[path = "api/scale_out.rs"]
mod scale_out;
#[path = "api/search_parity.rs"]
mod search_parity;
#[path = "api/security.rs"]
mod security;
#[path = "api/service.rs"]
mod service;
#[path = "api/spa.rs"]
mod spa;
#[path = "api/staff.rs"]
mod staff;
#[path = "api/store.rs"]
mod store;
#[path = "api/users.rs"]
mod users;
#[path = "api/zones.rs"]
mod zones;
