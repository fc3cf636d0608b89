//! Generated PyTorch code, run for real: exact parameter counts on the meta
//! device, a tiny forward pass, torch.compile tracing, 30 training steps that
//! lower the loss, then evaluation and inference from the checkpoint.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{example_files, metagen, stderr};

/// The Python with torch installed: `METAGEN_PYTHON`, else the suite's venv.
/// Outside CI a missing interpreter skips these tests with a note; in CI
/// (`CI=true`) it fails them.
pub fn python() -> Option<PathBuf> {
    let candidate = std::env::var_os("METAGEN_PYTHON")
        .map(PathBuf::from)
        .or_else(|| {
            let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv-test/bin/python");
            venv.is_file().then_some(venv)
        });
    let works = candidate.as_ref().is_some_and(|py| {
        Command::new(py)
            .args(["-c", "import torch"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if works {
        return candidate;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true but no Python with torch: run ./scripts/test.sh or set METAGEN_PYTHON");
    }
    eprintln!("note: no Python with torch; skipping (run ./scripts/test.sh to install it)");
    None
}

/// Runs `tests/python/<script>` with `args` under `python` (one OpenMP thread,
/// a fixed hash seed) and returns its stdout. Its stderr (progress) is passed
/// on; a non-zero exit fails the test with both streams.
pub fn run_script<I, A>(python: &Path, script: &str, args: I) -> String
where
    I: IntoIterator<Item = A>,
    A: AsRef<std::ffi::OsStr>,
{
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/python")
        .join(script);
    let output = Command::new(python)
        .arg(&path)
        .args(args)
        .env("PYTHONHASHSEED", "0")
        .env("OMP_NUM_THREADS", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    let err = String::from_utf8_lossy(&output.stderr);
    eprintln!("{err}");
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{script} failed:\n{out}\n{err}");
    out
}

/// The JSON report on the last line of a checker script's stdout.
pub fn last_line_report(stdout: &str) -> serde_json::Value {
    let last = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last).unwrap_or_else(|e| panic!("bad report {e}: {stdout}"))
}

fn checker() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/check_code.py")
}

/// Synthesizes `spec` into `out/run` and returns the run folder.
pub fn synth(spec: &Path, out: &Path, run: &str) -> PathBuf {
    let output = metagen()
        .arg("synth")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(["--run-id", run, "--quiet"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{run}: {}", stderr(&output));
    out.join(run)
}

fn check(python: &Path, run: &Path) -> Result<serde_json::Value, String> {
    let output = Command::new(python)
        .arg(checker())
        .arg(run)
        .env("PYTHONHASHSEED", "0")
        .env("OMP_NUM_THREADS", "1")
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "{}: check_code.py failed:\n{}",
            run.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let last = text.lines().last().unwrap_or_default();
    serde_json::from_str(last).map_err(|e| format!("{}: bad report {e}: {text}", run.display()))
}

fn assert_report(name: &str, report: &serde_json::Value) {
    assert_eq!(report["compiled"], true, "{name}");
    assert_eq!(
        report["total_params"], report["expected_total_params"],
        "{name}: total"
    );
    assert_eq!(
        report["constant_total_params"], report["expected_total_params"],
        "{name}"
    );
    assert_eq!(
        report["by_component"].as_object().map(|m| m.len()),
        report["expected_by_component"].as_object().map(|m| m.len()),
        "{name}: components"
    );
    for (component, count) in report["expected_by_component"].as_object().unwrap() {
        assert_eq!(
            &report["by_component"][component], count,
            "{name}: component {component}"
        );
    }
    assert_eq!(
        report["tiny_output_shape"], report["expected_output_shape"],
        "{name}: output shape"
    );
    assert_eq!(
        report["compiled_output_shape"], report["tiny_output_shape"],
        "{name}: compiled"
    );
    let first = report["first_loss"].as_f64().unwrap();
    let last = report["last_loss"].as_f64().unwrap();
    assert!(
        first.is_finite() && last.is_finite(),
        "{name}: non-finite loss"
    );
    assert!(
        last < first,
        "{name}: loss did not fall ({first} -> {last})"
    );
    assert_eq!(report["checkpoint"], true, "{name}: no checkpoint");
    assert!(
        report["eval"]["metrics"]
            .as_object()
            .is_some_and(|m| !m.is_empty()),
        "{name}: eval"
    );
    assert!(report["infer"].is_object(), "{name}: infer");
}

/// Every metric the documents call computed (`summary.json`'s `computed_metrics`, the list
/// the model card and the evaluation report print) is a key of the tiny run's `eval.json`
/// with a finite value; and the report never calls a metric computed outside that list.
fn assert_computed_metrics_in_eval_json(name: &str, run: &Path, report: &serde_json::Value) {
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(run.join("docs/summary.json")).unwrap()).unwrap();
    let metrics = &report["eval"]["metrics"];
    let computed = summary["benchmarks"]["computed_metrics"]
        .as_array()
        .unwrap();
    for metric in computed {
        let key = metric.as_str().unwrap();
        assert!(
            metrics[key].as_f64().is_some_and(f64::is_finite),
            "{name}: the documents call {key:?} computed but eval.json has {metrics}"
        );
    }
    let eval_report = std::fs::read_to_string(run.join("docs/eval_report.md")).unwrap();
    if let Some(line) = eval_report
        .lines()
        .find(|l| l.starts_with("Computed by `code/eval.py`"))
    {
        let claimed = line.split(':').nth(1).unwrap_or_default();
        let claimed = claimed.split('.').next().unwrap_or_default();
        for key in claimed.split(", ") {
            let key = key.trim().trim_matches('`').replace('\\', "");
            assert!(
                metrics[key.as_str()].as_f64().is_some(),
                "{name}: eval_report.md calls {key:?} computed; eval.json has {metrics}"
            );
        }
    }
}

/// Examples whose architecture has no code templates yet. Kept explicit so
/// that the gap is visible and shrinks; the test fails if it is wrong.
const WITHOUT_CODE: &[&str] = &[];

#[test]
fn generated_code_runs_for_every_example() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let mut runs = Vec::new();
    let mut missing = Vec::new();
    for file in example_files() {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let run = synth(&file, out.path(), &name);
        if run.join("code/model.py").is_file() {
            runs.push((name, run));
        } else {
            missing.push(name);
        }
    }
    missing.sort();
    assert_eq!(missing, WITHOUT_CODE, "examples without generated code");
    let failures = check_all(&python, runs);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Checks runs two at a time (the machine has two cores); returns failures.
fn check_all(python: &Path, runs: Vec<(String, PathBuf)>) -> Vec<String> {
    let chunks: Vec<Vec<(String, PathBuf)>> = runs
        .chunks(runs.len().div_ceil(2).max(1))
        .map(<[_]>::to_vec)
        .collect();
    let handles: Vec<_> = chunks
        .into_iter()
        .map(|chunk| {
            let python = python.to_path_buf();
            std::thread::spawn(move || {
                chunk
                    .into_iter()
                    .map(|(name, run)| {
                        let result = check(&python, &run);
                        (name, run, result)
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut failures = Vec::new();
    for handle in handles {
        for (name, run, result) in handle.join().unwrap() {
            match result {
                Ok(report) => {
                    if let Err(panic) = std::panic::catch_unwind(|| {
                        assert_report(&name, &report);
                        assert_computed_metrics_in_eval_json(&name, &run, &report);
                    }) {
                        failures.push(format!("{name}: {:?}", panic.downcast_ref::<String>()));
                    }
                }
                Err(e) => failures.push(e),
            }
        }
    }
    failures
}

/// Architecture paths the bundled examples do not reach (graph-level GCN,
/// node-level GAT, video U-Net, unconditional U-Net, text-conditioned DiT,
/// MLP forecaster, vector DQN, pixel PPO, tabular classifier).
#[test]
fn generated_code_runs_for_variant_fixtures() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/variants");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    specs.sort();
    assert!(specs.len() >= 9, "{} variant fixtures", specs.len());
    let runs: Vec<(String, PathBuf)> = specs
        .iter()
        .map(|spec| {
            let name = spec.file_stem().unwrap().to_string_lossy().into_owned();
            let run = synth(spec, out.path(), &name);
            assert!(run.join("code/model.py").is_file(), "{name} has no code");
            (name, run)
        })
        .collect();
    let failures = check_all(&python, runs);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn generated_python_passes_ruff() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let variants = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/variants");
    let mut specs = example_files();
    specs.extend(
        std::fs::read_dir(variants)
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    specs.push(crate::support::adversarial_spec());
    for (i, file) in specs.iter().enumerate() {
        let name = format!("{i}-{}", file.file_stem().unwrap().to_string_lossy());
        synth(file, out.path(), &name);
    }
    let ruff = python.with_file_name("ruff");
    let output = Command::new(&ruff)
        .args(["check", "--isolated", "--no-cache"])
        .arg(out.path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", ruff.display()));
    assert!(
        output.status.success(),
        "ruff:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn hostile_spec_strings_land_in_python_as_data() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let spec = crate::support::adversarial_spec();
    let run = synth(&spec, out.path(), "adversarial");
    let report = check(&python, &run).unwrap_or_else(|e| panic!("{e}"));
    assert_report("adversarial", &report);
    let name = metagen::spec::load_spec_file(&spec).unwrap().spec.name;
    let probe = Command::new(&python)
        .args([
            "-c",
            "import json, sys; sys.path.insert(0, sys.argv[1]); import model; print(json.dumps(model.MODEL_NAME))",
        ])
        .arg(run.join("code"))
        .output()
        .unwrap();
    assert!(
        probe.status.success(),
        "{}",
        String::from_utf8_lossy(&probe.stderr)
    );
    let printed: String = serde_json::from_slice(&probe.stdout).unwrap();
    assert_eq!(printed, name, "MODEL_NAME holds the spec name exactly");
    assert!(
        !Path::new("/tmp/pwned").exists(),
        "a spec string ran as code"
    );
}

fn torchrun(python: &Path, run: &Path) {
    let torchrun = python.with_file_name("torchrun");
    let work = tempfile::tempdir().unwrap();
    let output = Command::new(&torchrun)
        .args(["--standalone", "--nproc_per_node", "2"])
        .arg(run.join("code/train.py"))
        .args(["--tiny", "--steps", "3", "--device", "cpu", "--out"])
        .arg(work.path())
        .env("OMP_NUM_THREADS", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", torchrun.display()));
    assert!(
        output.status.success(),
        "torchrun failed for {}:\n{}\n{}",
        run.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let metrics: serde_json::Value =
        serde_json::from_slice(&std::fs::read(work.path().join("metrics.json")).unwrap()).unwrap();
    assert_eq!(metrics["world_size"], 2, "{}", run.display());
    assert_eq!(metrics["losses"].as_array().map(Vec::len), Some(3));
    assert!(work.path().join("checkpoint.pt").is_file());
}

#[test]
fn torchrun_trains_with_two_cpu_processes() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/specs");
    for spec in ["text/text_llm_tiny.yaml", "image/vit_classifier.yaml"] {
        let run = synth(
            &examples.join(spec),
            out.path(),
            spec.split('/')
                .next_back()
                .unwrap()
                .trim_end_matches(".yaml"),
        );
        if run.join("code/train.py").is_file() {
            torchrun(&python, &run);
        } else {
            assert!(
                WITHOUT_CODE.iter().any(|w| spec.contains(w)),
                "{spec} has no code"
            );
        }
    }
}

#[test]
fn transformers_builds_every_config_json_with_the_same_count() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let mut runs = Vec::new();
    for file in example_files() {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let run = synth(&file, out.path(), &name);
        if run.join("code/config.json").is_file() {
            runs.push(run);
        }
    }
    assert!(runs.len() >= 8, "config.json for {} runs", runs.len());
    let text = run_script(&python, "check_hf_config.py", &runs);
    let reports: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(reports.len(), runs.len());
    for report in &reports {
        assert_eq!(report["match"], true, "{report}");
        assert_eq!(report["components_match"], true, "{report}");
        let ours = report["blueprint_params"].as_u64().unwrap();
        let theirs = report["transformers_params"].as_u64().unwrap();
        let outside: u64 = report["outside_transformers"]
            .as_object()
            .map_or(0, |m| m.values().filter_map(|v| v.as_u64()).sum());
        assert_eq!(ours, theirs + outside, "{report}");
    }
}

/// (run, check) pairs where the cost model and PyTorch still disagree beyond the
/// tolerance, or where the run cannot be measured on the meta device. Kept explicit so the
/// gap is visible and shrinks: the test fails when a listed pair starts agreeing, as well
/// as when an unlisted one disagrees.
const ORACLE_GAPS: &[(&str, &str)] = &[];

/// Synthesizes each spec into `out`, each run named after its file.
fn synth_each(specs: &[PathBuf], out: &Path) -> Vec<PathBuf> {
    specs
        .iter()
        .map(|spec| {
            let name = spec.file_stem().unwrap().to_string_lossy().into_owned();
            synth(spec, out, &name)
        })
        .collect()
}

/// Runs a measuring script of tests/python over the runs, one thread, its table written to
/// target/cost-oracle/ (returned with the script's output, which is printed).
fn table_script(python: &Path, script: &str, runs: &[PathBuf]) -> (std::process::Output, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let table_dir = root.join("target/cost-oracle");
    let output = Command::new(python)
        .arg(root.join("tests/python").join(script))
        .arg("--out")
        .arg(&table_dir)
        .args(runs)
        .env("OMP_NUM_THREADS", "1")
        .output()
        .unwrap();
    println!("{}", String::from_utf8_lossy(&output.stdout));
    (output, table_dir)
}

/// The registry's `oracle` field, which the documents read to say which figures are
/// checked, states what the oracle measured: a check agrees for an architecture exactly when
/// every measured run of it passes, an architecture no run reaches is `NotMeasured`, and the
/// registry's tolerances are the ones the oracle applied.
fn oracle_agreement_matches_the_registry(rows: &[serde_json::Value], runs: &[PathBuf]) {
    use metagen::families::{Oracle, REGISTRY};
    use std::collections::BTreeMap;
    let mut outcomes: BTreeMap<(String, &str), Vec<bool>> = BTreeMap::new();
    for (row, run) in rows.iter().zip(runs) {
        let summary: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(run.join("docs/summary.json")).unwrap())
                .unwrap();
        let family = summary["architecture"]["family"]
            .as_str()
            .unwrap()
            .to_string();
        let transformer = summary["cost"]["flops"]["training_per_token"].is_number();
        for (check, tolerance) in [
            (
                "train_flops",
                if transformer {
                    metagen::families::ORACLE_TOLERANCE_TRAIN_TRANSFORMER
                } else {
                    metagen::families::ORACLE_TOLERANCE_TRAIN_OTHER
                },
            ),
            (
                "inference_flops",
                metagen::families::ORACLE_TOLERANCE_INFERENCE,
            ),
            (
                "activation_bytes",
                metagen::families::ORACLE_TOLERANCE_ACTIVATIONS,
            ),
        ] {
            let result = &row["checks"][check];
            if let Some(measured) = result["tolerance"].as_f64() {
                assert_eq!(measured, tolerance, "{check} tolerance of {family}");
            }
            outcomes
                .entry((family.clone(), check))
                .or_default()
                .push(result["pass"] == true);
        }
    }
    let mut wrong = Vec::new();
    for arch in REGISTRY {
        let claims = [
            ("train_flops", arch.oracle.training_flops),
            ("inference_flops", arch.oracle.inference_flops),
            ("activation_bytes", arch.oracle.activations),
        ];
        for (check, claim) in claims {
            let found = match outcomes.get(&(arch.name.to_string(), check)) {
                None => Oracle::NotMeasured,
                Some(passes) if passes.iter().all(|p| *p) => Oracle::Agrees,
                Some(_) => Oracle::Disagrees,
            };
            if found != claim {
                wrong.push(format!(
                    "{} {check}: the registry says {claim:?}, the oracle found {found:?}",
                    arch.name
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The cost model against PyTorch's own counters: every example and variant fixture's
/// full-size model on the meta device, one training step at batch 1 and the assumed
/// sequence length (tests/python/cost_oracle.py states the measuring rules). The table is
/// printed and written to target/cost-oracle/.
#[test]
fn cost_model_agrees_with_pytorch_counters() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs = example_files();
    let mut variants: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures/variants"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    variants.sort();
    specs.extend(variants);
    let runs = synth_each(&specs, out.path());
    let (output, table_dir) = table_script(&python, "cost_oracle.py", &runs);
    let text = std::fs::read_to_string(table_dir.join("oracle.json")).unwrap_or_else(|e| {
        panic!(
            "cost_oracle.py wrote no table ({e}):\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let rows: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(rows.len(), runs.len(), "one row per run");
    let mut disagreeing = Vec::new();
    for row in &rows {
        let run = row["run"].as_str().unwrap().to_string();
        if row.get("error").is_some() {
            disagreeing.push((run.clone(), "measurement".to_string()));
        }
        for (check, result) in row["checks"].as_object().unwrap() {
            if result["pass"] != true {
                disagreeing.push((run.clone(), check.clone()));
            }
        }
    }
    disagreeing.sort();
    oracle_agreement_matches_the_registry(&rows, &runs);
    let mut expected: Vec<(String, String)> = ORACLE_GAPS
        .iter()
        .map(|(run, check)| (run.to_string(), check.to_string()))
        .collect();
    expected.sort();
    assert_eq!(
        disagreeing,
        expected,
        "cost model vs PyTorch (table in {})",
        table_dir.display()
    );
}

/// Small configurations whose full-size model trains for real on the CPU
/// (`tests/fixtures/memory`: a decoder, a ViT and a ResNet with their dimensions set in the
/// spec): one fp32 training step's peak RSS over the weights is recorded beside the cost
/// model's training memory over its weights for the same configuration
/// (tests/python/real_memory.py states the rule), printed and written to
/// target/cost-oracle/real_memory.md. The step must hold at least the 12 bytes per
/// parameter of fp32 gradients and AdamW moments that exist at its end.
#[test]
fn real_memory_of_small_configs_is_recorded_against_the_cost_model() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures/memory"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    specs.sort();
    assert_eq!(specs.len(), 3, "{specs:?}");
    let runs = synth_each(&specs, out.path());
    let (output, table_dir) = table_script(&python, "real_memory.py", &runs);
    assert!(output.status.success(), "{}", stderr(&output));
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(table_dir.join("real_memory.json")).unwrap())
            .unwrap();
    assert_eq!(rows.len(), runs.len());
    for row in &rows {
        assert!(row["measured_over_weights"].as_u64().unwrap() > 0, "{row}");
        assert!(
            row["cost_model_over_weights"].as_u64().unwrap() > 0,
            "{row}"
        );
    }
}

/// Specs written in the original MetaGen's forms (`tests/fixtures/original`):
/// the generated code of each architecture variant they reach runs. Fixtures
/// that do not synthesize yet are held to that by `original.rs`.
#[test]
fn generated_code_runs_for_original_fixtures() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/original");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .collect();
    specs.sort();
    let mut variants = std::collections::BTreeSet::new();
    let mut runs = Vec::new();
    for spec in &specs {
        let loaded = metagen::spec::load_spec_file(spec).unwrap();
        let resolved = metagen::spec::resolve(&loaded, None).unwrap();
        let Ok(release) = metagen::release::build(resolved) else {
            continue;
        };
        if variants.insert(release.blueprint.variant.to_string()) {
            let name = spec.file_stem().unwrap().to_string_lossy().into_owned();
            let run = synth(spec, out.path(), &name);
            assert!(run.join("code/model.py").is_file(), "{name} has no code");
            runs.push((name, run));
        }
    }
    assert!(runs.len() >= 20, "only {} variants reached", runs.len());
    let failures = check_all(&python, runs);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Classifier-free guidance, run for real: the spec's
/// `training.config.unconditional_probability` (set here to 0.25, so that it
/// cannot be the default) becomes the rate at which the generated loss
/// replaces prompts by the empty prompt, and `infer.py`'s guidance is
/// unconditional + scale x (conditional - unconditional). Checked for the
/// image U-Net of the original's CFG fixture and for the bundled video and
/// point-cloud generators at the default rate of 10%.
#[test]
fn classifier_free_guidance_drops_prompts_at_the_spec_rate_and_guides() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture =
        std::fs::read_to_string(root.join("tests/fixtures/original/image_diffusion_cfg.yaml"))
            .unwrap()
            .replace(
                "unconditional_probability: 0.1",
                "unconditional_probability: 0.25",
            );
    assert!(fixture.contains("unconditional_probability: 0.25"));
    let spec = out.path().join("cfg.yaml");
    std::fs::write(&spec, fixture).unwrap();
    let runs = [
        (synth(&spec, out.path(), "cfg"), 0.25),
        (
            synth(
                &root.join("examples/specs/video/video_generator.yaml"),
                out.path(),
                "video",
            ),
            0.1,
        ),
        (
            synth(
                &root.join("examples/specs/3d/3d_text_to_mesh.yaml"),
                out.path(),
                "points",
            ),
            0.1,
        ),
    ];
    for (run, rate) in runs {
        let model = std::fs::read_to_string(run.join("code/model.py")).unwrap();
        assert!(
            model.contains(&format!("CONDITION_DROPOUT = {rate}")),
            "{}",
            run.display()
        );
        let report = last_line_report(&run_script(&python, "check_guidance.py", [&run]));
        let name = run.display();
        assert_eq!(report["condition_dropout"], rate, "{name}");
        for key in [
            "empty_prompt_is_encode_prompt_of_nothing",
            "probability_1_empties_every_prompt",
            "probability_0_keeps_every_prompt",
        ] {
            assert_eq!(report[key], true, "{name}: {key}: {report}");
        }
        // 20,000 draws: the standard error is below 0.0031 at both rates.
        let share = report["dropped_share_at_recipe_rate"].as_f64().unwrap();
        assert!(
            (share - rate).abs() < 0.015,
            "{name}: dropped {share}, rate {rate}"
        );
        let losses = &report["losses"];
        assert_eq!(
            losses["all_dropped"], losses["given_empty"],
            "{name}: {report}"
        );
        assert_ne!(
            losses["all_dropped"], losses["none_dropped"],
            "{name}: {report}"
        );
        assert!(
            report["conditional_and_unconditional_differ"]
                .as_f64()
                .unwrap()
                > 1e-4,
            "{name}: {report}"
        );
        assert!(
            report["guidance_formula_max_error"].as_f64().unwrap() < 1e-4,
            "{name}: {report}"
        );
        assert!(
            report["scale_1_max_error"].as_f64().unwrap() < 1e-6,
            "{name}: {report}"
        );
    }
}

/// The T5 encoder-decoder (`architecture.variant: encoder-decoder` for text->text) against
/// transformers' `T5ForConditionalGeneration` (tests/python/check_t5_hf.py): the full-size
/// parameter count equals ours and the blueprint's to the parameter, and on the tiny config,
/// with transformers' weights copied into ours, the logits agree within 1e-4.
#[test]
fn t5_encoder_decoder_matches_transformers() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/original/t5_encoder_decoder.yaml");
    let run = synth(&spec, out.path(), "t5");
    let report = last_line_report(&run_script(&python, "check_t5_hf.py", [&run]));
    let blueprint = report["blueprint_params"].as_u64().unwrap();
    // T5 v1.1 base's published size: the fixture's 250M budget fits exactly that shape.
    assert_eq!(blueprint, 247_577_856, "{report}");
    assert_eq!(
        report["transformers_params"].as_u64(),
        Some(blueprint),
        "{report}"
    );
    assert_eq!(report["ours_params"].as_u64(), Some(blueprint), "{report}");
    assert_eq!(report["head_untied"], true, "{report}");
    assert_eq!(report["mapped_tensors"], report["our_tensors"], "{report}");
    let diff = report["max_abs_logit_diff"].as_f64().unwrap();
    assert!(diff < 1e-4, "logits differ by {diff}: {report}");
    assert!(report["logit_scale"].as_f64().unwrap() > 0.1, "{report}");
}

/// `training.config.data_augmentation`, run for real on a class-folder dataset
/// (tests/python/check_augmentation.py): with `true` the generated data code applies random
/// resized crop and horizontal flip to the training split, two epochs' draws of one image
/// differ, a rerun repeats them, and the held-out images are exactly the un-augmented ones;
/// with `false` the training images are the un-augmented ones.
#[test]
fn data_augmentation_changes_training_draws_only() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/original/vit_edge_int8.yaml");
    let on_text = std::fs::read_to_string(&fixture).unwrap();
    assert!(on_text.contains("data_augmentation: true"));
    let off = out.path().join("off.yaml");
    std::fs::write(
        &off,
        on_text.replace("data_augmentation: true", "data_augmentation: false"),
    )
    .unwrap();
    let on_run = synth(&fixture, out.path(), "on");
    let off_run = synth(&off, out.path(), "off");

    let on = last_line_report(&run_script(&python, "check_augmentation.py", [&on_run]));
    assert_eq!(
        on["data_augmentation"],
        serde_json::json!(["random_resized_crop", "horizontal_flip"]),
        "{on}"
    );
    for key in [
        "draws_of_one_image_differ",
        "same_draw_repeats",
        "training_epochs_differ",
        "training_rerun_repeats",
        "held_out_is_plain",
    ] {
        assert_eq!(on[key], true, "augmented: {key}: {on}");
    }
    assert_eq!(on["first_draw_is_plain"], false, "{on}");
    assert_eq!(
        on["training_epochs_are_plain"],
        serde_json::json!([false, false]),
        "{on}"
    );

    let off = last_line_report(&run_script(&python, "check_augmentation.py", [&off_run]));
    assert_eq!(off["data_augmentation"], serde_json::json!([]), "{off}");
    for key in [
        "first_draw_is_plain",
        "held_out_is_plain",
        "same_draw_repeats",
    ] {
        assert_eq!(off[key], true, "not augmented: {key}: {off}");
    }
    assert_eq!(off["draws_of_one_image_differ"], false, "{off}");
    assert_eq!(
        off["training_epochs_are_plain"],
        serde_json::json!([true, true]),
        "{off}"
    );
}

/// `constraints.quantization: int8`, run for real: infer.py's default is int8, and its
/// served model has every plain `nn.Linear` of the ViT fixture replaced by PyTorch's dynamic
/// int8 Linear. The outputs keep their shape and move by rounding only: not at all would mean
/// nothing was quantized; by more than a fifth of the output scale would mean broken layers.
#[test]
fn int8_quantization_reaches_infer_py() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let spec =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/original/vit_edge_int8.yaml");
    let run = synth(&spec, out.path(), "int8");
    let report = last_line_report(&run_script(&python, "check_served_weights.py", [&run]));
    assert_eq!(report["default"], "int8", "{report}");
    let linears = report["float_linear_layers"].as_u64().unwrap();
    assert!(linears > 0, "{report}");
    assert_eq!(report["served_float_linear_layers"], 0, "{report}");
    assert_eq!(report["served_int8_linear_layers"], linears, "{report}");
    assert_eq!(report["shapes_agree"], true, "{report}");
    let difference = report["max_abs_difference"].as_f64().unwrap();
    let scale = report["output_scale"].as_f64().unwrap();
    assert!(difference > 0.0 && difference < 0.2 * scale, "{report}");
}

/// T5 with `training.objective: [masked]` trains on span corruption: for texts of several
/// lengths and seeds, putting back in the corrupted source, at each sentinel, the tokens that
/// follow that sentinel in the target gives the original bytes, 15% of the tokens (rounded)
/// are hidden, and the padded training pairs hold the same sources and targets. Without `masked`
/// the data code keeps the half-and-half split.
#[test]
fn t5_masked_objective_trains_on_span_corruption() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/original/t5_encoder_decoder.yaml");
    let text = std::fs::read_to_string(&fixture).unwrap();
    assert!(text.contains("objective: [masked]"));
    let run = synth(&fixture, out.path(), "masked");
    let report = last_line_report(&run_script(&python, "check_span_corruption.py", [&run]));
    assert_eq!(report["span_corruption"], true, "{report}");
    assert_eq!(report["every_text_rebuilt"], true, "{report}");
    assert_eq!(report["batch_rows_rebuilt"], true, "{report}");
    assert_eq!(report["decoder_input_is_shifted_labels"], true, "{report}");
    assert!(report["texts_checked"].as_u64().unwrap() >= 30, "{report}");
    // By hand, round(15% of the length), at least one: windows of 2, 5, 17, 32, 100 and 240
    // tokens hide 1, 1, 3, 5, 15 and 36, the same for every seed.
    let share = report["hidden_share"].as_f64().unwrap();
    let expected = f64::from(1 + 1 + 3 + 5 + 15 + 36) / f64::from(2 + 5 + 17 + 32 + 100 + 240);
    assert!((share - expected).abs() < 1e-9, "{report}");

    let plain = out.path().join("plain.yaml");
    std::fs::write(
        &plain,
        text.replace("objective: [masked]", "objective: [autoregressive]"),
    )
    .unwrap();
    let run = synth(&plain, out.path(), "plain");
    let data = std::fs::read_to_string(run.join("code/data.py")).unwrap();
    assert!(data.contains("\nSPAN_CORRUPTION = False\n"), "{data}");
}
