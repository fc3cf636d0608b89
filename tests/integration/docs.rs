//! Reports, figures and release documentation: model cards parsed by
//! huggingface_hub, figures checked with real PDF tools, and hostile strings
//! kept as data in Markdown, YAML front matter and JSON.

use std::path::Path;

use crate::python::{python, run_script, synth};
use crate::support::{adversarial_spec, example_files, run_tool, tool};

fn synth_all(out: &Path) -> Vec<std::path::PathBuf> {
    example_files()
        .iter()
        .map(|file| {
            let name = file.file_stem().unwrap().to_string_lossy().into_owned();
            synth(file, out, &name)
        })
        .collect()
}

/// Markdown table rows (and LaTeX table rows) of a document that carry a synthetic score.
fn synthetic_rows(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| {
            (line.starts_with('|') && line.contains("| synthetic |"))
                || (line.contains(" & ") && line.contains("$^\\dagger$"))
        })
        // Markdown escapes are undone so that an escaped name still matches.
        .map(|line| line.replace('\\', ""))
        .collect()
}

#[test]
fn model_cards_parse_hold_no_synthetic_result_and_follow_the_template() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let mut runs: Vec<_> = synth_all(out.path())
        .into_iter()
        .filter(|run| run.join("docs/model_card.md").is_file())
        .collect();
    runs.push(synth(&adversarial_spec(), out.path(), "adversarial"));
    assert!(runs.len() >= 30, "model cards for {} runs", runs.len());
    let text = run_script(&python, "check_model_card.py", &runs);
    let reports: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(reports.len(), runs.len());
    let mut baselines_checked = 0;
    for (run, report) in runs.iter().zip(&reports) {
        let at = run.display();
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(run.join("docs/summary.json")).unwrap()).unwrap();
        assert_eq!(report["library_name"], "pytorch");
        assert!(
            report["pipeline_tag"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        assert_eq!(report["model_name"], summary["model"], "{at}");
        // No model-index: every score of a synthesized release is synthetic or a
        // cost-model figure, and the Hub would publish it as an evaluation result.
        assert!(
            report["eval_results"].as_array().is_some_and(Vec::is_empty),
            "{at}: the model-index holds results: {}",
            report["eval_results"]
        );
        assert!(!report["has_model_index"].as_bool().unwrap(), "{at}");
        if report["license"] == "other" {
            assert!(
                report["license_link"]
                    .as_str()
                    .is_some_and(|l| !l.is_empty()),
                "{at}: license other without license_link"
            );
        }
        // Every heading of the Hugging Face template, in the template's order.
        let headings: Vec<&str> = report["text_headings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h.as_str().unwrap())
            .collect();
        let mut cursor = 0;
        for expected in metagen::render::docs::TEMPLATE_HEADINGS {
            let found = headings[cursor..].iter().position(|h| h == expected);
            let Some(offset) = found else {
                panic!(
                    "{at}: template heading {expected:?} missing or out of order in {headings:?}"
                );
            };
            cursor += offset + 1;
        }
        // No real model's name in a row that carries a synthetic score, in the card, the
        // report or the paper's baseline table.
        let named: Vec<String> = summary["benchmarks"]["named_baselines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_str().unwrap().to_string())
            .collect();
        let mut documents = vec![
            run.join("docs/model_card.md"),
            run.join("docs/eval_report.md"),
        ];
        if let Ok(entries) = std::fs::read_dir(run.join("paper/sections")) {
            documents.extend(entries.map(|e| e.unwrap().path()));
        }
        for document in documents {
            let text = std::fs::read_to_string(&document).unwrap();
            for row in synthetic_rows(&text) {
                for name in &named {
                    let plain = name.replace('\\', "");
                    assert!(
                        !row.contains(&plain),
                        "{}: real baseline {name:?} next to a synthetic score: {row}",
                        document.display()
                    );
                    baselines_checked += 1;
                }
            }
        }
    }
    assert!(baselines_checked > 100, "checked {baselines_checked} rows");
    // Hostile strings did not add or remove headings.
    let adversarial = reports.last().unwrap();
    let headings: Vec<&str> = adversarial["text_headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    let mut expected: Vec<&str> = metagen::render::docs::TEMPLATE_HEADINGS.to_vec();
    let at = expected
        .iter()
        .position(|h| *h == "## Model Card Authors")
        .unwrap();
    expected.insert(at, "## License");
    assert_eq!(headings.len(), expected.len() + 1, "{headings:?}");
    assert!(headings[0].starts_with("# Model Card for "));
    assert_eq!(&headings[1..], &expected[..]);
}

/// The tables of synthetic rows really are found: a row with a real name is caught.
#[test]
fn synthetic_row_scan_finds_a_real_name() {
    let card =
        "| MMLU | Llama 3 8B | 85.8 | score (0-100) ↑ | synthetic |\n| x | y | 1 | computed |\n";
    assert_eq!(synthetic_rows(card).len(), 1);
    assert!(synthetic_rows(card)[0].contains("Llama 3 8B"));
    let tex = "MMLU & Llama 3 8B & 85.8$^\\dagger$ & score \\\\\n";
    assert!(synthetic_rows(tex)[0].contains("Llama 3 8B"));
}

/// Every spec benchmark shows at least one generic baseline that beats the model, in the
/// benchmark's own direction; and FID-like scores are lower-is-better.
#[test]
fn every_comparison_shows_a_baseline_win_and_metric_directions() {
    for file in example_files() {
        let loaded = metagen::spec::load_spec_file(&file).unwrap();
        let resolved = metagen::spec::resolve(&loaded, None).unwrap();
        let release =
            metagen::release::build(resolved).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let scores = &release.benchmarks.spec_scores;
        if release.resolved.spec.evaluation.baselines.is_empty() || scores.is_empty() {
            continue;
        }
        let wins = scores
            .iter()
            .filter(|s| !s.ours)
            .filter(|s| {
                let ours = scores
                    .iter()
                    .find(|o| o.ours && o.benchmark == s.benchmark)
                    .unwrap();
                s.scale.better(s.score, ours.score)
            })
            .count();
        assert!(
            wins >= 1,
            "{}: the model beats every baseline everywhere",
            file.display()
        );
        for s in scores {
            let name = s.benchmark.to_lowercase();
            if name
                .split_whitespace()
                .any(|w| matches!(w, "fid" | "fvd" | "wer" | "fad"))
            {
                assert!(
                    !s.scale.higher_is_better,
                    "{}: {}",
                    file.display(),
                    s.benchmark
                );
            }
            if release
                .resolved
                .spec
                .task
                .task_type
                .is_reinforcement_learning()
                && s.ours
            {
                assert_ne!(
                    s.scale.unit, "score (0-100)",
                    "{}: RL return on a 0-100 scale",
                    s.benchmark
                );
            }
            assert!(!s.model.is_empty() && (s.ours || s.model.ends_with("(synthetic)")));
        }
    }
}

#[test]
fn hostile_strings_stay_data_in_yaml_json_and_markdown() {
    let out = tempfile::tempdir().unwrap();
    let run = synth(&adversarial_spec(), out.path(), "adversarial");
    let card = std::fs::read_to_string(run.join("docs/model_card.md")).unwrap();
    let (front, body) = card
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .expect("front matter delimited by --- lines");
    let metadata: serde_json::Value = serde_saphyr::from_str(front).expect("front matter is YAML");
    assert_eq!(metadata["datasets"][1], "---");
    assert_eq!(metadata["datasets"][3], "\\end{document}");
    assert_eq!(metadata["metrics"][1], "acc\"uracy");
    let name = metagen::spec::load_spec_file(&adversarial_spec())
        .unwrap()
        .spec
        .name;
    assert_eq!(metadata["model_name"], name.as_str());
    assert!(metadata.get("model-index").is_none());
    // No line of the body is a front-matter fence, a raw heading from a spec
    // string, or raw HTML.
    for line in body.lines() {
        assert_ne!(
            line.trim(),
            "---",
            "a spec string opened a front-matter fence"
        );
        assert!(!line.starts_with("# Heading"), "injected heading: {line}");
        assert!(!line.contains("<script>"), "raw HTML: {line}");
    }
    // Every table row of every document has as many cells as its header.
    for doc in [
        "model_card.md",
        "data_card.md",
        "eval_report.md",
        "limitations.md",
    ] {
        let text = std::fs::read_to_string(run.join("docs").join(doc)).unwrap();
        let mut columns = None;
        for line in text.lines() {
            if line.starts_with('|') {
                let cells = line.replace("\\|", "").matches('|').count();
                let expected = *columns.get_or_insert(cells);
                assert_eq!(cells, expected, "{doc}: ragged row {line}");
            } else {
                columns = None;
            }
        }
    }
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(run.join("docs/summary.json")).unwrap())
            .expect("summary.json is JSON");
    assert_eq!(summary["model"], name.as_str());
    let data_card = std::fs::read_to_string(run.join("docs/data_card.md")).unwrap();
    assert!(
        data_card.contains("\\'; DROP TABLE specs; \\-\\-"),
        "{data_card}"
    );
}

/// Labels each figure must show as text, proving that its axes are labelled.
const FIGURE_LABELS: &[(&str, &[&str])] = &[
    ("capability_stack", &["Score (0-100)", "Benchmark"]),
    ("param_breakdown", &["Parameters (", "Component"]),
    (
        "memory",
        &[
            "Serving (",
            "Training, one device (",
            "weights bf16",
            "per-device total",
            "budget",
        ],
    ),
    ("ablation", &["Change in parameters (", "Variant"]),
    ("radar", &["META-SOTA", "SPEC-FIDELITY"]),
    ("module_graph", &["Module graph", "input"]),
    (
        "scaling",
        &["Training tokens D", "Predicted loss (nats/token)"],
    ),
];

#[test]
fn every_figure_is_valid_embedded_labelled_and_decodable() {
    if !(tool("qpdf") && tool("pdffonts") && tool("pdftotext")) {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for run in synth_all(out.path()) {
        let figures = run.join("paper/figures");
        let Ok(entries) = std::fs::read_dir(&figures) else {
            continue;
        };
        let entries: Vec<_> = entries.collect();
        assert!(
            entries.len() >= 4,
            "{}: {} figures",
            run.display(),
            entries.len()
        );
        for entry in entries {
            let pdf = entry.unwrap().path();
            let stem = pdf.file_stem().unwrap().to_string_lossy().into_owned();
            let dir = pdf.parent().unwrap();
            let file = pdf.file_name().unwrap().to_str().unwrap();
            run_tool("qpdf", &["--check", file], dir);
            let fonts = run_tool("pdffonts", &[file], dir);
            let rows: Vec<&str> = fonts.lines().skip(2).collect();
            assert!(!rows.is_empty(), "{stem}: no fonts");
            for row in rows {
                let fields: Vec<&str> = row.split_whitespace().collect();
                // Columns: name type... encoding emb sub uni object ID.
                let emb = fields[fields.len() - 5];
                assert_eq!(emb, "yes", "{stem}: font not embedded: {row}");
            }
            let text = run_tool("pdftotext", &[file, "-"], dir);
            let labels = FIGURE_LABELS
                .iter()
                .find(|(name, _)| *name == stem)
                .map(|(_, l)| *l)
                .unwrap_or_else(|| panic!("unexpected figure {stem}"));
            for label in labels {
                assert!(
                    text.contains(label),
                    "{stem}: label {label:?} missing from {text:?}"
                );
            }
            let png_path = run.join("docs/figures").join(format!("{stem}.png"));
            if png_path.is_file() {
                let decoder = png::Decoder::new(std::io::BufReader::new(
                    std::fs::File::open(&png_path).unwrap(),
                ));
                let mut reader = decoder.read_info().expect("PNG header");
                let mut buf = vec![0; reader.output_buffer_size().unwrap()];
                let info = reader.next_frame(&mut buf).expect("PNG decodes");
                assert!(
                    info.width >= 360 && info.height >= 240,
                    "{stem}: {}x{}",
                    info.width,
                    info.height
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 25 * 6, "checked {checked} figures");
}
