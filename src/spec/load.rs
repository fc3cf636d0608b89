//! Reading a spec file safely and parsing it into `Spec` with located errors.
//!
//! Limits are enforced before and during parsing so that hostile input fails
//! fast: 1 MiB of text, UTF-8 only, bounded nesting and alias expansion.

use std::io::Read;
use std::path::Path;

use serde::Deserialize;

use super::diagnostic::{SpecDiagnostic, SpecErrors, offset_of};
use super::span_index::SpanIndex;
use super::suggest::did_you_mean;
use super::types::Spec;

/// Largest spec file accepted, in bytes.
pub const MAX_SPEC_BYTES: u64 = 1024 * 1024;

/// Deepest nesting accepted; real specs nest five levels.
const MAX_DEPTH: usize = 64;

/// The syntax a spec file is written in, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecFormat {
    /// `.yaml` or `.yml`.
    Yaml,
    /// `.json`.
    Json,
}

/// A spec file's name (as the user gave it) and text.
#[derive(Debug, Clone)]
pub struct SpecSource {
    /// The path as given, used in messages.
    pub name: String,
    /// The file's text.
    pub text: String,
    /// YAML or JSON.
    pub format: SpecFormat,
}

impl SpecSource {
    /// Wraps in-memory text, e.g. an embedded example. Like a file read (which takes at
    /// most `MAX_SPEC_BYTES + 1` bytes), it keeps only a prefix of an oversize text, so
    /// [`parse_spec`] refuses it without the whole text being copied (+ 4: still over the
    /// limit after backing off to a character boundary).
    pub fn from_text(name: &str, text: &str, format: SpecFormat) -> Self {
        let keep = text.floor_char_boundary(MAX_SPEC_BYTES as usize + 4);
        Self {
            name: name.to_string(),
            text: text[..keep].to_string(),
            format,
        }
    }

    fn error(&self, diagnostic: SpecDiagnostic) -> SpecErrors {
        SpecErrors {
            file: self.name.clone(),
            diagnostics: vec![diagnostic.with_source(&self.name, &self.text)],
        }
    }
}

/// A parsed spec together with where each value came from.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The spec as written, defaults filled by serde.
    pub spec: Spec,
    /// Where each field path sits in the source.
    pub spans: SpanIndex,
    /// The source it was read from.
    pub source: SpecSource,
}

fn file_error(name: &str, message: String, help: &str) -> SpecErrors {
    SpecErrors {
        file: name.to_string(),
        diagnostics: vec![SpecDiagnostic::new(message).with_help(help)],
    }
}

/// Reads a spec file, enforcing the extension, size and encoding limits.
pub fn read_spec_file(path: &Path) -> Result<SpecSource, SpecErrors> {
    let name = path.display().to_string();
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml") => {
            SpecFormat::Yaml
        }
        Some(ext) if ext.eq_ignore_ascii_case("json") => SpecFormat::Json,
        other => {
            let found = other.map_or("no extension".to_string(), |e| format!("`.{e}`"));
            return Err(file_error(
                &name,
                format!("{name}: unsupported spec file extension ({found})"),
                "spec files must end in .yaml, .yml or .json",
            ));
        }
    };
    let metadata = std::fs::metadata(path).map_err(|e| {
        file_error(
            &name,
            format!("cannot read spec {name}: {}", describe_io(&e)),
            "check the path; `metagen demo` lists the bundled examples",
        )
    })?;
    if metadata.is_dir() {
        return Err(file_error(
            &name,
            format!("{name} is a directory, not a spec file"),
            "pass a .yaml, .yml or .json file, e.g. examples/specs/text/text_llm_8b.yaml",
        ));
    }
    if metadata.len() > MAX_SPEC_BYTES {
        return Err(too_large(&name, metadata.len()));
    }
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path)
        .and_then(|file| file.take(MAX_SPEC_BYTES + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        return Err(file_error(
            &name,
            format!("cannot read spec {name}: {}", describe_io(&e)),
            "check the file's permissions",
        ));
    }
    if bytes.len() as u64 > MAX_SPEC_BYTES {
        return Err(too_large(&name, bytes.len() as u64));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
        let (line, column) = super::diagnostic::line_column(&prefix, valid);
        file_error(
            &name,
            format!(
                "{name}:{line}:{column}: the spec is not valid UTF-8 text (invalid byte at offset {valid})"
            ),
            "spec files must be UTF-8 encoded YAML or JSON text",
        )
    })?;
    Ok(SpecSource { name, text, format })
}

