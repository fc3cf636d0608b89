//! Tests of the figure renderer: every chart to PDF and PNG, determinism, embedded font and extractable text (with poppler), hostile labels, degenerate data, and the with unit tests of scales and text helpers beside their code.

use std::process::Command;

use super::export::parse;
use super::{
    Axis, BarOptions, Figure, FigureError, HEIGHT_PT, Series, WIDTH_PT, bar_chart, line_chart,
    radar_chart,
};

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn memory_bars(horizontal: bool, stacked: bool) -> Figure {
    bar_chart(
        "memory",
        "Training memory per GPU",
        &strings(&["tiny", "small", "base", "large"]),
        &[
            Series::new("weights", vec![0.5, 1.6, 3.2, 7.5]),
            Series::new("optimizer state", vec![1.0, 3.2, 6.4, 15.0]),
        ],
        Axis::linear("Model size"),
        Axis::linear("Memory (GB)"),
        BarOptions {
            stacked,
            horizontal,
            reference: Some((12.0, "memory budget 12 GB".to_owned())),
        },
    )
}

fn loss_lines() -> Figure {
    let curve = |floor: f64| -> Vec<(f64, f64)> {
        (0..12)
            .map(|i| {
                let tokens = 1e8 * 2f64.powi(i);
                (tokens, floor + 5.0 / (tokens / 1e8).sqrt())
            })
            .collect()
    };
    line_chart(
        "loss",
        "Loss vs. tokens",
        &[
            ("125M params".to_owned(), curve(3.0)),
            ("350M params".to_owned(), curve(2.6)),
        ],
        Axis::log("Training tokens"),
        Axis::linear("Validation loss (nats)"),
        &[(1e10, 2.9, "chosen model".to_owned())],
    )
}

fn capability_radar() -> Figure {
    radar_chart(
        "capabilities",
        "Capability profile",
        &strings(&["Reasoning", "Code", "Math", "Multilingual", "Safety"]),
        &[
            Series::new("ours", vec![0.8, 0.6, 0.55, 0.7, 0.9]),
            Series::new("baseline", vec![0.6, 0.7, 0.4, 0.5, 0.8]),
        ],
        1.0,
    )
}

/// One figure of each kind and layout.
fn all_kinds() -> Vec<Figure> {
    vec![
        memory_bars(false, false),
        memory_bars(false, true),
        memory_bars(true, false),
        memory_bars(true, true),
        loss_lines(),
        capability_radar(),
    ]
}

fn png_size(png: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().expect("PNG header decodes");
    let mut pixels = vec![0; reader.output_buffer_size().expect("PNG buffer size")];
    let info = reader.next_frame(&mut pixels).expect("PNG pixels decode");
    (info.width, info.height)
}

/// Every text element, as laid out with the bundled font, lies on the canvas.
fn assert_text_on_canvas(figure: &Figure) {
    fn walk(group: &usvg::Group, name: &str) {
        for node in group.children() {
            match node {
                usvg::Node::Group(inner) => walk(inner, name),
                usvg::Node::Text(text) => {
                    let bounds = text.abs_bounding_box();
                    let slack = 0.5;
                    assert!(
                        bounds.left() >= -slack
                            && bounds.top() >= -slack
                            && bounds.right() <= WIDTH_PT as f32 + slack
                            && bounds.bottom() <= HEIGHT_PT as f32 + slack,
                        "{name}: text {:?} runs off the canvas: {bounds:?}",
                        text.chunks().first().map(|chunk| chunk.text()),
                    );
                }
                _ => {}
            }
        }
    }
    let tree = parse(figure).expect("figure SVG parses");
    walk(tree.root(), &figure.name);
}

fn assert_exports(figure: &Figure) {
    let pdf = figure.to_pdf().expect("PDF export");
    assert!(
        pdf.starts_with(b"%PDF-1.5"),
        "{}: not a PDF 1.5",
        figure.name
    );
    let png = figure.to_png(1.0).expect("PNG export");
    assert_eq!(png_size(&png), (360, 240), "{}", figure.name);
    let svg = &figure.svg;
    for bad in ["NaN", "inf"] {
        assert!(!svg.contains(bad), "{}: SVG contains {bad}", figure.name);
    }
    assert_text_on_canvas(figure);
}

