//! The training subsection and the appendix: reproducibility (spec, seed,
//! command line, file hashes) and the NeurIPS-style checklist.

use super::latex::escape;
use crate::numbers::{self, group_digits};
use crate::release::Release;
use crate::release::StepUnit;

/// Longest listing line before it is wrapped, in characters.
const LISTING_WIDTH: usize = 88;

/// The training subsection of the method.
pub fn training(release: &Release) -> String {
    let recipe = &release.recipe;
    let cost = &release.cost;
    let planned = &release.derived.planned;
    let environment = planned.step_unit == StepUnit::Environment;
    let mut tex = String::from("\\subsection{Training}\n\\label{sec:training}\n\n");
    tex.push_str(&format!(
        "We train with {} ({}) at a peak \
         learning rate of {} with {} warm-up steps and cosine decay, {} of {} for {} \
         {}steps, gradient clipping at {}, in {}. ",
        optimizer_words(&recipe.optimizer),
        optimizer_settings(recipe),
        recipe.learning_rate,
        group_digits(recipe.warmup_steps),
        if environment {
            "minibatches"
        } else {
            "a batch"
        },
        group_digits(recipe.batch_size),
        group_digits(recipe.max_steps),
        if environment { "environment " } else { "" },
        recipe.grad_clip,
        precision_words(&recipe.precision),
    ));
    tex.push_str(&format!(
        "Weights, gradients and optimizer moments take {}",
        numbers::memory(cost.training_memory.model_state_bytes).replace(' ', "~"),
    ));
    if release.blueprint.transformer_shape.is_some() {
        tex.push_str(
            ", sharded as in ZeRO \\citep{rajbhandari2020zero} when they outgrow one device, \
             and activations at micro-batch 1 are the tensors autograd keeps \
             \\citep{korthikanti2023activation}.\n\n",
        );
    } else {
        tex.push_str(".\n\n");
    }
    if let Some(compute) = &cost.compute {
        tex.push_str(&format!(
            "The stated compute, {} for {}, provides {} FLOPs at an assumed {}\\% model \
             FLOP utilisation. ",
            escape(&compute.hardware),
            escape(&release.resolved.duration.to_string()),
            numbers::scientific(compute.total_flops),
            numbers::whole_percent(compute.mfu)
        ));
        if let Some(tokens) = compute.trainable_tokens {
            tex.push_str(&format!(
                "At {} training FLOPs per token (6N plus the attention term of \
                 \\citet{{chowdhery2023palm}}; per sample {}), it allows about {} tokens. ",
                group_digits(cost.flops.training_per_token_with_attention.unwrap_or(0)),
                checked_to(
                    release.blueprint.family.oracle.training_flops,
                    crate::families::oracle_train_tolerance(&cost.flops)
                ),
                group_digits(tokens)
            ));
        }
        if let Some(samples) = compute.trainable_samples {
            tex.push_str(&format!(
                "It allows about {} training samples. ",
                group_digits(samples)
            ));
        }
        tex.push_str(&format!(
            "Training would draw about {}~kWh and emit about {}~kg CO$_2$e at the assumed \
             grid intensity \\citep{{strubell2019energy}}.\n\n",
            numbers::whole(compute.energy_kwh),
            numbers::whole(compute.co2_kg)
        ));
    }
    if environment {
        tex.push_str(&format!(
            "The recipe collects up to {} environment steps, {} transitions in whole rollouts, and reuses each \
             rollout for several epochs of minibatches of {}; the optimizer steps this \
             takes depend on the environment's rollout settings, and \\texttt{{train.py}} \
             prints them.\n\n",
            group_digits(planned.steps),
            group_digits(planned.samples),
            group_digits(planned.global_batch),
        ));
        return chinchilla(tex, cost);
    }
    tex.push_str(&format!(
        "The recipe trains {} steps of {} samples: {} training samples",
        group_digits(planned.steps),
        group_digits(planned.global_batch),
        group_digits(planned.samples)
    ));
    match (planned.tokens, planned.seq_len) {
        (Some(tokens), Some(seq_len)) => tex.push_str(&format!(
            ", {} training tokens at a sequence length of {}.\n\n",
            group_digits(tokens),
            group_digits(seq_len)
        )),
        _ => tex.push_str(".\n\n"),
    }
    chinchilla(tex, cost)
}

