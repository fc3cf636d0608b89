//! Bar charts: grouped or stacked, vertical or horizontal, with an optional labelled reference line.

use super::frame::{self, BOTTOM_TICK_ROOM, Plot, Swatch};
use super::scale::{MAX_MAGNITUDE, Scale, clamp_magnitude};
use super::style::{EDGE, HEIGHT_PT, INK, LABEL_SIZE, TICK_SIZE, WIDTH_PT, series_color};
use super::svg::{Anchor, Stroke, Svg, TextStyle, clean_label};
use super::{Axis, Figure, Series, font};

/// Layout choices for [`bar_chart`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BarOptions {
    /// Stack the series within each category instead of placing them side by side.
    pub stacked: bool,
    /// Bars run left to right: categories down the left side (first at the
    /// top), values along the bottom.
    pub horizontal: bool,
    /// A dashed line at this value with this label, e.g. `(12.0, "memory budget 12 GB")`.
    pub reference: Option<(f64, String)>,
}

/// Widest a category label may be drawn, rotated (vertical bars) or beside
/// the plot (horizontal bars, as a share of the canvas width).
const ROTATED_LABEL_MAX: f64 = 72.0;
const SIDE_LABEL_SHARE: f64 = 0.3;
/// Share of each category's band that its bars fill.
const GROUP_SHARE: f64 = 0.72;

/// One drawn bar piece: series, category, and the values it spans
/// (`None` start = the scale's baseline).
struct Segment {
    series: usize,
    category: usize,
    from: Option<f64>,
    to: f64,
}

/// A bar chart of `series` over `categories`.
///
/// `category_axis` titles the category axis and `value_axis` the value axis
/// (its `log` flag makes the value scale logarithmic; bars then start at the
/// bottom of the scale and values <= 0 are left out). The number of
/// categories is the longer of `categories` and the longest series; a
/// missing label is blank and a missing or non-finite value draws no bar.
/// With more than one series a legend names them.
pub fn bar_chart(
    name: &str,
    title: &str,
    categories: &[String],
    series: &[Series],
    category_axis: Axis,
    value_axis: Axis,
    options: BarOptions,
) -> Figure {
    let bands = series
        .iter()
        .map(|s| s.values.len())
        .fold(categories.len(), usize::max);
    let log = value_axis.log;
    let segments = segments(series, bands, log, options.stacked);

    let reference = options
        .reference
        .as_ref()
        .filter(|(value, _)| value.is_finite() && (!log || *value > 0.0))
        .map(|(value, label)| (*value, clean_label(label)));
    // On a log axis bars rise from the bottom of the scale, so a smallest
    // value sitting exactly on a decade would draw nothing: nudging it just
    // below the decade pulls the bottom of the scale one decade lower.
    let log_floor = segments
        .iter()
        .map(|segment| segment.to)
        .fold(f64::INFINITY, f64::min)
        * 0.999;
    let domain = segments
        .iter()
        .map(|segment| segment.to)
        .chain(reference.as_ref().map(|(value, _)| *value))
        .chain(log.then_some(log_floor));
    let scale = Scale::new(log, domain, !log);

    let mut svg = Svg::new(WIDTH_PT, HEIGHT_PT);
    let legend = if series.len() > 1 {
        frame::legend_entries(series.iter().map(|s| s.name.as_str()))
    } else {
        Vec::new()
    };
    let top = frame::header(&mut svg, title, &legend, Swatch::Block) + 4.0;
    let layout = Layout {
        top,
        bands,
        series_count: series.len().max(1),
        stacked: options.stacked,
        category_labels: (0..bands)
            .map(|c| {
                categories
                    .get(c)
                    .map(|s| clean_label(s))
                    .unwrap_or_default()
            })
            .collect(),
        category_title: clean_label(&category_axis.label),
        value_title: clean_label(&value_axis.label),
    };
    if options.horizontal {
        layout.draw_horizontal(&mut svg, &scale, &segments, reference.as_ref());
    } else {
        layout.draw_vertical(&mut svg, &scale, &segments, reference.as_ref());
    }
    Figure {
        name: name.to_owned(),
        svg: svg.finish(),
    }
}

