//! The in-memory pipeline that the fuzz harness (`tests/fuzz.rs`) and the
//! replay of its regression corpus drive: spec text → load → validate →
//! resolve → release model → renderers, never touching the disk.
//!
//! Hidden from the docs: it exists so that both test binaries exercise the
//! exact same path, not as a user-facing API.

use crate::error::Error;
use crate::output::FileTree;
use crate::release;
use crate::render::figures_release::Formats;
use crate::spec::{self, SpecFormat, SpecSource};

/// How far down the pipeline an input goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Every renderer except the rasterising ones: the figures are built as
    /// SVG but not exported to PDF or PNG (those dominate the time).
    NoRaster,
    /// The whole run, figures exported, exactly as `metagen synth` renders it.
    Full,
}

/// Runs one spec text through the pipeline and returns the rendered tree.
/// The renderers may run in parallel on the current rayon pool: a caller
/// that accounts time or memory per thread runs this inside a one-thread
/// pool.
///
/// Every failure must come back as an `Err`; a panic is a bug.
pub fn run(text: &str, format: SpecFormat, depth: Depth) -> Result<FileTree, Error> {
    let source = SpecSource::from_text("fuzz-input", text, format);
    let loaded = spec::parse_spec(&source)?;
    let release = release::build(spec::resolve(&loaded, None)?)?;
    let run_id = release.resolved.default_run_id();
    match depth {
        Depth::Full => crate::engine::render_run(&release, &run_id),
        Depth::NoRaster => crate::engine::render_run_formats(&release, &run_id, Formats::NONE),
    }
}
