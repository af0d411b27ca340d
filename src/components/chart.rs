//! Charts drawn as SVG by the app: horizontal bars (a list whose items carry the label and the value
//! as text, each with its bar) and columns over time (an SVG image named by its caption, with a
//! value axis). Neither relies on colour: every value is written out, in the bars' text or in the
//! table each chart sits above.

use leptos::prelude::*;

/// One bar: what it is, how long it is, and the value as the reader should see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Datum {
    pub label: String,
    pub value: u64,
    pub shown: String,
}

/// The length of `value` as a percentage of `max`, at least a sliver for any non-zero value so a
/// small group stays visible next to a large one.
pub fn share(value: u64, max: u64) -> f64 {
    if max == 0 || value == 0 {
        return 0.0;
    }
    (value as f64 * 100.0 / max as f64).max(0.5)
}

/// Horizontal bars. The full width is `full` (1000 for shares in per mille) or else the largest
/// value. Labels wrap like any text (long locality names on a phone); the bar is decoration, the
/// value is text.
#[component]
pub fn HBars(
    #[prop(into)] data: Signal<Vec<Datum>>,
    #[prop(optional)] full: Option<u64>,
) -> impl IntoView {
    view! {
        <ol class="hbars">
            {move || {
                let data = data.get();
                let max = full.unwrap_or_else(|| data.iter().map(|d| d.value).max().unwrap_or(0));
                data.into_iter()
                    .map(|d| {
                        let width = format!("{:.2}", share(d.value, max));
                        view! {
                            <li class="hbar-row">
                                <span class="hbar-label">{d.label}</span>
                                <svg class="hbar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                                    <rect x="0" y="0" width=width height="10" />
                                </svg>
                                <span class="hbar-value">{d.shown}</span>
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ol>
    }
}

/// Axis ticks for values up to `max`: 0 and up to four round steps (1, 2 or 5 × 10ⁿ) covering it.
pub fn ticks(max: u64) -> Vec<u64> {
    if max == 0 {
        return vec![0];
    }
    let rough = max.div_ceil(4).max(1);
    let mut magnitude = 1u64;
    while magnitude * 10 <= rough {
        magnitude *= 10;
    }
    let step = [1, 2, 5, 10]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(magnitude * 10);
    (0..=max.div_ceil(step)).map(|i| i * step).collect()
}

const COLUMN: f64 = 24.0;
const PLOT_HEIGHT: f64 = 160.0;
const LEFT: f64 = 44.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 40.0;

/// Columns over time (months), named by the element `labelled_by` (the figure's caption). Each
/// column's label is written under it when `every` says so (every label, or only some when there
/// are many); a `<title>` gives each column's exact value on hover.
#[component]
pub fn Columns(
    #[prop(into)] data: Signal<Vec<Datum>>,
    labelled_by: &'static str,
    /// Short labels under the columns (01…12), with a longer one (the year) where it changes.
    #[prop(into)]
    ticks_below: Signal<Vec<(String, Option<String>)>>,
) -> impl IntoView {
    view! {
        // Focusable, so a keyboard can scroll it where many months overflow a phone.
        <div class="chart-scroll" tabindex="0" role="group" aria-labelledby=labelled_by>
            {move || {
                let data = data.get();
                let below = ticks_below.get();
                let max = data.iter().map(|d| d.value).max().unwrap_or(0);
                let axis = ticks(max);
                let top_value = axis.last().copied().unwrap_or(0).max(1) as f64;
                let width = LEFT + COLUMN * data.len().max(1) as f64 + 8.0;
                let height = TOP + PLOT_HEIGHT + BOTTOM;
                let y = move |v: u64| TOP + PLOT_HEIGHT - v as f64 / top_value * PLOT_HEIGHT;
                // Drawn near its own scale: small enough for twelve months on a phone, never
                // blown up past half as large again on a wide screen; many months scroll.
                // Set as properties, not a style attribute: the page's policy allows no inline
                // styles.
                let min_width = format!("{:.0}px", (width * 0.85).min(900.0));
                let max_width = format!("{:.0}px", width * 1.5);
                view! {
                    <svg
                        class="columns"
                        role="img"
                        aria-labelledby=labelled_by
                        viewBox=format!("0 0 {width} {height}")
                        style:min-width=min_width
                        style:max-width=max_width
                    >
                        {axis
                            .iter()
                            .map(|t| {
                                let ty = y(*t);
                                view! {
                                    <line class="grid" x1=LEFT x2=width - 4.0 y1=ty y2=ty />
                                    <text class="tick" x=LEFT - 6.0 y=ty + 4.0 text-anchor="end">{crate::i18n::grouped(*t)}</text>
                                }
                            })
                            .collect_view()}
                        {data
                            .into_iter()
                            .enumerate()
                            .map(|(i, d)| {
                                let x = LEFT + COLUMN * i as f64 + 3.0;
                                let top = y(d.value);
                                let h = (TOP + PLOT_HEIGHT - top).max(0.0);
                                let (short, long) = below.get(i).cloned().unwrap_or_default();
                                let cx = x + (COLUMN - 6.0) / 2.0;
                                view! {
                                    <g class="column">
                                        <title>{format!("{}: {}", d.label, d.shown)}</title>
                                        <rect x=x y=top width=COLUMN - 6.0 height=h />
                                        <text class="tick" x=cx y=TOP + PLOT_HEIGHT + 14.0 text-anchor="middle">{short}</text>
                                        {long.map(|l| view! { <text class="tick tick-strong" x=cx y=TOP + PLOT_HEIGHT + 30.0 text-anchor="middle">{l}</text> })}
                                    </g>
                                }
                            })
                            .collect_view()}
                        <line class="axis" x1=LEFT x2=width - 4.0 y1=TOP + PLOT_HEIGHT y2=TOP + PLOT_HEIGHT />
                    </svg>
                }
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(ticks(0), vec![0]);
        assert_eq!(ticks(3), vec![0, 1, 2, 3]);
        assert_eq!(ticks(10), vec![0, 5, 10]);
        assert_eq!(ticks(187), vec![0, 50, 100, 150, 200]);
        assert_eq!(ticks(1_000), vec![0, 500, 1_000]);
        for max in 1..5_000 {
            let t = ticks(max);
            assert!(t.last().is_some_and(|l| *l >= max), "{max}: {t:?}");
            assert!(t.len() <= 6, "{max}: {t:?}");
        }
    }

    #[test]
    fn shares_keep_small_values_visible() {
        assert_eq!(share(0, 10), 0.0);
        assert_eq!(share(10, 10), 100.0);
        assert_eq!(share(1, 100_000), 0.5);
        assert_eq!(share(5, 0), 0.0);
    }
}
