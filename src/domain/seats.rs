//! Seat accounting. A seat is in use when a member holds it or a pending, unexpired invitation
//! holds it for someone; an organization never has more seats in use than its seat count.

use serde::{Deserialize, Serialize};

use super::dates;
use crate::error::AppError;

/// The seats of one organization at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SeatUsage {
    /// The seat count.
    pub total: i64,
    /// Seats held by members.
    pub members: i64,
    /// Seats held by pending, unexpired invitations.
    pub pending: i64,
}

impl SeatUsage {
    /// Seats in use: members plus pending invitations.
    pub fn in_use(&self) -> i64 {
        self.members + self.pending
    }

    /// Seats nobody holds (never negative, even for an over-allocated organization).
    pub fn free(&self) -> i64 {
        (self.total - self.in_use()).max(0)
    }

    /// Percentage of seats in use, for the bar (0–100).
    pub fn percent(&self) -> i64 {
        if self.total <= 0 {
            return if self.in_use() > 0 { 100 } else { 0 };
        }
        (self.in_use() * 100 / self.total).clamp(0, 100)
    }

    /// Whether `n` more seats can be taken; the refusal gives the numbers and the ways out.
    pub fn check_take(&self, n: i64) -> Result<(), AppError> {
        if n <= self.free() {
            return Ok(());
        }
        let pending = match self.pending {
            0 => String::new(),
            1 => " (1 held by a pending invitation)".to_string(),
            p => format!(" ({p} held by pending invitations)"),
        };
        let ways = if self.pending > 0 {
            "Add seats or revoke an invitation."
        } else {
            "Add seats or remove a member."
        };
        let message = if self.free() == 0 {
            format!(
                "No seats left: {} of {} in use{pending}. {ways}",
                self.in_use(),
                self.total
            )
        } else {
            let pending = pending.replace(" (", ", ").replace(')', "");
            format!(
                "Not enough seats: {n} needed, {} free ({} of {} in use{pending}). {ways}",
                self.free(),
                self.in_use(),
                self.total
            )
        };
        Err(AppError::Conflict(message))
    }

    /// The usage after `n` more seats are taken.
    pub fn after_taking(self, n: i64) -> SeatUsage {
        SeatUsage {
            members: self.members + n,
            ..self
        }
    }
}

/// One line of the seat ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLine {
    /// When.
    pub at: String,
    /// What kind of change.
    pub kind: LedgerKind,
    /// Seats added (+) or removed (−) from the count, or taken (+) / freed (−).
    pub delta: i64,
    /// Why.
    pub note: String,
    /// Whose seat, for seats taken or freed.
    pub subject: Option<String>,
    /// Who made the change.
    pub actor: String,
}

impl LedgerLine {
    /// What happened, in words.
    pub fn describe(&self) -> &'static str {
        match self.kind {
            LedgerKind::Allocation if self.delta >= 0 => "Seats added",
            LedgerKind::Allocation => "Seats removed",
            LedgerKind::Taken => "Seat taken",
            LedgerKind::Freed => "Seat freed",
            LedgerKind::Held => "Seat held by invitation",
            LedgerKind::Released => "Invitation's seat released",
        }
    }
}

/// The kinds of seat-ledger line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerKind {
    /// The seat count changed by hand.
    Allocation,
    /// A member took a seat.
    Taken,
    /// A member's seat was freed.
    Freed,
    /// An invitation holds a seat.
    Held,
    /// An invitation's seat was released (accepted, revoked or expired).
    Released,
}

impl LedgerKind {
    /// Every kind.
    pub const ALL: [LedgerKind; 5] = [
        LedgerKind::Allocation,
        LedgerKind::Taken,
        LedgerKind::Freed,
        LedgerKind::Held,
        LedgerKind::Released,
    ];

    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            LedgerKind::Allocation => "allocation",
            LedgerKind::Taken => "taken",
            LedgerKind::Freed => "freed",
            LedgerKind::Held => "held",
            LedgerKind::Released => "released",
        }
    }
}

impl std::str::FromStr for LedgerKind {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        LedgerKind::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

/// The Seats tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatsView {
    /// Seats now.
    pub usage: SeatUsage,
    /// The latest ledger lines, newest first.
    pub ledger: Vec<LedgerLine>,
    /// Whether the viewer may add seats.
    pub can_add: bool,
}

/// A change to the seat count by hand: how many to add (or remove, negative), why.
pub fn check_allocation_change(usage: SeatUsage, delta: i64, note: &str) -> Result<(i64, String), AppError> {
    if delta == 0 {
        return Err(AppError::invalid(
            "count",
            "Enter how many seats to add (or a negative number to remove).",
        ));
    }
    if delta.abs() > 1_000_000 {
        return Err(AppError::invalid(
            "count",
            "Enter a number of seats up to 1,000,000.",
        ));
    }
    let note = note.trim();
    if note.chars().count() > 500 {
        return Err(AppError::invalid("note", "Keep the note under 500 characters."));
    }
    let new_total = usage.total + delta;
    if new_total < usage.in_use() {
        return Err(AppError::invalid(
            "count",
            format!(
                "{} seats are in use, so you can remove at most {}. Remove members or revoke invitations first.",
                usage.in_use(),
                (usage.total - usage.in_use()).max(0)
            ),
        ));
    }
    Ok((new_total, note.to_string()))
}

