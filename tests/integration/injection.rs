//! Injection-proof output, as properties: arbitrary Unicode, control
//! characters and the metacharacters of every target language, put in every
//! free-text field of a spec, come out as data. The generated Python parses
//! and holds the name exactly; every YAML and JSON file parses back and
//! holds each string exactly; the model card's front matter stays a valid
//! YAML header; and, for a fixed-seed sample, the paper compiles.
//!
//! Cases are drawn with proptest from a fixed seed so a failure replays,
//! and batched so one Python process checks them all.

use std::collections::BTreeSet;
use std::path::Path;

use metagen::fuzzing::{Depth, run};
use metagen::output::FileTree;
use metagen::spec::SpecFormat;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;

use crate::support::{examples_dir, tool};

/// Metacharacters of Python, YAML, JSON, Markdown, HTML and LaTeX, and
/// strings that are dangerous in more than one of them.
const META: &[&str] = &[
    "\"\"\"",
    "'''",
    "\\",
    "#",
    "\n",
    "\r",
    "\t",
    "\u{0}",
    "\u{7}",
    "\u{1b}[2J",
    "\u{85}",
    "\u{2028}",
    "\u{202e}",
    "\u{feff}",
    "__import__('os').system('id')",
    "{",
    "}",
    "f\"{x}\"",
    "---",
    "...",
    ": ",
    "- ",
    "&anchor",
    "*alias",
    "!!python/object/apply:os.system",
    "|",
    ">",
    "'",
    "\"",
    "%YAML 1.1",
    "@",
    "`",
    "? ",
    "\\u0000",
    "*",
    "_",
    "|---|",
    "<!--",
    "-->",
    "]]>",
    "[x](javascript:alert(1))",
    "```",
    "<script>",
    "&amp;",
    "$",
    "&",
    "^",
    "~",
    "%",
    "\\input{/etc/passwd}",
    "\\write18{touch /tmp/pwned}",
    "\\makeatletter",
    "\\catcode`\\@=11",
    "\\\\",
    "\\end{document}",
    "^^5c",
    "^^M",
    "\\verb|x|",
    "\\iffalse",
    "\\def\\x{y}",
    "{{",
    "}}",
    "{%",
    "%}",
    "\u{301}",
    "模型",
    "🦀",
    "\u{10FFFF}",
];

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{1,24}",
        prop::collection::vec(prop::sample::select(META), 1..8).prop_map(|parts| parts.concat()),
        (
            prop::sample::select(META),
            any::<String>(),
            prop::sample::select(META)
        )
            .prop_map(|(a, b, c)| format!("{a}{b}{c}")),
    ]
}

/// One spec's free-text fields.
#[derive(Debug, Clone)]
struct Strings {
    name: String,
    description: String,
    domain: String,
    sources: Vec<String>,
    pii: String,
    copyright: String,
    method: String,
    policy: String,
    benchmarks: Vec<String>,
    baselines: Vec<String>,
    metrics: Vec<String>,
}

impl Strings {
    fn all(&self) -> Vec<&String> {
        let mut all = vec![
            &self.name,
            &self.description,
            &self.domain,
            &self.pii,
            &self.copyright,
            &self.method,
            &self.policy,
        ];
        all.extend(&self.sources);
        all.extend(&self.benchmarks);
        all.extend(&self.baselines);
        all.extend(&self.metrics);
        all
    }
}

fn strings() -> impl Strategy<Value = Strings> {
    let list = || prop::collection::vec(hostile_text(), 1..3);
    (
        (hostile_text(), hostile_text(), hostile_text(), list()),
        (
            hostile_text(),
            hostile_text(),
            hostile_text(),
            hostile_text(),
        ),
        (list(), list(), list()),
    )
        .prop_map(
            |(
                (name, description, domain, sources),
                (pii, copyright, method, policy),
                (benchmarks, baselines, metrics),
            )| Strings {
                name,
                description,
                domain,
                sources,
                pii,
                copyright,
                method,
                policy,
                benchmarks,
                baselines,
                metrics,
            },
        )
}

/// `count` cases from a fixed seed (proptest's own generator, no shrinking).
fn sample(count: usize, seed: u8) -> Vec<Strings> {
    let config = Config::default();
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let strategy = strings();
    (0..count)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect()
}

