//! The one bundled font (DejaVu Sans): its bytes, its family name, and text measurement for layout.

use std::sync::OnceLock;

use ttf_parser::Face;

/// DejaVu Sans 2.37 from Debian's fonts-dejavu-core (Bitstream Vera licence,
/// see `assets/DejaVuSans-LICENSE.txt`). Embedded so no system font is ever
/// consulted and every machine lays text out identically.
pub(super) static FONT_DATA: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/DejaVuSans.ttf"
));

/// The family name the font declares; every SVG names it on its root.
pub(super) const FAMILY: &str = "DejaVu Sans";

/// Horizontal metrics needed to measure text, read once from the font.
struct Metrics {
    face: Face<'static>,
    units_per_em: f64,
    /// Advance of the glyph drawn for characters the font lacks (`.notdef`).
    missing_advance: f64,
}

fn metrics() -> Option<&'static Metrics> {
    static METRICS: OnceLock<Option<Metrics>> = OnceLock::new();
    METRICS
        .get_or_init(|| {
            let face = Face::parse(FONT_DATA, 0).ok()?;
            let units_per_em = f64::from(face.units_per_em().max(1));
            let missing_advance = face
                .glyph_hor_advance(ttf_parser::GlyphId(0))
                .map_or(units_per_em * 0.6, f64::from);
            Some(Metrics {
                face,
                units_per_em,
                missing_advance,
            })
        })
        .as_ref()
}

/// Width in points of `text` set at `size` points, from the font's advance
/// widths. Kerning and shaping are ignored, which is close enough for layout.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    let Some(metrics) = metrics() else {
        // The bundled font always parses; this keeps layout sane regardless.
        return text.chars().count() as f64 * size * 0.6;
    };
    let units: f64 = text
        .chars()
        .map(|c| {
            if c.is_control() {
                return 0.0;
            }
            metrics
                .face
                .glyph_index(c)
                .and_then(|glyph| metrics.face.glyph_hor_advance(glyph))
                .map_or(metrics.missing_advance, f64::from)
        })
        .sum();
    units / metrics.units_per_em * size
}

const ELLIPSIS: char = '\u{2026}';

/// `text` shortened with a trailing ellipsis so it is at most `max_width`
/// points wide at `size`. Returns an empty string when not even the ellipsis fits.
pub(super) fn fit(text: &str, size: f64, max_width: f64) -> String {
    if text_width(text, size) <= max_width {
        return text.to_owned();
    }
    let budget = max_width - text_width(&ELLIPSIS.to_string(), size);
    if budget < 0.0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let advance = text_width(c.encode_utf8(&mut [0; 4]), size);
        if used + advance > budget {
            break;
        }
        used += advance;
        out.push(c);
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out.push(ELLIPSIS);
    out
}