/// The bar pieces to draw, in series order within each category.
fn segments(series: &[Series], bands: usize, log: bool, stacked: bool) -> Vec<Segment> {
    let mut out = Vec::new();
    for category in 0..bands {
        let mut up = 0.0_f64;
        let mut down = 0.0_f64;
        for (index, s) in series.iter().enumerate() {
            let Some(value) = s.values.get(category).copied() else {
                continue;
            };
            if !value.is_finite() || (log && value <= 0.0) {
                continue;
            }
            let value = clamp_magnitude(value);
            let (from, to) = match (stacked, value >= 0.0) {
                (false, _) => (if log { None } else { Some(0.0) }, value),
                (true, true) => {
                    let from = if log && up == 0.0 { None } else { Some(up) };
                    up = (up + value).min(MAX_MAGNITUDE);
                    (from, up)
                }
                (true, false) => {
                    let from = Some(down);
                    down = (down + value).max(-MAX_MAGNITUDE);
                    (from, down)
                }
            };
            out.push(Segment {
                series: index,
                category,
                from,
                to,
            });
        }
    }
    out
}

struct Layout {
    top: f64,
    bands: usize,
    series_count: usize,
    stacked: bool,
    category_labels: Vec<String>,
    category_title: String,
    value_title: String,
}

impl Layout {
    /// Offset and thickness of a segment's bar across its category band.
    fn bar_span(&self, segment: &Segment, band: f64) -> (f64, f64) {
        let group = band * GROUP_SHARE;
        let start = segment.category as f64 * band + (band - group) / 2.0;
        if self.stacked {
            (start, group)
        } else {
            let thickness = group / self.series_count as f64;
            (start + segment.series as f64 * thickness, thickness)
        }
    }

    /// Where a segment starts and ends as fractions along the value axis.
    fn value_span(scale: &Scale, segment: &Segment) -> Option<(f64, f64)> {
        let from = match segment.from {
            Some(value) => scale.fraction(value)?,
            None => scale.baseline(),
        };
        Some((from, scale.fraction(segment.to)?))
    }

    fn draw_vertical(
        &self,
        svg: &mut Svg,
        scale: &Scale,
        segments: &[Segment],
        reference: Option<&(f64, String)>,
    ) {
        let value_labels = scale.tick_labels();
        let left = EDGE
            + frame::title_room(&self.value_title)
            + frame::max_width(&value_labels, TICK_SIZE)
            + 6.0;
        let right = WIDTH_PT - EDGE - 4.0;
        let band = (right - left) / self.bands.max(1) as f64;
        let natural = frame::max_width(&self.category_labels, TICK_SIZE);
        let rotate = natural > band - 4.0;
        let labels: Vec<String> = if rotate {
            // A label hangs down and to the left of its category at 45°, so
            // the leftmost ones are also kept from crossing the canvas edge.
            self.category_labels
                .iter()
                .enumerate()
                .map(|(category, label)| {
                    let anchor_x = left + (category as f64 + 0.5) * band + TICK_SIZE * 0.3;
                    let reach = (anchor_x - EDGE) * std::f64::consts::SQRT_2 - TICK_SIZE;
                    font::fit(label, TICK_SIZE, reach.min(ROTATED_LABEL_MAX))
                })
                .collect()
        } else {
            self.category_labels.clone()
        };
        let label_room = if rotate {
            frame::max_width(&labels, TICK_SIZE) * std::f64::consts::FRAC_1_SQRT_2 + TICK_SIZE
        } else {
            TICK_SIZE + 1.0
        };
        let bottom = HEIGHT_PT - EDGE - frame::title_room(&self.category_title) - label_room - 5.0;
        let plot = Plot {
            left,
            top: self.top,
            right,
            bottom,
        };

        frame::value_axis_left(svg, &plot, scale);
        for segment in segments {
            let Some((from, to)) = Self::value_span(scale, segment) else {
                continue;
            };
            let (offset, thickness) = self.bar_span(segment, band);
            let (y0, y1) = (plot.y_at(from), plot.y_at(to));
            svg.bar(
                left + offset,
                y0.min(y1),
                thickness,
                (y1 - y0).abs(),
                series_color(segment.series),
            );
        }
        if let Some((value, label)) = reference
            && let Some(fraction) = scale.fraction(*value)
        {
            let y = plot.y_at(fraction);
            svg.line(left, y, right, y, reference_stroke());
            let text = font::fit(label, TICK_SIZE, plot.width() - 4.0);
            let above = y - 3.0;
            let baseline = if above - TICK_SIZE < plot.top {
                y + TICK_SIZE + 2.0
            } else {
                above
            };
            svg.text_with_backdrop(
                right - 2.0,
                baseline,
                &text,
                TextStyle::new(TICK_SIZE, Anchor::End, INK),
            );
        }
        frame::axis_lines(svg, &plot);

        let stride = if rotate {
            frame::label_stride(TICK_SIZE * 1.3, band)
        } else {
            1
        };
        for (category, label) in labels.iter().enumerate().step_by(stride) {
            let x = left + (category as f64 + 0.5) * band;
            let style = if rotate {
                TextStyle::new(TICK_SIZE, Anchor::End, INK).rotated(-45.0)
            } else {
                TextStyle::new(TICK_SIZE, Anchor::Middle, INK)
            };
            let (x, y) = if rotate {
                (x + TICK_SIZE * 0.3, bottom + 6.0)
            } else {
                (x, bottom + 3.0 + TICK_SIZE)
            };
            svg.text(x, y, label, style);
        }
        if segments.is_empty() {
            frame::no_data(svg, (left + right) / 2.0, (plot.top + bottom) / 2.0);
        }
        frame::title_bottom(svg, &self.category_title, HEIGHT_PT - EDGE - 2.0, &plot);
        frame::title_left(svg, &self.value_title, EDGE + LABEL_SIZE - 1.0, &plot);
    }

