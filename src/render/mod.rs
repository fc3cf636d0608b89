//! Renderers: pure functions from the release model to files, registered in
//! `contract`. They format the release's figures with `crate::numbers` and
//! compute none (see `tests`); none of them touches the disk.

pub mod blueprint;
pub mod code;
pub mod contract;
pub mod docs;
pub mod figures;
pub mod figures_release;
pub mod markdown;
pub mod paper;
pub mod run_log;
pub mod summary;

#[cfg(test)]
mod tests;

use crate::output::FileTree;
use crate::spec::ResolvedSpec;

/// `spec_resolved.yaml`: the spec with every default filled in.
pub fn spec_resolved(resolved: &ResolvedSpec) -> FileTree {
    let mut tree = FileTree::new();
    let mut text = String::from(
        "# Resolved by MetaGen: every default filled in. Validating this file\n\
         # again gives the same resolved seed.\n",
    );
    text.push_str(&resolved.to_yaml());
    // The path is a constant, so inserting it cannot fail.
    let _ = tree.insert("spec_resolved.yaml", text);
    tree
}
