//! The hand-written Python scripts shared by every release (train, eval and
//! infer mains), and the expansion of `# uses:` lines that places shared block
//! sections before a variant's model section or a task's sections. The model
//! sections belong to the architecture families ([`crate::families`]) and the
//! task sections to the task registry ([`crate::tasks`]).

use crate::families::Variant;
use crate::tasks::{BLOCK_TEMPLATES, Task};

macro_rules! python_template {
    ($path:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/templates/python/",
            $path
        ))
    };
}

/// The generic training script body.
pub const TRAIN: &str = python_template!("train.py");
/// `code/README.md`: how to train, evaluate and run, for every release.
pub const README: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/templates/code/README.md"
));
/// `load_trained_model`, appended to model.py: reads what train.py writes.
pub const LOAD: &str = python_template!("load_checkpoint.py");
/// The generic evaluation script body.
pub const EVAL: &str = python_template!("eval_main.py");
/// The generic inference script body.
pub const INFER: &str = python_template!("infer_main.py");
/// The served-weights helpers infer.py gets when the spec names `constraints.quantization`.
pub const INFER_SERVED: &str = python_template!("infer_served.py");

/// Deepest chain of `# uses:` lines followed; the blocks nest two deep.
const MAX_USES_DEPTH: usize = 4;

/// Expands leading `# uses: NAME` lines: each named block section is placed
/// before the text (its own `# uses:` lines expanded first), once each.
fn expand_uses(text: &str, seen: &mut Vec<&'static str>, depth: usize) -> Option<String> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(line) = rest.lines().next()
        && let Some(name) = line.strip_prefix("# uses: ")
    {
        let (block_name, block) = BLOCK_TEMPLATES
            .iter()
            .find(|(block, _)| *block == name.trim())
            .copied()?;
        if !seen.contains(&block_name) {
            if depth >= MAX_USES_DEPTH {
                return None;
            }
            seen.push(block_name);
            let expanded = expand_uses(block, seen, depth + 1)?;
            parts.push(expanded.trim_end().to_string());
        }
        rest = rest[line.len()..].trim_start_matches('\n');
    }
    parts.push(rest.to_string());
    Some(parts.join("\n\n\n"))
}

/// The model section for an architecture variant, with the shared blocks it
/// names in leading `# uses: NAME` lines placed before it.
pub fn model_template(variant: Variant) -> Option<String> {
    expand_uses(variant.model, &mut Vec::new(), 0)
}

/// The task sections: data, loss, evaluation and inference.
#[derive(Debug, Clone)]
pub struct TaskTemplates {
    /// Task name, e.g. `causal_lm`.
    pub name: &'static str,
    /// data.py body.
    pub data: String,
    /// Loss function appended to model.py.
    pub loss: String,
    /// `evaluate` for eval.py.
    pub eval: String,
    /// `add_arguments` and `infer` for infer.py.
    pub infer: String,
    /// The body of prepare_data.py, for tasks whose data needs a preparation step.
    pub prepare_data: Option<String>,
}

/// The task's sections with their `# uses:` lines expanded; `None` when the
/// task has no template folder or names an unknown block (both ruled out by
/// the tests of [`crate::tasks`] and [`crate::families`]).
pub fn task_templates(task: &Task) -> Option<TaskTemplates> {
    let name = task.name;
    let [data, loss, eval, infer] = crate::tasks::sections(task)?;
    let expand = |text: &str| expand_uses(text, &mut Vec::new(), 0);
    Some(TaskTemplates {
        name,
        data: expand(data)?,
        loss: expand(loss)?,
        eval: expand(eval)?,
        infer: expand(infer)?,
        prepare_data: match crate::tasks::prepare_data_section(task) {
            Some(text) => Some(expand(text)?),
            None => None,
        },
    })
}
