//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The `metagen` binary, with colour off and no inherited NO_COLOR surprises.
pub fn metagen() -> Command {
    let mut cmd = Command::cargo_bin("metagen").expect("the metagen binary is built");
    cmd.env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

/// Folder holding the committed bad-spec fixtures.
pub fn bad_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")
}

/// Folder holding the bundled examples.
pub fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/specs")
}

/// Every bundled example spec file, sorted.
pub fn example_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&examples_dir(), &mut found);
    found.sort();
    found
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under a folder, relative path → bytes, sorted.
pub fn read_tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, found: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, found);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                found.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut found = Vec::new();
    walk(root, root, &mut found);
    found.sort();
    found
}

/// Names of the entries directly inside a folder.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Whether an external tool is on PATH. In CI (`CI=true`) a missing tool
/// fails the test; elsewhere the caller skips with a note.
pub fn tool(name: &str) -> bool {
    let found = std::process::Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true but `{name}` is missing: run ./scripts/test.sh to install it");
        }
        eprintln!("note: `{name}` is not installed; skipping (./scripts/test.sh installs it)");
    }
    found
}

/// Runs a tool and returns its standard output, failing the test on error.
pub fn run_tool(program: &str, args: &[&str], dir: &Path) -> String {
    let output = std::process::Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?} failed in {}:\n{}\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The bundled fixture whose strings attack every output language.
pub fn adversarial_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/adversarial.yaml")
}

/// A spec rendered in memory the way `synth` writes it: relative path →
/// bytes, in the tree's order.
pub fn render_in_memory(spec_path: &Path) -> Vec<(String, Vec<u8>)> {
    use metagen::{engine, release, spec};
    let loaded = spec::load_spec_file(spec_path)
        .unwrap_or_else(|e| panic!("{}: {e:?}", spec_path.display()));
    let resolved =
        spec::resolve(&loaded, None).unwrap_or_else(|e| panic!("{}: {e:?}", spec_path.display()));
    let release = release::build(resolved).unwrap_or_else(|e| panic!("{e}"));
    let run_id = release.resolved.default_run_id();
    let tree = engine::render_run(&release, &run_id).unwrap_or_else(|e| panic!("{e}"));
    tree.iter()
        .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
        .collect()
}
