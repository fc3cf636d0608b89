//! `logs/metagen.log`: a deterministic record of a run — tool version, seeds,
//! warnings and every file written with its SHA-256. No timestamps.

use crate::output::FileTree;
use crate::seed::sha256_hex;
use crate::spec::ResolvedSpec;

/// Path of the log inside a run folder.
pub const LOG_PATH: &str = "logs/metagen.log";

/// Renders the log for a finished tree (the log does not list itself).
pub fn render(resolved: &ResolvedSpec, run_id: &str, tree: &FileTree) -> String {
    let mut log = String::new();
    log.push_str(&format!("metagen {}\n", crate::VERSION));
    log.push_str(&format!("spec.name: {:?}\n", resolved.spec.name));
    log.push_str(&format!("spec.sha256: {}\n", resolved.spec_sha256));
    log.push_str(&format!("run_id: {run_id}\n"));
    log.push_str(&format!("base_seed: {}\n", resolved.base_seed));
    log.push_str(&format!("resolved_seed: {}\n", resolved.resolved_seed));
    log.push_str(&format!("warnings: {}\n", resolved.warnings.len()));
    for warning in &resolved.warnings {
        log.push_str(&format!("  warning: {warning}\n"));
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
