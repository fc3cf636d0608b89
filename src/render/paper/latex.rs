//! LaTeX escaping for spec strings. Every special character becomes a
//! command or an escaped character, so a spec string can neither run a
//! command (`\input`, `\write18`), nor open a group, a comment or math mode.
//! Characters pdflatex cannot typeset directly are shown by their code point
//! and carried as PDF ActualText, so text extraction still yields the
//! original string.

/// Longest run of letters allowed without a line-break opportunity.
const MAX_UNBROKEN: usize = 18;

/// Latin-1 letters that pdflatex with `[utf8]{inputenc}` and `[T1]{fontenc}`
/// typesets directly.
fn is_latin1_letter(c: char) -> bool {
    matches!(c as u32, 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0xFF)
}

/// The math-mode spelling of a symbol pdflatex's text fonts lack.
fn math_symbol(c: char) -> Option<&'static str> {
    Some(match c {
        '∞' => "\\ensuremath{\\infty}",
        '≤' => "\\ensuremath{\\leq}",
        '≥' => "\\ensuremath{\\geq}",
        '±' => "\\ensuremath{\\pm}",
        '×' => "\\ensuremath{\\times}",
        // The true minus of `crate::numbers`, and the micro sign of microseconds.
        '\u{2212}' => "\\ensuremath{-}",
        'µ' => "\\ensuremath{\\mu}",
        '→' => "\\ensuremath{\\rightarrow}",
        _ => return None,
    })
}

/// Text for a PDF metadata string (`pdftitle`): printable ASCII without LaTeX specials,
/// spaces collapsed. What it drops stays in the typeset title.
pub fn pdf_string(text: &str) -> String {
    let kept: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " ,.:;!?()'-+=/".contains(c) {
                c
            } else {
                ' '
            }
        })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes text for LaTeX's text mode.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut run = 0usize;
    let mut foreign = String::new();
    let flush_foreign = |foreign: &mut String, out: &mut String| {
        if foreign.is_empty() {
            return;
        }
        let hex: String = foreign
            .encode_utf16()
            .map(|unit| format!("{unit:04X}"))
            .collect();
        let visible: Vec<String> = foreign
            .chars()
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        out.push_str(&format!(
            "\\metagenactual{{FEFF{hex}}}{{{}}}",
            visible.join(" ")
        ));
        foreign.clear();
    };
    for c in text.chars() {
        // Symbols the text fonts lack but math mode has: typeset, not shown as code points.
        if let Some(symbol) = math_symbol(c) {
            flush_foreign(&mut foreign, &mut out);
            run = 0;
            out.push_str(symbol);
            continue;
        }
        let plain_ascii = c.is_ascii_graphic() || c == ' ';
        if !plain_ascii && !is_latin1_letter(c) && !c.is_whitespace() && !c.is_control() {
            foreign.push(c);
            continue;
        }
        flush_foreign(&mut foreign, &mut out);
        if c.is_alphanumeric() {
            run += 1;
            if run > MAX_UNBROKEN {
                out.push_str("\\allowbreak{}");
                run = 1;
            }
        } else {
            run = 0;
        }
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '$' => out.push_str("\\$"),
            '&' => out.push_str("\\&"),
            '#' => out.push_str("\\#"),
            '%' => out.push_str("\\%"),
            '_' => out.push_str("\\_\\allowbreak{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '<' => out.push_str("\\textless{}"),
            '>' => out.push_str("\\textgreater{}"),
            '|' => out.push_str("\\textbar{}"),
            '"' => out.push_str("\\textquotedbl{}"),
            '\'' => out.push_str("\\textquotesingle{}"),
            '`' => out.push_str("\\textasciigrave{}"),
            '-' => out.push_str("-\\allowbreak{}"),
            '/' => out.push_str("/\\allowbreak{}"),
            '[' => out.push_str("{[}"),
            ']' => out.push_str("{]}"),
            c if c.is_whitespace() || c.is_control() => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    flush_foreign(&mut foreign, &mut out);
    out.trim_end().to_string()
}

/// The preamble definition that `escape` relies on: shows the fallback text
/// while giving the PDF the original characters as ActualText.
pub const ACTUALTEXT_DEFINITION: &str = "\\newcommand{\\metagenactual}[2]{\\BeginAccSupp{method=hex,unicode,ActualText=#1}\\textsf{\\scriptsize #2}\\EndAccSupp{}}\n";

#[cfg(test)]
mod tests {
    use super::{escape, pdf_string};

    #[test]
    fn specials_become_inert() {
        let out = escape(r"\input{/etc/passwd} \write18{rm -rf /} 100% & $x$ #1 a_b ^ ~");
        assert!(!out.contains("\\input"));
        assert!(!out.contains("\\write18"));
        assert!(out.contains("\\textbackslash{}input\\{"));
        assert!(out.contains("100\\%"));
        assert!(out.contains("\\&"));
        assert!(out.contains("\\$x\\$"));
        assert!(out.contains("\\#1"));
        // No unescaped brace, dollar, percent, ampersand or hash survives.
        let stripped = out
            .replace("\\{", "")
            .replace("\\}", "")
            .replace("{}", "")
            .replace("{[}", "")
            .replace("{]}", "");
        for c in ['$', '%', '&', '#'] {
            assert!(
                !stripped.replace(&format!("\\{c}"), "").contains(c),
                "{c} in {out}"
            );
        }
    }

    #[test]
    fn newlines_cannot_start_paragraphs_or_comments() {
        assert_eq!(escape("a\n\nb"), "a b");
        assert_eq!(escape("a%\nb"), "a\\% b");
    }

    #[test]
    fn non_latin_scripts_carry_actual_text() {
        let out = escape("模型 ok");
        assert!(
            out.starts_with("\\metagenactual{FEFF6A21578B}{U+6A21 U+578B}"),
            "{out}"
        );
        assert!(out.ends_with(" ok"));
        assert_eq!(escape("café"), "café");
        // Astral characters are written as UTF-16 surrogate pairs.
        assert!(escape("🙂").contains("FEFFD83DDE42"));
    }

    #[test]
    fn math_symbols_are_typeset_not_code_points() {
        let out = escape("GEN-EVAL-∞");
        assert!(out.ends_with("\\ensuremath{\\infty}"), "{out}");
        assert!(!out.contains("U+221E"));
    }

    #[test]
    fn pdf_strings_keep_only_inert_ascii() {
        assert_eq!(pdf_string("A {b} \\x 100% #1 模型: ok"), "A b x 100 1 : ok");
    }

    #[test]
    fn long_words_can_break() {
        let out = escape(&"a".repeat(40));
        assert!(out.contains("\\allowbreak{}"));
    }
}
