//! Panel bar charts: horizontal bars in panels stacked down the canvas, each panel on its
//! own value scale, every label outside the bars and none ever shortened.
//!
//! Made for figures whose quantities differ by orders of magnitude between groups (serving
//! memory against training memory): one shared axis would flatten the small group, so each
//! panel scales to its own bars. A panel's reference value (a budget) is drawn as a dashed
//! line when it is comparable to the bars; when it would flatten them (more than
//! [`REFERENCE_REACH`] times the longest bar) the panel's heading names it instead.

use super::frame::{self, Plot};
use super::scale::Scale;
use super::style::{EDGE, HEIGHT_PT, INK, LABEL_SIZE, MUTED, TICK_SIZE, WIDTH_PT, series_color};
use super::svg::{Anchor, Stroke, Svg, TextStyle, clean_label};
use super::{Figure, font};

/// One bar of a panel: its category label, its value in the panel's unit (`None`: not
/// estimated, drawn as a note instead of a bar) and the text written after it.
#[derive(Clone, Debug, PartialEq)]
pub struct PanelBar {
    pub label: String,
    pub value: Option<f64>,
    pub value_text: String,
}

/// One panel: a heading, the unit of its value axis, its bars (top to bottom) and an
/// optional reference (value in the panel's unit, label such as "budget 16 GB").
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    pub heading: String,
    pub unit: String,
    pub bars: Vec<PanelBar>,
    pub reference: Option<(f64, String)>,
}

/// A reference further than this many times the longest bar is named, not drawn.
pub const REFERENCE_REACH: f64 = 4.0;

/// Height of one bar's row.
const ROW: f64 = 15.0;
/// Share of a row that its bar fills.
const BAR_SHARE: f64 = 0.62;
/// Gap between a bar's end and its value text.
const VALUE_GAP: f64 = 3.0;
/// Gap between panels.
const PANEL_GAP: f64 = 8.0;

/// Text of a panel's heading: its own heading and unit, then the reference as the
/// heading names it.
fn heading_texts(panel: &Panel, drawn: bool) -> (String, Option<String>) {
    let heading = clean_label(&format!("{} ({})", panel.heading, panel.unit));
    let reference = panel.reference.as_ref().map(|(_, label)| {
        let label = clean_label(label);
        if drawn {
            format!("dashed: {label}")
        } else {
            format!("{label}, beyond this axis")
        }
    });
    (heading, reference)
}

/// Whether the reference text fits on the heading's line, right-aligned.
fn reference_beside(heading: &str, reference: &str) -> bool {
    EDGE + font::text_width(heading, LABEL_SIZE) + 8.0 + font::text_width(reference, TICK_SIZE)
        <= WIDTH_PT - EDGE
}

/// Room above a panel's plot: its heading line, and a second line for the reference
/// when it does not fit beside the heading.
fn heading_room(panel: &Panel) -> f64 {
    let (heading, reference) = heading_texts(panel, reference_drawn(panel));
    let second_line = reference.is_some_and(|text| !reference_beside(&heading, &text));
    LABEL_SIZE + 6.0 + if second_line { TICK_SIZE + 3.0 } else { 0.0 }
}

/// Whether a panel's reference is drawn on its axis (else only named in its heading).
fn reference_drawn(panel: &Panel) -> bool {
    let longest = panel
        .bars
        .iter()
        .filter_map(|bar| bar.value)
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    panel.reference.as_ref().is_some_and(|(value, _)| {
        value.is_finite() && *value > 0.0 && (longest <= 0.0 || *value <= REFERENCE_REACH * longest)
    })
}

