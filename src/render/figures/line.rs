//! Line charts: several series over shared axes (each optionally logarithmic) and labelled point markers.

use super::frame::{self, BOTTOM_TICK_ROOM, Plot, Swatch};
use super::scale::Scale;
use super::style::{
    EDGE, HEIGHT_PT, INK, LABEL_SIZE, TICK_SIZE, WIDTH_PT, series_color, series_dash,
};
use super::svg::{Anchor, Stroke, Svg, TextStyle, clean_label};
use super::{Axis, Figure, font};

/// Series with at most this many drawable points also get a dot on each point.
const MAX_DOTTED_POINTS: usize = 40;
/// Widest a marker label may be.
const MARKER_LABEL_MAX: f64 = 150.0;

/// A line chart: each series is `(name, points)` joined in the given order.
///
/// Points that cannot be placed (non-finite, or <= 0 on a log axis) are left
/// out and break the line there. `markers` are `(x, y, label)` points drawn
/// as rings with their label beside them, e.g. "chosen model". Both axes
/// cover every drawable point and marker. With more than one series a
/// legend names them.
pub fn line_chart(
    name: &str,
    title: &str,
    series: &[(String, Vec<(f64, f64)>)],
    x: Axis,
    y: Axis,
    markers: &[(f64, f64, String)],
) -> Figure {
    let drawable = |px: f64, py: f64| {
        px.is_finite() && py.is_finite() && (!x.log || px > 0.0) && (!y.log || py > 0.0)
    };
    let all_points = || {
        series
            .iter()
            .flat_map(|(_, points)| points.iter().copied())
            .chain(markers.iter().map(|(mx, my, _)| (*mx, *my)))
            .filter(|&(px, py)| drawable(px, py))
    };
    let x_scale = Scale::new(x.log, all_points().map(|p| p.0), false);
    let y_scale = Scale::new(y.log, all_points().map(|p| p.1), false);
    let has_data = all_points().next().is_some();

    let mut svg = Svg::new(WIDTH_PT, HEIGHT_PT);
    let legend = if series.len() > 1 {
        frame::legend_entries(series.iter().map(|(name, _)| name.as_str()))
    } else {
        Vec::new()
    };
    let top = frame::header(&mut svg, title, &legend, Swatch::Line) + 4.0;
    let x_title = clean_label(&x.label);
    let y_title = clean_label(&y.label);
    let y_labels = y_scale.tick_labels();
    let x_labels = x_scale.tick_labels();
    let left = EDGE + frame::title_room(&y_title) + frame::max_width(&y_labels, TICK_SIZE) + 6.0;
    let last_x_label = x_labels
        .last()
        .map_or(0.0, |label| font::text_width(label, TICK_SIZE));
    let plot = Plot {
        left,
        top,
        right: WIDTH_PT - EDGE - (last_x_label / 2.0).max(4.0),
        bottom: HEIGHT_PT - EDGE - frame::title_room(&x_title) - BOTTOM_TICK_ROOM - 2.0,
    };

    frame::value_axis_left(&mut svg, &plot, &y_scale);
    frame::value_axis_bottom(&mut svg, &plot, &x_scale);
    let place = |px: f64, py: f64| -> Option<(f64, f64)> {
        if !drawable(px, py) {
            return None;
        }
        Some((
            plot.x_at(x_scale.fraction(px)?),
            plot.y_at(y_scale.fraction(py)?),
        ))
    };

    for (index, (_, points)) in series.iter().enumerate() {
        let placed: Vec<Option<(f64, f64)>> =
            points.iter().map(|&(px, py)| place(px, py)).collect();
        let color = series_color(index);
        let stroke = Stroke {
            color,
            width: 1.5,
            dash: series_dash(index),
        };
        svg.polyline(&placed, stroke, None);
        let drawn = placed.iter().flatten().count();
        if drawn <= MAX_DOTTED_POINTS {
            for &(cx, cy) in placed.iter().flatten() {
                svg.circle(cx, cy, 1.8, Some(color), None);
            }
        }
    }

    for (mx, my, label) in markers {
        let Some((cx, cy)) = place(*mx, *my) else {
            continue;
        };
        svg.circle(cx, cy, 3.5, None, Some(Stroke::solid(INK, 1.2)));
        let text = font::fit(&clean_label(label), TICK_SIZE, MARKER_LABEL_MAX);
        let width = font::text_width(&text, TICK_SIZE);
        let (anchor, tx) = if cx + 6.0 + width <= plot.right {
            (Anchor::Start, cx + 6.0)
        } else {
            (Anchor::End, cx - 6.0)
        };
        let ty = if cy - 6.0 - TICK_SIZE < plot.top {
            cy + 6.0 + TICK_SIZE
        } else {
            cy - 6.0
        };
        svg.text_with_backdrop(tx, ty, &text, TextStyle::new(TICK_SIZE, anchor, INK));
    }

    frame::axis_lines(&mut svg, &plot);
    if !has_data {
        frame::no_data(
            &mut svg,
            (plot.left + plot.right) / 2.0,
            (plot.top + plot.bottom) / 2.0,
        );
    }
    frame::title_bottom(&mut svg, &x_title, HEIGHT_PT - EDGE - 2.0, &plot);
    frame::title_left(&mut svg, &y_title, EDGE + LABEL_SIZE - 1.0, &plot);
    Figure {
        name: name.to_owned(),
        svg: svg.finish(),
    }
}
