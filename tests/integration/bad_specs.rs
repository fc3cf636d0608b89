//! The bad-spec corpus: each case exits 1 with a message naming the problem
//! and a position, leaves no output folder, and its message is snapshotted.

use std::path::Path;

use crate::support::{bad_dir, entries, metagen, stderr};

/// Runs `validate` and `synth` on a spec inside `dir` (by relative name, so
/// messages are stable), asserts exit 1 and no output, returns stderr.
fn reject(dir: &Path, file: &str) -> String {
    let validate = metagen()
        .current_dir(dir)
        .args(["--color", "never", "validate", file])
        .output()
        .unwrap();
    assert_eq!(
        validate.status.code(),
        Some(1),
        "validate {file}: {}",
        stderr(&validate)
    );
    assert!(
        validate.stdout.is_empty(),
        "validate {file} printed to stdout"
    );
    let out = tempfile::tempdir().unwrap();
    let synth = metagen()
        .current_dir(dir)
        .args(["--color", "never", "synth", file, "--out"])
        .arg(out.path().join("runs"))
        .output()
        .unwrap();
    assert_eq!(
        synth.status.code(),
        Some(1),
        "synth {file}: {}",
        stderr(&synth)
    );
    assert!(
        entries(out.path()).is_empty(),
        "synth {file} left {:?} behind",
        entries(out.path())
    );
    let message = stderr(&validate);
    assert_eq!(
        message,
        stderr(&synth),
        "validate and synth report {file} differently"
    );
    message
}

/// Writes `text` to `name` in a fresh folder and rejects it.
fn reject_text(name: &str, text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    reject(dir.path(), name)
}

fn assert_mentions(message: &str, needles: &[&str]) {
    for needle in needles {
        assert!(
            message.contains(needle),
            "expected {needle:?} in:\n{message}"
        );
    }
}

#[test]
fn unknown_field_at_every_level_is_located_with_a_suggestion() {
    // (level, spec text with one misspelt field, misspelling, suggestion, line:col)
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        ("top", "name: x\nnmae: y\n", "nmae", "name", "2:1"),
        (
            "modality",
            "modality:\n  inputs: [text]\n  outptus: [text]\n",
            "outptus",
            "outputs",
            "3:3",
        ),
        (
            "task",
            "task:\n  type: generation\n  domian: law\n",
            "domian",
            "domain",
            "3:3",
        ),
        (
            "constraints",
            "constraints:\n  latncy: batch\n",
            "latncy",
            "latency",
            "2:3",
        ),
        (
            "parameter_budget",
            "constraints:\n  parameter_budget:\n    maxx: 8B\n",
            "maxx",
            "max",
            "3:5",
        ),
        (
            "training",
            "training:\n  objectiv: [autoregressive]\n",
            "objectiv",
            "objective",
            "2:3",
        ),
        (
            "data",
            "training:\n  data:\n    sorces: [web]\n",
            "sorces",
            "sources",
            "3:5",
        ),
        (
            "governance",
            "training:\n  data:\n    governance:\n      pi: none\n",
            "pi",
            "pii",
            "4:7",
        ),
        (
            "compute",
            "training:\n  compute:\n    hardwre: 8xH100\n",
            "hardwre",
            "hardware",
            "3:5",
        ),
        (
            "alignment",
            "training:\n  alignment:\n    metod: DPO\n",
            "metod",
            "method",
            "3:5",
        ),
        (
            "config",
            "training:\n  config:\n    learning_rat: 0.1\n",
            "learning_rat",
            "learning_rate",
            "3:5",
        ),
        (
            "architecture",
            "architecture:\n  famly: cnn\n",
            "famly",
            "family",
            "2:3",
        ),
        (
            "component",
            "architecture:\n  components:\n    - {name: a, typ: b}\n",
            "typ",
            "type",
            "3:17",
        ),
        (
            "hyperparameters",
            "architecture:\n  hyperparameters:\n    hiden_size: 64\n",
            "hiden_size",
            "hidden_size",
            "3:5",
        ),
        (
            "outputs",
            "outputs:\n  artefacts: [code]\n",
            "artefacts",
            "artifacts",
            "2:3",
        ),
        (
            "evaluation",
            "evaluation:\n  benchmark: [MMLU]\n",
            "benchmark",
            "benchmarks",
            "2:3",
        ),
        (
            "reproducibility",
            "reproducibility:\n  sed: 1\n",
            "sed",
            "seed",
            "2:3",
        ),
    ];
    for (level, text, typo, suggestion, position) in cases {
        let message = reject_text(&format!("unknown_{level}.yaml"), text);
        assert_mentions(
            &message,
            &[
                &format!("unknown field `{typo}`"),
                &format!("did you mean `{suggestion}`?"),
                &format!("unknown_{level}.yaml:{position}"),
            ],
        );
        insta::assert_snapshot!(format!("unknown_field_{level}"), message);
    }
}