#[test]
fn every_chart_kind_exports_pdf_and_png() {
    for figure in all_kinds() {
        assert_exports(&figure);
        let png = figure.to_png(2.0).expect("PNG at scale 2");
        assert_eq!(png_size(&png), (720, 480), "{}", figure.name);
    }
}

#[test]
fn renders_are_byte_identical() {
    for (first, second) in all_kinds().into_iter().zip(all_kinds()) {
        assert_eq!(first, second);
        assert_eq!(first.to_pdf().unwrap(), second.to_pdf().unwrap());
        assert_eq!(first.to_pdf().unwrap(), first.to_pdf().unwrap());
        assert_eq!(first.to_png(2.0).unwrap(), second.to_png(2.0).unwrap());
    }
}

#[test]
fn pdf_has_no_dates_or_system_paths() {
    let pdf = loss_lines().to_pdf().unwrap();
    let text = String::from_utf8_lossy(&pdf);
    for marker in ["CreationDate", "ModDate", "/usr/", "/home/", "/tmp/"] {
        assert!(!text.contains(marker), "PDF contains {marker}");
    }
}

/// Runs a poppler/qpdf tool on `pdf` written to a temporary file, as
/// `tool BEFORE... file.pdf AFTER...`. A missing tool skips the check with a
/// note, except under `CI=true`, where it fails the test.
fn run_tool(tool: &str, before: &[&str], after: &[&str], pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("figure.pdf");
    std::fs::write(&path, pdf).expect("write temporary PDF");
    match Command::new(tool)
        .args(before)
        .arg(&path)
        .args(after)
        .output()
    {
        Ok(output) => {
            assert!(
                output.status.success(),
                "{tool} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            Some(String::from_utf8_lossy(&output.stdout).into_owned())
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{tool} is required when CI=true: install poppler-utils and qpdf"
            );
            eprintln!(
                "note: {tool} is not installed, so this check is skipped (apt-get install poppler-utils qpdf)"
            );
            None
        }
        Err(error) => panic!("could not run {tool}: {error}"),
    }
}

