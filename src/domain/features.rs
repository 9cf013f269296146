//! Plan features of one organization. An organization type holds the defaults; each
//! organization gets its own copy when it is created, and a platform admin changes that copy on
//! the organization's admin page (Admin > Organizations > the organization > Plan features).
//! Every feature is enforced in the pages, the exports and the REST API.

use serde::{Deserialize, Serialize};

/// One plan feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Feature {
    /// The Reports tab and the report API.
    Reports,
    /// CSV downloads of reports and lists.
    CsvExport,
    /// The REST API with the organization's own tokens.
    ApiAccess,
    /// Joining from a join page without an invitation.
    SelfRegistration,
}

impl Feature {
    /// Every feature, in the order the admin page lists them.
    pub const ALL: [Feature; 4] = [
        Feature::Reports,
        Feature::CsvExport,
        Feature::ApiAccess,
        Feature::SelfRegistration,
    ];

    /// The stored column (on organizations and organization types).
    pub fn column(self) -> &'static str {
        match self {
            Feature::Reports => "feature_reports",
            Feature::CsvExport => "feature_csv_export",
            Feature::ApiAccess => "feature_api",
            Feature::SelfRegistration => "allow_domain_registration",
        }
    }

    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            Feature::Reports => "Reports",
            Feature::CsvExport => "CSV export",
            Feature::ApiAccess => "API access",
            Feature::SelfRegistration => "Self-registration (join pages)",
        }
    }

    /// What someone meets when the feature is off, pointing to the control that turns it on.
    pub fn missing_message(self) -> String {
        let what = match self {
            Feature::Reports => "Reports are",
            Feature::CsvExport => "CSV export is",
            Feature::ApiAccess => "API access is",
            Feature::SelfRegistration => "Self-registration is",
        };
        format!(
            "{what} not part of this organization's plan. A platform admin turns it on under Admin > Organizations > this organization > Plan features."
        )
    }
}

/// The plan features of one organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PlanFeatures {
    /// Reports.
    pub feature_reports: bool,
    /// CSV export.
    pub feature_csv_export: bool,
    /// API access.
    pub feature_api: bool,
    /// Self-registration.
    pub allow_domain_registration: bool,
}

impl PlanFeatures {
    /// Whether `feature` is on.
    pub fn has(&self, feature: Feature) -> bool {
        match feature {
            Feature::Reports => self.feature_reports,
            Feature::CsvExport => self.feature_csv_export,
            Feature::ApiAccess => self.feature_api,
            Feature::SelfRegistration => self.allow_domain_registration,
        }
    }

    /// The features as a form sent them: a checkbox is on when present.
    pub fn from_form(form: &FeaturesForm) -> PlanFeatures {
        PlanFeatures {
            feature_reports: form.feature_reports.is_some(),
            feature_csv_export: form.feature_csv_export.is_some(),
            feature_api: form.feature_api.is_some(),
            allow_domain_registration: form.allow_domain_registration.is_some(),
        }
    }
}

/// The Plan features form (checkboxes: present when ticked).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeaturesForm {
    /// Reports.
    pub feature_reports: Option<String>,
    /// CSV export.
    pub feature_csv_export: Option<String>,
    /// API access.
    pub feature_api: Option<String>,
    /// Self-registration.
    pub allow_domain_registration: Option<String>,
}

/// An organization's features beside its type's defaults, for the admin page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeaturesView {
    /// The organization's own.
    pub org: PlanFeatures,
    /// Its type's defaults (`None`: it has no type).
    pub type_defaults: Option<PlanFeatures>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_turns_ticked_boxes_on_and_every_message_names_the_control() {
        let f = PlanFeatures::from_form(&FeaturesForm {
            feature_api: Some("on".into()),
            ..Default::default()
        });
        assert!(f.has(Feature::ApiAccess));
        for feature in Feature::ALL {
            assert_eq!(f.has(feature), feature == Feature::ApiAccess);
            assert!(feature.missing_message().contains("Plan features"));
        }
    }
}
