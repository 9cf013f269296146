//! Admin > Seat Types: named bundles of catalog courses that seats grant.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::AdminPage;
use crate::api::courses::list_courses;
use crate::api::types::{get_seat_type, list_seat_types, SaveSeatType};
use crate::components::await_view::Await;
use crate::components::form::{form_error, Field, FormAlert, TextArea};
use crate::domain::course::{Course, CourseStatus};
use crate::domain::ids::SeatTypeId;
use crate::domain::org_type::SeatType;
use crate::error::AppError;

/// `/admin/seat-types`.
#[component]
pub fn AdminSeatTypesPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        || (),
        |_| async {
            Ok::<_, AppError>((
                list_seat_types().await?,
                list_courses(String::new(), String::new()).await?,
            ))
        },
    );
    view! {
        <AdminPage title="Seat Types">
            <div class="page-head page-head-actions">
                <div>
                    <h1>"Seat Types"</h1>
                    <p class="muted">"A seat type is a named bundle of catalog courses; organization types give one to each role."</p>
                </div>
                <a class="button button-primary" href="/admin/seat-types/new">"Add seat type"</a>
            </div>
            {move || query.read().get("saved").map(|_| view! { <p class="notice" role="status">"Seat type saved."</p> })}
            <Await resource=data view=seat_type_table />
        </AdminPage>
    }
}

fn seat_type_table((seats, courses): (Vec<SeatType>, Vec<Course>)) -> AnyView {
    if seats.is_empty() {
        return view! { <p class="empty">"No seat types yet."</p> }.into_any();
    }
    let rows = seats
        .into_iter()
        .map(|s| {
            let titles = s
                .courses
                .iter()
                .filter_map(|id| courses.iter().find(|c| c.id == *id).map(|c| c.title.clone()))
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <tr>
                    <th scope="row"><A href=format!("/admin/seat-types/{}", s.id)>{s.name}</A></th>
                    <td>{crate::domain::format::or_dash(&s.description)}</td>
                    <td class="num">{s.courses.len()}</td>
                    <td class="wrap">{titles}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Description"</th>
                        <th scope="col" class="num">"Courses"</th>
                        <th scope="col">"Included"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// `/admin/seat-types/new` and `/admin/seat-types/{id}`.
#[component]
pub fn AdminSeatTypePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id");
    let data = Resource::new(id, |id| async move {
        let seat = match id.as_deref() {
            None | Some("new") => None,
            Some(raw) => Some(get_seat_type(SeatTypeId(raw.parse().map_err(|_| AppError::NotFound)?)).await?),
        };
        Ok::<_, AppError>((seat, list_courses(String::new(), String::new()).await?))
    });
    view! {
        <AdminPage title="Seat type">
            <p class="breadcrumb"><A href="/admin/seat-types">"Seat Types"</A></p>
            <Await resource=data view=seat_type_editor />
        </AdminPage>
    }
}

fn seat_type_editor((seat, courses): (Option<SeatType>, Vec<Course>)) -> impl IntoView {
    let action = ServerAction::<SaveSeatType>::new();
    let error = form_error(action);
    let heading = seat
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_else(|| "Add seat type".into());
    let included = seat.as_ref().map(|s| s.courses.clone()).unwrap_or_default();
    let boxes = courses
        .into_iter()
        .filter(|c| c.status == CourseStatus::Published || included.contains(&c.id))
        .map(|c| {
            let id = format!("course-{}", c.id);
            let checked = included.contains(&c.id);
            let retired = (c.status != CourseStatus::Published).then(|| format!(" ({})", c.status.label()));
            view! {
                <div class="field-check">
                    <input type="checkbox" id=id.clone() name=format!("form[courses][{}]", c.id.0) value=c.id.0 checked=checked />
                    <label for=id>{format!("{} — {}", c.code, c.title)}{retired}</label>
                </div>
            }
        })
        .collect_view();
    let course_error = move || match error.get() {
        Some(AppError::Invalid { field, message }) if field == "courses" => {
            Some(view! { <p class="field-error" role="alert">{message}</p> })
        }
        _ => None,
    };
    view! {
        <h1>{heading}</h1>
        <ActionForm action attr:class="form card">
            <input type="hidden" name="id" value=seat.as_ref().map(|s| s.id.to_string()).unwrap_or_default() />
            <FormAlert error />
            <Field label="Name" name="form[name]" value=seat.as_ref().map(|s| s.name.clone()).unwrap_or_default() error required=true />
            <TextArea label="Description" name="form[description]" value=seat.as_ref().map(|s| s.description.clone()).unwrap_or_default() error />
            <fieldset class="checks checks-columns">
                <legend>"Courses"</legend>
                {boxes}
                {course_error}
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="button button-primary">"Save seat type"</button>
                <a class="button" href="/admin/seat-types">"Cancel"</a>
            </div>
        </ActionForm>
    }
}
