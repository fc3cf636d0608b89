//! The synthesis engine: resolved spec → renderers → one file tree → one
//! atomic write. Everything before the write is pure.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::output::{FileTree, WriteOptions, write_tree};
use crate::release::Release;
use crate::render;

/// Where and how to write a run.
#[derive(Debug, Clone, Default)]
pub struct SynthOptions {
    /// Run id; derived from the name and seed when absent.
    pub run_id: Option<String>,
    /// Writer options (`--force`, test hooks).
    pub write: WriteOptions,
}

/// What a finished run produced.
#[derive(Debug, Clone)]
pub struct SynthReport {
    /// The run id used.
    pub run_id: String,
    /// The run folder.
    pub run_dir: PathBuf,
    /// Number of files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// Checks a run id against `[A-Za-z0-9._-]{1,128}`, excluding `.` and `..`.
pub fn check_run_id(run_id: &str) -> Result<(), Error> {
    let valid_chars = run_id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if run_id.is_empty() || run_id.len() > 128 || !valid_chars || run_id == "." || run_id == ".." {
        return Err(Error::Usage(format!(
            "invalid run id {run_id:?}: use 1 to 128 characters from A-Z, a-z, 0-9, '.', '_' \
             and '-', other than \".\" and \"..\""
        )));
    }
    Ok(())
}

/// The artifact groups a spec may ask for in `outputs.artifacts`.
pub const ARTIFACT_GROUPS: &[&str] = &["blueprint", "code", "docs", "paper"];

fn wants(release: &Release, group: &str) -> bool {
    release
        .resolved
        .spec
        .outputs
        .artifacts
        .iter()
        .any(|a| a.eq_ignore_ascii_case(group))
}

fn render_error(artifact: &'static str) -> impl Fn(String) -> Error {
    move |reason| Error::Render { artifact, reason }
}

/// The paper project with its figures, for a tree holding the other files
/// (their hashes go into the reproducibility appendix).
pub fn render_paper(
    release: &Release,
    figures: &FileTree,
    others: &FileTree,
) -> Result<FileTree, Error> {
    let hashes: Vec<(String, String)> = others
        .iter()
        .map(|(path, contents)| (path.to_string(), crate::seed::sha256_hex(contents)))
        .collect();
    render::paper::render(release, figures, &hashes)
        .map_err(|e| render_error("paper")(e.to_string()))
}

/// Renders every artifact of a run, including the log, without writing.
///
/// The blueprint is always written: it is the source of every number. The
/// code, docs and paper follow `outputs.artifacts`.
pub fn render_run(release: &Release, run_id: &str) -> Result<FileTree, Error> {
    let bad_path = |e: crate::output::BadPath| render_error("files")(e.to_string());
    let mut tree = render::spec_resolved(&release.resolved);
    tree.merge_under(
        "blueprint",
        render::blueprint::render(release).map_err(bad_path)?,
    )
    .map_err(bad_path)?;
    if wants(release, "code") {
        tree.merge_under("code", render::code::render(release).map_err(bad_path)?)
            .map_err(bad_path)?;
    }
    let (pdfs, pngs) = render::figures_release::render(release)
        .map_err(|e| render_error("figures")(e.to_string()))?;
    if wants(release, "docs") {
        tree.merge_under("docs", render::docs::render(release).map_err(bad_path)?)
            .map_err(bad_path)?;
        tree.merge_under("docs/figures", pngs).map_err(bad_path)?;
    }
    if wants(release, "paper") {
        let paper = render_paper(release, &pdfs, &tree)?;
        tree.merge_under("paper", paper).map_err(bad_path)?;
    }
    if wants(release, "docs") {
        let summary = render::summary::render(release, &tree);
        tree.insert("docs/summary.json", summary)
            .map_err(bad_path)?;
    }
    let log = render::run_log::render(release, run_id, &tree);
    tree.insert(render::run_log::LOG_PATH, log)
        .map_err(bad_path)?;
    Ok(tree)
}

/// The stand-alone paper project of `metagen paper`: the LaTeX sources, the
/// figures and the evaluation report.
pub fn render_paper_project(release: &Release) -> Result<FileTree, Error> {
    let bad_path = |e: crate::output::BadPath| render_error("files")(e.to_string());
    let (pdfs, _) = render::figures_release::render(release)
        .map_err(|e| render_error("figures")(e.to_string()))?;
    let mut tree = render_paper(release, &pdfs, &FileTree::new())?;
    tree.insert("eval_report.md", render::docs::eval_report(release))
        .map_err(bad_path)?;
    Ok(tree)
}

/// Renders and writes one run under `out`.
pub fn synthesize(
    release: &Release,
    out: &Path,
    options: &SynthOptions,
) -> Result<SynthReport, Error> {
    let run_id = options
        .run_id
        .clone()
        .unwrap_or_else(|| release.resolved.default_run_id());
    check_run_id(&run_id)?;
    let tree = render_run(release, &run_id)?;
    let run_dir = write_tree(&tree, out, &run_id, &options.write)?;
    Ok(SynthReport {
        run_id,
        run_dir,
        files: tree.len(),
        bytes: tree.total_bytes(),
    })
}
