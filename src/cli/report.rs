//! How results and errors look on the terminal.

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::Terminal;
use crate::error::Error;
use crate::numbers::{self, group_digits};
use crate::release::Release;
use crate::spec::{ResolvedSpec, diagnostic};

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const GREEN: &str = "\x1b[1;32m";
const RESET: &str = "\x1b[0m";

fn paint(text: &str, color: &str, enabled: bool) -> String {
    if enabled {
        format!("{color}{text}{RESET}")
    } else {
        text.to_string()
    }
}

/// Prints an error to standard error: `error: ...`, then the diagnostics.
pub fn print_error(error: &Error, terminal: &Terminal) {
    let label = paint("error", RED, terminal.color_stderr);
    match error {
        Error::Spec(errors) => {
            eprintln!("{label}: {errors}");
            eprint!(
                "{}",
                diagnostic::render(&errors.diagnostics, terminal.color_stderr)
            );
        }
        other => {
            eprintln!("{label}: {other}");
            let mut source = std::error::Error::source(other);
            while let Some(cause) = source {
                eprintln!("  caused by: {cause}");
                source = cause.source();
            }
        }
    }
}

/// Prints warnings to standard error.
pub fn print_warnings(warnings: &[String], terminal: &Terminal) {
    let label = paint("warning", YELLOW, terminal.color_stderr);
    for warning in warnings {
        eprintln!("{label}: {warning}");
    }
}

/// A success mark for standard output.
pub fn ok_mark(terminal: &Terminal) -> String {
    paint("ok", GREEN, terminal.color_stdout)
}

/// The summary `validate` prints for one spec.
pub fn spec_summary(resolved: &ResolvedSpec) -> String {
    let spec = &resolved.spec;
    let join = |items: &[crate::spec::Modality]| {
        items
            .iter()
            .map(|m| m.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let budget = match resolved.param_min {
        Some(min) => format!(
            "{} to {} parameters",
            group_digits(min),
            group_digits(resolved.param_max)
        ),
        None => format!("up to {} parameters", group_digits(resolved.param_max)),
    };
    let context = if resolved.context_window.infinite {
        format!(
            "{} tokens (\"infinite\", approximated)",
            group_digits(resolved.context_window.tokens)
        )
    } else {
        format!("{} tokens", group_digits(resolved.context_window.tokens))
    };
    let rows = [
        ("name", spec.name.escape_debug().to_string()),
        (
            "modalities",
            format!(
                "{} -> {}",
                join(&spec.modality.inputs),
                join(&spec.modality.outputs)
            ),
        ),
        (
            "task",
            format!(
                "{} ({})",
                spec.task.task_type,
                spec.task.domain.escape_debug()
            ),
        ),
        ("family", spec.architecture.family.to_string()),
        ("parameter budget", budget),
        ("context window", context),
        (
            "seed",
            format!(
                "{} (base {}, spec sha256 {})",
                resolved.resolved_seed,
                resolved.base_seed,
                &resolved.spec_sha256[..12]
            ),
        ),
    ];
    let mut out = String::new();
    for (key, value) in rows {
        out.push_str(&format!("  {key:<17} {value}\n"));
    }
    out
}

/// A table with a header row.
pub fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec());
    table
}

/// The summary `validate` prints: the spec, then the architecture, memory
/// and feasibility verdicts.
pub fn release_summary(release: &Release) -> String {
    let mut out = spec_summary(&release.resolved);
    let bp = &release.blueprint;
    let cost = &release.cost;
    let mut rows = vec![
        ("architecture", format!("{} ({})", bp.variant, bp.family)),
        (
            "parameters",
            format!(
                "{} ({}% of the budget)",
                group_digits(bp.total_params),
                numbers::percent(release.derived.budget_fraction)
            ),
        ),
        (
            "weights",
            format!(
                "{} bf16, {} int8, {} int4",
                numbers::memory(cost.weights.bf16_bytes),
                numbers::memory(cost.weights.int8_bytes),
                numbers::memory(cost.weights.int4_bytes)
            ),
        ),
    ];
    if let Some(kv) = &cost.kv_cache {
        rows.push((
            "kv cache",
            format!(
                "{} bytes/token, {} at the context window",
                group_digits(kv.bytes_per_token),
                numbers::memory(kv.bytes_at_context)
            ),
        ));
    }
    for (key, value) in rows {
        out.push_str(&format!("  {key:<17} {value}\n"));
    }
    for check in &cost.feasibility {
        out.push_str(&format!(
            "  {:<17} {}: {}\n",
            format!("check {}", check.verdict),
            check.name,
            check.detail
        ));
    }
    out
}

/// How `validate` shows the values written in the original MetaGen's form:
/// one line per reading, under a heading.
pub fn read_notes(resolved: &ResolvedSpec) -> String {
    if resolved.read_notes.is_empty() {
        return String::new();
    }
    let mut out = String::from("  original MetaGen forms and keys in the wild, as read here:\n");
    for note in &resolved.read_notes {
        out.push_str(&format!("    {note}\n"));
    }
    out
}
