//! A small SVG writer: XML-safe text, stable number formatting, and the few elements the charts draw.

use std::fmt::Write as _;

use super::font;
use super::style::BACKGROUND;

/// Largest coordinate written; anything further out is clamped so a stray
/// value can never produce `inf`, `NaN` or an absurd number in the document.
const COORD_LIMIT: f64 = 1.0e6;

/// Formats a coordinate with at most two decimals, never `-0`, `NaN` or `inf`.
pub(super) fn num(value: f64) -> String {
    if !value.is_finite() {
        return "0".to_owned();
    }
    let rounded = (value.clamp(-COORD_LIMIT, COORD_LIMIT) * 100.0).round() / 100.0;
    if rounded == 0.0 {
        "0".to_owned()
    } else {
        format!("{rounded}")
    }
}

/// Turns user text into one clean line: control characters and line breaks
/// become spaces, characters XML 1.0 forbids become U+FFFD, runs of
/// whitespace collapse, and the ends are trimmed.
pub(super) fn clean_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        let c = match c {
            c if c.is_whitespace() || c.is_control() => ' ',
            '\u{FFFE}' | '\u{FFFF}' => '\u{FFFD}',
            c => c,
        };
        if c == ' ' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Escapes the five XML metacharacters. Callers pass text through
/// [`clean_label`] first, so no forbidden character reaches this point.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// How one piece of text is drawn.
#[derive(Clone, Copy, Debug)]
pub(super) struct TextStyle {
    pub size: f64,
    pub anchor: Anchor,
    pub color: &'static str,
    /// Rotation in degrees around the anchor point (negative is counter-clockwise).
    pub rotate: f64,
}

impl TextStyle {
    pub fn new(size: f64, anchor: Anchor, color: &'static str) -> Self {
        TextStyle {
            size,
            anchor,
            color,
            rotate: 0.0,
        }
    }

    pub fn rotated(self, degrees: f64) -> Self {
        TextStyle {
            rotate: degrees,
            ..self
        }
    }
}

/// Stroke of a line or outline.
#[derive(Clone, Copy, Debug)]
pub(super) struct Stroke {
    pub color: &'static str,
    pub width: f64,
    pub dash: Option<&'static str>,
}

impl Stroke {
    pub fn solid(color: &'static str, width: f64) -> Self {
        Stroke {
            color,
            width,
            dash: None,
        }
    }

    /// `stroke`, `stroke-width` and, when dashed, `stroke-dasharray`.
    fn attributes(&self) -> String {
        let mut out = format!(
            " stroke=\"{}\" stroke-width=\"{}\"",
            self.color,
            num(self.width)
        );
        if let Some(dash) = self.dash {
            // Writing to a String cannot fail.
            let _ = write!(out, " stroke-dasharray=\"{dash}\"");
        }
        out
    }
}

/// An SVG document being written, sized in points.
pub(super) struct Svg {
    body: String,
    width: f64,
    height: f64,
}

impl Svg {
    /// Starts a document with an opaque white background.
    pub fn new(width: f64, height: f64) -> Self {
        let mut svg = Svg {
            body: String::with_capacity(16 * 1024),
            width,
            height,
        };
        svg.rect(0.0, 0.0, width, height, BACKGROUND, 1.0);
        svg
    }

    pub fn width(&self) -> f64 {
        self.width
    }

    pub fn height(&self) -> f64 {
        self.height
    }