#[test]
fn wrong_types_are_located() {
    let cases: &[(&str, &str, &str, &str)] = &[
        ("name_list", "name: [a, b]\n", "name", "1:7"),
        (
            "inputs_scalar",
            "modality:\n  inputs: text\n",
            "modality.inputs",
            "2:11",
        ),
        (
            "classes_text",
            "task:\n  type: classification\n  num_classes: many\n",
            "task.num_classes",
            "3:16",
        ),
        (
            "seed_negative",
            "reproducibility:\n  seed: -1\n",
            "reproducibility.seed",
            "2:9",
        ),
        (
            "image_size_text",
            "constraints:\n  image_size: big\n",
            "constraints.image_size",
            "2:15",
        ),
        (
            "bad_modality",
            "modality:\n  inputs: [smel]\n",
            "modality.inputs[0]",
            "2:12",
        ),
        (
            "bad_family",
            "architecture:\n  family: transfomer\n",
            "architecture.family",
            "2:11",
        ),
    ];
    for (case, text, path, position) in cases {
        let message = reject_text(&format!("{case}.yaml"), text);
        assert_mentions(&message, &[path, &format!("{case}.yaml:{position}")]);
        insta::assert_snapshot!(format!("wrong_type_{case}"), message);
    }
}

#[test]
fn bad_enum_values_list_the_valid_ones() {
    let message = reject_text("bad_family.yaml", "architecture:\n  family: transfomer\n");
    assert_mentions(
        &message,
        &["did you mean `transformer`?", "cnn", "two_tower"],
    );
    let message = reject_text("bad_device.yaml", "constraints:\n  device: toaster\n");
    assert_mentions(&message, &["`toaster`", "consumer_gpu", "datacenter_gpu"]);
}

#[test]
fn bad_quantities_point_at_their_value() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "param_max",
            "constraints:\n  parameter_budget:\n    max: 8X\n",
            "constraints.parameter_budget.max",
            "3:10",
        ),
        (
            "param_zero",
            "constraints:\n  parameter_budget:\n    max: \"0\"\n",
            "constraints.parameter_budget.max",
            "3:10",
        ),
        (
            "param_min_over_max",
            "constraints:\n  parameter_budget:\n    max: 1B\n    min: 2B\n",
            "exceeds parameter_budget.max",
            "4:10",
        ),
        (
            "context",
            "constraints:\n  context_window: lots\n",
            "constraints.context_window",
            "2:19",
        ),
        (
            "memory",
            "constraints:\n  memory_budget: 16 parsecs\n",
            "constraints.memory_budget",
            "2:18",
        ),
        (
            "duration",
            "training:\n  compute:\n    duration: forever\n",
            "training.compute.duration",
            "3:15",
        ),
        (
            "hardware",
            "training:\n  compute:\n    hardware: \"0xH100\"\n",
            "training.compute.hardware",
            "3:15",
        ),
        (
            "learning_rate",
            "training:\n  config:\n    learning_rate: -0.1\n",
            "training.config.learning_rate",
            "3:20",
        ),
        (
            "classes_missing",
            "task:\n  type: classification\n",
            "num_classes",
            "2:9",
        ),
        (
            "classes_one",
            "task:\n  type: classification\n  num_classes: 1\n",
            "at least 2 classes",
            "3:16",
        ),
    ];
    for (case, text, needle, position) in cases {
        let message = reject_text(&format!("{case}.yaml"), text);
        assert_mentions(&message, &[needle, &format!("{case}.yaml:{position}")]);
        insta::assert_snapshot!(format!("bad_quantity_{case}"), message);
    }
}

#[test]
fn several_problems_are_reported_together() {
    let message = reject_text(
        "several.yaml",
        "constraints:\n  memory_budget: lots\n  context_window: many\n",
    );
    assert_mentions(
        &message,
        &["2 problems", "several.yaml:2:18", "several.yaml:3:19"],
    );
}

