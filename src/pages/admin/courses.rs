//! Admin > Courses: the catalog (list, add, edit, retire).

use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::AdminPage;
use crate::api::courses::{get_course, list_courses, CreateCourse, SetCourseStatus, UpdateCourse};
use crate::components::await_view::Await;
use crate::components::form::{form_error, Field, FormAlert, FormError, TextArea};
use crate::domain::course::{Course, CourseForm, CourseStatus};
use crate::domain::ids::CourseId;

/// `/admin/courses`: search and filter the catalog.
#[component]
pub fn AdminCoursesPage() -> impl IntoView {
    view! {
        <AdminPage title="Courses">
            <CourseList />
        </AdminPage>
    }
}

#[component]
fn CourseList() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let status = move || query.read().get("status").unwrap_or_default();
    let courses = Resource::new(move || (search(), status()), |(q, s)| list_courses(q, s));
    let status_options = std::iter::once(("".to_string(), "All statuses".to_string()))
        .chain(
            CourseStatus::ALL
                .iter()
                .map(|s| (s.as_str().to_string(), s.label().to_string())),
        )
        .map(|(value, label)| {
            let current = value.clone();
            view! { <option value=value selected=move || status() == current>{label}</option> }
        })
        .collect_view();
    view! {
        <div class="page-head page-head-actions">
            <div>
                <h1>"Courses"</h1>
                <p class="muted">"The platform catalog. Retired courses stay in history but cannot be newly assigned."</p>
            </div>
            <a class="button button-primary" href="/admin/courses/new">"Add course"</a>
        </div>
        <Form method="GET" action="" attr:class="filters">
            <div class="field">
                <label for="course-search">"Search courses"</label>
                <input id="course-search" type="search" name="q" prop:value=search placeholder="Code, title or category" />
            </div>
            <div class="field">
                <label for="course-status">"Status"</label>
                <select id="course-status" name="status">{status_options}</select>
            </div>
            <button type="submit" class="button">"Filter"</button>
        </Form>
        <Await resource=courses view=course_table />
    }
}

fn course_table(courses: Vec<Course>) -> AnyView {
    if courses.is_empty() {
        return view! { <p class="empty">"No courses match. Clear the search or add a course."</p> }
            .into_any();
    }
    let count = courses.len();
    let rows = courses
        .into_iter()
        .map(|c| {
            let badge = format!("badge badge-{}", c.status.as_str());
            view! {
                <tr>
                    <td>{c.code}</td>
                    <th scope="row">
                        <A href=format!("/admin/courses/{}", c.id)>{c.title}</A>
                    </th>
                    <td>{crate::domain::format::or_dash(&c.category)}</td>
                    <td class="num">{c.lesson_count}</td>
                    <td class="num">{format!("{} min", c.duration_minutes)}</td>
                    <td>
                        <span class=badge>{c.status.label()}</span>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption>{format!("{count} courses")}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Code"</th>
                        <th scope="col">"Title"</th>
                        <th scope="col">"Category"</th>
                        <th scope="col" class="num">"Lessons"</th>
                        <th scope="col" class="num">"Duration"</th>
                        <th scope="col">"Status"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The fields shared by the add and edit forms.
#[component]
fn CourseFields(form: CourseForm, error: FormError) -> impl IntoView {
    view! {
        <div class="form-grid">
            <Field label="Code" name="code" value=form.code error required=true hint="Short and unique, like SEC-101." />
            <Field label="Title" name="title" value=form.title error required=true />
            <Field label="Category" name="category" value=form.category error />
            <Field label="Number of lessons" name="lesson_count" value=form.lesson_count error kind="number" min="1" />
            <Field
                label="Duration in minutes"
                name="duration_minutes"
                value=form.duration_minutes
                error
                kind="number"
                min="0"
            />
        </div>
        <TextArea label="Description" name="description" value=form.description error />
    }
}

/// `/admin/courses/new`.
#[component]
pub fn AdminNewCoursePage() -> impl IntoView {
    view! {
        <AdminPage title="Add course">
            <p class="breadcrumb"><A href="/admin/courses">"Courses"</A></p>
            <h1>"Add course"</h1>
            <NewCourseForm />
        </AdminPage>
    }
}

#[component]
fn NewCourseForm() -> impl IntoView {
    let action = ServerAction::<CreateCourse>::new();
    let error = form_error(action);
    let form = CourseForm {
        lesson_count: "1".into(),
        duration_minutes: "30".into(),
        ..Default::default()
    };
    view! {
        <ActionForm action attr:class="form card">
            <FormAlert error />
            <CourseFields form error />
            <div class="form-actions">
                <button type="submit" class="button button-primary">"Add course"</button>
                <a class="button" href="/admin/courses">"Cancel"</a>
            </div>
        </ActionForm>
    }
}

/// `/admin/courses/{id}`: edit, retire or reactivate.
#[component]
pub fn AdminCoursePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .map(CourseId)
    };
    let update = ServerAction::<UpdateCourse>::new();
    let set_status = ServerAction::<SetCourseStatus>::new();
    let course = Resource::new(
        move || (id(), set_status.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_course(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <AdminPage title="Course">
            <p class="breadcrumb"><A href="/admin/courses">"Courses"</A></p>
            <Await resource=course view=move |c: Course| view! { <CourseEditor course=c update set_status /> } />
        </AdminPage>
    }
}

#[component]
fn CourseEditor(
    course: Course,
    update: ServerAction<UpdateCourse>,
    set_status: ServerAction<SetCourseStatus>,
) -> impl IntoView {
    let query = use_query_map();
    let error = form_error(update);
    let status_error = form_error(set_status);
    let saved = move || {
        matches!(update.value().get(), Some(Ok(_)))
            || (update.value().get().is_none() && query.read().get("saved").is_some())
    };
    let retired = course.status == CourseStatus::Retired;
    let (next_status, button, explain) = if retired {
        (
            "published",
            "Reactivate course",
            "This course is retired: it stays in history and reports, but cannot be newly assigned.",
        )
    } else {
        (
            "retired",
            "Retire course",
            "Retiring keeps the course in history and reports; it can no longer be newly assigned.",
        )
    };
    let badge = format!("badge badge-{}", course.status.as_str());
    let form = CourseForm::from(&course);
    view! {
        <div class="page-head">
            <h1>{course.title.clone()}</h1>
            <p>
                <span class=badge>{course.status.label()}</span>
            </p>
        </div>
        {move || saved().then(|| view! { <p class="notice" role="status">"Course saved."</p> })}
        <ActionForm action=update attr:class="form card">
            <input type="hidden" name="id" value=course.id.0 />
            <FormAlert error />
            <CourseFields form error />
            <div class="form-actions">
                <button type="submit" class="button button-primary">"Save changes"</button>
            </div>
        </ActionForm>
        <section class="card danger-zone" aria-labelledby="course-status-title">
            <h2 id="course-status-title">"Availability"</h2>
            <p class="muted">{explain}</p>
            <ActionForm action=set_status>
                <input type="hidden" name="id" value=course.id.0 />
                <input type="hidden" name="status" value=next_status />
                <FormAlert error=status_error />
                <button type="submit" class="button">{button}</button>
            </ActionForm>
        </section>
    }
}
