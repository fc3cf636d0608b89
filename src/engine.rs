//! The synthesis engine: release → the renderers of `render::contract`, in
//! their two phases → one file tree → one atomic write. Everything before the
//! write is pure.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::output::{FileTree, WriteOptions, write_tree};
use crate::release::Release;
use crate::render;
use crate::render::contract::{self, FigureFiles, Inputs, Renderer, Sealer};
use crate::render::figures_release::Formats;

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

fn merge_error(artifact: &'static str) -> impl Fn(crate::output::BadPath) -> Error {
    move |e| Error::Render {
        artifact,
        reason: e.to_string(),
    }
}

/// The paper project with its figures, for a tree holding the other files
/// (their hashes go into the reproducibility appendix).
pub fn render_paper(
    release: &Release,
    figures: &FileTree,
    others: &FileTree,
) -> Result<FileTree, Error> {
    let figures = FigureFiles {
        pdfs: figures.clone(),
        pngs: FileTree::new(),
    };
    let inputs = Inputs {
        release,
        figures: &figures,
        run_id: "",
    };
    Sealer::render(&contract::Paper, &inputs, others)
}

/// Renders every artifact of a run, including the log, without writing:
/// phase one (`contract::RENDERERS`) from the release alone, then phase two
/// (`contract::SEALERS`), each of which reads the files rendered before it.
/// Groups the spec does not ask for in `outputs.artifacts` are skipped, and
/// so are the figure formats only they embed.
pub fn render_run(release: &Release, run_id: &str) -> Result<FileTree, Error> {
    render_run_formats(release, run_id, FigureFiles::formats_for(release))
}

/// [`render_run`] with the figures exported to `formats` only (the fuzz
/// harness's no-raster depth builds the SVG sources and exports none).
///
/// The figures and the phase-one renderers that do not read them run in
/// parallel on the current rayon pool; every result is merged in the fixed
/// renderer order, and the first error in that order (the figures' first)
/// is the one returned, so the tree and the error never depend on timing.
pub fn render_run_formats(
    release: &Release,
    run_id: &str,
    formats: Formats,
) -> Result<FileTree, Error> {
    use rayon::prelude::*;
    let wanted: Vec<&dyn Renderer> = contract::RENDERERS
        .iter()
        .copied()
        .filter(|renderer| contract::wanted(release, renderer.group()))
        .collect();
    let no_figures = FigureFiles::default();
    let early_inputs = Inputs {
        release,
        figures: &no_figures,
        run_id,
    };
    let (figures, early) = rayon::join(
        || FigureFiles::render_formats(release, formats),
        || {
            wanted
                .par_iter()
                .map(|renderer| (!renderer.uses_figures()).then(|| renderer.render(&early_inputs)))
                .collect::<Vec<_>>()
        },
    );
    let figures = figures?;
    let inputs = Inputs {
        release,
        figures: &figures,
        run_id,
    };
    let mut tree = FileTree::new();
    for (renderer, early) in wanted.iter().zip(early) {
        let files = match early {
            Some(files) => files?,
            None => renderer.render(&inputs)?,
        };
        tree.merge_under(renderer.folder(), files)
            .map_err(merge_error(renderer.name()))?;
    }
    for sealer in contract::SEALERS {
        if contract::wanted(release, sealer.group()) {
            let files = sealer.render(&inputs, &tree)?;
            tree.merge_under(sealer.folder(), files)
                .map_err(merge_error(sealer.name()))?;
        }
    }
    Ok(tree)
}

/// The stand-alone paper project of `metagen paper`: the LaTeX sources, the
/// figures and the evaluation report.
pub fn render_paper_project(release: &Release) -> Result<FileTree, Error> {
    let figures = FigureFiles::render_formats(
        release,
        Formats {
            pdf: true,
            png: false,
        },
    )?;
    let mut tree = render_paper(release, &figures.pdfs, &FileTree::new())?;
    tree.insert("eval_report.md", render::docs::eval_report(release))
        .map_err(merge_error("paper"))?;
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
