//! What the browser may know about the signed-in person.

use serde::{Deserialize, Serialize};

use super::ids::UserId;

/// The signed-in person, as shown in the header and used to build the navigation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    /// Account id.
    pub id: UserId,
    /// Sign-in email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Runs the whole platform (Admin area).
    pub is_platform_admin: bool,
    /// Owner, organization admin, department admin or manager of at least one active organization.
    pub manages_any: bool,
}
