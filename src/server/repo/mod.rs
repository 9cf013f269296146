//! SQL, one module per aggregate. Row types stay private to this layer.

pub mod access;
pub mod accounts;
pub mod audit;
pub mod courses;
pub mod demo;
pub mod idempotency;
pub mod join;
pub mod members;
pub mod memberships;
pub mod orgs;
pub mod outbox;
pub mod progress;
pub mod report_sync;
pub mod reports;
pub mod seat_requests;
pub mod sessions;
pub mod structure;
pub mod tokens;
pub mod two_factor;
pub mod types;
pub mod users;

/// Stores a closed domain enum as the text it has always had in the database: its `as_str`
/// on the way in, `FromStr` on the way out (an unknown word is a decode error, never a guess).
macro_rules! text_enum {
    ($($t:ty),* $(,)?) => {$(
        impl sqlx::Type<sqlx::Sqlite> for $t {
            fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
                <str as sqlx::Type<sqlx::Sqlite>>::type_info()
            }

            fn compatible(ty: &sqlx::sqlite::SqliteTypeInfo) -> bool {
                <str as sqlx::Type<sqlx::Sqlite>>::compatible(ty)
            }
        }

        impl<'q> sqlx::Encode<'q, sqlx::Sqlite> for $t {
            fn encode_by_ref(
                &self,
                buf: &mut Vec<sqlx::sqlite::SqliteArgumentValue<'q>>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<'q, sqlx::Sqlite>>::encode(self.as_str(), buf)
            }
        }

        impl<'r> sqlx::Decode<'r, sqlx::Sqlite> for $t {
            fn decode(value: sqlx::sqlite::SqliteValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let text = <&str as sqlx::Decode<'r, sqlx::Sqlite>>::decode(value)?;
                text.parse::<$t>()
                    .map_err(|_| format!("unknown {} {text:?}", stringify!($t)).into())
            }
        }
    )*};
}

text_enum!(
    crate::domain::audit::AuditAction,
    crate::domain::seats::LedgerKind,
    crate::domain::seats::SeatRequestStatus,
    crate::domain::members::MemberStatus,
    crate::domain::org::StoredStatus,
    crate::domain::org_type::Visibility,
    crate::domain::org_type::MembershipPolicy,
    crate::domain::org_type::BenefitRole,
);

/// The statement for one person or for everyone: with `one`, every `?2 IS NULL OR ` is dropped
/// so `(?2 IS NULL OR user_id = ?2)` reads `(user_id = ?2)` and SQLite uses the index on the
/// person (a bound parameter gives the planner no way to see that ?2 is set: the combined form
/// scans the whole organization). Each variant is its own cached prepared statement.
pub fn one_or_all(sql: &str, one: bool) -> String {
    if one {
        sql.replace("?2 IS NULL OR ", "")
    } else {
        sql.to_string()
    }
}

/// A time as stored in the database (ISO-8601 UTC, seconds): the one formatter.
pub fn stamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Current time as stored in the database.
pub fn now() -> String {
    stamp(chrono::Utc::now())
}

/// The time `by` from now, as stored (negative: in the past).
pub fn from_now(by: chrono::Duration) -> String {
    stamp(chrono::Utc::now() + by)
}

/// Today (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    now()[..10].to_string()
}