#[test]
fn malformed_files_are_rejected_with_a_reason() {
    let cases: &[(&str, &[&str])] = &[
        ("yaml_syntax.yaml", &["invalid YAML", "yaml_syntax.yaml:"]),
        (
            "root_sequence.yaml",
            &["root must be a mapping", "a sequence"],
        ),
        ("root_scalar.yaml", &["root must be a mapping", "scalar"]),
        ("binary_garbage.yaml", &["not valid UTF-8"]),
        ("alias_bomb.yaml", &["safety limit", "billion laughs"]),
        (
            "json_trailing_comma.json",
            &["invalid JSON", "json_trailing_comma.json:1:"],
        ),
        (
            "json_unknown_field.json",
            &["unknown field `outptus`", "did you mean `outputs`?"],
        ),
        (
            "spec.toml",
            &["unsupported spec file extension", ".yaml, .yml or .json"],
        ),
        (
            "spec_without_extension",
            &["unsupported spec file extension", "no extension"],
        ),
        (
            "missing.yaml",
            &["cannot read spec missing.yaml", "no such file"],
        ),
    ];
    for (file, needles) in cases {
        let message = reject(&bad_dir(), file);
        assert_mentions(&message, needles);
        insta::assert_snapshot!(format!("malformed_{}", file.replace('.', "_")), message);
    }
}

#[test]
fn hostile_sizes_fail_fast() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("a_directory.yaml")).unwrap();
    let message = reject(dir.path(), "a_directory.yaml");
    assert_mentions(&message, &["a_directory.yaml is a directory"]);
    insta::assert_snapshot!("malformed_directory", message);

    let big = format!(
        "name: big\ndescription: \"{}\"\n",
        "x".repeat(1024 * 1024 + 16)
    );
    std::fs::write(dir.path().join("too_large.yaml"), big).unwrap();
    let message = reject(dir.path(), "too_large.yaml");
    assert_mentions(&message, &["over the 1 MiB limit"]);
    insta::assert_snapshot!("malformed_too_large", message);

    let deep = format!(
        "name: deep\ndescription: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    std::fs::write(dir.path().join("deep_nesting.yaml"), deep).unwrap();
    let started = std::time::Instant::now();
    let message = reject(dir.path(), "deep_nesting.yaml");
    assert_mentions(&message, &["deep_nesting.yaml:2:"]);
    // Two processes ran; a bounded parse is far below this even unoptimised.
    assert!(
        started.elapsed().as_secs() < 10,
        "deep nesting took {:?}",
        started.elapsed()
    );
    insta::assert_snapshot!("malformed_deep_nesting", message);

    let deep_block: String = (0..100_000)
        .map(|depth| format!("{}k{depth}:\n", " ".repeat(depth % 60)))
        .collect();
    std::fs::write(dir.path().join("deep_block.yaml"), deep_block).unwrap();
    let message = reject(dir.path(), "deep_block.yaml");
    assert_mentions(&message, &["over the 1 MiB limit"]);
}

/// Peak resident memory of the largest child this test process has waited
/// for, in bytes (Linux reports kilobytes).
#[cfg(target_os = "linux")]
/// Runs `metagen validate FILE` in `dir` under GNU time and returns its exit
/// code and its own peak RSS. A child spawned straight from this test binary
/// inherits the binary's high-water RSS across exec (Linux carries `maxrss`
/// over), and `RUSAGE_CHILDREN` also counts other tests' children, so neither
/// measures metagen alone; GNU time's fork is small.
fn validate_peak_rss(dir: &std::path::Path, file: &str) -> (Option<i32>, u64) {
    let time = std::path::Path::new("/usr/bin/time");
    assert!(
        time.exists(),
        "/usr/bin/time (Debian package `time`) is needed to measure peak RSS"
    );
    let report = tempfile::NamedTempFile::new().unwrap();
    let status = std::process::Command::new(time)
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(report.path())
        .arg(assert_cmd::cargo::cargo_bin("metagen"))
        .args(["validate", file])
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    let text = std::fs::read_to_string(report.path()).unwrap();
    let kib: u64 = text
        .lines()
        .last()
        .and_then(|line| line.trim().parse().ok())
        .unwrap_or_else(|| panic!("GNU time wrote {text:?}"));
    (status.code(), kib * 1024)
}

#[cfg(target_os = "linux")]
#[test]
fn hostile_inputs_stay_under_100_mb() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!(
        "description: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    std::fs::write(dir.path().join("deep.yaml"), deep).unwrap();
    let wide: String = (0..20_000).map(|i| format!("k{i}: [1, 2, 3]\n")).collect();
    std::fs::write(dir.path().join("wide.yaml"), wide).unwrap();
    std::fs::copy(
        bad_dir().join("alias_bomb.yaml"),
        dir.path().join("bomb.yaml"),
    )
    .unwrap();
    for file in ["deep.yaml", "wide.yaml", "bomb.yaml"] {
        let (code, peak) = validate_peak_rss(dir.path(), file);
        assert_eq!(code, Some(1), "{file}");
        assert!(peak > 0, "GNU time reported no memory for {file}");
        assert!(
            peak < 100 * 1024 * 1024,
            "{file}: the child used {peak} bytes"
        );
    }
}
