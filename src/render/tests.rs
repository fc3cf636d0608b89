//! The renderer contract, checked on the sources: a renderer formats figures
//! of the release model and computes none. A renderer that calls the cost
//! model, draws from a seed stream or redoes unit or fraction arithmetic
//! fails here, naming the file and the offending text.

use std::path::{Path, PathBuf};

/// Calls that compute a release figure; only `crate::release` may make them.
const COMPUTING_CALLS: &[&str] = &[
    "cost::estimate",
    "estimate(",
    "chinchilla_loss",
    "cost_inputs",
    "release::build",
    "arch::synthesize",
    "arch::ablations",
    "benchmarks::score",
    "recipe::recipe",
    "select::",
    "seed::stream",
    "RngCore",
    "rand_chacha",
];

/// Arithmetic that turns a figure into another figure (a fraction, a unit
/// conversion); `crate::numbers` and `crate::release` own these.
const FIGURE_ARITHMETIC: &[&str] = &[
    "as f64 /",
    "/ 1e",
    "* 1e",
    "* 100.0",
    "100.0 *",
    "/ 3600",
    "/ 86_400",
    "param_max as",
    "total_params as",
];

/// The chart library draws any series it is given (axis ticks, geometry) and
/// never sees the release, so its arithmetic is layout, not figures.
const CHART_LIBRARY: &str = "figures";

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file with `//` comments dropped and every run of whitespace
/// made one space, so a pattern split over lines by rustfmt still matches.
fn code_text(source: &str) -> String {
    let code: Vec<&str> = source
        .lines()
        .map(|line| match line.find("//") {
            // `//` inside a string (a URL) is rare in renderers; cutting the
            // line there can only hide text, never invent a match.
            Some(at) => &line[..at],
            None => line,
        })
        .collect();
    code.join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every (file, pattern) of `patterns` found under `dir`, skipping this file
/// and the chart library.
fn offences(dir: &Path, patterns: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(dir, &mut files);
    let mut found = Vec::new();
    for path in files {
        let relative = path.strip_prefix(dir).unwrap_or(&path);
        if relative.starts_with(CHART_LIBRARY) || relative == Path::new("tests.rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("read source");
        let code = code_text(&source);
        for pattern in patterns {
            if code.contains(pattern) {
                found.push(format!("{}: `{pattern}`", path.display()));
            }
        }
    }
    found
}

fn source_dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(sub)
}

#[test]
fn renderers_call_no_cost_function_and_draw_no_random_number() {
    let found = offences(&source_dir("render"), COMPUTING_CALLS);
    assert!(
        found.is_empty(),
        "renderers must read figures from the release model, not compute them:\n{}",
        found.join("\n")
    );
}

#[test]
fn renderers_and_the_terminal_do_no_figure_arithmetic() {
    let mut found = offences(&source_dir("render"), FIGURE_ARITHMETIC);
    found.extend(offences(&source_dir("cli"), FIGURE_ARITHMETIC));
    assert!(
        found.is_empty(),
        "derive the figure once in crate::release and format it with crate::numbers:\n{}",
        found.join("\n")
    );
}

/// Whether `code` holds a format spec with a precision (`{:.1}`, `{x:+.2}`,
/// `{:.2e}`): a rounding rule, which belongs in `crate::numbers`.
fn has_precision_spec(code: &str) -> bool {
    code.match_indices('{').any(|(at, _)| {
        let rest = &code[at + 1..];
        let name_end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let spec = &rest[name_end..];
        let spec = spec.strip_prefix(':').unwrap_or("");
        let spec = spec.strip_prefix('+').unwrap_or(spec);
        spec.strip_prefix('.')
            .is_some_and(|digits| digits.starts_with(|c: char| c.is_ascii_digit()))
    })
}

#[test]
fn rounding_rules_live_in_the_formatting_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for dir in ["render", "cli", "release", "arch/cost"] {
        rust_files(&root.join(dir), &mut files);
    }
    rust_files(&root.join("benchmarks"), &mut files);
    let chart_library = root.join("render").join(CHART_LIBRARY);
    let offending: Vec<String> = files
        .iter()
        .filter(|path| !path.starts_with(&chart_library) && !path.ends_with("render/tests.rs"))
        .filter(|path| !path.ends_with("cost/tests.rs"))
        .filter(|path| has_precision_spec(&code_text(&std::fs::read_to_string(path).unwrap())))
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        offending.is_empty(),
        "format numbers with crate::numbers, not a precision of their own:\n{}",
        offending.join("\n")
    );
}

