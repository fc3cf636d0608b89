//! Radar charts: one spoke per named axis, rings at quarters of the maximum, one filled outline per series.

use std::f64::consts::TAU;

use super::frame::{self, Swatch};
use super::scale::{clamp_magnitude, format_value};
use super::style::{
    EDGE, GRID, HEIGHT_PT, INK, MUTED, TICK_SIZE, WIDTH_PT, series_color, series_dash,
};
use super::svg::{Anchor, Stroke, Svg, TextStyle, clean_label};
use super::{Figure, Series, font};

/// Horizontal room kept on each side of the rings for axis names.
const SIDE_LABEL_ROOM: f64 = 80.0;
const RINGS: [f64; 4] = [0.25, 0.5, 0.75, 1.0];
const FILL_OPACITY: f64 = 0.12;
const AXIS_LABEL_MAX: f64 = 140.0;
/// The rings never shrink below this radius to make room for labels.
const MIN_RADIUS: f64 = 50.0;

/// A radar chart with one spoke per entry of `axes`, clockwise from the top.
///
/// Series values are read in axis order and scaled by `max` (the outer
/// ring): values are clamped to 0..=max, and missing or non-finite values
/// count as 0. A `max` that is not positive and finite is replaced by the
/// largest value in the data (or 1). With more than one series a legend
/// names them.
pub fn radar_chart(
    name: &str,
    title: &str,
    axes: &[String],
    series: &[Series],
    max: f64,
) -> Figure {
    let max = if max.is_finite() && max > 0.0 {
        clamp_magnitude(max)
    } else {
        series
            .iter()
            .flat_map(|s| s.values.iter().take(axes.len()).copied())
            .filter(|v| v.is_finite() && *v > 0.0)
            .map(clamp_magnitude)
            .fold(0.0, f64::max)
    };
    let max = if max > 0.0 { max } else { 1.0 };

    let mut svg = Svg::new(WIDTH_PT, HEIGHT_PT);
    let legend = if series.len() > 1 {
        frame::legend_entries(series.iter().map(|s| s.name.as_str()))
    } else {
        Vec::new()
    };
    let top = frame::header(&mut svg, title, &legend, Swatch::Block) + 2.0;
    let label_line = TICK_SIZE + 4.0;
    let cx = WIDTH_PT / 2.0;
    let cy = (top + HEIGHT_PT - EDGE) / 2.0;
    // Both bounds are constants (10 < 100), so the clamp cannot panic.
    let radius =
        ((HEIGHT_PT - EDGE - top) / 2.0 - label_line).clamp(10.0, WIDTH_PT / 2.0 - SIDE_LABEL_ROOM);
    let n = axes.len();
    // Shrink the rings, down to a floor, until every side label fits whole beside its
    // spoke; only a label too long even then is shortened below.
    let radius = (0..n).fold(radius, |radius, i| {
        let dx = (TAU * i as f64 / n.max(1) as f64).sin().abs();
        if dx < 0.2 {
            return radius;
        }
        let width = font::text_width(&clean_label(&axes[i]), TICK_SIZE).min(AXIS_LABEL_MAX);
        let fits = (WIDTH_PT / 2.0 - EDGE - width) / dx - 5.0;
        radius.min(fits.max(MIN_RADIUS))
    });
    if n == 0 {
        frame::no_data(&mut svg, cx, cy);
        return Figure {
            name: name.to_owned(),
            svg: svg.finish(),
        };
    }
    let direction = |i: usize| -> (f64, f64) {
        let angle = TAU * i as f64 / n as f64;
        (angle.sin(), -angle.cos())
    };
    let at = |i: usize, r: f64| -> (f64, f64) {
        let (dx, dy) = direction(i);
        (cx + dx * r, cy + dy * r)
    };

    for fraction in RINGS {
        let r = radius * fraction;
        let stroke = Stroke::solid(if fraction == 1.0 { MUTED } else { GRID }, 0.6);
        if n >= 3 {
            let ring: Vec<Option<(f64, f64)>> = (0..=n).map(|i| Some(at(i % n, r))).collect();
            svg.polyline(&ring, stroke, None);
        } else {
            svg.circle(cx, cy, r, None, Some(stroke));
        }
    }
    for i in 0..n {
        let (x, y) = at(i, radius);
        svg.line(cx, cy, x, y, Stroke::solid(GRID, 0.6));
    }
    for fraction in RINGS {
        svg.text(
            cx + 2.5,
            // Just inside each ring, clear of the axis name above the top spoke.
            cy - radius * fraction + TICK_SIZE - 0.5,
            &format_value(max * fraction),
            TextStyle::new(TICK_SIZE - 1.0, Anchor::Start, MUTED),
        );
    }

    for (index, s) in series.iter().enumerate() {
        let points: Vec<Option<(f64, f64)>> = (0..n)
            .map(|i| {
                let value = s
                    .values
                    .get(i)
                    .copied()
                    .filter(|v| v.is_finite())
                    .map_or(0.0, clamp_magnitude);
                Some(at(i, radius * (value / max).clamp(0.0, 1.0)))
            })
            .collect();
        let color = series_color(index);
        let stroke = Stroke {
            color,
            width: 1.3,
            dash: series_dash(index),
        };
        svg.polyline(&points, stroke, Some((color, FILL_OPACITY)));
        for &(x, y) in points.iter().flatten() {
            svg.circle(x, y, 1.6, Some(color), None);
        }
    }

    for (i, label) in axes.iter().enumerate() {
        let (dx, dy) = direction(i);
        let (x, y) = at(i, radius + 5.0);
        let (anchor, room) = if dx.abs() < 0.2 {
            (Anchor::Middle, 2.0 * (x - EDGE).min(WIDTH_PT - EDGE - x))
        } else if dx > 0.0 {
            (Anchor::Start, WIDTH_PT - EDGE - x)
        } else {
            (Anchor::End, x - EDGE)
        };
        let text = font::fit(&clean_label(label), TICK_SIZE, room.min(AXIS_LABEL_MAX));
        // Raise labels above the top spoke and drop them below the bottom one.
        let baseline = y + TICK_SIZE * 0.35 + dy * TICK_SIZE * 0.6;
        svg.text(x, baseline, &text, TextStyle::new(TICK_SIZE, anchor, INK));
    }

    Figure {
        name: name.to_owned(),
        svg: svg.finish(),
    }
}