/// Ends the training subsection with the comparison with Chinchilla, for models with one.
fn chinchilla(mut tex: String, cost: &crate::arch::cost::CostModel) -> String {
    if let Some(ch) = &cost.chinchilla {
        tex.push_str(&format!(
            "\\paragraph{{Comparison with Chinchilla.}} The compute-optimal budget for {} \
             parameters is $20N = {}$ tokens \\citep{{hoffmann2022chinchilla}}, where the fitted \
             loss $L(N, D) = 1.69 + 406.4 N^{{-0.34}} + 410.7 D^{{-0.28}}$ is {}. ",
            group_digits(ch.params),
            group_digits(ch.optimal_tokens),
            numbers::loss(ch.loss_at_optimal_tokens)
        ));
        if let (Some(tokens), Some(loss), Some(ratio)) = (
            ch.trainable_tokens,
            ch.loss_at_trainable_tokens,
            ch.tokens_per_parameter,
        ) {
            tex.push_str(&format!(
                "Our compute trains on {} tokens, {} per parameter, for a predicted loss of {}.",
                group_digits(tokens),
                numbers::one_decimal(ratio),
                numbers::loss(loss)
            ));
        }
        tex.push_str("\n\n");
    }
    tex
}

/// The optimizer as the spec names it, with the reference that defines it when we have one.
fn optimizer_words(optimizer: &str) -> String {
    match optimizer {
        "adamw" => "AdamW \\citep{loshchilov2019adamw}".to_string(),
        "adam" => "Adam".to_string(),
        "sgd" => "SGD with momentum".to_string(),
        "adafactor" => "Adafactor".to_string(),
        "lion" => "Lion".to_string(),
        other => format!("the \\texttt{{{}}} optimizer", escape(other)),
    }
}

/// The settings the generated train.py gives the optimizer: its betas (Lion's own), SGD's
/// momentum, and the weight decay.
fn optimizer_settings(recipe: &crate::recipe::TrainingRecipe) -> String {
    let decay = recipe.weight_decay;
    match recipe.optimizer.as_str() {
        "sgd" => format!("momentum 0.9, weight decay {decay}"),
        "adafactor" => format!("weight decay {decay}"),
        "lion" => format!("$\\beta_1 = 0.9$, $\\beta_2 = 0.99$, weight decay {decay}"),
        _ => format!(
            "$\\beta_1 = {}$, $\\beta_2 = {}$, weight decay {decay}",
            recipe.betas[0], recipe.betas[1]
        ),
    }
}

/// The precision as the spec names it: mixed precision only for a 16-bit format.
fn precision_words(precision: &str) -> String {
    match precision {
        "bf16" | "fp16" => format!("{precision} mixed precision \\citep{{micikevicius2018mixed}}"),
        "fp32" => "full fp32 precision".to_string(),
        other => format!("\\texttt{{{}}} precision", escape(other)),
    }
}

/// Wraps one line of the listing at `LISTING_WIDTH` characters.
fn wrap(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    if chars.is_empty() {
        return vec![String::new()];
    }
    chars
        .chunks(LISTING_WIDTH)
        .map(|chunk| chunk.iter().collect())
        .collect()
}

/// A listing of text, escaped line by line (never `verbatim`, which a spec
/// string could close).
fn listing(text: &str) -> String {
    let mut tex = String::from("{\\footnotesize\\ttfamily\\raggedright\n");
    for line in text.lines() {
        for piece in wrap(line) {
            let indent = piece.chars().take_while(|c| *c == ' ').count();
            let body = escape(piece.trim_start());
            if indent > 0 {
                tex.push_str(&format!("\\hspace*{{{}em}}", indent as f64 * 0.5));
            }
            tex.push_str(&body);
            tex.push_str("\\par\n");
        }
    }
    tex.push_str("}\n\n");
    tex
}

/// The tolerance the test suite's cost oracle checked a figure of this architecture to,
/// or that it did not agree or did not measure.
fn checked_to(oracle: crate::families::Oracle, tolerance: f64) -> String {
    match oracle {
        crate::families::Oracle::Agrees => format!(
            "within {}\\% of PyTorch's count",
            numbers::whole_percent(tolerance)
        ),
        crate::families::Oracle::Disagrees => format!(
            "not yet within {}\\% of PyTorch's count",
            numbers::whole_percent(tolerance)
        ),
        crate::families::Oracle::NotMeasured => "not measured against PyTorch".to_string(),
    }
}

/// The appendix.
/// Every check of the cost model with its verdict and numbers, and the specification's
/// warnings (the discussion names the checks that did not pass and counts the warnings).
fn feasibility(release: &Release) -> String {
    let mut tex = String::from(
        "\\subsection{Feasibility checks}\n\\label{sec:feasibility}\n\nThe cost model's verdicts:\n\\begin{itemize}\n",
    );
    for check in &release.cost.feasibility {
        tex.push_str(&format!(
            "\\item \\textbf{{{}}} ({}): {}\n",
            escape(&check.name.replace('_', " ")),
            check.verdict,
            escape(&check.detail),
        ));
    }
    tex.push_str("\\end{itemize}\n\n");
    if !release.resolved.warnings.is_empty() {
        tex.push_str("The specification drew these warnings:\n\\begin{itemize}\n");
        for warning in &release.resolved.warnings {
            tex.push_str(&format!("\\item {}\n", escape(warning)));
        }
        tex.push_str("\\end{itemize}\n\n");
    }
    tex
}