#[test]
fn the_scan_sees_a_planted_computation() {
    // The scan must catch what it is meant to catch, including a pattern that
    // rustfmt split over two lines, and must ignore comments.
    let planted = "let share = 100.0\n    * release.blueprint.total_params as f64\n    / max;";
    let code = code_text(planted);
    assert!(code.contains("100.0 *"), "{code}");
    assert!(code.contains("as f64 /"), "{code}");
    let commented = code_text("// chinchilla_loss(n, d) is computed in release\nlet x = 1;");
    assert!(!commented.contains("chinchilla_loss"), "{commented}");
    for spec in ["{:.1}", "{share:.1}", "{:+.1}", "{:.2e}"] {
        assert!(has_precision_spec(spec), "{spec}");
    }
    for spec in ["{}", "{name}", "{:>8}", "{:?}", "{{.1}}x"] {
        assert!(!has_precision_spec(spec), "{spec}");
    }
}

// The release's charts (tests here: the renderer contract above scans the renderers' own files).
fn figure_release_of(path: &str) -> crate::release::Release {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let loaded = crate::spec::load_spec_file(&path).unwrap();
    crate::release::build(crate::spec::resolve(&loaded, None).unwrap()).unwrap()
}

fn figure_stems(release: &crate::release::Release) -> Vec<String> {
    crate::render::figures_release::figures(release)
        .into_iter()
        .map(|f| f.name)
        .collect()
}

#[test]
fn a_bar_chart_of_one_bar_is_not_drawn() {
    // One component (the Q-network) and one ablation: both stay table rows only.
    let dqn = figure_release_of("tests/fixtures/variants/dqn_mlp.yaml");
    assert_eq!(dqn.blueprint.by_component.len(), 1);
    assert!(dqn.ablations.len() < 2, "{:?}", dqn.ablations.len());
    let drawn = figure_stems(&dqn);
    assert!(
        !drawn
            .iter()
            .any(|s| s == "param_breakdown" || s == "ablation"),
        "{drawn:?}"
    );
    // Several components and ablations: both charts are drawn.
    let vit = figure_release_of("examples/specs/image/vit_classifier.yaml");
    assert!(vit.blueprint.by_component.len() >= 2 && vit.ablations.len() >= 2);
    let drawn = figure_stems(&vit);
    for stem in [
        "module_graph",
        "capability_stack",
        "param_breakdown",
        "ablation",
        "radar",
    ] {
        assert!(drawn.iter().any(|s| s == stem), "{stem} in {drawn:?}");
    }
    assert!(!drawn.iter().any(|s| s == "pipeline"), "{drawn:?}");
}

#[test]
fn the_radar_marks_synthetic_axes_and_shortens_no_label() {
    let vit = figure_release_of("examples/specs/image/vit_classifier.yaml");
    let radar = crate::render::figures_release::figures(&vit)
        .into_iter()
        .find(|f| f.name == "radar")
        .unwrap();
    assert!(!radar.svg.contains('…'), "a radar label was shortened");
    for score in &vit.benchmarks.suite {
        let synthetic = score.method == crate::benchmarks::Method::Synthetic;
        let marked = format!(">{} *<", score.name);
        assert_eq!(radar.svg.contains(&marked), synthetic, "{}", score.name);
    }
}

/// The memory figure read back from its SVG: whole labels, clear of the bars.
mod memory_figure {
    use crate::render::figures::font::text_width;

    /// A drawn box: left, top, right, bottom in canvas points.
    type Box2 = (f64, f64, f64, f64);

