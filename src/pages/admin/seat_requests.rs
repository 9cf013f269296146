//! Admin > Seat requests: owners' requests for more seats, approved or declined here.

use leptos::prelude::*;
use leptos_router::components::A;

use super::AdminPage;
use crate::api::members::{list_seat_requests, DecideSeatRequest};
use crate::components::await_view::Await;
use crate::components::form::{form_error, reloading, FormAlert, Reload};
use crate::domain::format;
use crate::domain::seats::{SeatRequest, SeatRequestStatus};

/// `/admin/seat-requests`.
#[component]
pub fn AdminSeatRequestsPage() -> impl IntoView {
    view! {
        <AdminPage title="Seat requests">
            <SeatRequestList />
        </AdminPage>
    }
}

#[component]
fn SeatRequestList() -> impl IntoView {
    let reload = Reload::provide();
    let rows = Resource::new(move || reload.track(), |_| list_seat_requests());
    let view = move |rows: Vec<SeatRequest>| {
        let (waiting, decided): (Vec<_>, Vec<_>) = rows
            .into_iter()
            .partition(|r| r.status == SeatRequestStatus::Pending);
        let waiting_view = if waiting.is_empty() {
            view! { <p class="empty">"No seat request is waiting."</p> }.into_any()
        } else {
            waiting
                .into_iter()
                .map(|r| view! { <WaitingRequest r /> })
                .collect_view()
                .into_any()
        };
        let decided_rows = decided
            .into_iter()
            .map(|r| {
                view! {
                    <tr>
                        <th scope="row">{format!("#{}", r.id)}</th>
                        <td><A href=format!("/admin/organizations/{}", r.org.0)>{r.org_name.clone()}</A></td>
                        <td class="num">{r.seats}</td>
                        <td>{r.status.label()}</td>
                        <td>{r.decided_at.as_deref().map(format::date).unwrap_or_default()}</td>
                        <td>{r.decided_by.clone().unwrap_or_default()}</td>
                        <td>{format::or_dash(&r.decision_note)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="card" aria-labelledby="waiting-title">
                <h2 id="waiting-title">"Waiting"</h2>
                {waiting_view}
            </section>
            <section class="card" aria-labelledby="decided-title">
                <h2 id="decided-title">"Decided"</h2>
                <div class="table-wrap" tabindex="0" role="region" aria-label="Decided seat requests (scrollable)">
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th scope="col">"Request"</th>
                                <th scope="col">"Organization"</th>
                                <th scope="col" class="num">"Seats"</th>
                                <th scope="col">"Decision"</th>
                                <th scope="col">"On"</th>
                                <th scope="col">"By"</th>
                                <th scope="col">"Note"</th>
                            </tr>
                        </thead>
                        <tbody>{decided_rows}</tbody>
                    </table>
                </div>
            </section>
        }
    };
    view! {
        <div class="page-head">
            <h1>"Seat requests"</h1>
            <p class="muted">"Owners and organization admins ask for seats beyond what their organization type lets them add. Approving adds the seats at once; the organization's owners and admins are mailed the decision, and its seat ledger records both."</p>
        </div>
        <Await resource=rows view />
    }
}

#[component]
fn WaitingRequest(r: SeatRequest) -> impl IntoView {
    let action = reloading::<DecideSeatRequest>();
    let error = form_error(action);
    let title = format!("Request #{}: {} seats for {}", r.id, r.seats, r.org_name);
    let note_id = format!("decision-note-{}", r.id);
    view! {
        <article class="request" aria-label=title.clone()>
            <h3>{title.clone()}</h3>
            <p>
                {format!("Sent {} by {}. ", format::date(&r.requested_at), r.requested_by)}
                {(!r.note.is_empty()).then(|| format!("Note: {}", r.note))}
            </p>
            <ActionForm action attr:class="form" attr:aria-label=format!("Decide {title}")>
                <input type="hidden" name="id" value=r.id />
                <div class="field">
                    <label for=note_id.clone()>"Note to the organization"</label>
                    <input id=note_id name="note" type="text" maxlength="500" />
                </div>
                <FormAlert error />
                <div class="form-actions">
                    <button type="submit" name="decision" value="approve" class="button button-primary">"Approve"</button>
                    <button type="submit" name="decision" value="decline" class="button">"Decline"</button>
                </div>
            </ActionForm>
        </article>
    }
}
