//! Charts: a figure holding the chart element (drawn by charming + ECharts in the browser once
//! hydrated) and, always, the same numbers as an accessible table, rendered on the server.

use leptos::prelude::*;

use super::report_table::ReportTable;
use crate::domain::reports::Chart;

/// A chart with its data table beside it.
#[component]
pub fn ChartFigure(chart: Chart) -> impl IntoView {
    let table = chart.table();
    let id = chart.id.clone();
    let title = chart.title.clone();
    #[cfg(feature = "hydrate")]
    {
        let spec = chart.clone();
        Effect::new(move |_| draw::when_ready(spec.clone(), 0));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = &chart;
    view! {
        <figure class="chart-figure">
            <figcaption>{title.clone()}</figcaption>
            <div class="chart-pair">
                <div id=id class="chart" role="img" aria-label=format!("Chart: {title}; the table beside it holds the same numbers.")></div>
                <ReportTable table />
            </div>
        </figure>
    }
}

#[cfg(feature = "hydrate")]
mod draw {
    use charming::component::{Axis, Legend};
    use charming::element::{AxisType, Tooltip, Trigger};
    use charming::series::{Bar, Line};
    use charming::WasmRenderer;
    use std::time::Duration;

    use crate::domain::reports::{Chart, ChartKind};

    /// Draws once ECharts (a deferred script of our own origin) has loaded and the chart's
    /// element is in the document; retries briefly. After in-app navigation the new page is
    /// built before it is attached, so the element may not be there on the first try.
    pub fn when_ready(spec: Chart, attempt: u32) {
        let window = web_sys::window();
        let loaded = window.as_ref().and_then(|w| w.get("echarts")).is_some();
        let attached = window
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&spec.id))
            .is_some_and(|e| e.is_connected());
        if loaded && attached {
            render(&spec);
        } else if attempt < 50 {
            leptos::prelude::set_timeout(move || when_ready(spec, attempt + 1), Duration::from_millis(100));
        }
    }

    fn render(spec: &Chart) {
        let Some(element) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&spec.id))
        else {
            return;
        };
        let width = (element.client_width().max(320)) as u32;
        let mut chart = charming::Chart::new()
            .tooltip(Tooltip::new().trigger(Trigger::Axis))
            .legend(Legend::new())
            .x_axis(
                Axis::new()
                    .type_(AxisType::Category)
                    .data(spec.categories.clone()),
            )
            .y_axis(Axis::new().type_(AxisType::Value));
        for (name, values) in &spec.series {
            chart = match spec.kind {
                ChartKind::StackedBar => {
                    chart.series(Bar::new().name(name.clone()).stack("total").data(values.clone()))
                }
                ChartKind::Bar => chart.series(Bar::new().name(name.clone()).data(values.clone())),
                ChartKind::Line => chart.series(Line::new().name(name.clone()).data(values.clone())),
            };
        }
        if let Err(e) = WasmRenderer::new(width, 320).render(&spec.id, &chart) {
            leptos::logging::warn!("chart {} not drawn: {e:?}", spec.id);
        }
    }
}