    fn attribute(tag: &str, name: &str) -> Option<String> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = tag[start..].find('"')? + start;
        Some(tag[start..end].to_string())
    }

    fn number(tag: &str, name: &str) -> f64 {
        attribute(tag, name)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{name} in {tag}"))
    }

    fn unescape(text: &str) -> String {
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    }

    /// The bars (rectangles outlined in white) and the texts with their boxes, measured
    /// with the bundled font's advance widths, read back from the SVG.
    fn bars_and_texts(svg: &str) -> (Vec<Box2>, Vec<(String, Box2)>) {
        let mut bars = Vec::new();
        let mut texts = Vec::new();
        for line in svg.lines() {
            if line.starts_with("<rect") && line.contains("stroke=\"#FFFFFF\"") {
                let (x, y) = (number(line, "x"), number(line, "y"));
                bars.push((x, y, x + number(line, "width"), y + number(line, "height")));
            } else if line.starts_with("<text") {
                assert!(
                    !line.contains("transform"),
                    "unexpected rotated text: {line}"
                );
                let open = line.find('>').expect("text tag");
                let content = unescape(&line[open + 1..line.rfind("</text>").expect("closed")]);
                let (x, y, size) = (
                    number(line, "x"),
                    number(line, "y"),
                    number(line, "font-size"),
                );
                let width = text_width(&content, size);
                let left = match attribute(line, "text-anchor").as_deref() {
                    Some("middle") => x - width / 2.0,
                    Some("end") => x - width,
                    _ => x,
                };
                texts.push((
                    content,
                    (left, y - 0.75 * size, left + width, y + 0.2 * size),
                ));
            }
        }
        (bars, texts)
    }

    fn overlap(a: Box2, b: Box2) -> bool {
        const SLACK: f64 = 0.01;
        a.0 < b.2 - SLACK && b.0 < a.2 - SLACK && a.1 < b.3 - SLACK && b.1 < a.3 - SLACK
    }

    #[test]
    fn the_box_reader_sees_an_overlap_and_a_truncation() {
        let svg = "<svg>\n<rect x=\"10\" y=\"10\" width=\"50\" height=\"10\" fill=\"#000\" stroke=\"#FFFFFF\" stroke-width=\"0.4\"/>\n<text x=\"20\" y=\"18\" font-size=\"8\" fill=\"#222\">inside the bar…</text>\n</svg>";
        let (bars, texts) = bars_and_texts(svg);
        assert_eq!(bars, vec![(10.0, 10.0, 60.0, 20.0)]);
        assert!(overlap(texts[0].1, bars[0]));
        assert!(texts[0].0.ends_with('…'));
        assert!(!overlap((0.0, 0.0, 9.0, 9.0), bars[0]));
    }

    /// For every bundled example: the memory figure has two panels (serving, training),
    /// every text is whole (no ellipsis), inside the canvas, clear of every bar and of
    /// every other text.
    #[test]
    fn memory_figure_labels_are_whole_and_clear_of_bars_for_every_example() {
        for source in crate::examples::example_sources() {
            let spec = crate::spec::parse_spec(&source).expect("parses");
            let release =
                crate::release::build(crate::spec::resolve(&spec, None).expect("resolves"))
                    .expect("builds");
            let figure = crate::render::figures_release::figures(&release)
                .into_iter()
                .find(|f| f.name == "memory")
                .expect("memory figure");
            let svg = &figure.svg;
            let root = svg.lines().next().expect("root");
            let (width, height) = (number(root, "width"), number(root, "height"));
            let (bars, texts) = bars_and_texts(svg);
            let name = &source.name;
            assert!(bars.len() >= 5, "{name}: {} bars", bars.len());
            for heading in ["Serving (", "Training, one device ("] {
                assert!(
                    texts.iter().any(|(t, _)| t.starts_with(heading)),
                    "{name}: no panel {heading}"
                );
            }
            for (i, (text, area)) in texts.iter().enumerate() {
                assert!(!text.contains('…'), "{name}: truncated {text:?}");
                assert!(
                    area.0 >= 0.0 && area.1 >= 0.0 && area.2 <= width && area.3 <= height,
                    "{name}: {text:?} leaves the canvas: {area:?}"
                );
                for bar in &bars {
                    assert!(
                        !overlap(*area, *bar),
                        "{name}: {text:?} overlaps a bar {bar:?}"
                    );
                }
                for (other, other_area) in &texts[i + 1..] {
                    assert!(
                        !overlap(*area, *other_area),
                        "{name}: {text:?} overlaps {other:?}"
                    );
                }
            }
        }
    }
}
