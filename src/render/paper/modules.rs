//! The appendix's account of the generated model: its modules as the blueprint's module
//! tree holds them (names as `model.py` registers them, parameters, output shapes), and the
//! family's implementation notes. Everything here is read from the blueprint or the family
//! descriptor; nothing is computed.

use super::latex::escape;
use crate::arch::ir::Module;
use crate::numbers::group_digits;
use crate::release::Release;

/// Most rows the table shows; a tree with more top-level modules is cut with a closing row.
const MAX_ROWS: usize = 32;

/// One table row: the dotted path, the parameters and the output shape.
struct Row {
    path: String,
    params: u64,
    shape: String,
}

impl Row {
    fn of(path: String, module: &Module) -> Row {
        Row {
            path,
            params: module.count(),
            shape: module.output_shape.join(", "),
        }
    }
}

/// A container of repeated blocks registers them as `0`, `1`, ...: PyTorch's names for the
/// entries of an `nn.ModuleList` or `nn.Sequential`.
fn is_repeated(module: &Module) -> bool {
    module.children.len() > 1
        && module
            .children
            .iter()
            .enumerate()
            .all(|(i, child)| child.name == i.to_string())
}

/// The top-level modules, then the submodules of the first block of the first container of
/// repeated blocks (the block every other entry repeats), with that container's name and
/// length.
fn rows(root: &Module) -> (Vec<Row>, Option<(String, usize)>) {
    let mut rows: Vec<Row> = root
        .children
        .iter()
        .map(|child| Row::of(child.name.clone(), child))
        .collect();
    let opened = root.children.iter().find(|child| is_repeated(child));
    if let Some(container) = opened {
        let first = &container.children[0];
        let at = rows
            .iter()
            .position(|row| row.path == container.name)
            .map_or(rows.len(), |i| i + 1);
        let inner: Vec<Row> = first
            .children
            .iter()
            .map(|child| Row::of(format!("{}.0.{}", container.name, child.name), child))
            .collect();
        rows.splice(at..at, inner);
    }
    (rows, opened.map(|c| (c.name.clone(), c.children.len())))
}

/// A module path in a table cell, breakable after each dot.
fn path_cell(path: &str) -> String {
    path.split('.')
        .map(escape)
        .collect::<Vec<_>>()
        .join(".\\allowbreak{}")
}

