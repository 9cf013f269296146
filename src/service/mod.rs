//! The operations, one module per aggregate. Each takes an explicit `Caller`, a typed input and
//! the database; it authorizes, does its work in one transaction with its audit row, and returns
//! the record it wrote or a typed error. No Leptos, no HTTP: the server functions (`api`) and the
//! REST handlers (`rest`) are thin adapters over these. See docs/architecture.md.

pub mod accounts;
pub mod assignments;
pub mod audit;
pub mod caller;
pub mod courses;
pub mod join;
pub mod learning;
pub mod members;
pub mod my_account;
pub mod orgs;
pub mod outbox;
pub mod overview;
pub mod progress;
pub mod reports;
pub mod seats;
pub mod settings;
pub mod structure;
pub mod tokens;
pub mod two_factor;
pub mod types;
pub mod users;

pub use caller::{Access, ApiCaller, Caller};
