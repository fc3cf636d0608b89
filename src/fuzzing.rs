//! The in-memory pipeline that the fuzz harness (`tests/fuzz.rs`) and the
//! replay of its regression corpus drive: spec text → load → validate →
//! resolve → release model → renderers, never touching the disk.
//!
//! Hidden from the docs: it exists so that both test binaries exercise the
//! exact same path, not as a user-facing API.

use crate::error::Error;
use crate::output::{BadPath, FileTree};
use crate::release::{self, Release};
use crate::render;
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
///
/// Every failure must come back as an `Err`; a panic is a bug.
pub fn run(text: &str, format: SpecFormat, depth: Depth) -> Result<FileTree, Error> {
    // The CLI reads at most MAX_SPEC_BYTES + 1 bytes of a spec file and refuses it when
    // that is too many; do the same here rather than copying an oversize input whole
    // (+ 4: still over the limit after backing off to a character boundary).
    let limit = (crate::spec::load::MAX_SPEC_BYTES + 4) as usize;
    let text = if text.len() > limit {
        &text[..text.floor_char_boundary(limit)]
    } else {
        text
    };
    let source = SpecSource::from_text("fuzz-input", text, format);
    let loaded = spec::parse_spec(&source)?;
    let release = release::build(spec::resolve(&loaded, None)?)?;
    let run_id = release.resolved.default_run_id();
    match depth {
        Depth::Full => crate::engine::render_run(&release, &run_id),
        Depth::NoRaster => render_without_raster(&release, &run_id),
    }
}

/// The renderers of `engine::render_run` in the same order, with the figure
/// export left out (their SVG sources are still built).
fn render_without_raster(release: &Release, run_id: &str) -> Result<FileTree, Error> {
    let bad_path = |e: BadPath| Error::Render {
        artifact: "files",
        reason: e.to_string(),
    };
    let mut tree = render::spec_resolved(&release.resolved);
    tree.merge_under(
        "blueprint",
        render::blueprint::render(release).map_err(bad_path)?,
    )
    .map_err(bad_path)?;
    tree.merge_under("code", render::code::render(release).map_err(bad_path)?)
        .map_err(bad_path)?;
    let svg_bytes: usize = render::figures_release::figures(release)
        .iter()
        .map(|figure| figure.svg.len())
        .sum();
    tree.merge_under("docs", render::docs::render(release).map_err(bad_path)?)
        .map_err(bad_path)?;
    let paper = crate::engine::render_paper(release, &FileTree::new(), &tree)?;
    tree.merge_under("paper", paper).map_err(bad_path)?;
    let summary = render::summary::render(release, &tree);
    tree.insert("docs/summary.json", summary)
        .map_err(bad_path)?;
    let log = render::run_log::render(release, run_id, &tree);
    tree.insert(render::run_log::LOG_PATH, log)
        .map_err(bad_path)?;
    // Kept so the SVG work cannot be optimised away; it names no real file.
    tree.insert("figures.svg-bytes", svg_bytes.to_string())
        .map_err(bad_path)?;
    Ok(tree)
}