/// Days until `expires_at` (an ISO timestamp) from `now`; negative once past.
pub fn days_until(expires_at: &str, now: &str) -> Option<i64> {
    Some(dates::day_number(expires_at)? - dates::day_number(now)?)
}

/// The expiry notice the dashboard shows: when expired, or within 14 days of it.
pub fn expiry_notice(expires_at: Option<&str>, now: &str) -> Option<String> {
    let expires = expires_at?;
    let days = days_until(expires, now)?;
    let date = &expires[..10.min(expires.len())];
    if expires <= now {
        Some(format!(
            "Renewal needed: this organization expired on {date}. Owners and organization admins can still read its members, reports, exports and audit log; members have no access until it is renewed. A platform admin renews it: ask your Orgboard provider to extend the expiry date."
        ))
    } else if days <= 14 {
        Some(match days {
            0 => format!("This organization expires today ({date}). Ask your Orgboard provider (a platform admin renews it) to keep access."),
            1 => format!("This organization expires tomorrow ({date}). Ask your Orgboard provider (a platform admin renews it) to keep access."),
            d => format!("This organization expires in {d} days, on {date}. Ask your Orgboard provider (a platform admin renews it) to keep access."),
        })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(total: i64, members: i64, pending: i64) -> SeatUsage {
        SeatUsage {
            total,
            members,
            pending,
        }
    }

    #[test]
    fn pending_invitations_hold_seats() {
        let u = usage(10, 8, 2);
        assert_eq!((u.in_use(), u.free(), u.percent()), (10, 0, 100));
        assert_eq!(
            u.check_take(1).unwrap_err().to_string(),
            "No seats left: 10 of 10 in use (2 held by pending invitations). Add seats or revoke an invitation."
        );
    }

    #[test]
    fn taking_seats_up_to_the_cap() {
        let u = usage(10, 7, 1);
        assert!(u.check_take(2).is_ok());
        assert_eq!(
            u.check_take(3).unwrap_err().to_string(),
            "Not enough seats: 3 needed, 2 free (8 of 10 in use, 1 held by a pending invitation). Add seats or revoke an invitation."
        );
        assert_eq!(u.after_taking(2).free(), 0);
    }

    #[test]
    fn freed_seats_can_be_taken_again() {
        let full = usage(3, 3, 0);
        assert!(full
            .check_take(1)
            .unwrap_err()
            .to_string()
            .contains("Add seats or remove a member."));
        let freed = usage(3, 2, 0);
        assert!(freed.check_take(1).is_ok());
    }

    #[test]
    fn over_allocated_organizations_have_no_free_seats() {
        let u = usage(5, 7, 0);
        assert_eq!((u.free(), u.percent()), (0, 100));
        assert_eq!(usage(0, 0, 0).percent(), 0);
    }

    #[test]
    fn allocation_changes_never_go_below_seats_in_use() {
        let u = usage(10, 6, 2);
        assert_eq!(
            check_allocation_change(u, 5, " renewal ").unwrap(),
            (15, "renewal".into())
        );
        assert_eq!(check_allocation_change(u, -2, "").unwrap().0, 8);
        let e = check_allocation_change(u, -3, "").unwrap_err().to_string();
        assert_eq!(
            e,
            "8 seats are in use, so you can remove at most 2. Remove members or revoke invitations first."
        );
        assert!(check_allocation_change(u, 0, "").is_err());
    }

    #[test]
    fn days_until_counts_calendar_days() {
        assert_eq!(days_until("2025-01-01", "2024-12-31"), Some(1));
        assert_eq!(days_until("2024-03-01", "2024-02-28"), Some(2), "leap year");
        assert_eq!(days_until("garbage", "2024-02-28"), None);
    }

    #[test]
    fn expiry_notices_start_fourteen_days_ahead() {
        let now = "2026-11-22T10:00:00Z";
        assert_eq!(expiry_notice(None, now), None);
        assert_eq!(expiry_notice(Some("2026-12-20T00:00:00Z"), now), None);
        assert!(expiry_notice(Some("2026-12-06T00:00:00Z"), now)
            .unwrap()
            .contains("in 14 days"));
        assert!(expiry_notice(Some("2026-11-23T00:00:00Z"), now)
            .unwrap()
            .contains("tomorrow"));
        assert!(expiry_notice(Some("2026-11-01T00:00:00Z"), now)
            .unwrap()
            .contains("expired on 2026-11-01"));
    }
}
