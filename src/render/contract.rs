//! The renderer contract: every artifact of a run is one `Renderer` (phase
//! one, reading only the release and its rendered figures) or one `Sealer`
//! (phase two, which also reads the files rendered before it, for their
//! hashes). The engine walks `RENDERERS` and then `SEALERS`, in order; it
//! calls no renderer by name.

use crate::error::Error;
use crate::output::{BadPath, FileTree};
use crate::release::Release;
use crate::spec::ArtifactGroup;

use super::figures_release::Formats;
use super::{blueprint, code, docs, figures_release, paper, run_log, summary};

/// The figures of a release, rendered once and shared by the artifacts that
/// embed them: vector PDF for the paper, PNG for the docs.
#[derive(Debug, Clone, Default)]
pub struct FigureFiles {
    /// `<stem>.pdf` files.
    pub pdfs: FileTree,
    /// `<stem>.png` files.
    pub pngs: FileTree,
}

impl FigureFiles {
    /// Renders every figure of the release in the formats asked for.
    pub fn render_formats(release: &Release, formats: Formats) -> Result<Self, Error> {
        let (pdfs, pngs) =
            figures_release::render_formats(release, formats).map_err(|e| Error::Render {
                artifact: "figures",
                reason: e.to_string(),
            })?;
        Ok(Self { pdfs, pngs })
    }

    /// The formats a run of this release embeds: PDF when it writes the
    /// paper, PNG when it writes the docs.
    pub fn formats_for(release: &Release) -> Formats {
        Formats {
            pdf: wanted(release, Paper.group()),
            png: wanted(release, Docs.group()),
        }
    }
}

/// What every renderer reads.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The release model: every figure, computed once.
    pub release: &'a Release,
    /// The figures, rendered once.
    pub figures: &'a FigureFiles,
    /// The run id, recorded in the log.
    pub run_id: &'a str,
}

/// Phase one: an artifact rendered from the release alone.
pub trait Renderer: Sync {
    /// Name used in error messages.
    fn name(&self) -> &'static str;
    /// The group that asks for it in `outputs.artifacts`; `None` when it is
    /// always rendered.
    fn group(&self) -> Option<ArtifactGroup>;
    /// The run folder its files go under (`""` for the run's root).
    fn folder(&self) -> &'static str;
    /// Whether it reads `Inputs::figures`. Those that do not are rendered
    /// while the figures are exported; the others wait for them.
    fn uses_figures(&self) -> bool {
        false
    }
    /// Its files, relative to `folder`.
    fn render(&self, inputs: &Inputs<'_>) -> Result<FileTree, Error>;
}

/// Phase two: an artifact that lists or hashes the files rendered before it.
pub trait Sealer: Sync {
    /// Name used in error messages.
    fn name(&self) -> &'static str;
    /// The group that asks for it; `None` when it is always rendered.
    fn group(&self) -> Option<ArtifactGroup>;
    /// The run folder its files go under (`""` for the run's root).
    fn folder(&self) -> &'static str;
    /// Its files, relative to `folder`; `before` holds every file of the run
    /// rendered so far, with paths relative to the run folder.
    fn render(&self, inputs: &Inputs<'_>, before: &FileTree) -> Result<FileTree, Error>;
}

/// Phase one, in order. Their files do not depend on each other.
pub const RENDERERS: &[&dyn Renderer] = &[&SpecResolved, &Blueprint, &Code, &Docs];

/// Phase two, in order: each sees the files of every renderer and of the
/// sealers before it (the paper hashes phase one; the summary lists the
/// paper too; the log lists everything).
pub const SEALERS: &[&dyn Sealer] = &[&Paper, &Summary, &RunLog];

/// Whether a renderer of `group` runs for this release.
pub fn wanted(release: &Release, group: Option<ArtifactGroup>) -> bool {
    group.is_none_or(|group| release.resolved.artifacts.contains(&group))
}

fn bad_path(artifact: &'static str) -> impl Fn(BadPath) -> Error {
    move |e| Error::Render {
        artifact,
        reason: e.to_string(),
    }
}

/// `spec_resolved.yaml`.
pub struct SpecResolved;

impl Renderer for SpecResolved {
    fn name(&self) -> &'static str {
        "spec"
    }
    fn group(&self) -> Option<ArtifactGroup> {
        None
    }
    fn folder(&self) -> &'static str {
        ""
    }
    fn render(&self, inputs: &Inputs<'_>) -> Result<FileTree, Error> {
        Ok(super::spec_resolved(&inputs.release.resolved))
    }
}

/// `blueprint/`: always rendered, whatever `outputs.artifacts` says, because
/// it is the source of every number in the other files.
pub struct Blueprint;

