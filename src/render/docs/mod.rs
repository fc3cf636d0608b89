//! `docs/`: the model card, the datasheet, the evaluation report and the
//! limitations, all read from the release. The machine-readable
//! `summary.json` is rendered by `render::summary` in the second phase.

mod cards;
mod model_card;
mod report;

// The docs' short names for the shared formatters.
use crate::numbers::{group_digits as count, memory as gb, scientific as sci};
use crate::output::{BadPath, FileTree};
use crate::release::Release;

pub use model_card::{TEMPLATE_HEADINGS, model_card, pipeline_tag};
pub use report::{eval_report, limitations};

/// Renders every file of `docs/` except `summary.json`, which lists the
/// hashes of the other files and so is rendered in the second phase
/// (`contract::Summary`).
pub fn render(release: &Release) -> Result<FileTree, BadPath> {
    let mut tree = FileTree::new();
    tree.insert("model_card.md", model_card(release))?;
    tree.insert("data_card.md", cards::data_card(release))?;
    tree.insert("eval_report.md", eval_report(release))?;
    tree.insert("limitations.md", limitations(release))?;
    Ok(tree)
}
