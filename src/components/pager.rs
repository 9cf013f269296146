//! Previous / next links under a paged table.

use leptos::prelude::*;
use leptos_router::components::A;

/// "Page 2 of 5" with links; `href(page)` builds the address of a page (keeping the filters).
#[component]
pub fn Pager(page: i64, pages: i64, total: i64, href: impl Fn(i64) -> String + 'static) -> impl IntoView {
    let prev = (page > 1).then(|| href(page - 1));
    let next = (page < pages).then(|| href(page + 1));
    view! {
        <nav class="pager" aria-label="Pages">
            <span class="muted">{format!("Page {page} of {pages} · {total} in all")}</span>
            {prev.map(|h| view! { <A href=h>"Previous page"</A> })}
            {next.map(|h| view! { <A href=h>"Next page"</A> })}
        </nav>
    }
}
