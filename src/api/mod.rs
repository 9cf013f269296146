//! Server functions: thin glue from an HTTP request to `server` and `domain`. Every one of them
//! is a public endpoint and checks who is asking through `server::auth`.

pub mod admin;
pub mod assignments;
pub mod audit;
pub mod auth;
pub mod courses;
pub mod invitations;
pub mod join;
pub mod member_tools;
pub mod members;
pub mod org_admin;
pub mod orgs;
pub mod outbox;
pub mod reports;
pub mod seat_benefits;
pub mod settings;
pub mod structure;
pub mod tokens;
pub mod types;
pub mod users;
