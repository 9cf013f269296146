//! The areas of the product and who may enter them: the header shows exactly the areas a
//! person may use, and page guards ask the same question.

use super::session::CurrentUser;

/// An area of the product with its own entry in the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// The platform admin area.
    Admin,
    /// The group dashboard of owners and managers.
    Dashboard,
    /// The learner's own courses.
    MyLearning,
}

impl Area {
    /// Every area, in navigation order.
    pub const ALL: [Area; 3] = [Area::Admin, Area::Dashboard, Area::MyLearning];

    /// Platform admins get Admin, owners and managers (and platform admins) get Dashboard,
    /// everyone signed in gets My learning.
    pub fn admits(self, user: &CurrentUser) -> bool {
        match self {
            Area::Admin => user.is_platform_admin,
            Area::Dashboard => user.is_platform_admin || user.manages_any,
            Area::MyLearning => true,
        }
    }

    /// Link target.
    pub fn href(self) -> &'static str {
        match self {
            Area::Admin => "/admin",
            Area::Dashboard => "/dashboard",
            Area::MyLearning => "/me",
        }
    }

    /// Link text.
    pub fn label(self) -> &'static str {
        match self {
            Area::Admin => "Admin",
            Area::Dashboard => "Dashboard",
            Area::MyLearning => "My learning",
        }
    }
}

/// The navigation for `user`.
pub fn items_for(user: &CurrentUser) -> Vec<Area> {
    Area::ALL.into_iter().filter(|a| a.admits(user)).collect()
}

/// Where a person lands after signing in when no page was asked for: their most powerful area.
pub fn home_for(user: &CurrentUser) -> &'static str {
    items_for(user)
        .first()
        .copied()
        .unwrap_or(Area::MyLearning)
        .href()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::UserId;

    fn user(admin: bool, manages: bool) -> CurrentUser {
        CurrentUser {
            id: UserId(1),
            email: "a@example.com".into(),
            name: "A".into(),
            is_platform_admin: admin,
            manages_any: manages,
        }
    }

    #[test]
    fn each_kind_of_person_sees_only_what_they_may_use() {
        assert_eq!(items_for(&user(false, false)), vec![Area::MyLearning]);
        assert_eq!(
            items_for(&user(false, true)),
            vec![Area::Dashboard, Area::MyLearning]
        );
        assert_eq!(items_for(&user(true, false)), Area::ALL.to_vec());
    }

    #[test]
    fn home_is_the_most_powerful_area() {
        assert_eq!(home_for(&user(true, true)), "/admin");
        assert_eq!(home_for(&user(false, true)), "/dashboard");
        assert_eq!(home_for(&user(false, false)), "/me");
    }
}
