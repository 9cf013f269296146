//! Pure rules of Orgboard: no I/O, no framework, so every rule is unit-tested in milliseconds.

pub mod access;
pub mod api_tokens;
pub mod assignments;
pub mod audit;
pub mod course;
pub mod csv;
pub mod dates;
pub mod format;
pub mod ids;
pub mod members;
pub mod nav;
pub mod org;
pub mod org_admin;
pub mod org_type;
pub mod progress;
pub mod reports;
pub mod role;
pub mod rollup;
pub mod seat_benefits;
pub mod seats;
pub mod session;
pub mod settings;
pub mod structure;
pub mod user_admin;
pub mod validate;
