//! `metagen migrate`: rewrites a spec written in the original MetaGen's form
//! into ours, keeping the user's comments.
//!
//! The YAML library drops comments, so block-style YAML is edited as text:
//! each reading in `ResolvedSpec::read_notes` becomes a replacement, a
//! removed line or an inserted line. The result is checked by resolving it;
//! when a text edit is impossible (flow mappings, JSON) or the check fails,
//! the spec is written afresh from its canonical form, and the comments that
//! could not be kept are listed.

use std::collections::BTreeMap;

use super::canonical::{Edit, ReadNote};
use super::load::{LoadedSpec, SpecFormat, SpecSource, parse_spec};
use super::resolve::{ResolvedSpec, resolve};

/// A migrated spec and what changed.
#[derive(Debug, Clone)]
pub struct Migration {
    /// The spec in our canonical form.
    pub text: String,
    /// One line per change, `path: old -> new`.
    pub changes: Vec<String>,
    /// Comments of the original that the migrated text does not keep.
    pub lost_comments: Vec<String>,
}

/// Migrates a loaded spec; `resolved` is its resolution.
pub fn migrate(loaded: &LoadedSpec, resolved: &ResolvedSpec) -> Migration {
    let changes: Vec<String> = resolved
        .read_notes
        .iter()
        .filter(|n| n.edit != Edit::Keep)
        .map(describe)
        .collect();
    if changes.is_empty() {
        return Migration {
            text: loaded.source.text.clone(),
            changes,
            lost_comments: Vec::new(),
        };
    }
    if loaded.source.format == SpecFormat::Yaml
        && let Some(text) = rewrite_text(loaded, &resolved.read_notes)
        && resolves_alike(&loaded.source, &text, resolved)
    {
        return Migration {
            text,
            changes,
            lost_comments: Vec::new(),
        };
    }
    Migration {
        text: regenerate(resolved, loaded.source.format),
        changes,
        lost_comments: comments(&loaded.source.text),
    }
}

fn describe(note: &ReadNote) -> String {
    match note.edit {
        Edit::Replace => format!("{}: {} -> {}", note.path, note.written, note.canonical),
        Edit::Move => format!(
            "{}: {} -> {}: {}",
            note.path, note.written, note.canonical_path, note.canonical
        ),
        Edit::Remove => format!(
            "{}: {} removed (the same as {})",
            note.path, note.written, note.canonical_path
        ),
        Edit::Insert => format!(
            "{}: {} -> also {}: {}",
            note.path, note.written, note.canonical_path, note.canonical
        ),
        Edit::Keep => String::new(),
    }
}

/// Whether the migrated text resolves to the same canonical spec.
fn resolves_alike(source: &SpecSource, text: &str, resolved: &ResolvedSpec) -> bool {
    let migrated = SpecSource::from_text(&source.name, text, source.format);
    parse_spec(&migrated)
        .ok()
        .and_then(|loaded| resolve(&loaded, Some(resolved.base_seed)).ok())
        .is_some_and(|again| again.to_yaml() == resolved.to_yaml())
}

/// Every comment line or trailing comment in `text`, trimmed.
fn comments(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| comment_of(line).map(str::to_string))
        .collect()
}

/// The `# ...` comment of one YAML line, ignoring `#` inside quotes.
fn comment_of(line: &str) -> Option<&str> {
    let mut quote = None;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if previous.is_whitespace() => return Some(line[i..].trim_end()),
            _ => {}
        }
        previous = c;
    }
    None
}

/// A scalar as YAML text: plain when that reads back as the same string.
fn yaml_scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "null" | "on" | "off" | "~"
        );
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

