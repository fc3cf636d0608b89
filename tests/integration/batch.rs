//! `metagen synth` with many specs: parallel runs into one folder, errors in
//! input order, duplicate run ids, `--run-id` and `--force` rules, and
//! identical trees whatever the number of jobs.

use std::path::{Path, PathBuf};

use crate::support::{bad_dir, entries, examples_dir, metagen, read_tree, stderr, stdout};

fn example(name: &str) -> PathBuf {
    examples_dir().join(name)
}

fn synth(specs: &[&Path], out: &Path, extra: &[&str]) -> std::process::Output {
    metagen()
        .arg("synth")
        .args(specs)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

/// The run folders a batch should create: every default run id of `specs`.
fn run_ids(specs: &[&Path]) -> Vec<String> {
    let mut ids: Vec<String> = specs
        .iter()
        .map(|path| {
            let loaded = metagen::spec::load_spec_file(path).unwrap();
            metagen::spec::resolve(&loaded, None)
                .unwrap()
                .default_run_id()
        })
        .collect();
    ids.sort();
    ids
}

#[test]
fn mixed_good_and_bad_specs_write_the_good_and_report_the_bad_in_order() {
    let out = tempfile::tempdir().unwrap();
    let tiny = example("text/text_llm_tiny.yaml");
    let tabular = example("tabular/tabular_regressor.yaml");
    let syntax = bad_dir().join("yaml_syntax.yaml");
    let missing = out.path().join("no_such_spec.yaml");
    let unknown = bad_dir().join("json_unknown_field.json");
    // Bad specs first, between and last, so input order differs from any
    // completion order.
    let specs: [&Path; 5] = [&unknown, &tiny, &syntax, &tabular, &missing];
    let output = synth(&specs, out.path(), &["--jobs", "3"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(entries(out.path()), run_ids(&[&tiny, &tabular]));
    let err = stderr(&output);
    let positions: Vec<usize> = [&unknown, &syntax, &missing]
        .iter()
        .map(|p| {
            err.find(&format!("{} failed:", p.display()))
                .unwrap_or_else(|| panic!("{} is not reported:\n{err}", p.display()))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{err}");
    assert!(err.contains("3 of 5 specs failed"), "{err}");
    let text = stdout(&output);
    assert!(text.contains("wrote 2 of 5 runs"), "{text}");
    assert!(text.contains(&tiny.display().to_string()), "{text}");
}

#[test]
fn a_duplicate_run_id_fails_the_later_spec_naming_both() {
    let out = tempfile::tempdir().unwrap();
    let copies = tempfile::tempdir().unwrap();
    let first = copies.path().join("a_first.yaml");
    let second = copies.path().join("b_second.yaml");
    for path in [&first, &second] {
        std::fs::copy(example("text/text_llm_tiny.yaml"), path).unwrap();
    }
    // A folder argument: its specs come in sorted order.
    let output = synth(&[copies.path()], out.path(), &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    let line = err
        .lines()
        .find(|l| l.contains("already taken"))
        .unwrap_or_else(|| panic!("no duplicate error:\n{err}"));
    assert!(line.contains(&second.display().to_string()), "{line}");
    assert!(line.contains(&first.display().to_string()), "{line}");
    assert!(
        err.contains(&format!("{} failed:", second.display())),
        "{err}"
    );
    assert!(
        !err.contains(&format!("{} failed:", first.display())),
        "{err}"
    );
    assert_eq!(entries(out.path()), run_ids(&[&first]));
}

#[test]
fn run_id_is_refused_with_more_than_one_spec() {
    let out = tempfile::tempdir().unwrap();
    let tiny = example("text/text_llm_tiny.yaml");
    let tabular = example("tabular/tabular_regressor.yaml");
    let output = synth(&[&tiny, &tabular], out.path(), &["--run-id", "one"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--run-id"), "{}", stderr(&output));
    assert!(entries(out.path()).is_empty());
    let jobs = synth(&[&tiny], out.path(), &["--jobs", "0"]);
    assert_eq!(jobs.status.code(), Some(2), "{}", stderr(&jobs));
}

#[test]
fn jobs_1_and_jobs_2_give_identical_trees_and_tables() {
    let specs = [
        example("text/text_llm_tiny.yaml"),
        example("tabular/tabular_regressor.yaml"),
        example("graph/node_classifier.yaml"),
    ];
    let specs: Vec<&Path> = specs.iter().map(PathBuf::as_path).collect();
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    let serial = synth(&specs, one.path(), &["--jobs", "1"]);
    let parallel = synth(&specs, two.path(), &["--jobs", "2"]);
    for output in [&serial, &parallel] {
        assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
        // Not a terminal: no progress bar.
        assert!(!stderr(output).contains('\r'), "{}", stderr(output));
    }
    let (tree_one, tree_two) = (read_tree(one.path()), read_tree(two.path()));
    assert!(tree_one.len() > 3 * 10, "{} files", tree_one.len());
    assert_eq!(tree_one, tree_two);
    assert_eq!(entries(one.path()), run_ids(&specs));
    let table = |output: &std::process::Output, dir: &Path| {
        stdout(output).replace(&dir.display().to_string(), "OUT")
    };
    assert_eq!(table(&serial, one.path()), table(&parallel, two.path()));
}

#[test]
fn force_applies_to_each_run() {
    let out = tempfile::tempdir().unwrap();
    let tiny = example("text/text_llm_tiny.yaml");
    let tabular = example("tabular/tabular_regressor.yaml");
    let first = synth(&[&tiny], out.path(), &[]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let [tiny_id] = run_ids(&[&tiny]).try_into().unwrap();
    let marker = out.path().join(&tiny_id).join("stale.txt");
    std::fs::write(&marker, "from an earlier run").unwrap();
    // Without --force the existing run fails, the new one is written.
    let refused = synth(&[&tiny, &tabular], out.path(), &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("--force"), "{}", stderr(&refused));
    assert!(marker.exists());
    assert_eq!(entries(out.path()), run_ids(&[&tiny, &tabular]));
    // With --force both are replaced whole.
    let forced = synth(&[&tiny, &tabular], out.path(), &["--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(!marker.exists());
    assert_eq!(entries(out.path()), run_ids(&[&tiny, &tabular]));
}
