//! The Seats tab: used, pending, free and total, a bar, Add seats, and the seat ledger.

use leptos::prelude::*;

use crate::api::members::{get_seats, AddSeats, RequestSeats};
use crate::components::await_view::Await;
use crate::components::form::{form_error, reloading, Field, FormAlert, Reload};
use crate::domain::format;
use crate::domain::ids::OrgId;
use crate::domain::members::OrgContext;
use crate::domain::seats::{OwnerSeats, SeatRequest, SeatRequestStatus, SeatsView};

/// The tab body.
pub fn seats_tab(c: OrgContext) -> AnyView {
    view! { <SeatsTab org=c.id /> }.into_any()
}

#[component]
fn SeatsTab(org: OrgId) -> impl IntoView {
    let reload = Reload::provide();
    let seats = Resource::new(move || reload.track(), move |_| get_seats(org));
    view! { <Await resource=seats view=move |s: SeatsView| view! { <SeatsView org s /> } /> }
}

#[component]
fn SeatsView(org: OrgId, s: SeatsView) -> impl IntoView {
    let u = s.usage;
    let bar = format!("width: {}%", u.percent());
    let summary = format!(
        "{} of {} seats in use ({} held by pending invitations), {} free",
        u.in_use(),
        u.total,
        u.pending,
        u.free()
    );
    let lines = s
        .ledger
        .into_iter()
        .map(|l| {
            let delta = if l.delta > 0 {
                format!("+{}", l.delta)
            } else {
                l.delta.to_string()
            };
            view! {
                <tr>
                    <td>{format::date(&l.at)}</td>
                    <th scope="row">{l.describe()}</th>
                    <td class="num">{delta}</td>
                    <td>{format::or_dash(l.subject.as_deref().unwrap_or(""))}</td>
                    <td>{format::or_dash(&l.note)}</td>
                    <td>{l.actor.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="seats-title">
            <h2 id="seats-title">"Seats"</h2>
            <dl class="stat-grid">
                <div class="stat-card"><dt>"Used"</dt><dd>{u.members}</dd></div>
                <div class="stat-card"><dt>"Pending"</dt><dd>{u.pending}</dd></div>
                <div class="stat-card"><dt>"Free"</dt><dd>{u.free()}</dd></div>
                <div class="stat-card"><dt>"Total"</dt><dd>{u.total}</dd></div>
            </dl>
            <div class="seat-bar" role="progressbar" aria-label="Seats in use" aria-valuemin="0"
                aria-valuemax=u.total aria-valuenow=u.in_use() aria-valuetext=summary.clone()>
                <div class="seat-bar-fill" style=bar></div>
            </div>
            <p class="muted">{summary}</p>
        </section>
        {s.can_request.then(|| view! { <p class="notice" role="note">{s.rule.describe()}</p> })}
        {s.can_add.then(|| view! { <AddSeatsForm org rule=s.rule /> })}
        {s.can_request.then(|| {
            let waiting = s.requests.iter().any(|r| r.status == SeatRequestStatus::Pending);
            view! { <RequestSeatsForm org waiting /> }
        })}
        {(!s.requests.is_empty()).then(|| view! { <SeatRequests rows=s.requests.clone() /> })}
        <section class="card" aria-labelledby="ledger-title">
            <h2 id="ledger-title">"Seat ledger"</h2>
            <p class="muted">"Every change to the seat count, and every seat taken or freed."</p>
            <div class="table-wrap">
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">"When"</th>
                            <th scope="col">"What"</th>
                            <th scope="col" class="num">"Seats"</th>
                            <th scope="col">"Whose"</th>
                            <th scope="col">"Note"</th>
                            <th scope="col">"By"</th>
                        </tr>
                    </thead>
                    <tbody>{lines}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn AddSeatsForm(org: OrgId, rule: OwnerSeats) -> impl IntoView {
    let action = reloading::<AddSeats>();
    let error = form_error(action);
    let hint = match rule {
        OwnerSeats::Request => "Only removes seats here: a negative number (never below the seats in use). To add, send a seat request.",
        OwnerSeats::UpTo(_) => "Up to your plan's total (above). A negative number removes seats (never below the seats in use).",
        OwnerSeats::Any => "A negative number removes seats (never below the seats in use).",
    };
    view! {
        <section class="card" aria-labelledby="add-seats-title">
            <h2 id="add-seats-title">"Add seats"</h2>
            <ActionForm action attr:class="form">
                <input type="hidden" name="org" value=org.0 />
                <div class="form-grid">
                    <Field label="Seats to add" name="count" error kind="number" required=true hint=hint />
                    <Field label="Note" name="note" error hint="Why: an order number, a renewal…" />
                </div>
                <FormAlert error />
                <button type="submit" class="button button-primary">"Add seats"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn RequestSeatsForm(org: OrgId, waiting: bool) -> impl IntoView {
    let action = reloading::<RequestSeats>();
    let error = form_error(action);
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <section class="card" aria-labelledby="request-seats-title">
            <h2 id="request-seats-title">"Request seats"</h2>
            {if waiting {
                view! { <p class="muted">"Your seat request is waiting for approval (below). You can send another once it is decided."</p> }.into_any()
            } else {
                view! {
                    <p class="muted">"Ask your Orgboard provider for more seats. A platform admin approves or declines it; you are mailed the decision and the ledger records both."</p>
                    <ActionForm action attr:class="form">
                        <input type="hidden" name="org" value=org.0 />
                        <div class="form-grid">
                            <Field label="Seats wanted" id="request-count" name="count" error kind="number" min="1" required=true
                                hint="How many seats to add, from 1 to 100,000." />
                            <Field label="Note for the provider" id="request-note" name="note" error hint="An order number, what the seats are for…" />
                        </div>
                        <FormAlert error />
                        {move || sent().then(|| view! { <p class="notice" role="status">"Seat request sent."</p> })}
                        <button type="submit" class="button button-primary">"Send seat request"</button>
                    </ActionForm>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn SeatRequests(rows: Vec<SeatRequest>) -> impl IntoView {
    let lines = rows
        .into_iter()
        .map(|r| {
            view! {
                <tr>
                    <th scope="row">{format!("#{}", r.id)}</th>
                    <td>{format::date(&r.requested_at)}</td>
                    <td class="num">{r.seats}</td>
                    <td>{format::or_dash(&r.note)}</td>
                    <td>{r.status.label()}</td>
                    <td>{format::or_dash(&r.decision_note)}</td>
                    <td>{r.requested_by.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="seat-requests-title">
            <h2 id="seat-requests-title">"Seat requests"</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Seat requests (scrollable)">
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">"Request"</th>
                            <th scope="col">"Sent"</th>
                            <th scope="col" class="num">"Seats"</th>
                            <th scope="col">"Note"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Decision note"</th>
                            <th scope="col">"By"</th>
                        </tr>
                    </thead>
                    <tbody>{lines}</tbody>
                </table>
            </div>
        </section>
    }
}