/// The docstring that opens the definition starting at `marker` in Python `code`, its lines
/// joined with single spaces; `None` when the definition or its docstring is missing.
fn docstring(code: &str, marker: &str) -> Option<String> {
    let definition = &code[code.find(marker)?..];
    let body = &definition[definition.find('\n')? + 1..];
    let body = body.trim_start().strip_prefix("\"\"\"")?;
    let text = &body[..body.find("\"\"\"")?];
    let words: Vec<&str> = text.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Text quoted from the generated code, set in the code font (escaped, never verbatim).
fn quoted(text: &str) -> String {
    format!(
        "\\begin{{quote}}\n{{\\small\\ttfamily\\raggedright {}\\par}}\\end{{quote}}\n\n",
        escape(text)
    )
}

/// The modules subsection: the table of the module tree and the family's notes.
pub(super) fn modules(release: &Release) -> String {
    let blueprint = &release.blueprint;
    let root = &blueprint.root;
    let (rows, opened) = rows(root);
    let mut tex = String::from("\\subsection{The generated model}\n\\label{sec:modules}\n\n");
    tex.push_str(&format!(
        "Modules of \\texttt{{code/model.py}}, named as in \\texttt{{named\\_parameters()}}, \
         $B$ being the batch: {} tensors, {} parameters",
        group_digits(root.named_parameters().len() as u64),
        group_digits(blueprint.total_params),
    ));
    let tied = root.tied_parameters();
    match tied.as_slice() {
        [] => tex.push_str(".\n"),
        [(slot, target)] => tex.push_str(&format!(
            "; \\texttt{{{}}} is the same tensor as \\texttt{{{}}} and is counted once.\n",
            escape(slot),
            escape(target)
        )),
        _ => tex.push_str(&format!(
            "; {} tensors are shared with another module and counted once.\n",
            group_digits(tied.len() as u64)
        )),
    }
    if let Some((name, count)) = &opened {
        tex.push_str(&format!(
            "Block \\texttt{{{}.0}} is opened; the other {} entries of \\texttt{{{}}} repeat \
             it.\n",
            escape(name),
            group_digits(*count as u64 - 1),
            escape(name)
        ));
    }
    tex.push_str(
        "\n{\\footnotesize\n\\noindent\\begin{tabularx}{\\linewidth}{Yrl}\n\\toprule\nModule & Parameters & \
         Output shape \\\\\n\\midrule\n",
    );
    let shown = rows.len().min(MAX_ROWS);
    for row in &rows[..shown] {
        tex.push_str(&format!(
            "\\texttt{{{}}} & {} & \\texttt{{({})}} \\\\\n",
            path_cell(&row.path),
            group_digits(row.params),
            escape(&row.shape)
        ));
    }
    if rows.len() > shown {
        tex.push_str(&format!(
            "\\multicolumn{{3}}{{l}}{{and {} more modules}} \\\\\n",
            group_digits((rows.len() - shown) as u64)
        ));
    }
    tex.push_str("\\bottomrule\n\\end{tabularx}\n}\n\n");
    let model = blueprint.variant.model;
    if let Some(doc) = docstring(model, "class MetaGenModel(") {
        tex.push_str("\\paragraph{Interface.} The docstring of \\texttt{MetaGenModel}:\n");
        tex.push_str(&quoted(&doc));
    }
    if let Some(doc) = docstring(model, "def tiny_overrides(") {
        tex.push_str("What \\texttt{train.py -{}-tiny} trains instead:\n");
        tex.push_str(&quoted(&doc));
    }
    tex.push_str("\\paragraph{Implementation notes.} ");
    tex.push_str(blueprint.family.prose.implementation);
    tex.push_str("\n\n");
    tex
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arch::ir::{ModuleKind, Tensor};

    fn linear(name: &str, inputs: u64, outputs: u64) -> Module {
        Module::leaf(
            name,
            ModuleKind::Linear,
            vec![Tensor::new("weight", &[outputs, inputs])],
        )
        .with_shapes(vec![], vec!["B".into(), outputs.to_string()])
    }

    #[test]
    fn the_first_repeated_block_is_opened_after_its_container() {
        let block = |i: usize| {
            Module::node(
                &i.to_string(),
                ModuleKind::TransformerBlock,
                vec![linear("up", 4, 8), linear("down", 8, 4)],
            )
        };
        let root = Module::node(
            "model",
            ModuleKind::Model,
            vec![
                linear("stem", 2, 4),
                Module::node(
                    "layers",
                    ModuleKind::ModuleList,
                    (0..3).map(block).collect(),
                ),
                linear("head", 4, 1),
            ],
        );
        let (rows, opened) = rows(&root);
        let paths: Vec<&str> = rows.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(
            paths,
            ["stem", "layers", "layers.0.up", "layers.0.down", "head"]
        );
        assert_eq!(opened, Some(("layers".to_string(), 3)));
        // Three blocks of 32 + 32 weights each.
        assert_eq!(rows[1].params, 3 * (32 + 32));
        assert_eq!(rows[2].shape, "B, 8");
    }

    #[test]
    fn a_tree_without_repeated_blocks_lists_its_top_level() {
        let root = Module::node(
            "model",
            ModuleKind::Model,
            vec![linear("a", 2, 2), linear("b", 2, 2)],
        );
        let (rows, opened) = rows(&root);
        assert_eq!(rows.len(), 2);
        assert!(opened.is_none());
    }

    #[test]
    fn docstrings_are_read_from_the_definition_they_open() {
        let code = "def tiny_overrides(config):\n    \"\"\"Same model,\n    smaller.\"\"\"\n    return {}\n\nclass MetaGenModel(nn.Module):\n    block = None\n";
        assert_eq!(
            docstring(code, "def tiny_overrides(").as_deref(),
            Some("Same model, smaller.")
        );
        // A definition whose first statement is not a docstring has none.
        assert_eq!(docstring(code, "class MetaGenModel("), None);
        assert_eq!(docstring(code, "def missing("), None);
    }

    #[test]
    fn every_variant_documents_its_model_and_its_tiny_configuration() {
        // The registry's test-only toy architecture writes no paper, and says so with empty
        // prose.
        for architecture in crate::families::REGISTRY
            .iter()
            .filter(|a| !a.prose.implementation.is_empty())
        {
            for variant in architecture.variants {
                for marker in ["class MetaGenModel(", "def tiny_overrides("] {
                    assert!(
                        docstring(variant.model, marker).is_some(),
                        "{} has no docstring for {marker}",
                        variant.name
                    );
                }
            }
        }
    }

    /// The code names an implementation note sets in `\\texttt`, unescaped.
    fn code_names(tex: &str) -> Vec<String> {
        tex.split("\\texttt{")
            .skip(1)
            .map(|rest| {
                rest[..rest.find('}').unwrap_or(rest.len())]
                    .replace("\\_", "_")
                    .replace("-{}-", "--")
            })
            .collect()
    }

    /// Every module, attribute, method or class an implementation note names in code type is
    /// defined in the Python model code of the family's variants (shared blocks included), so
    /// the notes cannot name a module the released `model.py` lacks. Script and file names,
    /// and the two names that live outside the model code, are left to the other tests.
    #[test]
    fn implementation_notes_name_only_what_the_model_code_defines() {
        let outside = ["named_parameters()", "LlamaForCausalLM"];
        let mut checked = 0;
        for architecture in crate::families::REGISTRY
            .iter()
            .filter(|a| !a.prose.implementation.is_empty())
        {
            let code: String = crate::families::REGISTRY
                .iter()
                .filter(|other| std::ptr::eq(other.prose, architecture.prose))
                .flat_map(|other| other.variants)
                .map(|variant| crate::render::code::templates::model_template(*variant).unwrap())
                .collect();
            for name in code_names(architecture.prose.implementation) {
                if outside.contains(&name.as_str())
                    || name.contains(".py")
                    || name.contains(".json")
                    || name.starts_with("--")
                {
                    continue;
                }
                for part in name.split(['.', ' ']).filter(|p| p.parse::<u64>().is_err()) {
                    checked += 1;
                    assert!(
                        code.contains(part),
                        "{}: `{part}` of `{name}` is not in the model code",
                        architecture.name
                    );
                }
            }
        }
        assert!(checked > 40, "{checked} names checked");
    }

    #[test]
    fn paths_break_after_dots_and_escape_underscores() {
        assert_eq!(
            path_cell("layers.0.self_attn"),
            "layers.\\allowbreak{}0.\\allowbreak{}self\\_\\allowbreak{}attn"
        );
    }
}
