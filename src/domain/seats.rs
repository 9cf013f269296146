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
            LedgerKind::Requested => "Seats requested",
            LedgerKind::Declined => "Seat request declined",
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
    /// An owner asked for seats (the count does not change until it is approved).
    Requested,
    /// A platform admin declined a seat request (an approval is an allocation).
    Declined,
}

impl LedgerKind {
    /// Every kind.
    pub const ALL: [LedgerKind; 7] = [
        LedgerKind::Allocation,
        LedgerKind::Taken,
        LedgerKind::Freed,
        LedgerKind::Held,
        LedgerKind::Released,
        LedgerKind::Requested,
        LedgerKind::Declined,
    ];

    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            LedgerKind::Allocation => "allocation",
            LedgerKind::Taken => "taken",
            LedgerKind::Freed => "freed",
            LedgerKind::Held => "held",
            LedgerKind::Released => "released",
            LedgerKind::Requested => "requested",
            LedgerKind::Declined => "declined",
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
    /// Whether the viewer may change the seat count (add within `rule`, or remove).
    pub can_add: bool,
    /// What owners and organization admins may add themselves (platform admins: anything).
    pub rule: OwnerSeats,
    /// The organization's seat requests, newest first.
    pub requests: Vec<SeatRequest>,
    /// Whether the viewer sends seat requests (owners and organization admins; a platform
    /// admin adds the seats instead).
    pub can_request: bool,
}

/// Whether owners and organization admins add seats themselves, per organization type (a
/// platform setting); beyond it they send a seat request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OwnerSeats {
    /// As many as they like.
    Any,
    /// Up to this seat total.
    UpTo(i64),
    /// None: every seat comes through a seat request.
    Request,
}

impl OwnerSeats {
    /// From the stored pair (`owner_seats`, `owner_seat_cap`); an organization without a type
    /// has no limit.
    pub fn from_stored(kind: Option<&str>, cap: Option<i64>) -> OwnerSeats {
        match (kind, cap) {
            (Some("cap"), Some(c)) => OwnerSeats::UpTo(c),
            (Some("request"), _) => OwnerSeats::Request,
            _ => OwnerSeats::Any,
        }
    }

    /// The stored `owner_seats` value.
    pub fn as_str(self) -> &'static str {
        match self {
            OwnerSeats::Any => "any",
            OwnerSeats::UpTo(_) => "cap",
            OwnerSeats::Request => "request",
        }
    }

    /// The stored cap.
    pub fn cap(self) -> Option<i64> {
        match self {
            OwnerSeats::UpTo(c) => Some(c),
            _ => None,
        }
    }

    /// The choices of the organization type form.
    pub fn options() -> Vec<(String, String)> {
        vec![
            ("any".into(), "Owners add seats without limit".into()),
            ("cap".into(), "Owners add seats up to a total".into()),
            ("request".into(), "Owners send a seat request".into()),
        ]
    }

    /// The rule in words, for the Seats tab.
    pub fn describe(self) -> String {
        match self {
            OwnerSeats::Any => "Your plan lets you add seats yourself.".into(),
            OwnerSeats::UpTo(c) => format!(
                "Your plan lets you add seats yourself up to a total of {c}; for more, send a seat request."
            ),
            OwnerSeats::Request => {
                "Seats are added by your provider: send a seat request with the number you need.".into()
            }
        }
    }

    /// Whether an owner or organization admin may add `delta` seats to `total` (removing is
    /// always theirs); refused with the numbers and the way forward.
    pub fn check_add(self, total: i64, delta: i64) -> Result<(), AppError> {
        if delta <= 0 {
            return Ok(());
        }
        match self {
            OwnerSeats::Any => Ok(()),
            OwnerSeats::UpTo(cap) if total + delta <= cap => Ok(()),
            OwnerSeats::UpTo(cap) => Err(AppError::invalid(
                "count",
                format!(
                    "Your plan lets you add seats up to a total of {cap}; you have {total}, so you can add at most {}. For more, send a seat request below.",
                    (cap - total).max(0)
                ),
            )),
            OwnerSeats::Request => Err(AppError::invalid(
                "count",
                "Seats for this organization are added by your provider: send a seat request below with the number you need.",
            )),
        }
    }
}

/// Where a seat request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeatRequestStatus {
    /// Waiting for a platform admin.
    Pending,
    /// Approved: the seats were added.
    Approved,
    /// Declined.
    Declined,
}

impl SeatRequestStatus {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            SeatRequestStatus::Pending => "pending",
            SeatRequestStatus::Approved => "approved",
            SeatRequestStatus::Declined => "declined",
        }
    }

    /// The word people read.
    pub fn label(self) -> &'static str {
        match self {
            SeatRequestStatus::Pending => "Waiting for approval",
            SeatRequestStatus::Approved => "Approved",
            SeatRequestStatus::Declined => "Declined",
        }
    }
}