/// A figure of `panels` stacked top to bottom under `title`. The canvas is the standard
/// width and as tall as the panels need (at least the standard height). Category labels
/// take the width of the longest one, value texts sit after their bar's end and the plot
/// leaves room for the longest, so no text is ever shortened and none crosses a bar.
pub fn panel_bars(name: &str, title: &str, panels: &[Panel]) -> Figure {
    let title = clean_label(title);
    let labels: Vec<Vec<String>> = panels
        .iter()
        .map(|p| p.bars.iter().map(|b| clean_label(&b.label)).collect())
        .collect();
    let values: Vec<Vec<String>> = panels
        .iter()
        .map(|p| p.bars.iter().map(|b| clean_label(&b.value_text)).collect())
        .collect();
    let label_width = labels
        .iter()
        .map(|l| frame::max_width(l, TICK_SIZE))
        .fold(0.0, f64::max);
    let value_width = values
        .iter()
        .map(|v| frame::max_width(v, TICK_SIZE))
        .fold(0.0, f64::max);

    let panel_heights: Vec<f64> = panels
        .iter()
        .map(|p| heading_room(p) + ROW * p.bars.len().max(1) as f64 + frame::BOTTOM_TICK_ROOM)
        .collect();
    let title_room = if title.is_empty() { 0.0 } else { TITLE_ROW };
    let needed = EDGE
        + title_room
        + panel_heights.iter().sum::<f64>()
        + PANEL_GAP * panels.len().saturating_sub(1) as f64
        + EDGE;
    let height = needed.max(HEIGHT_PT).ceil();
    let mut svg = Svg::new(WIDTH_PT, height);
    let mut y = EDGE;
    if !title.is_empty() {
        svg.text(
            WIDTH_PT / 2.0,
            y + super::style::TITLE_SIZE,
            &title,
            TextStyle::new(super::style::TITLE_SIZE, Anchor::Middle, INK),
        );
        y += title_room;
    }
    let left = EDGE + label_width + 6.0;
    let right = WIDTH_PT - EDGE - value_width - VALUE_GAP - 2.0;
    for ((panel, (labels, values)), panel_height) in panels
        .iter()
        .zip(labels.iter().zip(&values))
        .zip(&panel_heights)
    {
        draw_panel(&mut svg, panel, labels, values, left, right, y);
        y += panel_height + PANEL_GAP;
    }
    Figure {
        name: name.to_owned(),
        svg: svg.finish(),
    }
}

/// Room the figure title takes above the first panel.
const TITLE_ROW: f64 = super::style::TITLE_SIZE + 8.0;

fn draw_panel(
    svg: &mut Svg,
    panel: &Panel,
    labels: &[String],
    values: &[String],
    left: f64,
    right: f64,
    top: f64,
) {
    let drawn = reference_drawn(panel);
    let (heading, reference_text) = heading_texts(panel, drawn);
    let baseline = top + LABEL_SIZE;
    svg.text(
        EDGE,
        baseline,
        &heading,
        TextStyle::new(LABEL_SIZE, Anchor::Start, INK),
    );
    if let Some(text) = &reference_text {
        // Beside the heading, right-aligned, or on its own line under it when both do
        // not fit side by side (`heading_room` made the room).
        let reference_baseline = if reference_beside(&heading, text) {
            baseline
        } else {
            baseline + TICK_SIZE + 3.0
        };
        svg.text(
            WIDTH_PT - EDGE,
            reference_baseline,
            text,
            TextStyle::new(TICK_SIZE, Anchor::End, MUTED),
        );
    }
    let plot_top = top + heading_room(panel);
    let plot = Plot {
        left,
        top: plot_top,
        right,
        bottom: plot_top + ROW * panel.bars.len().max(1) as f64,
    };
    let domain = panel.bars.iter().filter_map(|bar| bar.value).chain(
        drawn
            .then(|| panel.reference.as_ref().map(|r| r.0))
            .flatten(),
    );
    let scale = Scale::new(false, domain, true);
    frame::value_axis_bottom(svg, &plot, &scale);
    for (row, ((bar, label), value_text)) in panel.bars.iter().zip(labels).zip(values).enumerate() {
        let middle = plot.top + (row as f64 + 0.5) * ROW;
        svg.text(
            left - 4.0,
            middle + TICK_SIZE * 0.35,
            label,
            TextStyle::new(TICK_SIZE, Anchor::End, INK),
        );
        let end = match bar.value.and_then(|v| scale.fraction(v)) {
            Some(fraction) => {
                let x0 = plot.x_at(scale.baseline());
                let x1 = plot.x_at(fraction);
                svg.bar(
                    x0.min(x1),
                    middle - ROW * BAR_SHARE / 2.0,
                    (x1 - x0).abs(),
                    ROW * BAR_SHARE,
                    series_color(row),
                );
                x0.max(x1)
            }
            None => left,
        };
        // A backdrop keeps the text legible where the reference line crosses it.
        svg.text_with_backdrop(
            end + VALUE_GAP,
            middle + TICK_SIZE * 0.35,
            value_text,
            TextStyle::new(TICK_SIZE, Anchor::Start, INK),
        );
    }
    if drawn
        && let Some((value, _)) = &panel.reference
        && let Some(fraction) = scale.fraction(*value)
    {
        let x = plot.x_at(fraction);
        svg.line(
            x,
            plot.top,
            x,
            plot.bottom,
            Stroke {
                color: INK,
                width: 1.0,
                dash: Some("4 3"),
            },
        );
    }
    frame::axis_lines(svg, &plot);
}
