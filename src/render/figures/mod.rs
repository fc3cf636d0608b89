//! Chart figures for the paper and the docs: each chart is built as SVG here, then exported as vector PDF and PNG, byte-identical across runs.
//!
//! Three chart builders ([`bar_chart`], [`line_chart`], [`radar_chart`])
//! return a [`Figure`]: a file stem plus an SVG document drawn on a
//! 360 × 240 pt canvas with 8–10 pt text, sized to stay legible when LaTeX
//! scales it to a single column. [`Figure::to_pdf`] gives a one-page vector
//! PDF whose text is real, extractable text in the bundled DejaVu Sans
//! (embedded as a subset); [`Figure::to_png`] gives a raster for Markdown.
//!
//! Determinism: the builders are pure functions of their arguments, the
//! only font is compiled in (no system font is ever loaded), numbers are
//! written with fixed rounding, the PDF carries no date and content-derived
//! IDs, and every crate that shapes the bytes is pinned to an exact version.
//!
//! Robustness: any data renders. Labels are reduced to one line, escaped for
//! XML and shortened with an ellipsis to fit; characters the font lacks draw
//! as its missing-glyph box. Non-finite values, values <= 0 on a log axis,
//! and missing values are left out; an empty chart says "No data".

mod bar;
mod export;
pub(crate) mod font;
mod frame;
mod graph;
mod line;
mod panels;
mod radar;
mod scale;
mod style;
mod svg;

#[cfg(test)]
mod tests;

pub use bar::{BarOptions, bar_chart};
pub use export::MAX_PNG_SIDE;
pub use graph::{GraphEdge, GraphNode, graph_diagram};
pub use line::line_chart;
pub use panels::{Panel, PanelBar, REFERENCE_REACH, panel_bars};
pub use radar::radar_chart;
pub use style::{HEIGHT_PT, WIDTH_PT};

/// A rendered chart: the SVG source plus the name its files take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    /// File stem, e.g. `"radar"` for `radar.pdf` and `radar.png`.
    /// Used as given; callers choose a path-safe stem.
    pub name: String,
    /// A complete SVG document that uses only the bundled font.
    pub svg: String,
}

impl Figure {
    /// A one-page PDF the size of the canvas (1 SVG unit = 1 pt), with the
    /// font embedded as a subset and every label drawn as text.
    pub fn to_pdf(&self) -> Result<Vec<u8>, FigureError> {
        export::pdf(self, &export::parse(self)?)
    }

    /// A PNG on a white background with `scale` pixels per point, so the
    /// standard canvas gives 360 × 240 px at 1.0 and 720 × 480 px at 2.0.
    /// Fails for a scale that is not positive and finite or that would make
    /// a side longer than [`MAX_PNG_SIDE`] pixels.
    pub fn to_png(&self, scale: f32) -> Result<Vec<u8>, FigureError> {
        export::png(self, &export::parse(self)?, scale)
    }

    /// The PDF when `pdf`, and the PNG at `png_scale` when given, from one
    /// parse of the SVG (text layout included), so a figure is laid out once
    /// however many formats it is exported to. Nothing is parsed when
    /// neither is asked for.
    pub fn export(&self, pdf: bool, png_scale: Option<f32>) -> Result<Exported, FigureError> {
        if !pdf && png_scale.is_none() {
            return Ok(Exported::default());
        }
        let tree = export::parse(self)?;
        let pdf = pdf.then(|| export::pdf(self, &tree)).transpose()?;
        let png = png_scale
            .map(|scale| export::png(self, &tree, scale))
            .transpose()?;
        Ok(Exported { pdf, png })
    }
}

/// The files [`Figure::export`] made: each format asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Exported {
    /// The PDF's bytes.
    pub pdf: Option<Vec<u8>>,
    /// The PNG's bytes.
    pub png: Option<Vec<u8>>,
}

/// One chart axis: its title (with units) and whether its scale is logarithmic.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Axis {
    /// The axis title, e.g. `"Parameters (millions)"`; empty for none.
    pub label: String,
    /// A base-10 logarithmic scale; values <= 0 are then left out.
    pub log: bool,
}

impl Axis {
    /// A linear axis titled `label`.
    pub fn linear(label: impl Into<String>) -> Self {
        Axis {
            label: label.into(),
            log: false,
        }
    }

    /// A logarithmic axis titled `label`.
    pub fn log(label: impl Into<String>) -> Self {
        Axis {
            label: label.into(),
            log: true,
        }
    }
}

/// A named run of values, one per category (bar chart) or axis (radar chart).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

impl Series {
    pub fn new(name: impl Into<String>, values: Vec<f64>) -> Self {
        Series {
            name: name.into(),
            values,
        }
    }
}

/// Why a figure could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum FigureError {
    #[error("figure `{name}`: the SVG is not valid: {reason}")]
    Svg { name: String, reason: String },
    #[error("figure `{name}`: PDF export failed: {reason}")]
    Pdf { name: String, reason: String },
    #[error(
        "figure `{name}`: PNG scale {scale} must be positive and keep each side within {MAX_PNG_SIDE} pixels"
    )]
    Scale { name: String, scale: f32 },
    #[error("figure `{name}`: PNG export failed: {reason}")]
    Png { name: String, reason: String },
}
