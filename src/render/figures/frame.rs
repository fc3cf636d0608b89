//! Parts every chart shares: the title and legend band, the plot rectangle, value axes with grid and tick labels, axis titles, and the no-data note.

use super::font;
use super::scale::Scale;
use super::style::{EDGE, GRID, INK, LABEL_SIZE, LEGEND_SIZE, MUTED, TICK_SIZE, TITLE_SIZE};
use super::svg::{Anchor, Stroke, Svg, TextStyle, clean_label};

/// One legend item.
#[derive(Clone, Debug)]
pub(super) struct LegendEntry {
    pub name: String,
    pub color: &'static str,
    pub dash: Option<&'static str>,
}

/// How a legend item shows its series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Swatch {
    Block,
    Line,
}

/// Legend entries for the given series names, in order; an empty name
/// becomes "Series N" so every colour stays identifiable.
pub(super) fn legend_entries<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<LegendEntry> {
    names
        .into_iter()
        .enumerate()
        .map(|(index, name)| {
            let name = clean_label(name);
            LegendEntry {
                name: if name.is_empty() {
                    format!("Series {}", index + 1)
                } else {
                    name
                },
                color: super::style::series_color(index),
                dash: super::style::series_dash(index),
            }
        })
        .collect()
}

const LEGEND_MAX_ROWS: usize = 3;
const LEGEND_ROW_HEIGHT: f64 = LEGEND_SIZE + 4.0;
const LEGEND_NAME_MAX: f64 = 110.0;
const SWATCH_WIDTH: f64 = 10.0;
const SWATCH_GAP: f64 = 3.0;
const ITEM_GAP: f64 = 10.0;

/// Draws the title and the legend rows at the top of the canvas and returns
/// the y coordinate where the chart body may begin.
pub(super) fn header(svg: &mut Svg, title: &str, legend: &[LegendEntry], swatch: Swatch) -> f64 {
    let width = svg.width();
    let mut y = EDGE;
    let title = font::fit(&clean_label(title), TITLE_SIZE, width - 2.0 * EDGE);
    if !title.is_empty() {
        y += TITLE_SIZE;
        svg.text(
            width / 2.0,
            y,
            &title,
            TextStyle::new(TITLE_SIZE, Anchor::Middle, INK),
        );
        y += 5.0;
    }
    if legend.is_empty() {
        return y;
    }

    // Items are (entry index or None for the "+N more" note, text, width).
    let items: Vec<(Option<usize>, String, f64)> = legend
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            let text = font::fit(&entry.name, LEGEND_SIZE, LEGEND_NAME_MAX);
            let w = SWATCH_WIDTH + SWATCH_GAP + font::text_width(&text, LEGEND_SIZE);
            (Some(index), text, w)
        })
        .collect();
    let available = width - 2.0 * EDGE;
    let row_width = |row: &[(Option<usize>, String, f64)]| -> f64 {
        row.iter().map(|item| item.2).sum::<f64>() + ITEM_GAP * row.len().saturating_sub(1) as f64
    };
    let mut rows: Vec<Vec<(Option<usize>, String, f64)>> = vec![Vec::new()];
    for item in items {
        let current = rows.last_mut().map(|row| row_width(row)).unwrap_or(0.0);
        let fits = rows.last().is_none_or(|row| row.is_empty())
            || current + ITEM_GAP + item.2 <= available;
        if !fits {
            rows.push(Vec::new());
        }
        if let Some(row) = rows.last_mut() {
            row.push(item);
        }
    }
    if rows.len() > LEGEND_MAX_ROWS {
        let mut hidden: usize = rows[LEGEND_MAX_ROWS..].iter().map(Vec::len).sum();
        rows.truncate(LEGEND_MAX_ROWS);
        if let Some(last) = rows.last_mut() {
            loop {
                let note = format!("+{hidden} more");
                let note_width = font::text_width(&note, LEGEND_SIZE);
                if last.is_empty() || row_width(last) + ITEM_GAP + note_width <= available {
                    last.push((None, note, note_width));
                    break;
                }
                last.pop();
                hidden += 1;
            }
        }
    }

    for row in &rows {
        let baseline = y + LEGEND_SIZE;
        let mut x = (width - row_width(row)) / 2.0;
        for (index, text, item_width) in row {
            match index.and_then(|i| legend.get(i)) {
                Some(entry) => {
                    match swatch {
                        Swatch::Block => {
                            svg.rect(x, baseline - 7.0, SWATCH_WIDTH, 7.0, entry.color, 1.0);
                        }
                        Swatch::Line => svg.line(
                            x,
                            baseline - 3.0,
                            x + SWATCH_WIDTH,
                            baseline - 3.0,
                            Stroke {
                                color: entry.color,
                                width: 1.5,
                                dash: entry.dash,
                            },
                        ),
                    }
                    svg.text(
                        x + SWATCH_WIDTH + SWATCH_GAP,
                        baseline,
                        text,
                        TextStyle::new(LEGEND_SIZE, Anchor::Start, INK),
                    );
                }
                None => svg.text(
                    x,
                    baseline,
                    text,
                    TextStyle::new(LEGEND_SIZE, Anchor::Start, MUTED),
                ),
            }
            x += item_width + ITEM_GAP;
        }
        y += LEGEND_ROW_HEIGHT;
    }
    y + 2.0
}

/// The rectangle data is drawn in, in canvas coordinates (y grows downwards).
#[derive(Clone, Copy, Debug)]
pub(super) struct Plot {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Plot {
    pub fn width(&self) -> f64 {
        self.right - self.left
    }

    pub fn height(&self) -> f64 {
        self.bottom - self.top
    }