/// The tiny example with every free-text field replaced, as JSON text.
fn spec_with(strings: &Strings) -> String {
    let path = examples_dir().join("text/text_llm_tiny.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let mut spec: Value = metagen::spec::load::parse_yaml_value(&text).unwrap();
    let set = |spec: &mut Value, pointer: &str, value: Value| {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let mut node = spec;
        for part in parent.split('/').filter(|p| !p.is_empty()) {
            node = node
                .as_object_mut()
                .unwrap()
                .entry(part)
                .or_insert_with(|| Value::Object(Default::default()));
        }
        node.as_object_mut().unwrap().insert(key.to_string(), value);
    };
    let s = strings;
    set(&mut spec, "/name", s.name.clone().into());
    set(&mut spec, "/description", s.description.clone().into());
    set(&mut spec, "/task/domain", s.domain.clone().into());
    set(
        &mut spec,
        "/training/data/sources",
        s.sources.clone().into(),
    );
    set(
        &mut spec,
        "/training/data/governance/pii",
        s.pii.clone().into(),
    );
    set(
        &mut spec,
        "/training/data/governance/copyright",
        s.copyright.clone().into(),
    );
    set(
        &mut spec,
        "/training/alignment/method",
        s.method.clone().into(),
    );
    set(
        &mut spec,
        "/training/alignment/policy",
        s.policy.clone().into(),
    );
    set(
        &mut spec,
        "/evaluation/benchmarks",
        s.benchmarks.clone().into(),
    );
    set(
        &mut spec,
        "/evaluation/baselines",
        s.baselines.clone().into(),
    );
    set(&mut spec, "/evaluation/metrics", s.metrics.clone().into());
    serde_json::to_string_pretty(&spec).unwrap()
}

fn text_of(tree: &FileTree, path: &str) -> String {
    String::from_utf8(
        tree.get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .to_vec(),
    )
    .unwrap_or_else(|e| panic!("{path} is not UTF-8: {e}"))
}

/// Every string anywhere in a parsed document.
fn all_strings(value: &Value, found: &mut BTreeSet<String>) {
    match value {
        Value::String(s) => {
            found.insert(s.clone());
        }
        Value::Array(items) => items.iter().for_each(|v| all_strings(v, found)),
        Value::Object(map) => {
            for (k, v) in map {
                found.insert(k.clone());
                all_strings(v, found);
            }
        }
        _ => {}
    }
}

fn parse_yaml(path: &str, text: &str) -> Value {
    metagen::spec::load::parse_yaml_value::<Value>(text)
        .unwrap_or_else(|e| panic!("{path} is not valid YAML: {e}\n{text}"))
}

/// YAML, JSON and the model card's front matter: each parses, and the spec
/// strings are in them exactly.
fn check_data_files(case: usize, strings: &Strings, tree: &FileTree) {
    let mut yaml_strings = BTreeSet::new();
    let mut json_strings = BTreeSet::new();
    for (path, bytes) in tree.iter() {
        let parsed = if path.ends_with(".json") {
            let value: Value = serde_json::from_slice(bytes)
                .unwrap_or_else(|e| panic!("case {case}: {path} is not valid JSON: {e}"));
            all_strings(&value, &mut json_strings);
            continue;
        } else if path.ends_with(".yaml") || path.ends_with(".yml") {
            parse_yaml(path, &text_of(tree, path))
        } else {
            continue;
        };
        all_strings(&parsed, &mut yaml_strings);
    }
    // spec_resolved.yaml carries every field; JSON carries at least the name.
    let resolved = parse_yaml("spec_resolved.yaml", &text_of(tree, "spec_resolved.yaml"));
    let at = |pointer: &str| resolved.pointer(pointer).cloned();
    assert_eq!(
        at("/name"),
        Some(strings.name.clone().into()),
        "case {case}"
    );
    assert_eq!(
        at("/description"),
        Some(strings.description.clone().into()),
        "case {case}"
    );
    assert_eq!(
        at("/task/domain"),
        Some(strings.domain.clone().into()),
        "case {case}"
    );
    assert_eq!(
        at("/training/data/sources"),
        Some(strings.sources.clone().into()),
        "case {case}"
    );
    assert_eq!(
        at("/evaluation/metrics"),
        Some(strings.metrics.clone().into()),
        "case {case}"
    );
    for s in strings.all() {
        assert!(
            yaml_strings.contains(s),
            "case {case}: {s:?} not in the YAML"
        );
    }
    assert!(
        json_strings.contains(&strings.name),
        "case {case}: name not in the JSON"
    );

    // Front matter: the card opens with `---`, the header closes at the
    // first line that is exactly `---`, and it holds the data exactly.
    let card = text_of(tree, "docs/model_card.md");
    let body = card
        .strip_prefix("---\n")
        .unwrap_or_else(|| panic!("case {case}: no front matter"));
    let end = body
        .find("\n---\n")
        .unwrap_or_else(|| panic!("case {case}: front matter not closed"));
    let header = parse_yaml("front matter", &body[..=end]);
    assert!(
        header.is_object(),
        "case {case}: front matter is not a mapping"
    );
    assert_eq!(
        header["model_name"],
        Value::from(strings.name.clone()),
        "case {case}"
    );
    assert_eq!(
        header["datasets"],
        Value::from(strings.sources.clone()),
        "case {case}"
    );
    assert_eq!(
        header["metrics"],
        Value::from(strings.metrics.clone()),
        "case {case}"
    );
}

const PYTHON_CHECK: &str = r#"
import ast, json, pathlib, sys
failures = []
for case in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    for source in sorted(case.rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        try:
            tree = ast.parse(text, filename=str(source))
            compile(tree, str(source), "exec")
        except SyntaxError as error:
            failures.append(f"{source}: {error}")
            continue
        if source.name == "model.py":
            names = [ast.literal_eval(node.value) for node in tree.body
                     if isinstance(node, ast.Assign)
                     and any(getattr(t, "id", None) == "MODEL_NAME" for t in node.targets)]
            if names != [expected["name"]]:
                failures.append(f"{source}: MODEL_NAME {names!r} != {expected['name']!r}")
print(json.dumps(failures))
"#;

#[test]
fn hostile_strings_stay_data_in_python_yaml_json_and_front_matter() {
    let cases = sample(64, 7);
    let dir = tempfile::tempdir().unwrap();
    let mut rendered = 0;
    for (case, strings) in cases.iter().enumerate() {
        let spec = spec_with(strings);
        let tree = match run(&spec, SpecFormat::Json, Depth::NoRaster) {
            Ok(tree) => tree,
            // Refusing a string is allowed; it must be a reported error.
            Err(error) => {
                assert!(!error.to_string().is_empty());
                continue;
            }
        };
        rendered += 1;
        check_data_files(case, strings, &tree);
        let folder = dir.path().join(format!("case{case:03}"));
        for (path, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".py")) {
            let file = folder.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, bytes).unwrap();
        }
        let expected = serde_json::json!({ "name": strings.name });
        std::fs::write(folder.join("expected.json"), expected.to_string()).unwrap();
    }
    // Nearly every hostile string is accepted: the properties are not vacuous.
    assert!(
        rendered >= cases.len() * 3 / 4,
        "only {rendered} of {} rendered",
        cases.len()
    );
    let Some(python) = crate::python::python() else {
        return;
    };
    let output = std::process::Command::new(&python)
        .args(["-c", PYTHON_CHECK])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let failures: Vec<String> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Compiles one paper project with the hardened latexmk command.
fn compile(dir: &Path) -> Result<(), String> {
    let output = metagen::cli::latexmk_command(dir)
        .output()
        .map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        let log = std::fs::read_to_string(dir.join("main.log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(20).collect();
        Err(tail.into_iter().rev().collect::<Vec<_>>().join("\n"))
    }
}

#[test]
fn hostile_strings_compile_in_latex_for_a_fixed_sample() {
    // Samples with non-Latin text are xelatex papers.
    if !(tool("latexmk") && tool("xelatex")) {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let mut compiled = 0;
    for (case, strings) in sample(6, 11).iter().enumerate() {
        let spec = spec_with(strings);
        let source = metagen::spec::SpecSource::from_text("case", &spec, SpecFormat::Json);
        let Ok(loaded) = metagen::spec::parse_spec(&source) else {
            continue;
        };
        let release =
            metagen::release::build(metagen::spec::resolve(&loaded, None).unwrap()).unwrap();
        let tree = metagen::engine::render_paper_project(&release).unwrap();
        let dir = out.path().join(format!("case{case}"));
        for (path, bytes) in tree.iter() {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, bytes).unwrap();
        }
        if let Err(log) = compile(&dir) {
            panic!("case {case} ({strings:?}) does not compile:\n{log}");
        }
        compiled += 1;
    }
    assert!(compiled >= 5, "only {compiled} of 6 cases were accepted");
    assert!(
        !Path::new("/tmp/pwned").exists(),
        "a spec string ran as a command"
    );
}
