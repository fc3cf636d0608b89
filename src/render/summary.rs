//! `docs/summary.json`: a machine-readable manifest of the release — the
//! architecture summary, the cost model, the benchmarks, the warnings, and
//! every other file with its SHA-256.

use serde_json::json;

use crate::output::FileTree;
use crate::release::Release;
use crate::seed::sha256_hex;

/// Renders the summary for a tree that holds every file but the summary and
/// the log (the log lists the summary's own hash).
pub fn render(release: &Release, tree: &FileTree) -> String {
    let bp = &release.blueprint;
    let files: Vec<_> = tree
        .iter()
        .map(|(path, contents)| json!({"path": path, "sha256": sha256_hex(contents), "bytes": contents.len()}))
        .collect();
    let summary = json!({
        "model": release.resolved.spec.name,
        "metagen_version": crate::VERSION,
        "resolved_seed": release.resolved.resolved_seed,
        "architecture": {
            "family": bp.family.name,
            "variant": bp.variant,
            "total_params": bp.total_params,
            "trainable_params": bp.trainable_params,
            "non_embedding_params": bp.non_embedding_params,
            "by_component": bp.by_component,
            "hyperparameters": bp.hyperparameters,
        },
        "cost": release.cost,
        "training_recipe": release.recipe,
        "planned_run": release.derived.planned,
        "benchmarks": release.benchmarks,
        "warnings": release.warnings,
        "files": files,
    });
    let mut text = serde_json::to_string_pretty(&summary).unwrap_or_default();
    text.push('\n');
    text
}