fn too_large(name: &str, len: u64) -> SpecErrors {
    file_error(
        name,
        format!("{name} is {len} bytes, over the 1 MiB limit for spec files"),
        "a spec is a short description of a model; move data elsewhere",
    )
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Parses a spec's text into `Spec`, reporting the first problem with its
/// field path, position and a suggestion.
pub fn parse_spec(source: &SpecSource) -> Result<LoadedSpec, SpecErrors> {
    let text = source.text.as_str();
    if text.len() as u64 > MAX_SPEC_BYTES {
        return Err(too_large(&source.name, text.len() as u64));
    }
    if text.trim().is_empty() {
        return Ok(LoadedSpec {
            spec: Spec::default(),
            spans: SpanIndex::default(),
            source: source.clone(),
        });
    }
    if source.format == SpecFormat::Json {
        check_json_syntax(source)?;
    }
    let spans =
        SpanIndex::build(text, options()).map_err(|e| source.error(yaml_error(&e, "", text)))?;
    if let Some(kind) = spans.root_kind_if_not_mapping() {
        return Err(source.error(
            SpecDiagnostic::new(format!(
                "the spec's root must be a mapping of fields, but it is {kind}"
            ))
            .with_span(0, 0)
            .with_label("expected `name: ...`, `modality: ...` and so on")
            .with_help("start the file with top-level fields such as `name: my_model`"),
        ));
    }
    let mut path = String::new();
    let parsed: Result<Spec, _> =
        serde_saphyr::with_deserializer_from_str_with_options(text, options(), |de| {
            serde_path_to_error::deserialize(de).map_err(|e| {
                path = e.path().to_string();
                e.into_inner()
            })
        });
    match parsed {
        Ok(spec) => Ok(LoadedSpec {
            spec,
            spans,
            source: source.clone(),
        }),
        Err(e) => {
            let path = if path == "." || path == "?" {
                String::new()
            } else {
                path
            };
            let mut diagnostic = yaml_error(&e, &path, text);
            // Values read through a field's own deserializer (the family
            // fallback, latency durations) are located at their key by the
            // parser; the span index knows the value's own position.
            if matches!(
                e.without_snippet(),
                serde_saphyr::Error::SerdeUnknownVariant { .. }
            ) && let Some((offset, len)) = spans.span(&path)
            {
                diagnostic = diagnostic.with_span(offset, len);
            }
            Err(source.error(diagnostic))
        }
    }
}

/// Parser limits: bounded depth, aliases and size, strict duplicate keys.
pub(crate) fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_events: 50_000,
            max_nodes: 50_000,
            max_documents: 1,
            max_total_scalar_bytes: MAX_SPEC_BYTES as usize,
            flow_nesting_limit: MAX_DEPTH,
        },
    }
}

/// JSON is checked by a JSON parser first, so that YAML-only syntax in a
/// `.json` file is rejected rather than silently accepted.
fn check_json_syntax(source: &SpecSource) -> Result<(), SpecErrors> {
    match serde_json::from_str::<serde::de::IgnoredAny>(&source.text) {
        Ok(_) => Ok(()),
        Err(e) => {
            let offset = offset_of(&source.text, e.line(), e.column().max(1));
            let message = strip_json_position(&e.to_string());
            Err(source.error(
                SpecDiagnostic::new(format!("invalid JSON: {message}"))
                    .with_span(offset, 1)
                    .with_label("here")
                    .with_help("a .json spec must be strict JSON; use .yaml for YAML syntax"),
            ))
        }
    }
}

fn strip_json_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Finds "line N, column M" (or "line N column M") in a parser message, for
/// scanner errors that carry their position only in the text.
fn position_in_message(message: &str) -> Option<(usize, usize)> {
    let rest = &message[message.find("line ")? + 5..];
    let line_digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let rest = &rest[line_digits.len()..];
    let rest = rest.trim_start_matches(',').trim_start();
    let rest = rest.strip_prefix("column ")?;
    let column_digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line_digits.parse().ok()?, column_digits.parse().ok()?))
}

/// Turns a YAML parser or type error into a diagnostic with a suggestion.
fn yaml_error(error: &serde_saphyr::Error, path: &str, text: &str) -> SpecDiagnostic {
    let inner = error.without_snippet();
    let span = error
        .location()
        .and_then(|location| {
            let span = location.span();
            let offset = span.byte_offset()?;
            let len = span.byte_len().unwrap_or(1);
            (offset != u64::from(u32::MAX)).then_some((offset as usize, len.max(1) as usize))
        })
        .or_else(|| {
            let (line, column) = position_in_message(&inner.to_string())?;
            Some((offset_of(text, line, column), 1))
        });
    let at = if path.is_empty() {
        String::new()
    } else {
        format!(" at `{path}`")
    };
    let mut diagnostic = match inner {
        serde_saphyr::Error::SerdeUnknownField {
            field, expected, ..
        } => {
            let parent = path.rsplit_once('.').map_or("", |(parent, _)| parent);
            let place = if parent.is_empty() || !path.contains('.') {
                "at the top level".to_string()
            } else {
                format!("in `{parent}`")
            };
            let mut help = match did_you_mean(field, expected) {
                Some(best) => format!("did you mean `{best}`? "),
                None => String::new(),
            };
            help.push_str(&format!("valid fields here: {}", expected.join(", ")));
            SpecDiagnostic::new(format!("unknown field `{field}` {place}"))
                .with_label("unknown field")
                .with_help(help)
        }
        serde_saphyr::Error::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let mut help = match did_you_mean(variant, expected) {
                Some(best) => format!("did you mean `{best}`? "),
                None => String::new(),
            };
            help.push_str(&format!("valid values: {}", expected.join(", ")));
            SpecDiagnostic::new(format!("unknown value `{variant}`{at}"))
                .with_label("not one of the accepted values")
                .with_help(help)
        }
        other => {
            let message = plain_words(&strip_yaml_position(&other.to_string()));
            let is_budget = matches!(other, serde_saphyr::Error::Budget { .. })
                || message.contains("budget breached")
                || message.contains("recursion limit");
            let help = if is_budget {
                "specs are small, shallow documents; deep nesting, many aliases or \
                 alias expansion (a \"billion laughs\" bomb) are refused"
            } else if path.is_empty() {
                "check the YAML syntax near this position"
            } else {
                "check the value's type against `metagen schema`"
            };
            let message = if is_budget {
                format!("the spec exceeds a parser safety limit: {message}")
            } else if path.is_empty() {
                format!("invalid YAML: {message}")
            } else {
                format!("invalid value{at}: {message}")
            };
            SpecDiagnostic::new(message)
                .with_label("here")
                .with_help(help)
        }
    };
    diagnostic = diagnostic.at_path(path);
    if let Some((offset, len)) = span {
        diagnostic = diagnostic.with_span(offset, len);
    }
    diagnostic
}