impl Renderer for Blueprint {
    fn name(&self) -> &'static str {
        "blueprint"
    }
    fn group(&self) -> Option<ArtifactGroup> {
        None
    }
    fn folder(&self) -> &'static str {
        "blueprint"
    }
    fn render(&self, inputs: &Inputs<'_>) -> Result<FileTree, Error> {
        blueprint::render(inputs.release).map_err(bad_path("blueprint"))
    }
}

/// `code/`: the PyTorch package.
pub struct Code;

impl Renderer for Code {
    fn name(&self) -> &'static str {
        "code"
    }
    fn group(&self) -> Option<ArtifactGroup> {
        Some(ArtifactGroup::Code)
    }
    fn folder(&self) -> &'static str {
        "code"
    }
    fn render(&self, inputs: &Inputs<'_>) -> Result<FileTree, Error> {
        code::render(inputs.release).map_err(bad_path("code"))
    }
}

/// `docs/` with the PNG figures, except `summary.json` (a sealer).
pub struct Docs;

impl Renderer for Docs {
    fn name(&self) -> &'static str {
        "docs"
    }
    fn group(&self) -> Option<ArtifactGroup> {
        Some(ArtifactGroup::Docs)
    }
    fn folder(&self) -> &'static str {
        "docs"
    }
    fn uses_figures(&self) -> bool {
        true
    }
    fn render(&self, inputs: &Inputs<'_>) -> Result<FileTree, Error> {
        let mut tree = docs::render(inputs.release).map_err(bad_path("docs"))?;
        tree.merge_under("figures", inputs.figures.pngs.clone())
            .map_err(bad_path("docs"))?;
        Ok(tree)
    }
}

/// `paper/`: its reproducibility appendix lists the hash of every file
/// rendered in phase one.
pub struct Paper;

impl Sealer for Paper {
    fn name(&self) -> &'static str {
        "paper"
    }
    fn group(&self) -> Option<ArtifactGroup> {
        Some(ArtifactGroup::Paper)
    }
    fn folder(&self) -> &'static str {
        "paper"
    }
    fn render(&self, inputs: &Inputs<'_>, before: &FileTree) -> Result<FileTree, Error> {
        let hashes: Vec<(String, String)> = before
            .iter()
            .map(|(path, contents)| (path.to_string(), crate::seed::sha256_hex(contents)))
            .collect();
        paper::render(inputs.release, &inputs.figures.pdfs, &hashes).map_err(bad_path("paper"))
    }
}

/// `docs/summary.json`: the release in numbers, with every file's hash.
pub struct Summary;

impl Sealer for Summary {
    fn name(&self) -> &'static str {
        "summary"
    }
    fn group(&self) -> Option<ArtifactGroup> {
        Some(ArtifactGroup::Docs)
    }
    fn folder(&self) -> &'static str {
        "docs"
    }
    fn render(&self, inputs: &Inputs<'_>, before: &FileTree) -> Result<FileTree, Error> {
        let mut tree = FileTree::new();
        tree.insert("summary.json", summary::render(inputs.release, before))
            .map_err(bad_path("docs"))?;
        Ok(tree)
    }
}

/// The run log, listing every file of the run.
pub struct RunLog;

impl Sealer for RunLog {
    fn name(&self) -> &'static str {
        "log"
    }
    fn group(&self) -> Option<ArtifactGroup> {
        None
    }
    fn folder(&self) -> &'static str {
        ""
    }
    fn render(&self, inputs: &Inputs<'_>, before: &FileTree) -> Result<FileTree, Error> {
        let mut tree = FileTree::new();
        let log = run_log::render(inputs.release, inputs.run_id, before);
        tree.insert(run_log::LOG_PATH, log)
            .map_err(bad_path("log"))?;
        Ok(tree)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_artifact_group_has_a_renderer() {
        let groups: Vec<Option<ArtifactGroup>> = RENDERERS
            .iter()
            .map(|r| r.group())
            .chain(SEALERS.iter().map(|s| s.group()))
            .collect();
        for group in ArtifactGroup::ALL {
            // The blueprint is always written, so its renderer has no group.
            let served = *group == ArtifactGroup::Blueprint || groups.contains(&Some(*group));
            assert!(served, "no renderer for `{group}`");
        }
    }

    #[test]
    fn the_log_seals_last_and_the_paper_before_the_summary() {
        let names: Vec<&str> = SEALERS.iter().map(|s| s.name()).collect();
        assert_eq!(names, ["paper", "summary", "log"]);
    }

    #[test]
    fn artifact_names_ignore_case_and_unknown_names_are_none() {
        assert_eq!(ArtifactGroup::parse("Docs"), Some(ArtifactGroup::Docs));
        assert_eq!(ArtifactGroup::parse("PAPER"), Some(ArtifactGroup::Paper));
        assert_eq!(ArtifactGroup::parse("papers"), None);
        assert_eq!(ArtifactGroup::parse(""), None);
    }
}