/// Byte offset of the start of the line holding `offset`.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// Byte offset just past the newline ending the line holding `offset`.
fn line_end(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

/// Column (in bytes) of `offset` on its line.
fn column(text: &str, offset: usize) -> usize {
    offset - line_start(text, offset)
}

/// Text edits on the source: replace `start..end` with `with`.
struct TextEdit {
    start: usize,
    end: usize,
    with: String,
}

/// Parent path and last segment of a dotted path.
fn split_path(path: &str) -> (&str, &str) {
    path.rsplit_once('.').unwrap_or(("", path))
}

/// Whether the value at `path` is a block mapping (not `{...}`).
fn is_block_mapping(loaded: &LoadedSpec, path: &str) -> bool {
    let spans = &loaded.spans;
    let has_children = spans.paths().any(|p| {
        p.strip_prefix(path)
            .is_some_and(|rest| rest.starts_with('.'))
    });
    let flow = spans
        .span(path)
        .is_some_and(|(offset, _)| loaded.source.text[offset..].trim_start().starts_with('{'));
    has_children && !flow
}

/// Applies the notes as text edits; `None` when one cannot be done as text.
fn rewrite_text(loaded: &LoadedSpec, notes: &[ReadNote]) -> Option<String> {
    let text = &loaded.source.text;
    let spans = &loaded.spans;
    let mut edits: Vec<TextEdit> = Vec::new();
    let mut removed: Vec<String> = Vec::new();
    // New keys grouped by the deepest mapping that exists: anchor -> (rest
    // of the path, value, comment).
    let mut inserts: BTreeMap<String, Vec<(String, String, Option<String>)>> = BTreeMap::new();
    for note in notes {
        match note.edit {
            Edit::Keep => {}
            Edit::Replace => {
                let (offset, len) = spans.span(&note.path)?;
                edits.push(TextEdit {
                    start: offset,
                    end: offset + len,
                    with: yaml_scalar(&note.canonical),
                });
            }
            Edit::Move | Edit::Remove | Edit::Insert => {
                let (key_offset, _) = spans.key_span(&note.path)?;
                let (value_offset, value_len) = spans.span(&note.path)?;
                let (parent, _) = split_path(&note.path);
                if !parent.is_empty() && !is_block_mapping(loaded, parent) {
                    return None;
                }
                let start = line_start(text, key_offset);
                let end = line_end(text, value_offset + value_len.saturating_sub(1));
                let comment = text[start..end].lines().find_map(comment_of);
                if note.edit != Edit::Insert {
                    // Only a key alone on its lines can be removed as lines.
                    if !text[start..key_offset].trim().is_empty() {
                        return None;
                    }
                    // A removed duplicate leaves its comment behind.
                    let with = match (note.edit, comment) {
                        (Edit::Remove, Some(comment)) => {
                            format!("{}{comment}\n", " ".repeat(column(text, key_offset)))
                        }
                        _ => String::new(),
                    };
                    edits.push(TextEdit { start, end, with });
                    removed.push(note.path.clone());
                }
                if note.edit != Edit::Remove {
                    let mut anchor = split_path(&note.canonical_path).0.to_string();
                    while !anchor.is_empty() && !spans.contains(&anchor) {
                        anchor = split_path(&anchor).0.to_string();
                    }
                    if !anchor.is_empty() && !is_block_mapping(loaded, &anchor) {
                        return None;
                    }
                    let rest = match anchor.is_empty() {
                        true => note.canonical_path.clone(),
                        false => note.canonical_path[anchor.len() + 1..].to_string(),
                    };
                    let comment = if note.edit == Edit::Move {
                        comment.map(str::to_string)
                    } else {
                        None
                    };
                    inserts.entry(anchor).or_default().push((
                        rest,
                        note.canonical.clone(),
                        comment,
                    ));
                }
            }
        }
    }
    // A mapping emptied by the removals would read as null: refuse.
    for path in &removed {
        let (parent, _) = split_path(path);
        if parent.is_empty() {
            continue;
        }
        let children_left = spans.paths().any(|p| {
            p.strip_prefix(parent)
                .and_then(|rest| rest.strip_prefix('.'))
                .is_some_and(|rest| !rest.contains(['.', '[']))
                && !removed.iter().any(|r| r == p)
        });
        let refilled = inserts.contains_key(parent);
        if !children_left && !refilled {
            return None;
        }
    }
    for (anchor, keys) in inserts {
        let (at, indent) = if anchor.is_empty() {
            let at = text.len();
            (at, 0)
        } else {
            let last_byte = spans
                .paths()
                .filter(|p| {
                    *p == anchor
                        || p.strip_prefix(anchor.as_str())
                            .is_some_and(|rest| rest.starts_with(['.', '[']))
                })
                .filter_map(|p| spans.span(p))
                .map(|(offset, len)| offset + len.saturating_sub(1))
                .max()?;
            let first_child = spans
                .paths()
                .filter(|p| {
                    p.strip_prefix(anchor.as_str())
                        .and_then(|rest| rest.strip_prefix('.'))
                        .is_some_and(|rest| !rest.contains(['.', '[']))
                })
                .filter_map(|p| spans.key_span(p))
                .map(|(o, _)| o)
                .min()?;
            (line_end(text, last_byte), column(text, first_child))
        };
        let mut block = String::new();
        if at == text.len() && !text.is_empty() && !text.ends_with('\n') {
            block.push('\n');
        }
        block.push_str(&nested_block(&keys, indent));
        edits.push(TextEdit {
            start: at,
            end: at,
            with: block,
        });
    }
    edits.sort_by_key(|e| (e.start, e.end));
    for pair in edits.windows(2) {
        if pair[0].end > pair[1].start {
            return None;
        }
    }
    let mut out = text.clone();
    for edit in edits.iter().rev() {
        out.replace_range(edit.start..edit.end, &edit.with);
    }
    Some(out)
}

/// Renders `a.b: v` entries as nested block YAML at `indent`.
fn nested_block(keys: &[(String, String, Option<String>)], indent: usize) -> String {
    let mut out = String::new();
    let mut open: Vec<String> = Vec::new();
    let mut sorted: Vec<&(String, String, Option<String>)> = keys.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, value, comment) in sorted {
        let segments: Vec<&str> = path.split('.').collect();
        let (leaf, parents) = segments.split_last().unwrap_or((&"", &[]));
        let shared = open
            .iter()
            .zip(parents.iter())
            .take_while(|(a, b)| a.as_str() == **b)
            .count();
        open.truncate(shared);
        for parent in &parents[shared..] {
            out.push_str(&format!(
                "{}{parent}:\n",
                " ".repeat(indent + 2 * open.len())
            ));
            open.push(parent.to_string());
        }
        out.push_str(&format!(
            "{}{leaf}: {}",
            " ".repeat(indent + 2 * open.len()),
            yaml_scalar(value)
        ));
        if let Some(comment) = comment {
            out.push_str(&format!("  {comment}"));
        }
        out.push('\n');
    }
    out
}

