//! Spec errors as user-facing diagnostics: a message naming the field path,
//! the file with line and column, a snippet with a caret, and a hint.

use std::fmt;

use miette::{Diagnostic, LabeledSpan, SourceCode, SourceSpan};

/// One problem in a spec file, located where possible.
#[derive(Debug, Clone)]
pub struct SpecDiagnostic {
    /// What is wrong, as a sentence that names the field.
    pub message: String,
    /// Dotted field path (`training.data.governance.pii`), empty for the root.
    pub path: String,
    /// Short text under the caret.
    pub label: String,
    /// Suggestion: "did you mean ...", valid values, how to fix.
    pub help: Option<String>,
    /// Byte range in the source, when known.
    pub span: Option<(usize, usize)>,
    /// The file name shown to the user and its text.
    pub source: Option<(String, String)>,
}

impl SpecDiagnostic {
    /// A diagnostic with a message and nothing else yet.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            path: String::new(),
            label: String::new(),
            help: None,
            span: None,
            source: None,
        }
    }

    /// Sets the field path.
    pub fn at_path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// Sets the text under the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Sets the hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the byte span.
    pub fn with_span(mut self, offset: usize, len: usize) -> Self {
        self.span = Some((offset, len));
        self
    }

    /// Attaches the source file so the snippet can be shown.
    pub fn with_source(mut self, name: &str, text: &str) -> Self {
        self.source = Some((name.to_string(), text.to_string()));
        self
    }

    /// Whether the snippet is worth showing: a line of hundreds of kilobytes
    /// (minified or hostile input) would bury the message.
    fn snippet_fits(&self) -> bool {
        let (Some((offset, _)), Some((_, text))) = (self.span, &self.source) else {
            return false;
        };
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        end - start <= MAX_SNIPPET_LINE
    }

    /// `path:line:column` of the span, 1-based, when both are known.
    pub fn position(&self) -> Option<(usize, usize)> {
        let (offset, _) = self.span?;
        let (_, text) = self.source.as_ref()?;
        Some(line_column(text, offset))
    }
}

/// Longest source line shown in a snippet, in bytes.
const MAX_SNIPPET_LINE: usize = 240;

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Byte offset of a 1-based line and column (in characters).
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (index, line_text) in text.split_inclusive('\n').enumerate() {
        if index + 1 == line {
            let within: usize = line_text
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return offset + within;
        }
        offset += line_text.len();
    }
    text.len()
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl fmt::Display for SpecDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.source, self.position()) {
            (Some((name, _)), Some((line, column))) => {
                write!(f, "{name}:{line}:{column}: {}", self.message)
            }
            (Some((name, _)), None) => write!(f, "{name}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for SpecDiagnostic {}

impl Diagnostic for SpecDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        None
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h.clone()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        if !self.snippet_fits() {
            return None;
        }
        self.source
            .as_ref()
            .map(|(_, text)| text as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if !self.snippet_fits() {
            return None;
        }
        let (offset, len) = self.span?;
        let (_, text) = self.source.as_ref()?;
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let len = len.min(text.len() - offset);
        let label = if self.label.is_empty() {
            None
        } else {
            Some(self.label.clone())
        };
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            label,
            SourceSpan::from((offset, len)),
        ))))
    }
}

/// Every problem found in one spec file; reported together.
#[derive(Debug, Clone)]
pub struct SpecErrors {
    /// The file the problems are in.
    pub file: String,
    /// The problems, in source order.
    pub diagnostics: Vec<SpecDiagnostic>,
}

impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.diagnostics.len() {
            1 => write!(f, "invalid spec {}", self.file),
            n => write!(f, "invalid spec {} ({n} problems)", self.file),
        }
    }
}

impl std::error::Error for SpecErrors {}

/// Renders diagnostics with miette's graphical handler.
pub fn render(diagnostics: &[SpecDiagnostic], color: bool) -> String {
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_context_lines(2);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let wrapped = Located(diagnostic);
        // Rendering into a String cannot fail; a formatting error would only
        // lose the snippet, so fall back to the one-line form.
        if handler.render_report(&mut out, &wrapped).is_err() {
            out.push_str(&diagnostic.to_string());
        }
        out.push('\n');
    }
    out
}

/// Shows `file:line:col: message` as the headline and the snippet below it,
/// with the source named so the snippet header reads `[file:line:col]`.
struct Located<'a>(&'a SpecDiagnostic);

impl fmt::Debug for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.0, f)
    }
}

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.0, f)
    }
}

impl std::error::Error for Located<'_> {}

impl Diagnostic for Located<'_> {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0.help()
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.0.source_code()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.0.labels()
    }
}
