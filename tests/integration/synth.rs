//! Synthesis: determinism, seeds, the resolved spec round trip, the log and
//! atomic writes.

use metagen::engine::{self, SynthOptions};
use metagen::output::{WriteError, WriteOptions};
use metagen::spec;

use crate::support::{entries, examples_dir, metagen, read_tree, stderr};

fn synth_cli(spec: &std::path::Path, out: &std::path::Path, extra: &[&str]) {
    let output = metagen()
        .arg("synth")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn same_spec_and_seed_give_byte_identical_trees() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let spec = examples_dir().join("image/vit_classifier.yaml");
    synth_cli(&spec, a.path(), &[]);
    synth_cli(&spec, b.path(), &[]);
    let (ta, tb) = (read_tree(a.path()), read_tree(b.path()));
    assert!(!ta.is_empty());
    assert_eq!(ta, tb);
}

#[test]
fn a_different_seed_changes_the_resolved_seed_and_run_id() {
    let path = examples_dir().join("text/text_llm_8b.yaml");
    let loaded = spec::load_spec_file(&path).unwrap();
    let default = spec::resolve(&loaded, None).unwrap();
    let explicit = spec::resolve(&loaded, Some(42)).unwrap();
    let other = spec::resolve(&loaded, Some(7)).unwrap();
    assert_eq!(default.resolved_seed, explicit.resolved_seed);
    assert_ne!(default.resolved_seed, other.resolved_seed);
    assert_ne!(default.default_run_id(), other.default_run_id());
    assert!(default.resolved_seed < (1 << 31) - 1);
}

#[test]
fn resolved_seed_follows_the_documented_formula() {
    use sha2::Digest;
    let path = examples_dir().join("text/text_llm_tiny.yaml");
    let resolved = spec::resolve(&spec::load_spec_file(&path).unwrap(), Some(1234)).unwrap();
    // Recompute independently: RFC 8785 JSON via serde_json's sorted maps
    // (keys sorted; no floats with exponents in this spec), SHA-256, first four
    // bytes big-endian, plus the base seed, modulo 2^31 - 1.
    let mut value = serde_json::to_value(&resolved.spec).unwrap();
    // RFC 8785 writes numbers as ECMAScript does: an integral float has no
    // fractional part ("1", not "1.0").
    fn integral_floats(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Number(n) => {
                if let Some(f) = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0) {
                    *value = serde_json::Value::from(f as i64);
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(integral_floats),
            serde_json::Value::Object(map) => map.values_mut().for_each(integral_floats),
            _ => {}
        }
    }
    integral_floats(&mut value);
    let canonical = serde_json::to_string(&value).unwrap();
    let digest = sha2::Sha256::digest(canonical.as_bytes());
    let prefix = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) as u64;
    assert_eq!(resolved.resolved_seed, (1234 + prefix) % 2_147_483_647);
}

#[test]
fn spec_resolved_revalidates_to_the_same_seed() {
    let out = tempfile::tempdir().unwrap();
    for (name, seed) in [
        ("text/text_llm_8b.yaml", None),
        ("rl/rl_agent_ppo.yaml", Some(99)),
    ] {
        let path = examples_dir().join(name);
        let original = spec::resolve(&spec::load_spec_file(&path).unwrap(), seed).unwrap();
        let run = format!("run-{}", name.replace('/', "-"));
        let mut extra = vec!["--run-id", run.as_str()];
        let seed_text = seed.map(|s| s.to_string());
        if let Some(s) = &seed_text {
            extra.extend(["--seed", s.as_str()]);
        }
        synth_cli(&path, out.path(), &extra);
        let resolved_path = out.path().join(&run).join("spec_resolved.yaml");
        let again = spec::resolve(&spec::load_spec_file(&resolved_path).unwrap(), None).unwrap();
        assert_eq!(again.resolved_seed, original.resolved_seed, "{name}");
        assert_eq!(again.spec, original.spec, "{name}");
    }
}