/// The canonical spec, keeping only the values the file wrote.
fn regenerate(resolved: &ResolvedSpec, format: SpecFormat) -> String {
    let mut value = serde_json::to_value(&resolved.spec).unwrap_or_default();
    prune(&mut value, "", resolved);
    match format {
        SpecFormat::Json => {
            let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
            text.push('\n');
            text
        }
        SpecFormat::Yaml => serde_saphyr::to_string(&value).unwrap_or_default(),
    }
}

/// Drops every mapping entry under `path` that the file did not write.
fn prune(value: &mut serde_json::Value, path: &str, resolved: &ResolvedSpec) {
    if let serde_json::Value::Object(map) = value {
        map.retain(|key, child| {
            let child_path = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            if resolved.is_default(&child_path) {
                return false;
            }
            prune(child, &child_path, resolved);
            true
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migrate_text(text: &str) -> (Migration, ResolvedSpec) {
        let source = SpecSource::from_text("spec.yaml", text, SpecFormat::Yaml);
        let loaded = parse_spec(&source).unwrap();
        let resolved = resolve(&loaded, None).unwrap();
        (migrate(&loaded, &resolved), resolved)
    }

    #[test]
    fn aliases_and_moved_keys_are_rewritten_in_place_with_comments() {
        let text = "# my detector\nname: det\nmodality:\n  inputs: [image]  # camera\n  outputs: [bounding_boxes]\ntask:\n  type: object_detection  # COCO\n  num_classes: 80\nconstraints:\n  parameters: 50M  # small\n  device: gpu\ntraining:\n  epochs: 12\n  optimizer: sgd\n";
        let (migration, resolved) = migrate_text(text);
        assert!(migration.lost_comments.is_empty(), "{migration:?}");
        let out = &migration.text;
        for kept in ["# my detector", "# camera", "# COCO", "# small"] {
            assert!(out.contains(kept), "{kept} lost:\n{out}");
        }
        assert!(out.contains("type: detection"), "{out}");
        assert!(out.contains("device: consumer_gpu"), "{out}");
        assert!(!out.contains("parameters: 50M"), "{out}");
        assert!(out.contains("max: 50M"), "{out}");
        assert!(
            out.contains("config:\n    epochs: 12\n    optimizer: sgd\n"),
            "{out}"
        );
        assert_eq!(migration.changes.len(), 5, "{:?}", migration.changes);
        let (again, resolved_again) = migrate_text(out);
        assert!(again.changes.is_empty(), "{:?}", again.changes);
        assert_eq!(resolved_again.to_yaml(), resolved.to_yaml());
    }

    #[test]
    fn flow_mappings_fall_back_to_a_fresh_canonical_file() {
        let text = "# note\nconstraints: {parameters: 50M}\n";
        let (migration, resolved) = migrate_text(text);
        assert_eq!(migration.lost_comments, vec!["# note".to_string()]);
        assert!(migration.text.contains("max: 50M"), "{}", migration.text);
        let (_, again) = migrate_text(&migration.text);
        assert_eq!(again.to_yaml(), resolved.to_yaml());
    }
}
