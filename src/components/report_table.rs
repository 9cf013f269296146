//! A report table: caption, column headers, rows whose first cells may drill down.

use leptos::prelude::*;

use crate::domain::reports::Table;

/// Renders `table` (what the CSV download holds, cell for cell). Links are plain anchors (the
/// router still navigates in place); `A` would mark every link to this same page as current.
#[component]
pub fn ReportTable(table: Table) -> impl IntoView {
    if table.rows.is_empty() {
        return view! {
            <p class="empty">{format!("{}: nothing to show for these filters.", table.caption)}</p>
        }
        .into_any();
    }
    // Headers sort when the report gives them links: the sorted one says which way (aria-sort).
    let head = table
        .headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let state = match table.sorted {
                Some((j, true)) if j == i => Some("descending"),
                Some((j, false)) if j == i => Some("ascending"),
                _ => None,
            };
            let inner = match table.sort_links.get(i) {
                Some(href) => {
                    // The arrow is decoration: aria-sort says it to screen readers.
                    let arrow = state.map(|s| {
                        let a = if s == "descending" { "↓" } else { "↑" };
                        view! { <span class="sort-arrow" aria-hidden="true">{a}</span> }
                    });
                    view! { <a class="sort-link" href=href.clone()>{h.clone()}{arrow}</a> }.into_any()
                }
                None => h.clone().into_any(),
            };
            view! { <th scope="col" aria-sort=state>{inner}</th> }
        })
        .collect_view();
    let rows = table
        .rows
        .into_iter()
        .map(|row| {
            let cells = row
                .into_iter()
                .enumerate()
                .map(|(i, c)| {
                    let inner = match c.href {
                        Some(href) => view! { <a href=href>{c.text}</a> }.into_any(),
                        None => c.text.into_any(),
                    };
                    if i == 0 {
                        view! { <th scope="row">{inner}</th> }.into_any()
                    } else {
                        view! { <td>{inner}</td> }.into_any()
                    }
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    // A wide table scrolls inside its own box: focusable, so keyboard users can scroll it too.
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=format!("{} (scrollable)", table.caption)>
            <table class="data-table report-table" aria-label=table.caption.clone()>
                <caption>{table.caption.clone()}</caption>
                <thead>
                    <tr>{head}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