    fn draw_horizontal(
        &self,
        svg: &mut Svg,
        scale: &Scale,
        segments: &[Segment],
        reference: Option<&(f64, String)>,
    ) {
        let value_labels = scale.tick_labels();
        let label_max = WIDTH_PT * SIDE_LABEL_SHARE;
        let labels: Vec<String> = self
            .category_labels
            .iter()
            .map(|label| font::fit(label, TICK_SIZE, label_max))
            .collect();
        let left = EDGE
            + frame::title_room(&self.category_title)
            + frame::max_width(&labels, TICK_SIZE)
            + 6.0;
        let last_label = value_labels
            .last()
            .map_or(0.0, |label| font::text_width(label, TICK_SIZE));
        let right = WIDTH_PT - EDGE - (last_label / 2.0).max(4.0);
        let bottom =
            HEIGHT_PT - EDGE - frame::title_room(&self.value_title) - BOTTOM_TICK_ROOM - 2.0;
        let plot = Plot {
            left,
            top: self.top,
            right,
            bottom,
        };
        let band = plot.height() / self.bands.max(1) as f64;

        frame::value_axis_bottom(svg, &plot, scale);
        for segment in segments {
            let Some((from, to)) = Self::value_span(scale, segment) else {
                continue;
            };
            let (offset, thickness) = self.bar_span(segment, band);
            let (x0, x1) = (plot.x_at(from), plot.x_at(to));
            svg.bar(
                x0.min(x1),
                plot.top + offset,
                (x1 - x0).abs(),
                thickness,
                series_color(segment.series),
            );
        }
        if let Some((value, label)) = reference
            && let Some(fraction) = scale.fraction(*value)
        {
            let x = plot.x_at(fraction);
            svg.line(x, plot.top, x, bottom, reference_stroke());
            let room_right = right - x - 5.0;
            let room_left = x - left - 5.0;
            let (anchor, x_text, room) = if room_right >= room_left {
                (Anchor::Start, x + 3.0, room_right)
            } else {
                (Anchor::End, x - 3.0, room_left)
            };
            let text = font::fit(label, TICK_SIZE, room);
            svg.text_with_backdrop(
                x_text,
                plot.top + TICK_SIZE + 1.0,
                &text,
                TextStyle::new(TICK_SIZE, anchor, INK),
            );
        }
        frame::axis_lines(svg, &plot);

        let stride = frame::label_stride(TICK_SIZE * 1.15, band);
        for (category, label) in labels.iter().enumerate().step_by(stride) {
            let y = plot.top + (category as f64 + 0.5) * band + TICK_SIZE * 0.35;
            svg.text(
                left - 4.0,
                y,
                label,
                TextStyle::new(TICK_SIZE, Anchor::End, INK),
            );
        }
        if segments.is_empty() {
            frame::no_data(svg, (left + right) / 2.0, (plot.top + bottom) / 2.0);
        }
        frame::title_bottom(svg, &self.value_title, HEIGHT_PT - EDGE - 2.0, &plot);
        frame::title_left(svg, &self.category_title, EDGE + LABEL_SIZE - 1.0, &plot);
    }
}

fn reference_stroke() -> Stroke {
    Stroke {
        color: INK,
        width: 1.0,
        dash: Some("4 3"),
    }
}
