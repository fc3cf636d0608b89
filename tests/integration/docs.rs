//! Reports, figures and release documentation: model cards parsed by
//! huggingface_hub, figures checked with real PDF tools, and hostile strings
//! kept as data in Markdown, YAML front matter and JSON.

use std::path::Path;
use std::process::Command;

use crate::python::{python, synth};
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

#[test]
fn model_cards_parse_and_their_results_equal_the_summary() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let mut runs: Vec<_> = synth_all(out.path())
        .into_iter()
        .filter(|run| run.join("docs/model_card.md").is_file())
        .collect();
    runs.push(synth(&adversarial_spec(), out.path(), "adversarial"));
    assert!(runs.len() >= 30, "model cards for {} runs", runs.len());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/check_model_card.py");
    let output = Command::new(&python)
        .arg(script)
        .args(&runs)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let reports: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(reports.len(), runs.len());
    for (run, report) in runs.iter().zip(&reports) {
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(run.join("docs/summary.json")).unwrap()).unwrap();
        assert_eq!(report["library_name"], "pytorch");
        assert!(
            report["pipeline_tag"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        assert_eq!(report["model_name"], summary["model"], "{}", run.display());
        let results = report["eval_results"].as_array().unwrap();
        let suite = summary["benchmarks"]["suite"].as_array().unwrap();
        let model = summary["model"].as_str().unwrap();
        let own: Vec<&serde_json::Value> = summary["benchmarks"]["spec_scores"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["model"] == model)
            .collect();
        assert_eq!(results.len(), suite.len() + own.len(), "{}", run.display());
        for (result, score) in results.iter().zip(suite) {
            assert_eq!(result["dataset_name"], score["name"]);
            assert_eq!(result["metric_value"], score["score"]);
            assert_eq!(result["verified"], false);
            let method = score["method"].as_str().unwrap();
            assert!(
                result["metric_name"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("({method})"))
            );
        }
        for (result, score) in results[suite.len()..].iter().zip(&own) {
            assert_eq!(result["dataset_name"], score["benchmark"]);
            assert_eq!(result["metric_value"], score["score"]);
            assert!(
                result["metric_name"]
                    .as_str()
                    .unwrap()
                    .ends_with("(synthetic)")
            );
        }
    }
    // Hostile strings did not add or remove headings.
    let adversarial = reports.last().unwrap();
    let headings: Vec<&str> = adversarial["text_headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    let expected_tail = [
        "## Model Details",
        "### Model Description",
        "## Uses",
        "### Direct Use",
        "### Out-of-Scope Use",
        "## Bias, Risks, and Limitations",
        "## How to Get Started with the Model",
        "## Training Details",
        "### Training Data",
        "### Training Procedure",
        "#### Training Hyperparameters",
        "#### Compute",
        "## Environmental Impact",
        "## Evaluation",
        "## Technical Specifications",
        "### Model Architecture and Objective",
        "## Citation",
    ];
    assert_eq!(headings.len(), expected_tail.len() + 1, "{headings:?}");
    assert!(headings[0].starts_with("# Model Card for "));
    assert_eq!(&headings[1..], &expected_tail);
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
    assert_eq!(metadata["model-index"][0]["name"], name.as_str());
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
    ("pipeline", &["Score (0-100)", "Benchmark"]),
    ("param_breakdown", &["Parameters (", "Component"]),
    ("memory", &["Memory (GB)", "budget"]),
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
            entries.len() >= 6,
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