#[test]
fn the_log_lists_every_file_with_its_hash() {
    use sha2::Digest;
    let out = tempfile::tempdir().unwrap();
    let path = examples_dir().join("text/infinite_context.yaml");
    synth_cli(&path, out.path(), &["--run-id", "r"]);
    let run = out.path().join("r");
    let log = std::fs::read_to_string(run.join("logs/metagen.log")).unwrap();
    assert!(log.starts_with(&format!("metagen {}\n", env!("CARGO_PKG_VERSION"))));
    assert!(log.contains("resolved_seed: "));
    assert!(log.contains("warning: Infinite context requested"));
    let files = read_tree(&run);
    for (rel, bytes) in &files {
        if rel == "logs/metagen.log" {
            continue;
        }
        let hash = format!("{:x}", sha2::Sha256::digest(bytes));
        assert!(
            log.contains(&format!("{hash}  {rel}")),
            "{rel} is logged with its hash"
        );
    }
    assert!(
        !log.contains(&out.path().display().to_string()),
        "no absolute paths"
    );
    for word in ["UTC", "2026", "2025"] {
        assert!(!log.contains(word), "no timestamps ({word})");
    }
}

#[test]
fn a_failure_halfway_leaves_no_run_folder() {
    let out = tempfile::tempdir().unwrap();
    let path = examples_dir().join("text/text_llm_8b.yaml");
    let resolved = spec::resolve(&spec::load_spec_file(&path).unwrap(), None).unwrap();
    let release = metagen::release::build(resolved).unwrap();
    let files = engine::render_run(&release, "x").unwrap().len();
    assert!(files >= 2);
    let options = SynthOptions {
        run_id: Some("halfway".to_string()),
        write: WriteOptions {
            fail_after_files: Some(files / 2),
            ..WriteOptions::default()
        },
    };
    let result = engine::synthesize(&release, out.path(), &options);
    assert!(matches!(
        result,
        Err(metagen::Error::Write(WriteError::Injected(_)))
    ));
    assert!(
        entries(out.path()).is_empty(),
        "left {:?}",
        entries(out.path())
    );
}

