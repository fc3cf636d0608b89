//! The prose scan: every `.md` and `.tex` document of every bundled example
//! is read as a reader sees it, and no figure may show as "0.00", no number
//! of five or more digits may go ungrouped, and no hyphen may stand in for a
//! minus sign.
//!
//! What is not prose is removed first: Markdown front matter, code fences and
//! inline code, URLs and link targets; LaTeX comments, `verbatim` and
//! `lstlisting`, `\texttt{..}` and `\ttfamily` listings, references, labels,
//! citations and file names. Inside LaTeX math a hyphen is a true minus.
//! Seeds, run ids (`name-1234567890`), hashes (digits inside a word), arXiv
//! ids (`2401.12345`: four digits before the point) and years (four digits)
//! pass the rules by their shape. BibTeX files are not scanned.

use std::path::Path;

use crate::support::{example_files, render_in_memory};

/// The two document languages the scan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doc {
    Markdown,
    Latex,
}

/// One rule broken, with the text around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub context: String,
}

/// Markdown reduced to its prose: front matter, fenced and inline code, URLs
/// and link targets removed, backslash escapes undone.
pub fn markdown_prose(text: &str) -> String {
    let mut body = text;
    if let Some(rest) = body.strip_prefix("---\n")
        && let Some(end) = rest.find("\n---\n")
    {
        body = &rest[end + 5..];
    }
    let mut kept = String::new();
    let mut fence: Option<String> = None;
    for line in body.lines() {
        let trimmed = line.trim_start();
        let marker: String = trimmed
            .chars()
            .take_while(|&c| c == '`' || c == '~')
            .collect();
        match &fence {
            Some(open) => {
                if marker.len() >= open.len() && marker.starts_with(&open[..1]) {
                    fence = None;
                }
                continue;
            }
            None if marker.len() >= 3 => {
                fence = Some(marker);
                continue;
            }
            None => {}
        }
        kept.push_str(&strip_inline_code(line));
        kept.push('\n');
    }
    let kept = strip_urls(&kept);
    let kept = strip_between(&kept, "](", ")");
    unescape_markdown(&kept)
}

/// Removes inline code spans: a run of backticks up to the next run of the same length.
fn strip_inline_code(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '`' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|&&c| c == '`').count();
        let mut j = i + run;
        let mut closed = None;
        while j < chars.len() {
            if chars[j] == '`' {
                let other = chars[j..].iter().take_while(|&&c| c == '`').count();
                if other == run {
                    closed = Some(j + other);
                    break;
                }
                j += other;
            } else {
                j += 1;
            }
        }
        match closed {
            Some(end) => {
                out.push(' ');
                i = end;
            }
            None => {
                out.extend(&chars[i..i + run]);
                i += run;
            }
        }
    }
    out
}

