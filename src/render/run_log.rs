//! `logs/metagen.log`: a deterministic record of a run — tool version, seeds,
//! warnings and every file written with its SHA-256. No timestamps.

use crate::output::FileTree;
use crate::release::Release;
use crate::seed::sha256_hex;

/// Path of the log inside a run folder.
pub const LOG_PATH: &str = "logs/metagen.log";

/// Renders the log for a finished tree (the log does not list itself).
pub fn render(release: &Release, run_id: &str, tree: &FileTree) -> String {
    let resolved = &release.resolved;
    let mut log = String::new();
    log.push_str(&format!("metagen {}\n", crate::VERSION));
    log.push_str(&format!("spec.name: {:?}\n", resolved.spec.name));
    log.push_str(&format!("spec.sha256: {}\n", resolved.spec_sha256));
    log.push_str(&format!("run_id: {run_id}\n"));
    log.push_str(&format!("base_seed: {}\n", resolved.base_seed));
    log.push_str(&format!("resolved_seed: {}\n", resolved.resolved_seed));
    log.push_str(&format!(
        "architecture: {} ({}), {} parameters\n",
        release.blueprint.family, release.blueprint.variant, release.blueprint.total_params
    ));
    log.push_str(&format!("warnings: {}\n", release.warnings.len()));
    for warning in &release.warnings {
        log.push_str(&format!("  warning: {warning}\n"));
    }
    let readings: Vec<_> = release
        .resolved
        .read_notes
        .iter()
        .filter(|note| note.edit != crate::spec::Edit::Keep)
        .collect();
    if !readings.is_empty() {
        log.push_str(&format!(
            "read from the original MetaGen's form: {}\n",
            readings.len()
        ));
        for note in readings {
            log.push_str(&format!("  {note}\n"));
        }
    }
    log.push_str(&format!("files: {}\n", tree.len()));
    for (path, contents) in tree.iter() {
        log.push_str(&format!(
            "  {}  {path}  {} bytes\n",
            sha256_hex(contents),
            contents.len()
        ));
    }
    log
}
