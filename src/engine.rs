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

/// Renders every artifact of a run, including the log, without writing.
pub fn render_run(release: &Release, run_id: &str) -> Result<FileTree, Error> {
    let bad_path = |e: crate::output::BadPath| Error::Usage(e.to_string());
    let mut tree = render::spec_resolved(&release.resolved);
    tree.merge_under(
        "blueprint",
        render::blueprint::render(release).map_err(bad_path)?,
    )
    .map_err(bad_path)?;
    if let Some(code) = render::code::render(release).map_err(bad_path)? {
        tree.merge_under("code", code).map_err(bad_path)?;
    }
    tree.merge_under("docs", render::docs::render(release).map_err(bad_path)?)
        .map_err(bad_path)?;
    let summary = render::summary::render(release, &tree);
    tree.insert("docs/summary.json", summary)
        .map_err(bad_path)?;
    let log = render::run_log::render(release, run_id, &tree);
    tree.insert(render::run_log::LOG_PATH, log)
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
