//! Replays the fuzz regression corpus (`tests/fuzz_corpus/`) through the
//! same in-memory pipeline the fuzz harness drives: every input must end in
//! a rendered tree or a reported error, never a panic.

use std::path::{Path, PathBuf};

use metagen::fuzzing::{Depth, run};
use metagen::spec::SpecFormat;

fn corpus() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_none_or(|e| e != "md") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_corpus"),
        &mut found,
    );
    found.sort();
    found
}

#[test]
fn every_corpus_input_is_rendered_or_refused_with_an_error() {
    let files = corpus();
    assert!(files.len() >= 5, "the corpus is missing: {files:?}");
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let format = if path.extension().is_some_and(|e| e == "json") {
            SpecFormat::Json
        } else {
            SpecFormat::Yaml
        };
        let name = path.display();
        let outcome = std::panic::catch_unwind(|| run(&text, format, Depth::NoRaster));
        match outcome {
            Err(_) => panic!("{name}: the pipeline panicked"),
            Ok(Err(error)) => assert!(!error.to_string().trim().is_empty(), "{name}"),
            Ok(Ok(tree)) => {
                assert!(tree.get("spec_resolved.yaml").is_some(), "{name}");
                // Inputs that render also go through figure export.
                let full = std::panic::catch_unwind(|| run(&text, format, Depth::Full));
                assert!(full.is_ok(), "{name}: the full pipeline panicked");
            }
        }
    }
}
