//! The fixed look of every figure: canvas size, font sizes, colours and stroke widths.

/// Canvas width in points (PDF user units; one PNG pixel per point at scale 1).
/// 360 pt is five inches, so at LaTeX column width (about 3.3 in) the figure
/// is scaled by about 0.66 and 9 pt text lands near 6 pt on paper.
pub const WIDTH_PT: f64 = 360.0;
/// Canvas height in points.
pub const HEIGHT_PT: f64 = 240.0;

pub(super) const TITLE_SIZE: f64 = 10.0;
pub(super) const LABEL_SIZE: f64 = 9.0;
pub(super) const TICK_SIZE: f64 = 8.0;
pub(super) const LEGEND_SIZE: f64 = 8.0;

/// Space kept clear along every edge of the canvas.
pub(super) const EDGE: f64 = 6.0;

pub(super) const INK: &str = "#222222";
pub(super) const MUTED: &str = "#555555";
pub(super) const GRID: &str = "#DDDDDD";
pub(super) const BACKGROUND: &str = "#FFFFFF";

/// Okabe-Ito colours, ordered so the first few differ most for common forms
/// of colour blindness; yellow comes late because it is faint on white.
const PALETTE: [&str; 8] = [
    "#0072B2", // blue
    "#E69F00", // orange
    "#009E73", // bluish green
    "#D55E00", // vermillion
    "#CC79A7", // reddish purple
    "#56B4E9", // sky blue
    "#000000", // black
    "#F0E442", // yellow
];

/// Colour of the `index`-th series; the palette repeats after eight.
pub(super) fn series_color(index: usize) -> &'static str {
    PALETTE[index % PALETTE.len()]
}

/// Dash pattern that tells series apart once colours start repeating.
pub(super) fn series_dash(index: usize) -> Option<&'static str> {
    match (index / PALETTE.len()) % 3 {
        0 => None,
        1 => Some("4 2"),
        _ => Some("1 2"),
    }
}
