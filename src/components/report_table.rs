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
    let head = table
        .headers
        .iter()
        .map(|h| view! { <th scope="col">{h.clone()}</th> })
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
