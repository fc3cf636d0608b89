//! Every command's stdout, stderr and exit code.

use crate::support::{entries, example_files, examples_dir, metagen, stderr, stdout};

#[test]
fn version_and_help_on_every_command() {
    let version = metagen().arg("--version").output().unwrap();
    assert_eq!(version.status.code(), Some(0));
    assert_eq!(
        stdout(&version),
        format!("metagen {}\n", env!("CARGO_PKG_VERSION"))
    );
    for command in ["validate", "schema", "synth", "demo"] {
        let help = metagen().args([command, "--help"]).output().unwrap();
        assert_eq!(help.status.code(), Some(0), "{command} --help");
        let text = stdout(&help);
        assert!(text.contains("Usage: metagen"), "{command} --help:\n{text}");
        assert!(
            text.contains("--quiet") && text.contains("--color"),
            "{command}"
        );
        assert!(stderr(&help).is_empty());
    }
    let help = metagen().arg("--help").output().unwrap();
    let text = stdout(&help);
    for command in ["validate", "schema", "synth", "demo"] {
        assert!(text.contains(command), "top-level help lists {command}");
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["frobnicate"],
        vec!["validate"],
        vec!["synth", "x.yaml"],
        vec!["--color", "sometimes", "schema"],
        vec!["validate", "--seed", "-3", "x.yaml"],
    ] {
        let output = metagen().args(&args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(stdout(&output).is_empty());
        assert!(stderr(&output).starts_with("error:"), "{args:?}");
    }
}

#[test]
fn validate_prints_a_summary_and_exits_0() {
    let spec = examples_dir().join("text/text_llm_8b.yaml");
    let output = metagen().args(["validate"]).arg(&spec).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for needle in [
        "name",
        "text_llm_8b",
        "text -> text",
        "generation",
        "transformer",
        "parameters",
        "131,072 tokens",
        "seed",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

#[test]
fn validate_reports_warnings_on_stderr() {
    let spec = examples_dir().join("text/infinite_context.yaml");
    let output = metagen()
        .args(["--color", "never", "validate"])
        .arg(&spec)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output)
            .contains("warning: Infinite context requested; approximating with 1M tokens.")
    );
    assert!(stdout(&output).contains("1,048,576 tokens"));

    let spec = examples_dir().join("misc/taste_generation.yaml");
    let output = metagen()
        .args(["--color", "never", "validate"])
        .arg(&spec)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("warning: Unsupported modalities requested: taste"));
}

#[test]
fn validate_many_exits_1_if_any_is_invalid() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.yaml"), "nmae: x\n").unwrap();
    let good = examples_dir().join("text/text_llm_tiny.yaml");
    let output = metagen()
        .args(["--color", "never", "validate"])
        .arg(&good)
        .arg(dir.path().join("bad.yaml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("text_llm_tiny"));
    assert!(stderr(&output).contains("unknown field `nmae`"));
}

#[test]
fn quiet_silences_stdout_only() {
    let spec = examples_dir().join("text/infinite_context.yaml");
    let output = metagen()
        .args(["--quiet", "--color", "never", "validate"])
        .arg(&spec)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).is_empty());
    assert!(stderr(&output).contains("warning:"));
}

#[test]
fn color_is_off_when_piped_and_on_when_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.yaml"), "nmae: x\n").unwrap();
    let piped = metagen()
        .current_dir(dir.path())
        .args(["validate", "bad.yaml"])
        .output()
        .unwrap();
    assert!(
        !stderr(&piped).contains('\x1b'),
        "auto colour must be off in a pipe"
    );
    let forced = metagen()
        .current_dir(dir.path())
        .args(["--color", "always", "validate", "bad.yaml"])
        .output()
        .unwrap();
    assert!(
        stderr(&forced).contains("\x1b["),
        "--color always must colour"
    );
    let never = metagen()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["validate", "bad.yaml"])
        .output()
        .unwrap();
    assert!(!stderr(&never).contains('\x1b'));
}

#[test]
fn schema_prints_or_writes_the_same_document() {
    let printed = metagen().arg("schema").output().unwrap();
    assert_eq!(printed.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&printed.stdout).unwrap();
    assert_eq!(
        value["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("spec.schema.json");
    let written = metagen()
        .args(["--quiet", "schema", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(written.status.code(), Some(0));
    assert!(stdout(&written).is_empty());
    assert_eq!(std::fs::read(&file).unwrap(), printed.stdout);

    let unwritable = metagen()
        .args(["schema", "--out"])
        .arg(dir.path().join("no/such/folder/schema.json"))
        .output()
        .unwrap();
    assert_eq!(unwritable.status.code(), Some(3), "{}", stderr(&unwritable));
    assert!(stderr(&unwritable).contains("cannot write schema to"));
}

#[test]
fn synth_prints_a_table_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let spec = examples_dir().join("text/text_llm_tiny.yaml");
    let first = metagen()
        .args(["synth"])
        .arg(&spec)
        .arg("--out")
        .arg(dir.path())
        .args(["--run-id", "tiny"])
        .output()
        .unwrap();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let text = stdout(&first);
    assert!(text.contains("run id") && text.contains("tiny") && text.contains("files"));
    assert!(dir.path().join("tiny/spec_resolved.yaml").is_file());

    let again = metagen()
        .args(["--color", "never", "synth"])
        .arg(&spec)
        .arg("--out")
        .arg(dir.path())
        .args(["--run-id", "tiny"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists; pass --force"));

    let forced = metagen()
        .args(["synth"])
        .arg(&spec)
        .arg("--out")
        .arg(dir.path())
        .args(["--run-id", "tiny", "--force"])
        .output()
        .unwrap();
    assert_eq!(forced.status.code(), Some(0));
    assert_eq!(entries(dir.path()), vec!["tiny".to_string()]);
}

#[test]
fn bad_run_ids_are_usage_errors_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let spec = examples_dir().join("text/text_llm_tiny.yaml");
    let long = "a".repeat(129);
    for run_id in [
        "..",
        ".",
        "../escape",
        "a/b",
        "",
        "sp ace",
        long.as_str(),
        "naïve",
    ] {
        let output = metagen()
            .args(["synth"])
            .arg(&spec)
            .arg("--out")
            .arg(dir.path().join("out"))
            .args(["--run-id", run_id])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "run id {run_id:?}");
        assert!(
            stderr(&output).contains("invalid run id"),
            "run id {run_id:?}"
        );
    }
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn unwritable_out_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let spec = examples_dir().join("text/text_llm_tiny.yaml");
    let output = metagen()
        .args(["--color", "never", "synth"])
        .arg(&spec)
        .arg("--out")
        .arg(blocker.join("sub"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(stderr(&output).contains("cannot create output folder"));
}

#[test]
fn demo_runs_from_an_empty_directory() {
    let cwd = tempfile::tempdir().unwrap();
    let output = metagen()
        .current_dir(cwd.path())
        .arg("demo")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let runs = entries(&cwd.path().join("outputs"));
    assert_eq!(
        runs.len(),
        example_files().len(),
        "one run per bundled example"
    );
    for run in &runs {
        assert!(text.contains(run.as_str()), "the table lists {run}");
    }
    assert!(text.contains(&format!("wrote {} runs", runs.len())));
    // A second demo replaces its own runs rather than failing.
    let again = metagen()
        .current_dir(cwd.path())
        .arg("demo")
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(entries(&cwd.path().join("outputs")), runs);
}