pub fn appendix(release: &Release, hashes: &[(String, String)]) -> String {
    let resolved = &release.resolved;
    let mut tex = String::from("\\appendix\n\\section{Reproducibility}\n\n");
    tex.push_str(&format!(
        "This paper was generated from the resolved specification below with base seed {} \
         (resolved seed {}, specification SHA-256 \\texttt{{{}}}). Running\n\n\
         \\begin{{center}}\\texttt{{metagen synth spec\\_resolved.yaml -{{}}-out releases -{{}}-seed {}}}\\end{{center}}\n\n\
         in the release folder regenerates every file byte for byte.\n\n",
        resolved.base_seed,
        resolved.resolved_seed,
        &resolved.spec_sha256[..16],
        resolved.base_seed,
    ));
    tex.push_str(&super::modules::modules(release));
    tex.push_str("\\subsection{Resolved specification}\n\n");
    tex.push_str(&listing(&resolved.to_yaml()));
    tex.push_str(&feasibility(release));
    // `metagen paper` writes the paper alone, with no release files to hash: the table
    // and the checklist's claim about it appear only when there are hashes to list.
    if !hashes.is_empty() {
        tex.push_str("\\subsection{File hashes}\n\n{\\footnotesize\n\\begin{tabularx}{\\linewidth}{Yl}\n\\toprule\nFile & SHA-256 \\\\\n\\midrule\n");
        for (path, hash) in hashes {
            tex.push_str(&format!(
                "\\texttt{{{}}} & \\texttt{{\\scriptsize {}}} \\\\\n",
                escape(path),
                hash
            ));
        }
        tex.push_str("\\bottomrule\n\\end{tabularx}\n}\n\n");
    }
    let reproduce = if hashes.is_empty() {
        "The appendix gives the specification, the seed and the command line; \\texttt{metagen synth} adds the hash of every released file."
    } else {
        "The appendix gives the specification, the seed, the command line and the hash of every file."
    };

    tex.push_str("\\section{Checklist}\n\n\\begin{enumerate}\n");
    let items: &[(&str, &str, &str)] = &[
        (
            "Do the main claims in the abstract and introduction reflect the paper's contributions?",
            "Yes",
            "The architecture, its exact parameter count and the cost model are released; the capability claims are labelled synthetic.",
        ),
        (
            "Does the paper discuss limitations?",
            "Yes",
            "The discussion names the checks of the cost model that did not pass; the appendix lists every verdict with its numbers.",
        ),
        (
            "Are the assumptions and derivations of the theoretical results stated?",
            "N/A",
            "The paper has no theorems; every formula of the cost model is stated with its source.",
        ),
        (
            "Is the information needed to reproduce the results disclosed?",
            "Yes",
            reproduce,
        ),
        (
            "Are the data and code openly available?",
            "Yes",
            "The release contains the training, evaluation and inference code; the data sources are named in the datasheet.",
        ),
        (
            "Are the training and test details specified?",
            "Yes",
            "Section~\\ref{sec:training} gives the optimizer, schedule, batch and steps.",
        ),
        (
            "Does the paper report error bars or statistical significance?",
            "No",
            "The capability scores are synthetic, so error bars would lend them a precision they do not have.",
        ),
        (
            "Are the compute resources for the experiments reported?",
            "Yes",
            "The stated hardware, duration, FLOPs and energy are reported in Section~\\ref{sec:training}.",
        ),
        (
            "Does the research conform with a code of ethics?",
            "Yes",
            "The paper discloses that its scores are synthetic.",
        ),
        (
            "Are broader impacts discussed?",
            "Yes",
            "See the discussion.",
        ),
        (
            "Are safeguards for high-risk release described?",
            "N/A",
            "No weights are released.",
        ),
        (
            "Are creators of existing assets credited and licenses respected?",
            "Yes",
            "Every architecture and method is cited.",
        ),
        (
            "Are new assets documented?",
            "Yes",
            "A model card and a datasheet accompany the release.",
        ),
        (
            "Were crowdsourcing or human subjects involved?",
            "N/A",
            "No.",
        ),
    ];
    for (question, answer, justification) in items {
        tex.push_str(&format!(
            "\\item {question}\\\\ Answer: [{answer}]. {justification}\n"
        ));
    }
    tex.push_str("\\end{enumerate}\n");
    tex
}