    /// x coordinate of a horizontal fraction (0 = left edge).
    pub fn x_at(&self, fraction: f64) -> f64 {
        self.left + fraction * self.width()
    }

    /// y coordinate of a vertical fraction (0 = bottom edge).
    pub fn y_at(&self, fraction: f64) -> f64 {
        self.bottom - fraction * self.height()
    }
}

/// Width the rotated title of a left axis takes, or nothing when it is empty.
pub(super) fn title_room(title: &str) -> f64 {
    if title.is_empty() {
        0.0
    } else {
        LABEL_SIZE + 4.0
    }
}

/// The widest of `labels` at `size`.
pub(super) fn max_width<S: AsRef<str>>(labels: &[S], size: f64) -> f64 {
    labels
        .iter()
        .map(|label| font::text_width(label.as_ref(), size))
        .fold(0.0, f64::max)
}

/// Smallest n so that labels every n-th slot of `spacing` points get `needed` points each.
pub(super) fn label_stride(needed: f64, spacing: f64) -> usize {
    if spacing >= needed || spacing <= 0.0 {
        return 1;
    }
    let stride = (needed / spacing).ceil();
    if stride.is_finite() && stride >= 1.0 {
        stride.min(1e6) as usize
    } else {
        1
    }
}

const TICK_LENGTH: f64 = 3.0;

/// Grid lines across the plot and tick labels to the left, for a vertical value axis.
pub(super) fn value_axis_left(svg: &mut Svg, plot: &Plot, scale: &Scale) {
    let labels = scale.tick_labels();
    let spacing = plot.height() / scale.ticks().len().saturating_sub(1).max(1) as f64;
    let stride = label_stride(TICK_SIZE * 1.1, spacing);
    for (i, (tick, label)) in scale.ticks().iter().zip(&labels).enumerate() {
        let Some(fraction) = scale.fraction(tick.value()) else {
            continue;
        };
        let y = plot.y_at(fraction);
        svg.line(plot.left, y, plot.right, y, Stroke::solid(GRID, 0.5));
        svg.line(
            plot.left - TICK_LENGTH,
            y,
            plot.left,
            y,
            Stroke::solid(INK, 0.6),
        );
        if i % stride == 0 {
            svg.text(
                plot.left - TICK_LENGTH - 2.0,
                y + TICK_SIZE * 0.35,
                label,
                TextStyle::new(TICK_SIZE, Anchor::End, INK),
            );
        }
    }
}

/// Grid lines across the plot and tick labels below it, for a horizontal value axis.
pub(super) fn value_axis_bottom(svg: &mut Svg, plot: &Plot, scale: &Scale) {
    let labels = scale.tick_labels();
    let spacing = plot.width() / scale.ticks().len().saturating_sub(1).max(1) as f64;
    let stride = label_stride(max_width(&labels, TICK_SIZE) + 4.0, spacing);
    for (i, (tick, label)) in scale.ticks().iter().zip(&labels).enumerate() {
        let Some(fraction) = scale.fraction(tick.value()) else {
            continue;
        };
        let x = plot.x_at(fraction);
        svg.line(x, plot.top, x, plot.bottom, Stroke::solid(GRID, 0.5));
        svg.line(
            x,
            plot.bottom,
            x,
            plot.bottom + TICK_LENGTH,
            Stroke::solid(INK, 0.6),
        );
        if i % stride == 0 {
            svg.text(
                x,
                plot.bottom + TICK_LENGTH + 1.0 + TICK_SIZE * 0.8,
                label,
                TextStyle::new(TICK_SIZE, Anchor::Middle, INK),
            );
        }
    }
}

/// Room below the plot for one row of horizontal tick labels.
pub(super) const BOTTOM_TICK_ROOM: f64 = TICK_LENGTH + 2.0 + TICK_SIZE;

/// The left and bottom axis lines, drawn over the data.
pub(super) fn axis_lines(svg: &mut Svg, plot: &Plot) {
    let stroke = Stroke::solid(INK, 0.8);
    svg.line(plot.left, plot.top, plot.left, plot.bottom, stroke);
    svg.line(plot.left, plot.bottom, plot.right, plot.bottom, stroke);
}

/// A left axis title, rotated to read bottom-up, its baseline at `x`,
/// centred on the plot and shortened to fit the canvas height.
pub(super) fn title_left(svg: &mut Svg, title: &str, x: f64, plot: &Plot) {
    let middle = (plot.top + plot.bottom) / 2.0;
    let room = 2.0 * (middle - EDGE).min(svg.height() - EDGE - middle);
    let text = font::fit(title, LABEL_SIZE, room);
    svg.text(
        x,
        middle,
        &text,
        TextStyle::new(LABEL_SIZE, Anchor::Middle, INK).rotated(-90.0),
    );
}

/// A bottom axis title with its baseline at `y`, centred on the plot and
/// shortened to fit the canvas width.
pub(super) fn title_bottom(svg: &mut Svg, title: &str, y: f64, plot: &Plot) {
    let middle = (plot.left + plot.right) / 2.0;
    let room = 2.0 * (middle - EDGE).min(svg.width() - EDGE - middle);
    let text = font::fit(title, LABEL_SIZE, room);
    svg.text(
        middle,
        y,
        &text,
        TextStyle::new(LABEL_SIZE, Anchor::Middle, INK),
    );
}

/// "No data" in the middle of an otherwise empty chart.
pub(super) fn no_data(svg: &mut Svg, x: f64, y: f64) {
    svg.text(
        x,
        y,
        "No data",
        TextStyle::new(LABEL_SIZE, Anchor::Middle, MUTED),
    );
}