/// Renders text_llm_tiny with its `outputs.artifacts` line replaced.
fn render_with_artifacts(
    artifacts: &str,
) -> (metagen::release::Release, metagen::output::FileTree) {
    let path = examples_dir().join("text/text_llm_tiny.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let original = "  artifacts: [blueprint, code, docs]\n";
    assert!(
        text.contains(original),
        "the example's artifacts line moved"
    );
    let text = text.replace(original, &format!("  artifacts: {artifacts}\n"));
    let source = spec::SpecSource::from_text("artifacts.yaml", &text, spec::SpecFormat::Yaml);
    let resolved = spec::resolve(&spec::parse_spec(&source).unwrap(), None).unwrap();
    let release = metagen::release::build(resolved).unwrap();
    let tree = engine::render_run(&release, "x").unwrap();
    (release, tree)
}

fn top_folders(tree: &metagen::output::FileTree) -> Vec<String> {
    let mut folders: Vec<String> = tree
        .iter()
        .filter_map(|(path, _)| path.split_once('/').map(|(top, _)| top.to_string()))
        .collect();
    folders.dedup();
    folders
}

#[test]
fn a_run_exports_only_the_figure_formats_its_artifacts_embed() {
    use metagen::render::contract::FigureFiles;
    use metagen::render::figures_release::Formats;
    let with = |extension: &str, tree: &metagen::output::FileTree| -> Vec<String> {
        tree.iter()
            .map(|(path, _)| path.to_string())
            .filter(|path| path.ends_with(extension))
            .collect()
    };
    let (release, tree) = render_with_artifacts("[code]");
    assert_eq!(FigureFiles::formats_for(&release), Formats::NONE);
    assert!(with(".png", &tree).is_empty() && with(".pdf", &tree).is_empty());

    let mut alone = Vec::new();
    for (artifacts, pdf, png) in [("[docs]", false, true), ("[paper]", true, false)] {
        let (release, tree) = render_with_artifacts(artifacts);
        assert_eq!(
            FigureFiles::formats_for(&release),
            Formats { pdf, png },
            "{artifacts}"
        );
        alone.push(tree);
    }
    let [docs, paper] = <[_; 2]>::try_from(alone).unwrap();
    // Exported together from one parse, each file is the same bytes as the
    // figure exported alone (each export parsing the SVG itself).
    let (release, both) = render_with_artifacts("[docs, paper]");
    let figures = metagen::render::figures_release::figures(&release);
    assert!(figures.len() >= 4, "{} figures", figures.len());
    for figure in &figures {
        let png = format!("docs/figures/{}.png", figure.name);
        let pdf = format!("paper/figures/{}.pdf", figure.name);
        let alone_png = figure.to_png(2.0).unwrap();
        assert!(both.get(&png) == Some(&alone_png[..]), "{png} differs");
        let alone_pdf = figure.to_pdf().unwrap();
        assert!(both.get(&pdf) == Some(&alone_pdf[..]), "{pdf} differs");
    }
    assert_eq!(with(".png", &docs).len(), figures.len());
    assert_eq!(with(".pdf", &paper).len(), figures.len());
}

#[test]
fn outputs_artifacts_pick_the_renderers_case_insensitively() {
    // Docs only (written in another case), plus an unknown name: the
    // blueprint and the log are always written, code and paper are not.
    let (release, tree) = render_with_artifacts("[Docs, nonsense]");
    assert_eq!(top_folders(&tree), ["blueprint", "docs", "logs"]);
    assert!(tree.get("docs/summary.json").is_some());
    assert!(tree.get("docs/figures/radar.png").is_some());
    assert!(
        release
            .warnings
            .iter()
            .any(|w| w.contains("unknown artifact `nonsense`")),
        "{:?}",
        release.warnings
    );

    // The paper alone: its appendix hashes the phase-one files (the
    // blueprint) and cannot list the log, which is rendered after it.
    let (_, tree) = render_with_artifacts("[paper]");
    assert_eq!(top_folders(&tree), ["blueprint", "logs", "paper"]);
    let appendix =
        String::from_utf8(tree.get("paper/sections/appendix.tex").unwrap().to_vec()).unwrap();
    let blueprint_hash = metagen::seed::sha256_hex(tree.get("blueprint/graph.json").unwrap());
    assert!(
        appendix.contains(&blueprint_hash),
        "the appendix lists graph.json's hash"
    );
    assert!(
        !appendix.contains("metagen.log"),
        "the log comes after the paper"
    );
}

#[test]
fn the_budget_share_and_weight_size_read_the_same_in_every_document() {
    // The share and the bf16 size are worked out here from the blueprint's raw
    // counts (2 bytes per parameter), then looked for in each document.
    for example in ["image/vit_classifier.yaml", "text/text_llm_8b.yaml"] {
        let path = examples_dir().join(example);
        let resolved = spec::resolve(&spec::load_spec_file(&path).unwrap(), None).unwrap();
        let release = metagen::release::build(resolved).unwrap();
        let tree = engine::render_run(&release, "x").unwrap();
        let text = |path: &str| String::from_utf8(tree.get(path).unwrap().to_vec()).unwrap();
        let params: serde_json::Value =
            serde_json::from_str(&text("blueprint/params_estimate.json")).unwrap();
        let total = params["total_params"].as_u64().unwrap();
        let max = params["parameter_budget"]["max"].as_u64().unwrap();
        let share = format!("{:.1}", total as f64 * 100.0 / max as f64);
        // Three significant digits in the largest decimal unit that keeps the value >= 1.
        let bytes = (2 * total) as f64;
        let (value, unit) = if bytes >= 1e9 {
            (bytes / 1e9, "GB")
        } else {
            (bytes / 1e6, "MB")
        };
        let decimals = (2 - value.log10().floor() as i32).max(0) as usize;
        let weights = format!("{value:.decimals$} {unit}");
        let weights_tex = weights.replace(' ', "~");
        assert_eq!(
            params["parameter_budget"]["fraction_of_max"].as_f64(),
            Some(total as f64 / max as f64)
        );

        let report = text("docs/eval_report.md");
        assert!(
            report.contains(&format!("({share}% of the budget)")),
            "{example}: eval report"
        );
        let paper = text("paper/sections/abstract.tex");
        assert!(
            paper.contains(&format!("({share}\\% of its budget")),
            "{example}: abstract"
        );
        assert!(
            paper.contains(&format!("{weights_tex} in bf16)")),
            "{example}: abstract"
        );
        let conclusion = text("paper/sections/conclusion.tex");
        assert!(
            conclusion.contains(&format!("{weights_tex} in bf16")),
            "{example}: conclusion"
        );

        let output = metagen().arg("validate").arg(&path).output().unwrap();
        let terminal = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            terminal.contains(&format!("({share}% of the budget)")),
            "{example}: {terminal}"
        );
        assert!(
            terminal.contains(&format!("{weights} bf16")),
            "{example}: {terminal}"
        );
    }
}
