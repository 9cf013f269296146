//! The learner's own area: My learning (`/me`) and one course with its lessons.

pub mod account;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::assignments::{get_my_course, my_learning, CompleteLesson};
use crate::components::await_view::Await;
use crate::components::form::{form_error, reloading, FormAlert, Reload};
use crate::components::guard::Protected;
use crate::domain::assignments::{CourseDetail, MyCourse, MyOrgLearning};
use crate::domain::format;
use crate::domain::ids::{CourseId, OrgId};
use crate::domain::nav::Area;

/// `/me`: the person's organizations and their courses.
#[component]
pub fn MyLearningPage() -> impl IntoView {
    view! {
        <Title text="My learning" />
        <Protected area=Area::MyLearning>
            <MyOrgs />
        </Protected>
    }
}

#[component]
fn MyOrgs() -> impl IntoView {
    let orgs = Resource::new(|| (), |_| my_learning());
    view! {
        <div class="page-head">
            <h1>"My learning"</h1>
            <p><a href="/me/account">"My account"</a>": your name, password and sessions."</p>
            <p class="muted">"Your courses in each of your organizations: where each comes from, when it is due and how far you are."</p>
        </div>
        <Await resource=orgs view=org_cards />
    }
}

fn org_cards(orgs: Vec<MyOrgLearning>) -> AnyView {
    if orgs.is_empty() {
        return view! { <p class="empty">"You are not a member of any organization yet."</p> }.into_any();
    }
    let cards = orgs
        .into_iter()
        .map(|o| {
            let heading_id = format!("org-{}-title", o.org.0);
            let labelled_by = heading_id.clone();
            let (open, history): (Vec<MyCourse>, Vec<MyCourse>) = o.courses.into_iter().partition(|c| c.open);
            let overdue = open.iter().filter(|c| c.status == crate::domain::assignments::LearnerStatus::Overdue).count();
            let summary = format!(
                "{} course{} to take{}",
                open.len(),
                if open.len() == 1 { "" } else { "s" },
                if overdue > 0 { format!(", {overdue} overdue") } else { String::new() }
            );
            let org = o.org;
            view! {
                <section class="card" aria-labelledby=labelled_by>
                    <h2 id=heading_id>{o.name.clone()}</h2>
                    {o.notice.map(|n| view! { <p class="notice notice-warn" role="status">{format!("{n}: your courses here are history only.")}</p> })}
                    <p class="muted">{summary}</p>
                    {course_table(org, &format!("Courses in {}", o.name), open, true)}
                    {(!history.is_empty()).then(|| view! {
                        <h3>"History"</h3>
                        {course_table(org, &format!("History in {}", o.name), history, false)}
                    })}
                </section>
            }
        })
        .collect_view();
    view! { <div class="card-stack">{cards}</div> }.into_any()
}

