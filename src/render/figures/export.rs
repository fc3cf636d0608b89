//! Turns a figure's SVG into bytes: vector PDF through krilla (subset font embedded, text kept as text) and PNG through resvg.

use std::sync::{Arc, OnceLock};

use krilla::configure::{ConfigurationBuilder, PdfVersion};
use krilla::geom::Size;
use krilla::page::PageSettings;
use krilla::{Document, SerializeSettings};
use krilla_svg::{SurfaceExt, SvgSettings};
use usvg::{ImageHrefResolver, fontdb};

use super::font::{FAMILY, FONT_DATA};
use super::{Figure, FigureError};

/// Largest PNG side in pixels; keeps a bad scale from allocating gigabytes.
pub const MAX_PNG_SIDE: u32 = 8192;

/// The font database every figure is laid out with: the bundled font and
/// nothing else, answering for every generic family too.
fn font_database() -> Arc<fontdb::Database> {
    static DATABASE: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut database = fontdb::Database::new();
            database.load_font_source(fontdb::Source::Binary(Arc::new(FONT_DATA)));
            database.set_sans_serif_family(FAMILY);
            database.set_serif_family(FAMILY);
            database.set_monospace_family(FAMILY);
            database.set_cursive_family(FAMILY);
            database.set_fantasy_family(FAMILY);
            Arc::new(database)
        })
        .clone()
}

/// Parses the figure's SVG. External and embedded images are refused so
/// nothing outside the SVG text can reach the output.
pub(super) fn parse(figure: &Figure) -> Result<usvg::Tree, FigureError> {
    let options = usvg::Options {
        font_family: FAMILY.to_owned(),
        fontdb: font_database(),
        image_href_resolver: ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(&figure.svg, &options).map_err(|error| FigureError::Svg {
        name: figure.name.clone(),
        reason: error.to_string(),
    })
}

/// The PDF of an already parsed figure.
pub(super) fn pdf(figure: &Figure, tree: &usvg::Tree) -> Result<Vec<u8>, FigureError> {
    let failure = |reason: String| FigureError::Pdf {
        name: figure.name.clone(),
        reason,
    };
    let size = Size::from_wh(tree.size().width(), tree.size().height())
        .ok_or_else(|| failure("the SVG has no area".to_owned()))?;
    // krilla writes no dates unless asked and derives its document IDs from
    // the content, so identical figures give identical bytes. XMP metadata
    // is left out: it would only repeat those IDs. PDF 1.5 is what pdflatex
    // writes by default, so \includegraphics takes the file without a
    // "found PDF version 1.7" warning; nothing here needs a later version.
    let configuration = ConfigurationBuilder::new()
        .with_version(PdfVersion::Pdf15)
        .finish()
        .map_err(|error| failure(format!("{error:?}")))?;
    let settings = SerializeSettings {
        xmp_metadata: false,
        configuration,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let mut page = document.start_page_with(PageSettings::new(size));
    let mut surface = page.surface();
    let drawn = surface.draw_svg(tree, size, SvgSettings::default());
    surface.finish();
    page.finish();
    drawn.ok_or_else(|| failure("the SVG could not be drawn".to_owned()))?;
    document
        .finish()
        .map_err(|error| failure(error.to_string()))
}

/// The PNG of an already parsed figure.
pub(super) fn png(figure: &Figure, tree: &usvg::Tree, scale: f32) -> Result<Vec<u8>, FigureError> {
    let width = (tree.size().width() * scale).ceil();
    let height = (tree.size().height() * scale).ceil();
    let limit = MAX_PNG_SIDE as f32;
    if !(scale.is_finite() && scale > 0.0 && width >= 1.0 && height >= 1.0)
        || width > limit
        || height > limit
    {
        return Err(FigureError::Scale {
            name: figure.name.clone(),
            scale,
        });
    }
    let failure = |reason: String| FigureError::Png {
        name: figure.name.clone(),
        reason,
    };
    let mut pixmap = tiny_skia::Pixmap::new(width as u32, height as u32)
        .ok_or_else(|| failure("the image buffer could not be allocated".to_owned()))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    encode_png(&pixmap).map_err(|error| failure(error.to_string()))
}

/// Encodes an opaque pixmap as 8-bit RGB. The background is filled white
/// before drawing, so alpha is always 255 and can be dropped. Fast
/// (fdeflate) compression is about eight times quicker than the default for
/// files under twice the size, which for flat-coloured charts is still small.
fn encode_png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let data = pixmap.data();
    let mut rgb = vec![0u8; data.len() / 4 * 3];
    for (out, pixel) in rgb.chunks_exact_mut(3).zip(data.chunks_exact(4)) {
        out.copy_from_slice(&pixel[..3]);
    }
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(out)
}