/// Text as pdftotext extracts it, whitespace collapsed to single spaces.
fn extracted_text(pdf: &[u8]) -> Option<String> {
    let text = run_tool("pdftotext", &["-enc", "UTF-8"], &["-"], pdf)?;
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn assert_extracts(figure: &Figure, expected: &[&str]) {
    let Some(text) = extracted_text(&figure.to_pdf().unwrap()) else {
        return;
    };
    for needle in expected {
        assert!(
            text.contains(needle),
            "{}: pdftotext lacks {needle:?}; got {text:?}",
            figure.name
        );
    }
}

#[test]
fn pdf_embeds_the_font() {
    for figure in all_kinds() {
        let pdf = figure.to_pdf().unwrap();
        let Some(fonts) = run_tool("pdffonts", &[], &[], &pdf) else {
            return;
        };
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(
            !rows.is_empty(),
            "{}: no fonts listed:\n{fonts}",
            figure.name
        );
        for row in rows {
            let columns: Vec<&str> = row.split_whitespace().collect();
            assert!(
                row.contains("DejaVuSans"),
                "{}: unexpected font: {row}",
                figure.name
            );
            // Columns after the name: type words, encoding, emb, sub, uni, object, generation.
            let emb = columns[columns.len() - 5];
            assert_eq!(emb, "yes", "{}: font not embedded: {row}", figure.name);
        }
    }
}

#[test]
fn pdf_passes_qpdf_check() {
    for figure in all_kinds() {
        if run_tool("qpdf", &["--check"], &[], &figure.to_pdf().unwrap()).is_none() {
            return;
        }
    }
}

#[test]
fn pdf_text_holds_titles_axis_labels_and_ticks() {
    assert_extracts(
        &memory_bars(false, true),
        &[
            "Training memory per GPU",
            "Memory (GB)",
            "Model size",
            "memory budget 12 GB",
            "weights",
            "optimizer state",
            "large",
            "20",
        ],
    );
    assert_extracts(
        &memory_bars(true, false),
        &["Memory (GB)", "Model size", "memory budget 12 GB", "small"],
    );
    assert_extracts(
        &loss_lines(),
        &[
            "Training tokens",
            "Validation loss (nats)",
            "chosen model",
            "125M params",
            "1B",
        ],
    );
    assert_extracts(
        &capability_radar(),
        &["Capability profile", "Multilingual", "Reasoning", "0.75"],
    );
}

const HOSTILE: [&str; 8] = [
    "<script>alert(\"x\")</script> & 'q'",
    "]]><!-- --> &amp; &#0; <![CDATA[",
    "中文标签",
    "العربية",
    "rocket 🚀 👩‍👩‍👧",
    "bell\u{7}\u{0}escape\u{1b}[31m nul",
    "line\nbreak\ttab\u{FFFF}\u{FFFE}",
    "a very long label that goes on and on and would never fit in any chart at all, not even rotated",
];

fn hostile_figures() -> Vec<Figure> {
    let labels = strings(&HOSTILE);
    let series: Vec<Series> = labels
        .iter()
        .enumerate()
        .map(|(i, name)| Series::new(name.clone(), vec![1.0 + i as f64; labels.len()]))
        .collect();
    let lines: Vec<(String, Vec<(f64, f64)>)> = labels
        .iter()
        .enumerate()
        .map(|(i, name)| (name.clone(), vec![(1.0, i as f64), (2.0, 2.0 * i as f64)]))
        .collect();
    let markers: Vec<(f64, f64, String)> = labels
        .iter()
        .enumerate()
        .map(|(i, label)| (1.5, i as f64, label.clone()))
        .collect();
    let mut figures = Vec::new();
    for label in &labels {
        for horizontal in [false, true] {
            figures.push(bar_chart(
                "hostile-bars",
                label,
                &labels,
                &series,
                Axis::linear(label.clone()),
                Axis::log(label.clone()),
                BarOptions {
                    stacked: horizontal,
                    horizontal,
                    reference: Some((3.0, label.clone())),
                },
            ));
        }
        figures.push(line_chart(
            "hostile-lines",
            label,
            &lines,
            Axis::linear(label.clone()),
            Axis::linear(label.clone()),
            &markers,
        ));
        figures.push(radar_chart("hostile-radar", label, &labels, &series, 10.0));
    }
    figures
}

#[test]
fn hostile_labels_are_escaped_and_render() {
    for figure in hostile_figures() {
        assert!(!figure.svg.contains("<script"), "{}", figure.svg);
        assert!(!figure.svg.contains("<!--"), "{}", figure.svg);
        assert!(!figure.svg.contains("<![CDATA["), "{}", figure.svg);
        assert!(!figure.svg.contains('\u{0}'));
        assert!(!figure.svg.contains('\u{1b}'));
        assert_exports(&figure);
    }
    let figure = &hostile_figures()[0];
    assert!(figure.svg.contains("&lt;script&gt;alert(&quot;x&quot;)"));
    assert!(figure.svg.contains('…'), "long labels are shortened");
    assert_extracts(figure, &["<script>alert(\"x\")</script> & 'q'"]);
}

#[test]
fn non_latin_text_survives_to_the_pdf() {
    let figure = line_chart(
        "scripts",
        "",
        &[],
        Axis::linear("العربية"),
        Axis::linear("Ελληνικά"),
        &[],
    );
    assert_exports(&figure);
    assert_extracts(&figure, &["Ελληνικά"]);
}

#[test]
fn long_category_labels_never_leave_the_canvas() {
    let categories: Vec<String> = (0..40)
        .map(|i| format!("category number {i} with a long descriptive name"))
        .collect();
    let values = Series::new("v", (0..40).map(f64::from).collect());
    for horizontal in [false, true] {
        let figure = bar_chart(
            "many",
            "Many categories",
            &categories,
            std::slice::from_ref(&values),
            Axis::linear("Category"),
            Axis::linear("Value"),
            BarOptions {
                horizontal,
                ..BarOptions::default()
            },
        );
        assert!(figure.svg.contains('…'));
        assert_exports(&figure);
    }
}

#[test]
fn degenerate_data_renders() {
    let nan = f64::NAN;
    let inf = f64::INFINITY;
    let awkward = vec![
        nan,
        inf,
        -inf,
        0.0,
        -5.0,
        1e308,
        -1e308,
        f64::MIN_POSITIVE,
        5e-324,
        f64::MAX,
    ];
    let categories = strings(&["a", "b", "c"]);
    let mut figures = Vec::new();
    for log in [false, true] {
        for stacked in [false, true] {
            for horizontal in [false, true] {
                let options = |reference| BarOptions {
                    stacked,
                    horizontal,
                    reference,
                };
                let value = Axis {
                    label: "v".to_owned(),
                    log,
                };
                figures.push(bar_chart(
                    "empty",
                    "",
                    &[],
                    &[],
                    Axis::default(),
                    value.clone(),
                    options(None),
                ));
                figures.push(bar_chart(
                    "no-values",
                    "t",
                    &categories,
                    &[Series::new("s", Vec::new())],
                    Axis::default(),
                    value.clone(),
                    options(Some((nan, "nan reference".to_owned()))),
                ));
                figures.push(bar_chart(
                    "awkward",
                    "t",
                    &categories,
                    &[
                        Series::new("", awkward.clone()),
                        Series::new("", vec![nan; 2]),
                        Series::new("same", vec![3.0; 3]),
                    ],
                    Axis::default(),
                    value.clone(),
                    options(Some((-inf, "ref".to_owned()))),
                ));
                figures.push(bar_chart(
                    "zeros",
                    "t",
                    &categories,
                    &[Series::new("z", vec![0.0; 3])],
                    Axis::default(),
                    value,
                    options(Some((0.0, "zero".to_owned()))),
                ));
            }
        }
        let axis = Axis {
            label: "a".to_owned(),
            log,
        };
        let pairs: Vec<(f64, f64)> = awkward.iter().map(|&v| (v, v)).collect();
        figures.push(line_chart(
            "no-series",
            "",
            &[],
            axis.clone(),
            axis.clone(),
            &[],
        ));
        figures.push(line_chart(
            "awkward-lines",
            "t",
            &[
                ("empty".to_owned(), Vec::new()),
                ("awkward".to_owned(), pairs),
                ("flat".to_owned(), vec![(1.0, 2.0), (1.0, 2.0)]),
            ],
            axis.clone(),
            axis,
            &[
                (nan, 1.0, "lost".to_owned()),
                (1e300, 1e-300, "far".to_owned()),
            ],
        ));
    }
    for max in [1.0, 0.0, -1.0, nan, inf, 1e308] {
        let series = [
            Series::new("awkward", awkward.clone()),
            Series::new("short", vec![0.5]),
        ];
        for axes in [0, 1, 2, 3, 12] {
            let names: Vec<String> = (0..axes).map(|i| format!("axis {i}")).collect();
            figures.push(radar_chart("radar", "t", &names, &series, max));
        }
        figures.push(radar_chart(
            "radar-empty",
            "t",
            &strings(&["x", "y", "z"]),
            &[],
            max,
        ));
    }
    for figure in &figures {
        assert_exports(figure);
    }
    let empty = bar_chart(
        "e",
        "",
        &[],
        &[],
        Axis::default(),
        Axis::default(),
        BarOptions::default(),
    );
    assert!(empty.svg.contains("No data"));
    let empty_lines = line_chart("e", "", &[], Axis::default(), Axis::default(), &[]);
    assert!(empty_lines.svg.contains("No data"));
}

#[test]
fn many_series_get_a_bounded_legend() {
    let series: Vec<Series> = (0..60)
        .map(|i| Series::new(format!("series {i}"), vec![f64::from(i)]))
        .collect();
    let figure = bar_chart(
        "legend",
        "Legend",
        &strings(&["only"]),
        &series,
        Axis::default(),
        Axis::default(),
        BarOptions::default(),
    );
    assert!(figure.svg.contains(" more</text>"));
    assert_exports(&figure);
}

#[test]
fn bad_png_scales_are_errors() {
    let figure = capability_radar();
    for scale in [0.0, -1.0, f32::NAN, f32::INFINITY, f32::MAX, 1000.0] {
        assert!(
            matches!(figure.to_png(scale), Err(FigureError::Scale { .. })),
            "scale {scale} accepted"
        );
    }
}

#[test]
fn broken_svg_is_an_error() {
    let figure = Figure {
        name: "broken".to_owned(),
        svg: "<svg".to_owned(),
    };
    assert!(matches!(figure.to_pdf(), Err(FigureError::Svg { .. })));
    assert!(matches!(figure.to_png(1.0), Err(FigureError::Svg { .. })));
}