fn course_table(org: OrgId, label: &str, courses: Vec<MyCourse>, open: bool) -> AnyView {
    if courses.is_empty() {
        return view! { <p class="empty">"No courses assigned to you here yet."</p> }.into_any();
    }
    let rows = courses
        .into_iter()
        .map(|c| {
            let href = format!("/me/courses/{}/{}", org.0, c.course.0);
            let badge = format!("badge badge-{}", c.status.key());
            let row_class = if c.status == crate::domain::assignments::LearnerStatus::Overdue {
                "row-overdue"
            } else {
                ""
            };
            let last = if open {
                format::or_dash(&c.sources)
            } else {
                c.history_reason.clone().unwrap_or_default()
            };
            view! {
                <tr class=row_class>
                    <th scope="row"><a href=href>{c.title.clone()}</a></th>
                    <td>{last}</td>
                    <td>{c.due_date.clone().unwrap_or_else(|| "—".into())}</td>
                    <td><span class=badge>{c.status.label()}</span></td>
                    <td class="num">{format!("{}%", c.percent)}</td>
                </tr>
            }
        })
        .collect_view();
    let from = if open { "From" } else { "Why history" };
    view! {
        <div class="table-wrap">
            <table class="data-table" aria-label=label.to_string()>
                <thead>
                    <tr>
                        <th scope="col">"Course"</th>
                        <th scope="col">{from}</th>
                        <th scope="col">"Due"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="num">"Progress"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// `/me/courses/{org}/{course}`: one course with its lessons.
#[component]
pub fn MyCoursePage() -> impl IntoView {
    view! {
        <Title text="Course" />
        <Protected area=Area::MyLearning>
            <MyCourse />
        </Protected>
    }
}

#[component]
fn MyCourse() -> impl IntoView {
    let params = use_params_map();
    let id = move |k: &str| {
        params
            .read()
            .get(k)
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let reload = Reload::provide();
    let course = Resource::new(
        move || (id("org"), id("course"), reload.track()),
        |(org, course, _)| get_my_course(OrgId(org), CourseId(course)),
    );
    view! { <Await resource=course view=move |c: CourseDetail| view! { <CourseView c /> } /> }
}

#[component]
fn CourseView(c: CourseDetail) -> impl IntoView {
    let bar = format!("width: {}%", c.percent);
    let done = c.lessons.iter().filter(|(_, d)| *d).count();
    let summary = format!("{done} of {} lessons done ({}%)", c.lessons.len(), c.percent);
    let (org, course, open) = (c.org, c.course, c.open);
    let lessons = c
        .lessons
        .into_iter()
        .map(|(n, is_done)| view! { <LessonLine org course n done=is_done open /> })
        .collect_view();
    let facts = format!(
        "{} · {}{}",
        c.org_name,
        if c.sources.is_empty() {
            "no longer assigned".to_string()
        } else {
            format!("from {}", c.sources)
        },
        c.due_date
            .as_ref()
            .map(|d| format!(" · due {d}"))
            .unwrap_or_default()
    );
    let badge = format!("badge badge-{}", c.status.key());
    view! {
        <p class="breadcrumb"><a href="/me">"My learning"</a></p>
        <div class="page-head">
            <h1>{c.title.clone()}</h1>
            <p class="muted">{facts}</p>
            <p><span class=badge>{c.status.label()}</span></p>
        </div>
        {c.history_reason.clone().map(|r| view! {
            <p class="notice notice-warn" role="status">{format!("{r}. This course is history only: you can see your progress but not continue.")}</p>
        })}
        <section class="card" aria-labelledby="lessons-title">
            <h2 id="lessons-title">"Lessons"</h2>
            <p class="muted">{format::or_dash(&c.description)}</p>
            <div class="seat-bar" role="progressbar" aria-label="Course progress" aria-valuemin="0"
                aria-valuemax="100" aria-valuenow=c.percent aria-valuetext=summary.clone()>
                <div class="seat-bar-fill" style=bar></div>
            </div>
            <p class="muted">{summary}</p>
            <ol class="lesson-list">{lessons}</ol>
        </section>
    }
}

#[component]
fn LessonLine(org: OrgId, course: CourseId, n: i64, done: bool, open: bool) -> impl IntoView {
    let action = reloading::<CompleteLesson>();
    let error = form_error(action);
    let title = format!("Lesson {n}");
    let control = match (done, open) {
        (true, _) => view! { <span class="badge badge-completed">"Done"</span> }.into_any(),
        (false, false) => view! { <span class="muted">"Not done"</span> }.into_any(),
        (false, true) => view! {
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="org" value=org.0 />
                <input type="hidden" name="course" value=course.0 />
                <input type="hidden" name="lesson" value=n />
                <button type="submit" class="button button-small">{format!("Mark lesson {n} complete")}</button>
            </ActionForm>
            <FormAlert error />
        }
        .into_any(),
    };
    view! {
        <li class="lesson">
            <span>{title}</span>
            {control}
        </li>
    }
}