/// Drops the "error: line N column M: " prefix that the YAML parser adds; the
/// position is shown by the diagnostic itself.
fn strip_yaml_position(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or(message);
    let mut trimmed = first_line.strip_prefix("error: ").unwrap_or(first_line);
    if let Some(rest) = trimmed.strip_prefix("line ")
        && let Some((_, after)) = rest.split_once(": ")
    {
        trimmed = after;
    }
    // Positions are shown by the diagnostic; drop the parser's own copy.
    match trimmed.find(" at line ") {
        Some(i) => trimmed[..i].to_string(),
        None => trimmed.to_string(),
    }
}

/// Rephrases the parser's type names for people who write YAML, not Rust.
fn plain_words(message: &str) -> String {
    const PHRASES: &[(&str, &str)] = &[
        ("invalid u64", "expected a whole number of 0 or more"),
        ("invalid u32", "expected a whole number of 0 or more"),
        ("invalid f64", "expected a number"),
        ("expected string scalar", "expected text"),
        ("expected sequence start", "expected a list, e.g. [text]"),
        ("expected mapping start", "expected a mapping of fields"),
        (
            "data did not match any variant of untagged enum ImageSize",
            "expected a side length such as 224, or [height, width]",
        ),
    ];
    for (from, to) in PHRASES {
        if message.starts_with(from) {
            return message.replacen(from, to, 1);
        }
    }
    message.to_string()
}

/// Reads and parses a spec file in one step.
pub fn load_spec_file(path: &Path) -> Result<LoadedSpec, SpecErrors> {
    let source = read_spec_file(path)?;
    parse_spec(&source)
}

/// Checks that a type round-trips through the parser (used for resolved specs).
pub fn parse_yaml_value<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, String> {
    serde_saphyr::from_str_with_options(text, options()).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_oversize_in_memory_text_is_kept_as_a_bounded_prefix_and_refused() {
        // Two-byte characters, so the cut has to back off to a character boundary.
        let text = format!("name: {}", "é".repeat(MAX_SPEC_BYTES as usize));
        let source = SpecSource::from_text("big.yaml", &text, SpecFormat::Yaml);
        assert!(source.text.len() as u64 > MAX_SPEC_BYTES);
        assert!(source.text.len() as u64 <= MAX_SPEC_BYTES + 4);
        assert!(text.starts_with(&source.text));
        let message = format!("{:?}", parse_spec(&source).unwrap_err());
        assert!(message.contains("over the 1 MiB limit"), "{message}");
        // A text under the limit is kept whole.
        let small = SpecSource::from_text("small.yaml", "name: x\n", SpecFormat::Yaml);
        assert_eq!(small.text, "name: x\n");
    }

    #[test]
    fn an_alias_bomb_stops_at_the_event_budget() {
        // Ten aliases per level: level n expands to 10^n events, so the parse
        // stops one event past the 50,000 budget, inside the fifth level.
        let text =
            include_str!("../../tests/fuzz_corpus/found_alias_bomb_at_the_event_budget.yaml");
        let source = SpecSource::from_text("bomb.yaml", text, SpecFormat::Yaml);
        let message = format!("{:?}", parse_spec(&source).unwrap_err());
        assert!(message.contains("safety limit"), "{message}");
        assert!(message.contains("events: 50001"), "{message}");
        // A list of 40,000 numbers is under it.
        let long = format!("name: x\nvalues: [{}]\n", vec!["1"; 40_000].join(", "));
        let source = SpecSource::from_text("long.yaml", &long, SpecFormat::Yaml);
        if let Err(error) = parse_spec(&source) {
            let message = format!("{error:?}");
            assert!(!message.contains("safety limit"), "{message}");
        }
    }
}