impl std::str::FromStr for SeatRequestStatus {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        [
            SeatRequestStatus::Pending,
            SeatRequestStatus::Approved,
            SeatRequestStatus::Declined,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or(())
    }
}

/// A seat request, as both sides see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatRequest {
    /// Id.
    pub id: i64,
    /// The organization.
    pub org: super::ids::OrgId,
    /// Its name.
    pub org_name: String,
    /// Its slug.
    pub org_slug: String,
    /// Seats asked for.
    pub seats: i64,
    /// Why.
    pub note: String,
    /// Where it stands.
    pub status: SeatRequestStatus,
    /// Who asked.
    pub requested_by: String,
    /// When.
    pub requested_at: String,
    /// Who decided.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<String>,
    /// The decision's note.
    pub decision_note: String,
}

/// The mail to an organization's owners and admins when their seat request is decided.
pub fn decision_mail(
    org_name: &str,
    id: i64,
    seats: i64,
    approved: bool,
    note: &str,
    public_url: &str,
    slug: &str,
) -> (String, String) {
    let because = if note.is_empty() {
        String::new()
    } else {
        format!("\n\nThe note from your provider: {note}")
    };
    let link = format!("{}/orgs/{slug}/seats", public_url.trim_end_matches('/'));
    if approved {
        (
            format!("Seat request approved: {seats} more seats for {org_name}"),
            format!(
                "Your seat request #{id} for {org_name} was approved: {seats} seats were added and can be used now.{because}\n\nSeats and the ledger: {link}\n"
            ),
        )
    } else {
        (
            format!("Seat request declined for {org_name}"),
            format!(
                "Your seat request #{id} for {seats} seats for {org_name} was declined; the seat count stays as it was.{because}\n\nSeats and the ledger: {link}\n"
            ),
        )
    }
}

/// Most seats one request may ask for.
pub const MAX_REQUEST: i64 = 100_000;

/// A seat request as typed: how many (1–100,000) and why (under 500 characters).
pub fn check_seat_request(seats: i64, note: &str) -> Result<(i64, String), AppError> {
    if !(1..=MAX_REQUEST).contains(&seats) {
        return Err(AppError::invalid(
            "count",
            "Ask for a whole number of seats from 1 to 100,000.",
        ));
    }
    let note = note.trim();
    if note.chars().count() > 500 {
        return Err(AppError::invalid("note", "Keep the note under 500 characters."));
    }
    Ok((seats, note.to_string()))
}

/// A decision as typed: `approve` or `decline`, with an optional note.
pub fn check_decision(decision: &str, note: &str) -> Result<(bool, String), AppError> {
    let approve = match decision.trim() {
        "approve" => true,
        "decline" => false,
        _ => return Err(AppError::invalid("decision", "Choose approve or decline.")),
    };
    let note = note.trim();
    if note.chars().count() > 500 {
        return Err(AppError::invalid("note", "Keep the note under 500 characters."));
    }
    Ok((approve, note.to_string()))
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

    #[test]
    fn owners_add_seats_as_their_type_allows() {
        assert!(OwnerSeats::Any.check_add(10, 1_000).is_ok());
        assert!(OwnerSeats::UpTo(50).check_add(40, 10).is_ok());
        let e = OwnerSeats::UpTo(50).check_add(40, 11).unwrap_err().to_string();
        assert!(
            e.contains("total of 50") && e.contains("at most 10") && e.contains("seat request"),
            "{e}"
        );
        assert!(OwnerSeats::UpTo(50)
            .check_add(60, 1)
            .unwrap_err()
            .to_string()
            .contains("at most 0"));
        assert!(OwnerSeats::Request.check_add(0, 1).is_err());
        // Removing seats is always theirs.
        for rule in [OwnerSeats::Any, OwnerSeats::UpTo(5), OwnerSeats::Request] {
            assert!(rule.check_add(60, -5).is_ok());
        }
        assert_eq!(
            OwnerSeats::from_stored(Some("cap"), Some(50)),
            OwnerSeats::UpTo(50)
        );
        assert_eq!(
            OwnerSeats::from_stored(Some("request"), None),
            OwnerSeats::Request
        );
        assert_eq!(OwnerSeats::from_stored(None, None), OwnerSeats::Any);
    }

    #[test]
    fn seat_requests_and_decisions_are_checked() {
        assert_eq!(
            check_seat_request(20, " renewal ").unwrap(),
            (20, "renewal".into())
        );
        for bad in [0, -1, 100_001] {
            assert!(check_seat_request(bad, "").is_err(), "{bad}");
        }
        assert!(check_seat_request(1, &"x".repeat(501)).is_err());
        assert!(check_decision("approve", "").unwrap().0);
        assert_eq!(
            check_decision("decline", "no budget").unwrap(),
            (false, "no budget".into())
        );
        assert!(check_decision("maybe", "").is_err());
    }

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
