//! Embeds the bundled example specs so that `metagen demo` works from any
//! directory (a sorted table of relative path and contents), and the shared
//! Python templates (block and task sections), checking each task folder.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, found);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            found.push(path);
        }
    }
}

/// Files every task folder must have (`templates/python/tasks/<task>/<part>.py`), in the
/// order of the generated table: data, loss, evaluation, inference.
const TASK_REQUIRED: [&str; 4] = ["data", "loss", "eval", "infer"];
/// Files a task folder may have (`prepare_data.py`: the task's data-preparation script);
/// declaring them keeps an unknown file from being silently ignored.
const TASK_OPTIONAL: &[&str] = &["prepare_data"];

/// Embeds the shared Python templates: the block sections named in `# uses:` lines
/// (`templates/python/blocks/<block>.py`) and four sections per task
/// (`templates/python/tasks/<task>/{data,loss,eval,infer}.py`). Model sections live in their
/// family's folder (`src/families/<family>/<variant>.py`) and are embedded there. Fails the
/// build when a task folder lacks a required file or holds an undeclared one.
fn python_templates(out: &Path) {
    let root = manifest_dir().join("templates/python");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect_all(&root, &mut files);
    files.sort();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    let mut code = String::from(
        "/// Shared block sections, named in a model section's `# uses:` lines.\npub static BLOCK_TEMPLATES: &[(&str, &str)] = &[\n",
    );
    let blocks = root.join("blocks");
    for file in files
        .iter()
        .filter(|f| f.parent() == Some(blocks.as_path()))
    {
        if let Some(stem) = file.file_stem().and_then(|s| s.to_str()) {
            let _ = writeln!(
                code,
                "    ({stem:?}, include_str!({:?})),",
                file.display().to_string()
            );
        }
    }
    code.push_str("];\n/// Task sections by task name: data, loss, eval, infer.\npub static TASK_TEMPLATES: &[(&str, [&str; 4])] = &[\n");
    let tasks = root.join("tasks");
    let mut task_dirs: Vec<PathBuf> = std::fs::read_dir(&tasks)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    task_dirs.sort();
    let mut problems = Vec::new();
    let mut optional = String::from(
        "/// Optional task sections by task name: (task, part, text), e.g. `prepare_data`.\npub static TASK_OPTIONAL_TEMPLATES: &[(&str, &str, &str)] = &[\n",
    );
    for dir in task_dirs {
        let Some(name) = dir.file_name().and_then(|s| s.to_str()) else {
            continue;
        };
        let parts: Vec<PathBuf> = TASK_REQUIRED
            .iter()
            .map(|part| dir.join(format!("{part}.py")))
            .collect();
        for part in parts.iter().filter(|p| !p.is_file()) {
            problems.push(format!(
                "task `{name}` lacks the required {}",
                part.display()
            ));
        }
        for file in files.iter().filter(|f| f.parent() == Some(dir.as_path())) {
            let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            if TASK_OPTIONAL.contains(&stem) {
                let _ = writeln!(
                    optional,
                    "    ({name:?}, {stem:?}, include_str!({:?})),",
                    file.display().to_string()
                );
            } else if !TASK_REQUIRED.contains(&stem) {
                problems.push(format!(
                    "task `{name}` has {}, which is neither required ({}) nor declared optional ({})",
                    file.display(),
                    TASK_REQUIRED.join(", "),
                    TASK_OPTIONAL.join(", ")
                ));
            }
        }
        let includes: Vec<String> = parts
            .iter()
            .map(|p| format!("include_str!({:?})", p.display().to_string()))
            .collect();
        let _ = writeln!(code, "    ({name:?}, [{}]),", includes.join(", "));
    }
    if !problems.is_empty() {
        panic!(
            "Python task templates are incomplete:\n  {}",
            problems.join("\n  ")
        );
    }
    code.push_str("];\n");
    optional.push_str("];\n");
    code.push_str(&optional);
    if let Err(e) = std::fs::write(out.join("python_templates.rs"), code) {
        panic!("cannot write the template table: {e}");
    }
}

fn collect_all(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect_all(&path, found);
        } else if path.extension().and_then(|e| e.to_str()) == Some("py") {
            found.push(path);
        }
    }
}

/// The package root, read when the build script runs: `env!` would fix the path of the
/// checkout that compiled the script, and a `target/` copied into another checkout would
/// then embed the first checkout's templates and examples.
fn manifest_dir() -> PathBuf {
    PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
}

fn main() {
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".to_string()));
    python_templates(&out_dir);
    let root = manifest_dir().join("examples/specs");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut found = Vec::new();
    collect(&root, &mut found);
    found.sort();
    let mut code = String::from("/// Bundled example specs: (path under examples/specs, text).\n");
    code.push_str("pub static EXAMPLES: &[(&str, &str)] = &[\n");
    for path in &found {
        println!("cargo:rerun-if-changed={}", path.display());
        let relative = path
            .strip_prefix(&root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let _ = writeln!(
            code,
            "    ({relative:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".to_string()));
    if let Err(e) = std::fs::write(out.join("examples.rs"), code) {
        println!("cargo:warning=cannot write the example table: {e}");
    }
}
