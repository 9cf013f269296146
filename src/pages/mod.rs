//! Route components, one folder per area.

pub mod admin;
pub mod api_docs;
pub mod auth;
pub mod dashboard;
pub mod home;
pub mod me;
pub mod not_found;
pub mod org;
pub mod organizations;