/// Removes every `http://` or `https://` address up to whitespace or a closing bracket.
fn strip_urls(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("http://").or_else(|| rest.find("https://")) {
        out.push_str(&rest[..at]);
        let end = rest[at..]
            .find(|c: char| c.is_whitespace() || c == ')' || c == '}' || c == '>')
            .map_or(rest.len(), |e| at + e);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Removes every `open ... close` span (the delimiters stay as a space).
fn strip_between(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(open) {
        out.push_str(&rest[..at]);
        out.push(' ');
        let after = &rest[at + open.len()..];
        match after.find(close) {
            Some(end) => rest = &after[end + close.len()..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// `\-` → `-`, `\.` → `.`: the escapes our Markdown writer adds.
pub fn unescape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// Commands whose arguments are not prose: code, names, keys and addresses.
const NON_PROSE_COMMANDS: [&str; 17] = [
    "texttt",
    "url",
    "href",
    "cite",
    "citep",
    "citet",
    "citealp",
    "ref",
    "eqref",
    "label",
    "includegraphics",
    "metagenactual",
    "input",
    "bibliography",
    "bibliographystyle",
    "usepackage",
    "documentclass",
];

/// Environments whose content is not prose.
const VERBATIM_ENVIRONMENTS: [&str; 3] = ["verbatim", "lstlisting", "Verbatim"];

/// Environments whose content is math.
const MATH_ENVIRONMENTS: [&str; 6] = [
    "equation",
    "equation*",
    "align",
    "align*",
    "gather",
    "displaymath",
];

/// The index just past the brace group that opens at `open` (a `{`), or the end.
fn group_end(chars: &[char], open: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    chars.len()
}

/// LaTeX reduced to its prose. Hyphens inside math become the true minus
/// (U+2212) and `$-$` becomes one too; comments, verbatim content,
/// `\ttfamily` groups and the arguments of non-prose commands are removed;
/// `\allowbreak{}`, `{}` and `~` become nothing or a space.
pub fn latex_prose(text: &str) -> String {
    // Comments first: an unescaped % ends the line's text.
    let mut uncommented = String::new();
    for line in text.lines() {
        let mut prev = ' ';
        let mut cut = line.len();
        for (i, c) in line.char_indices() {
            if c == '%' && prev != '\\' {
                cut = i;
                break;
            }
            prev = c;
        }
        uncommented.push_str(&line[..cut]);
        uncommented.push('\n');
    }
    let mut text = uncommented;
    for env in VERBATIM_ENVIRONMENTS {
        text = strip_between(
            &text,
            &format!("\\begin{{{env}}}"),
            &format!("\\end{{{env}}}"),
        );
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(chars.len());
    let mut math = false;
    let mut math_env_depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            let name: String = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            if name.is_empty() {
                // An escaped character (\%, \$, \_, \,): keep the character, drop spacing.
                if let Some(&next) = chars.get(i + 1) {
                    if next.is_ascii_punctuation() && next != ',' {
                        out.push(next);
                    }
                    if next == '[' || next == '(' {
                        math = true;
                    }
                    if next == ']' || next == ')' {
                        math = false;
                    }
                }
                i += 2;
                continue;
            }
            let after = i + 1 + name.len();
            if name == "ttfamily" {
                // A `{\footnotesize\ttfamily ...}` listing: skip to the end of the enclosing group.
                let mut depth = 1usize;
                let mut j = after;
                while j < chars.len() && depth > 0 {
                    match chars[j] {
                        '\\' => j += 1,
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    j += 1;
                }
                i = j;
                continue;
            }
            if (name == "begin" || name == "end") && chars.get(after) == Some(&'{') {
                let end = group_end(&chars, after);
                let env: String = chars[after + 1..end - 1].iter().collect();
                if MATH_ENVIRONMENTS.contains(&env.as_str()) {
                    if name == "begin" {
                        math_env_depth += 1;
                    } else {
                        math_env_depth = math_env_depth.saturating_sub(1);
                    }
                }
                out.push(' ');
                i = end;
                continue;
            }
            if NON_PROSE_COMMANDS.contains(&name.as_str()) {
                // Skip the command with its optional and brace arguments.
                let mut j = after;
                loop {
                    match chars.get(j) {
                        Some('*') => j += 1,
                        Some('[') => {
                            j = chars[j..]
                                .iter()
                                .position(|&c| c == ']')
                                .map_or(chars.len(), |p| j + p + 1);
                        }
                        Some('{') => j = group_end(&chars, j),
                        _ => break,
                    }
                }
                out.push(' ');
                i = j;
                continue;
            }
            if name == "ensuremath" && chars.get(after) == Some(&'{') {
                let end = group_end(&chars, after);
                let inner: String = chars[after + 1..end - 1].iter().collect();
                out.push_str(&inner.replace('-', "\u{2212}"));
                i = end;
                continue;
            }
            // Any other command: its name goes, its arguments stay as text. A line-break
            // opportunity joins what it separates.
            if name != "allowbreak" {
                out.push(' ');
            }
            i = after;
            continue;
        }
        match c {
            '$' => math = !math,
            '-' if math || math_env_depth > 0 => out.push('\u{2212}'),
            '~' => out.push(' '),
            '{' | '}' => {}
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// A number as written: its start, its text (digits, commas and one point).
fn numbers_in(text: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut seen_point = false;
        while i < chars.len() {
            let c = chars[i];
            let next_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c.is_ascii_digit()
                || (c == ',' && next_digit)
                || (c == '.' && next_digit && !seen_point)
            {
                seen_point |= c == '.';
                i += 1;
            } else {
                break;
            }
        }
        found.push((start, chars[start..i].iter().collect()));
    }
    found
}

/// Whether the number that starts at `start` is part of a word (a hash, a run
/// id, an identifier): the character before it is a letter, an underscore,
/// a point, or a hyphen that follows a letter or digit.
fn inside_word(chars: &[char], start: usize) -> bool {
    let Some(&before) = start.checked_sub(1).and_then(|b| chars.get(b)) else {
        return false;
    };
    if before.is_alphabetic() || before == '_' || before == '.' || before == '/' {
        return true;
    }
    before == '-'
        && start
            .checked_sub(2)
            .and_then(|b| chars.get(b))
            .is_some_and(|c| c.is_alphanumeric())
}

/// Every rule the prose breaks.
pub fn scan(prose: &str) -> Vec<Finding> {
    let chars: Vec<char> = prose.chars().collect();
    let context = |at: usize, len: usize| -> String {
        let from = at.saturating_sub(40);
        let to = (at + len + 30).min(chars.len());
        chars[from..to]
            .iter()
            .collect::<String>()
            .replace('\n', " ")
    };
    let mut findings = Vec::new();
    for (start, number) in numbers_in(prose) {
        let len = number.chars().count();
        if let Some((_, fraction)) = number.split_once('.')
            && number.chars().all(|c| c == '0' || c == '.' || c == ',')
            && !fraction.is_empty()
        {
            findings.push(Finding {
                rule: "a figure shown as zero with decimals",
                context: context(start, len),
            });
        }
        let integer = number.split('.').next().unwrap_or("");
        let longest_run = integer.split(',').map(str::len).max().unwrap_or(0);
        let before: String = chars[start.saturating_sub(24)..start]
            .iter()
            .collect::<String>()
            .to_lowercase();
        if longest_run >= 5 && !inside_word(&chars, start) && !before.contains("seed") {
            findings.push(Finding {
                rule: "an ungrouped number of five or more digits",
                context: context(start, len),
            });
        }
    }
    for (i, &c) in chars.iter().enumerate() {
        if c != '-' {
            continue;
        }
        let next = chars.get(i + 1).copied();
        let number_follows = next.is_some_and(|n| n.is_ascii_digit())
            || (next == Some('.') && chars.get(i + 2).is_some_and(char::is_ascii_digit));
        let joined = i
            .checked_sub(1)
            .and_then(|b| chars.get(b))
            .is_some_and(|b| b.is_alphanumeric() || *b == '-' || *b == '_');
        if number_follows && !joined {
            findings.push(Finding {
                rule: "a hyphen used as a minus sign",
                context: context(i, 1),
            });
        }
    }
    findings
}

/// The findings of one document, by its language.
pub fn scan_document(text: &str, doc: Doc) -> Vec<Finding> {
    match doc {
        Doc::Markdown => scan(&markdown_prose(text)),
        Doc::Latex => scan(&latex_prose(text)),
    }
}

/// The language of a path the scan reads, or None for any other file.
pub fn doc_kind(path: &str) -> Option<Doc> {
    if path.ends_with(".md") {
        Some(Doc::Markdown)
    } else if path.ends_with(".tex") {
        Some(Doc::Latex)
    } else {
        None
    }
}

#[test]
fn the_prose_of_every_example_shows_no_zero_figure_ungrouped_number_or_hyphen_minus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    let mut documents = 0;
    for spec in example_files() {
        let name = spec.strip_prefix(root).unwrap().display().to_string();
        for (path, bytes) in render_in_memory(&spec) {
            let Some(doc) = doc_kind(&path) else { continue };
            documents += 1;
            let text = String::from_utf8(bytes).expect("documents are UTF-8");
            for finding in scan_document(&text, doc) {
                problems.push(format!(
                    "{name}: {path}: {}: …{}…",
                    finding.rule, finding.context
                ));
            }
        }
    }
    // Every example has at least a model card, an eval report and a paper.
    assert!(
        documents >= 3 * example_files().len(),
        "{documents} documents"
    );
    assert!(
        problems.is_empty(),
        "{} findings:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_scan_finds_each_planted_fault() {
    let rules = |text: &str, doc: Doc| -> Vec<&'static str> {
        scan_document(text, doc)
            .into_iter()
            .map(|f| f.rule)
            .collect()
    };
    let zero = "a figure shown as zero with decimals";
    let ungrouped = "an ungrouped number of five or more digits";
    let hyphen = "a hyphen used as a minus sign";
    // Markdown: each fault once.
    assert_eq!(rules("| Weights | 0.00 GB |", Doc::Markdown), [zero]);
    assert_eq!(rules("latency 0.0 ms", Doc::Markdown), [zero]);
    assert_eq!(rules("about 397394 kWh", Doc::Markdown), [ungrouped]);
    assert_eq!(rules("holds 802673 tokens", Doc::Markdown), [ungrouped]);
    assert_eq!(rules("| quality | -0.6 |", Doc::Markdown), [hyphen]);
    assert_eq!(rules("a change of \\-1\\.5", Doc::Markdown), [hyphen]);
    // LaTeX: the same faults, outside math.
    assert_eq!(rules("needs 0.00~GB", Doc::Latex), [zero]);
    assert_eq!(rules("about 397394~kWh", Doc::Latex), [ungrouped]);
    assert_eq!(rules("12.57 & -0.6$^\\dagger$", Doc::Latex), [hyphen]);
    assert_eq!(
        rules("\\textbf{1048576} tokens", Doc::Latex),
        [ungrouped],
        "a formatting command keeps its argument"
    );
    // What is allowed.
    for text in [
        "397,394 kWh and 16.1 GB and 0.00145 GB",
        "a change of \u{2212}0.3, ranges 35-45% and (0-100)",
        "run `text_llm_8b-1621144640` and seed 1621144640",
        "run text\\_llm\\_8b-1621144640",
        "hash a1b2c3d4e5f6123456789 and arXiv:2401.12345, year 2024",
        "hardware 8xA100-80GB, ImageNet-1k",
        "```\nmax_steps: 1000000\nloss: -0.5\nlr: 0.0\n```",
        "---\nmodel_name: x\nbase: 0.00\n---\n# Card",
        "see https://example.org/12345678 and [a](https://x.org/-1)",
    ] {
        assert_eq!(rules(text, Doc::Markdown), Vec::<&str>::new(), "{text}");
    }
    for text in [
        "$-$1,744,896,000 and $L = 1.69 + 406.4 N^{-0.34}$",
        "\\begin{equation}x = b^{-2i}\\end{equation}",
        "\\texttt{seed: 1621144640} and \\cite{a12345}",
        "{\\footnotesize\\ttfamily\\raggedright\nmax\\_steps: 1000000\\par\nlr: 0.0\\par\n}",
        "\\begin{verbatim}\n-1 0.00 123456\n\\end{verbatim}",
        "100\\% of 1,024 devices % 0.00 12345 -1 in a comment",
        "\\ensuremath{-}0.6 and 4.79~ms and 43.2~\\ensuremath{\\mu}s",
        "score (0-\\allowbreak{}100)",
    ] {
        assert_eq!(rules(text, Doc::Latex), Vec::<&str>::new(), "{text}");
    }
}
