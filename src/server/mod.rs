//! Server-only code: database, sessions, authorization, repositories. Never compiled to WASM.

pub mod audit;
pub mod auth;
pub mod backup;
pub mod cli;
pub mod config;
pub mod db;
pub mod device;
pub mod export;
pub mod guard;
pub mod invitations;
pub mod logo;
pub mod mail;
pub mod password;
pub mod repo;
pub mod seed;
pub mod serve;
pub mod state;
pub mod tokens;
pub mod totp;
