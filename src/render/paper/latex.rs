//! LaTeX escaping for spec strings. Every special character becomes a
//! command or an escaped character, so a spec string can neither run a
//! command (`\input`, `\write18`), nor open a group, a comment or math mode.
//! Characters outside Latin-1 reach the source only as hexadecimal code
//! points, in one command (`\metagenactual`) whose preamble definition
//! decides how they look: pdflatex shows the code points and carries the
//! original string as PDF ActualText, so text extraction still yields it;
//! xelatex typesets the glyphs from installed fonts ([`UNICODE_TEXT_DEFINITION`]).

/// How every run of characters outside Latin-1 starts in escaped text: the
/// command, then the run's UTF-16 in hexadecimal behind a byte-order mark.
pub const CODE_POINT_RUN: &str = "\\metagenactual{FEFF";

/// Whether escaped text holds a run that pdflatex can only show as code
/// points, so that a paper containing it is better built with xelatex.
pub fn has_code_point_runs(escaped: &str) -> bool {
    escaped.contains(CODE_POINT_RUN)
}

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
        out.push_str(&format!("{CODE_POINT_RUN}{hex}}}{{{}}}", visible.join(" ")));
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

/// The xelatex preamble's definition of `\metagenactual` (after `fontspec`
/// and `accsupp`): each code point of a run is typeset from the first font
/// that has a glyph for it: the current font, DejaVu Serif (Greek, Cyrillic
/// and more) or Droid Sans Fallback (CJK), with a line-break opportunity after
/// each CJK character. A run with a character no installed font shows, or in
/// a right-to-left script (it would need bidi reordering), falls back to the
/// code points with ActualText, as under pdflatex, and the log gets a
/// `Package metagen Warning`; so does a missing font. The arguments are only
/// hexadecimal digits, `U+` and spaces, written by [`escape`].
pub const UNICODE_TEXT_DEFINITION: &str = r##"\newcommand{\metagencodepoints}[2]{\BeginAccSupp{method=hex,unicode,ActualText=#1}\textsf{\scriptsize #2}\EndAccSupp{}}
\ExplSyntaxOn
\msg_new:nnn { metagen } { no-font }
  { Font~'#1'~is~not~installed:~text~that~needs~it~is~shown~as~code~points }
\msg_new:nnn { metagen } { no-glyph }
  { '#1'~is~shown~as~code~points:~no~installed~font~has~it,~or~it~is~written~right~to~left }
