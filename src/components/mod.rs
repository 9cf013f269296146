//! Reusable views.

pub mod api_tokens;
pub mod audit_log;
pub mod await_view;
pub mod chart;
pub mod dialog;
pub mod form;
pub mod guard;
pub mod layout;
pub mod pager;
pub mod report_table;
pub mod stat_card;
pub mod status;
pub mod structure;
pub mod tabs;
pub mod two_factor;