    /// A filled rectangle; zero-sized or inverted ones are skipped.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, opacity: f64) {
        if !(w > 0.0 && h > 0.0) {
            return;
        }
        let _ = write!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"",
            num(x),
            num(y),
            num(w),
            num(h)
        );
        if opacity < 1.0 {
            let _ = write!(self.body, " fill-opacity=\"{}\"", num(opacity));
        }
        self.body.push_str("/>\n");
    }

    /// A bar: filled rectangle with a thin white outline that separates
    /// neighbouring (for example stacked) segments.
    pub fn bar(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str) {
        if !(w > 0.0 && h > 0.0) {
            return;
        }
        let _ = writeln!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"#FFFFFF\" stroke-width=\"0.4\"/>",
            num(x),
            num(y),
            num(w),
            num(h)
        );
    }

    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: Stroke) {
        let _ = writeln!(
            self.body,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" fill=\"none\"{}/>",
            num(x1),
            num(y1),
            num(x2),
            num(y2),
            stroke.attributes()
        );
    }

    /// A polyline through `points`; a `None` breaks it into separate runs.
    /// With `fill` (colour, opacity) the path is closed and filled.
    pub fn polyline(
        &mut self,
        points: &[Option<(f64, f64)>],
        stroke: Stroke,
        fill: Option<(&str, f64)>,
    ) {
        let mut d = String::new();
        let mut pen_down = false;
        for point in points {
            match point {
                Some((x, y)) => {
                    let command = if pen_down { 'L' } else { 'M' };
                    let _ = write!(d, "{command}{} {} ", num(*x), num(*y));
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        if d.is_empty() {
            return;
        }
        let fill = match fill {
            Some((color, opacity)) => {
                d.push('Z');
                format!(" fill=\"{color}\" fill-opacity=\"{}\"", num(opacity))
            }
            None => " fill=\"none\"".to_owned(),
        };
        let attributes = format!("{fill}{} stroke-linejoin=\"round\"", stroke.attributes());
        let _ = writeln!(self.body, "<path d=\"{}\"{attributes}/>", d.trim_end());
    }

    pub fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: Option<&str>, stroke: Option<Stroke>) {
        let _ = write!(
            self.body,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"",
            num(cx),
            num(cy),
            num(r)
        );
        let _ = write!(self.body, " fill=\"{}\"", fill.unwrap_or("none"));
        if let Some(stroke) = stroke {
            self.body.push_str(&stroke.attributes());
        }
        self.body.push_str("/>\n");
    }

    /// Text whose baseline starts at (x, y). `content` must already be a clean
    /// single line ([`clean_label`]); it is escaped here. Empty text is skipped.
    pub fn text(&mut self, x: f64, y: f64, content: &str, style: TextStyle) {
        if content.is_empty() {
            return;
        }
        let _ = write!(
            self.body,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\"",
            num(x),
            num(y),
            num(style.size),
            style.color
        );
        if style.anchor != Anchor::Start {
            let _ = write!(self.body, " text-anchor=\"{}\"", style.anchor.as_str());
        }
        if style.rotate != 0.0 {
            let _ = write!(
                self.body,
                " transform=\"rotate({} {} {})\"",
                num(style.rotate),
                num(x),
                num(y)
            );
        }
        let _ = writeln!(self.body, ">{}</text>", escape(content));
    }

    /// Text with a translucent white box behind it, for labels drawn over data.
    pub fn text_with_backdrop(&mut self, x: f64, y: f64, content: &str, style: TextStyle) {
        let width = font::text_width(content, style.size);
        let left = match style.anchor {
            Anchor::Start => x,
            Anchor::Middle => x - width / 2.0,
            Anchor::End => x - width,
        };
        self.rect(
            left - 1.5,
            y - style.size * 0.85,
            width + 3.0,
            style.size * 1.15,
            BACKGROUND,
            0.8,
        );
        self.text(x, y, content, style);
    }

    /// The finished document. The font family named on the root is the one
    /// bundled font, so every text element resolves to it.
    pub fn finish(self) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{family}\">\n{body}</svg>\n",
            w = num(self.width),
            h = num(self.height),
            family = font::FAMILY,
            body = self.body
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::font;
    use super::{clean_label, escape, num};

    #[test]
    fn text_helpers_clean_escape_and_fit() {
        assert_eq!(clean_label("  a\n\tb\u{0}c  "), "a b c");
        assert_eq!(clean_label("x\u{FFFF}"), "x\u{FFFD}");
        assert_eq!(
            escape("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;"
        );
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(1.005e9), "1000000");
        assert_eq!(num(12.3456), "12.35");

        let long = "Parameters (millions) of the whole model including embeddings";
        let fitted = font::fit(long, 9.0, 100.0);
        assert!(fitted.ends_with('…'));
        assert!(font::text_width(&fitted, 9.0) <= 100.0);
        assert_eq!(font::fit("short", 9.0, 100.0), "short");
        assert_eq!(font::fit("anything", 9.0, 1.0), "");
        assert!(font::text_width("中文", 9.0) > 0.0);
    }
}
