//! The datasheet (Gebru et al.) and the helpers the model card shares with it: the
//! limitation lines, the statements the spec did not write, BibTeX-safe text.

use super::count;
use crate::release::Release;
use crate::render::markdown::inline;
use crate::spec::ResolvedSpec;

/// Text safe inside a BibTeX brace group and in the LaTeX it becomes: LaTeX's special
/// characters escaped, braces and backslashes spelled as text commands (BibTeX counts
/// braces even after a backslash, so `\{` would unbalance the entry), controls as spaces.
pub(super) fn bibtex_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '$' | '%' | '&' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '@' => out.push_str("\\char64{}"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The alignment the spec wrote, or `None` when the field holds the resolver's default,
/// which no document may present as a fact about the model.
pub(super) fn stated_alignment(resolved: &ResolvedSpec) -> Option<&crate::spec::types::Alignment> {
    (!resolved.is_default("training.alignment")).then_some(&resolved.spec.training.alignment)
}

/// The PII and copyright statements the spec wrote; `None` for each left at its default.
pub(super) fn stated_governance(resolved: &ResolvedSpec) -> (Option<&str>, Option<&str>) {
    let given = &resolved.spec.training.data.governance;
    (
        (!resolved.is_default("training.data.governance.pii")).then_some(given.pii.as_str()),
        (!resolved.is_default("training.data.governance.copyright"))
            .then_some(given.copyright.as_str()),
    )
}

/// The training objectives the spec wrote; `None` when it holds the default list.
pub(super) fn stated_objective(resolved: &ResolvedSpec) -> Option<&[String]> {
    (!resolved.is_default("training.objective"))
        .then_some(resolved.spec.training.objective.as_slice())
}

/// What the card and datasheet print for a value the spec did not write.
pub(super) const NOT_SPECIFIED: &str = "not specified";

pub(super) fn accelerator_watts(release: &Release) -> f64 {
    release.resolved.hardware.spec().tdp_watts
}

pub(super) fn modalities(list: &[crate::spec::Modality]) -> String {
    list.iter()
        .map(|m| m.as_str().replace('_', " "))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none given".to_string()
    } else {
        items
            .iter()
            .map(|s| inline(s))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub(super) fn sentence_case(text: &str) -> String {
    let text = text.replace('_', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => text,
    }
}

/// The limitations shared by the model card and `limitations.md`.
pub fn limitation_lines(release: &Release) -> Vec<String> {
    let mut lines = vec![format!(
        "**Synthetic scores.** {}",
        crate::benchmarks::DISCLAIMER
    )];
    for check in &release.cost.feasibility {
        if check.verdict != crate::arch::cost::Verdict::Pass {
            lines.push(format!(
                "**{} ({}).** {}",
                check.name,
                check.verdict,
                inline(&check.detail)
            ));
        }
    }
    for warning in &release.resolved.warnings {
        lines.push(inline(warning));
    }
    for note in &release.selection_notes {
        lines.push(format!("Assumed: {}.", inline(note)));
    }
    lines.push(
        "No weights exist yet: every behavioural claim awaits training and evaluation.".to_string(),
    );
    lines
}

/// `docs/data_card.md`, answering the questions of *Datasheets for Datasets* (Gebru et
/// al.): from the spec where it can, and otherwise as an unticked checklist of the
/// questions the releaser still has to answer.
pub fn data_card(release: &Release) -> String {
    let spec = &release.resolved.spec;
    let data = &spec.training.data;
    let mut md = format!(
        "# Datasheet for the training data of {}\n\n",
        inline(&spec.name)
    );
    md.push_str(
        "Structured after the questions of *Datasheets for Datasets* (Gebru et al., 2021). \
         Answers come from the spec. Where the spec is silent, the question is left as an \
         unticked box for the releaser to answer before publishing.\n\n",
    );
    let open = |md: &mut String, questions: &[&str]| {
        for question in questions {
            md.push_str(&format!("- [ ] {question}\n"));
        }
        md.push('\n');
    };

    md.push_str("## Motivation\n\n");
    md.push_str(&format!(
        "- **For what purpose was the dataset created?** To train a {} model for the {} \
         domain: {}\n",
        spec.task.task_type.as_str().replace('_', " "),
        inline(&spec.task.domain),
        inline(&spec.description)
    ));
    md.push_str("\nOpen questions:\n\n");
    open(
        &mut md,
        &[
            "Who created the dataset, and on behalf of which entity?",
            "Who funded its creation?",
        ],
    );

    md.push_str("## Composition\n\n");
    md.push_str(&format!(
        "- **What do the instances represent?** {} inputs for {} outputs.\n",
        sentence_case(&modalities(&spec.modality.inputs)),
        modalities(&spec.modality.outputs)
    ));
    md.push_str(&format!(
        "- **Where does the data come from?** {}.\n",
        list_or_none(&data.sources)
    ));
    md.push_str(&format!(
        "- **How many instances are there?** Stated as \"{}\", read as {}.\n",
        inline(data.size.as_str()),
        describe_size(&release.resolved.data_size)
    ));
    let (pii, copyright) = stated_governance(&release.resolved);
    match pii {
        Some(pii) => md.push_str(&format!(
            "- **Does it contain personal or confidential data?** The spec says: \"{}\"\n",
            inline(pii)
        )),
        None => md.push_str(&format!(
            "- **Does it contain personal or confidential data?** {NOT_SPECIFIED} by the spec.\n"
        )),
    }
    md.push_str("\nOpen questions:\n\n");
    let mut questions = vec![
        "Is it a sample of a larger set, and how was the sample drawn?",
        "What labels or targets come with each instance?",
        "Are there recommended training, validation and test splits?",
        "Are there errors, noise or redundancies?",
        "Does it contain data that might be offensive, or that identifies subpopulations?",
    ];
    if pii.is_none() {
        questions.push("How was personal data found, removed or consented to?");
    }
    open(&mut md, &questions);

    md.push_str("## Collection Process\n\n");
    md.push_str(&format!(
        "- **Which sources were collected?** {}.\n\nOpen questions:\n\n",
        list_or_none(&data.sources)
    ));
    open(
        &mut md,
        &[
            "How was the data acquired (crawling, licensing, annotation, sensors)?",
            "Who collected it, and how were they paid?",
            "Over what timeframe was it collected?",
            "Was an ethical review conducted?",
            "Were the people in the data notified, and did they consent?",
        ],
    );

    md.push_str("## Preprocessing, Cleaning and Labelling\n\n");
    md.push_str(
        "- **What does the generated code do?** `code/data.py` reads local files given with \
         `--data` and otherwise generates synthetic batches with the model's input shapes, \
         holding out a split for `code/eval.py`.\n\nOpen questions:\n\n",
    );
    open(
        &mut md,
        &[
            "What cleaning, filtering, deduplication or tokenization was applied?",
            "Is the raw data kept alongside the processed data?",
            "Is the preprocessing software available?",
        ],
    );

    md.push_str("## Uses\n\n");
    md.push_str(&format!(
        "- **What is it used for here?** Training objective: {}.\n\nOpen questions:\n\n",
        stated_objective(&release.resolved).map_or(NOT_SPECIFIED.to_string(), list_or_none)
    ));
    open(
        &mut md,
        &[
            "Has the dataset been used for other tasks already?",
            "Is there anything about its composition that could lead to unfair treatment of people?",
            "Are there tasks for which it should not be used?",
        ],
    );

    md.push_str("## Distribution\n\n");
    match copyright {
        Some(copyright) => md.push_str(&format!(
            "- **Under which copyright or license terms?** The spec says: \"{}\"\n\n",
            inline(copyright)
        )),
        None => md.push_str(&format!(
            "- **Under which copyright or license terms?** {NOT_SPECIFIED} by the spec.\n\n"
        )),
    }
    md.push_str("Open questions:\n\n");
    open(
        &mut md,
        &[
            "Will the dataset be distributed to third parties, and how?",
            "Do third parties impose restrictions, or export controls apply?",
        ],
    );

    md.push_str("## Maintenance\n\nOpen questions:\n\n");
    open(
        &mut md,
        &[
            "Who maintains the dataset, and how can they be contacted?",
            "Will it be updated, and how are updates communicated?",
            "Can others extend or contribute to it?",
        ],
    );
    md
}

fn describe_size(size: &crate::spec::units::DataSize) -> String {
    use crate::spec::units::DataSize;
    match size {
        DataSize::Tokens(n) => format!("{} tokens", count(*n)),
        DataSize::Samples(n) => format!("{} samples", count(*n)),
        DataSize::Bytes(n) => format!("{} bytes", count(*n)),
        DataSize::Hours(n) => format!("{} hours", count(*n)),
        DataSize::EnvironmentSteps(n) => format!("{} environment steps", count(*n)),
        DataSize::Episodes(n) => format!("{} episodes", count(*n)),
        DataSize::Text(_) => "not a quantity".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_text_escapes_latex_specials_and_keeps_braces_balanced() {
        let escaped = bibtex_text("a$b%c&d#e_f{g}h\\i~j^k@l");
        assert_eq!(
            escaped,
            "a\\$b\\%c\\&d\\#e\\_f\\textbraceleft{}g\\textbraceright{}h\\textbackslash{}i\\textasciitilde{}j\\textasciicircum{}k\\char64{}l"
        );
        let depth = escaped.chars().try_fold(0i32, |depth, c| {
            let depth = depth + i32::from(c == '{') - i32::from(c == '}');
            (depth >= 0).then_some(depth)
        });
        assert_eq!(depth, Some(0));
        for special in ['$', '%', '&', '#', '_'] {
            for (i, c) in escaped.char_indices() {
                if c == special {
                    assert_eq!(&escaped[i - 1..i], "\\", "{special} unescaped in {escaped}");
                }
            }
        }
    }

    fn resolved(yaml: &str) -> ResolvedSpec {
        let source =
            crate::spec::SpecSource::from_text("t.yaml", yaml, crate::spec::SpecFormat::Yaml);
        let loaded = crate::spec::parse_spec(&source).unwrap();
        crate::spec::resolve(&loaded, None).unwrap()
    }

    #[test]
    fn resolver_defaults_are_not_stated() {
        let base = "metagen_version: \"1.0\"\nname: t\nmodality: {inputs: [text], outputs: [text]}\ntask: {type: generation, domain: x}\n";
        let silent = resolved(base);
        assert!(stated_alignment(&silent).is_none());
        assert_eq!(stated_governance(&silent), (None, None));
        assert!(stated_objective(&silent).is_none());
        let written = resolved(&format!(
            "{base}training:\n  objective: [autoregressive]\n  alignment: {{method: DPO, policy: p}}\n  data: {{governance: {{pii: removed by NER}}}}\n"
        ));
        assert_eq!(
            stated_alignment(&written).unwrap().method.to_string(),
            "DPO"
        );
        assert_eq!(stated_governance(&written), (Some("removed by NER"), None));
        assert!(stated_objective(&written).is_some());
    }
}
