//! Markdown escaping: spec strings become literal text in headings, tables
//! and paragraphs, and can never open a heading, a list, a link, raw HTML or
//! a table cell of their own.

/// Inline text: every Markdown and HTML metacharacter is backslash-escaped
/// and line breaks become spaces, so the text stays inside its paragraph,
/// heading or table cell.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '<' | '>' | '~' | '=' | '"' | '\'' | '&' | ':' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Text inside a fenced code block: the fence is made longer than any run
/// of backticks in the text, so the text cannot close it.
pub fn code_block(language: &str, text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let mut body = text.to_string();
    if !body.ends_with('\n') {
        body.push('\n');
    }
    format!("{fence}{language}\n{body}{fence}\n")
}

/// A Markdown table from a header and rows of already-escaped cells.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!("| {} |\n", header.join(" | "));
    out.push_str(&format!(
        "|{}|\n",
        header.iter().map(|_| "---").collect::<Vec<_>>().join("|")
    ));
    for row in rows {
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_text_cannot_escape_its_context() {
        let hostile = "# Title\n---\n| a | b |\n<script>x</script> [link](http://x) *bold*";
        let out = inline(hostile);
        assert!(!out.contains('\n'));
        for (i, c) in out.char_indices() {
            if "#|<>[]()*".contains(c) {
                assert_eq!(&out[i - 1..i], "\\", "unescaped {c} in {out}");
            }
        }
        assert_eq!(inline("plain words"), "plain words");
    }

    #[test]
    fn code_fences_outgrow_backtick_runs() {
        let block = code_block("yaml", "a: ```\n");
        assert!(block.starts_with("````yaml\n"));
        assert!(block.ends_with("````\n"));
    }
}