\clist_new:N \l__metagen_fonts_clist
\tl_new:N \l__metagen_font_tl
\seq_new:N \l__metagen_codes_seq
\bool_new:N \l__metagen_shown_bool
\cs_new_protected:Npn \__metagen_add_font:nNn #1#2#3
  {
    \IfFontExistsTF {#1}
      {
        \newfontfamily #2 {#1} [#3]
        \clist_put_right:Nn \l__metagen_fonts_clist {#2}
      }
      { \msg_warning:nnn { metagen } { no-font } {#1} }
  }
\__metagen_add_font:nNn { DejaVu~Serif } \metagenscriptfont
  {
    Scale=MatchLowercase,
    ItalicFont=DejaVu~Serif, ItalicFeatures={FakeSlant=0.2},
    BoldItalicFont=DejaVu~Serif~Bold, BoldItalicFeatures={FakeSlant=0.2}
  }
\__metagen_add_font:nNn { Droid~Sans~Fallback } \metagencjkfont
  {
    Scale=MatchLowercase,
    BoldFont=Droid~Sans~Fallback, BoldFeatures={FakeBold=1.5},
    ItalicFont=Droid~Sans~Fallback, ItalicFeatures={FakeSlant=0.2},
    BoldItalicFont=Droid~Sans~Fallback, BoldItalicFeatures={FakeBold=1.5,FakeSlant=0.2}
  }
% Sets \l_tmpa_bool: whether code point #1 lies in one of the ranges #2.
\cs_new_protected:Npn \__metagen_in_ranges:nn #1#2
  {
    \bool_set_false:N \l_tmpa_bool
    \clist_map_inline:nn {#2}
      { \__metagen_in_range:w ##1 \q_stop {#1} }
  }
\cs_new_protected:Npn \__metagen_in_range:w #1-#2 \q_stop #3
  { \int_compare:nT { "#1 <= "#3 <= "#2 } { \bool_set_true:N \l_tmpa_bool } }
% Right-to-left scripts and bidi controls.
\cs_new_protected:Npn \__metagen_rtl:n #1
  { \__metagen_in_ranges:nn {#1} { 0590-08FF, 200E-200F, 202A-202E, 2066-2069, FB1D-FDFF, FE70-FEFF } }
% CJK ideographs, kana, Hangul and full-width forms: a line may break after each.
\cs_new_protected:Npn \__metagen_cjk:n #1
  { \__metagen_in_ranges:nn {#1} { 2E80-9FFF, AC00-D7AF, F900-FAFF, FF00-FFEF, 20000-3FFFF } }
% Sets \l__metagen_font_tl to the font switch whose font shows code point #1
% (\scan_stop: for the current font), or to nothing.
\cs_new_protected:Npn \__metagen_font_for:n #1
  {
    \tl_clear:N \l__metagen_font_tl
    \__metagen_rtl:n {#1}
    \bool_if:NF \l_tmpa_bool
      {
        \iffontchar \font "#1 \scan_stop: \tl_set:Nn \l__metagen_font_tl { \scan_stop: } \fi:
        \clist_map_inline:Nn \l__metagen_fonts_clist
          {
            \tl_if_empty:NT \l__metagen_font_tl
              {
                \group_begin: ##1
                \iffontchar \font "#1 \scan_stop:
                  \group_end: \tl_set:Nn \l__metagen_font_tl {##1}
                \else: \group_end: \fi:
              }
          }
      }
  }
\cs_generate_variant:Nn \__metagen_font_for:n { e }
\cs_new_protected:Npn \__metagen_glyph:n #1
  {
    \__metagen_font_for:n {#1}
    \group_begin: \l__metagen_font_tl \char "#1 \scan_stop: \group_end:
    \__metagen_cjk:n {#1}
    \bool_if:NT \l_tmpa_bool { \penalty \c_zero_int }
  }
\cs_generate_variant:Nn \__metagen_glyph:n { e }
\cs_new_protected:Npn \metagenactual #1#2
  {
    \seq_set_split:Nnn \l__metagen_codes_seq { ~ } {#2}
    \bool_set_true:N \l__metagen_shown_bool
    \seq_map_inline:Nn \l__metagen_codes_seq
      {
        \__metagen_font_for:e { \tl_range:nnn {##1} { 3 } { -1 } }
        \tl_if_empty:NT \l__metagen_font_tl { \bool_set_false:N \l__metagen_shown_bool }
      }
    \bool_if:NTF \l__metagen_shown_bool
      {
        \seq_map_inline:Nn \l__metagen_codes_seq
          { \__metagen_glyph:e { \tl_range:nnn {##1} { 3 } { -1 } } }
      }
      {
        \msg_warning:nnn { metagen } { no-glyph } {#2}
        \metagencodepoints {#1} {#2}
      }
  }
\ExplSyntaxOff
"##;

#[cfg(test)]
mod tests {
    use super::{CODE_POINT_RUN, UNICODE_TEXT_DEFINITION, escape, has_code_point_runs, pdf_string};

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

    /// Under xelatex too, non-Latin text reaches TeX only as the arguments of
    /// `\metagenactual`, made of hexadecimal digits, `U+` and spaces: no
    /// character of the spec itself, so no catcode or `^^` trick.
    #[test]
    fn non_latin_text_reaches_tex_as_hex_digits_only() {
        let out = escape("\\input{x} Модель 模型}{\\write18 Καλημέρα ^^5c \u{202E}🙂");
        assert!(out.is_ascii(), "{out}");
        let runs: Vec<&str> = out.split(CODE_POINT_RUN).skip(1).collect();
        assert_eq!(runs.len(), 4, "{out}");
        for run in runs {
            let (hex, rest) = run.split_once("}{").unwrap();
            assert!(hex.chars().all(|c| c.is_ascii_hexdigit()), "{run}");
            let visible = rest.split('}').next().unwrap();
            assert!(
                visible.split(' ').all(|code| code
                    .strip_prefix("U+")
                    .is_some_and(|h| h.chars().all(|c| c.is_ascii_hexdigit()))),
                "{run}"
            );
        }
        assert!(has_code_point_runs(&out));
        assert!(!has_code_point_runs(&escape("ok ∞ × -> µs")));
    }

    #[test]
    fn the_xelatex_definition_opens_no_file_and_changes_no_catcode() {
        for forbidden in [
            "\\input",
            "\\include",
            "\\open",
            "\\write",
            "\\immediate",
            "\\catcode",
            "\\scantokens",
            "\\csname",
            "\\special",
            "\\ior",
            "\\iow",
            "\\file",
        ] {
            assert!(!UNICODE_TEXT_DEFINITION.contains(forbidden), "{forbidden}");
        }
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
