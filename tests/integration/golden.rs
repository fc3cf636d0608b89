//! Golden trees: every bundled example, variant fixture and the adversarial
//! spec rendered in memory and dumped as path + content, one insta snapshot
//! per run. PDF and PNG files, other binaries and any file over
//! [`INLINE_LIMIT`] bytes are dumped as their size and SHA-256.
//!
//! A golden tree only detects change; it is not an independent check of
//! correctness. Every commit that changes a snapshot says why.

use std::fmt::Write as _;
use std::path::Path;

use metagen::{engine, release, spec};

/// Text files up to this size are inlined; larger ones are hashed.
const INLINE_LIMIT: usize = 20 * 1024;

/// The dump of one run: a header per file, then its text or its hash.
fn dump_run(spec_path: &Path) -> String {
    let loaded = spec::load_spec_file(spec_path)
        .unwrap_or_else(|e| panic!("{}: {e:?}", spec_path.display()));
    let resolved =
        spec::resolve(&loaded, None).unwrap_or_else(|e| panic!("{}: {e:?}", spec_path.display()));
    let release = release::build(resolved).unwrap_or_else(|e| panic!("{e}"));
    let run_id = release.resolved.default_run_id();
    let tree = engine::render_run(&release, &run_id).unwrap_or_else(|e| panic!("{e}"));
    let mut out = format!("run_id: {run_id}\nfiles: {}\n", tree.len());
    for (path, bytes) in tree.iter() {
        let binary = path.ends_with(".pdf") || path.ends_with(".png");
        match std::str::from_utf8(bytes) {
            Ok(text) if !binary && bytes.len() <= INLINE_LIMIT => {
                writeln!(out, "\n=== {path} ({} bytes)\n{text}", bytes.len()).unwrap();
            }
            _ => {
                let hash = metagen::seed::sha256_hex(bytes);
                writeln!(out, "\n=== {path} ({} bytes, sha256 {hash})", bytes.len()).unwrap();
            }
        }
    }
    out
}

fn snapshot(kind: &str, spec_path: &Path) {
    let dump = dump_run(spec_path);
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("golden");
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(kind, dump));
}

#[test]
fn golden_examples() {
    insta::glob!("../../examples/specs", "**/*.{yaml,yml,json}", |path| {
        snapshot("example", path)
    });
}

#[test]
fn golden_variant_fixtures() {
    insta::glob!("../fixtures/variants", "*.yaml", |path| {
        snapshot("variant", path)
    });
}

#[test]
fn golden_adversarial() {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/adversarial.yaml");
    snapshot("adversarial", &path);
}

/// The snapshot name insta gives a glob match: `kind@rel__path.snap`.
fn expected_snapshot_names() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut names = vec!["adversarial.snap".to_string()];
    for file in crate::support::example_files() {
        let rel = file.strip_prefix(root.join("examples/specs")).unwrap();
        let rel = rel.to_string_lossy().replace('/', "__");
        names.push(format!("example@{rel}.snap"));
    }
    for entry in std::fs::read_dir(root.join("tests/fixtures/variants")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        names.push(format!("variant@{name}.snap"));
    }
    names.sort();
    names
}

#[test]
fn golden_has_no_orphaned_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/golden");
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".snap"))
        .collect();
    found.sort();
    assert_eq!(
        found,
        expected_snapshot_names(),
        "snapshots in {}",
        dir.display()
    );
}
