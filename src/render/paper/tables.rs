//! The paper's tables, every cell read from the release and escaped.

use serde_json::Value;

use super::latex::escape;
use crate::benchmarks::Method;
use crate::numbers::{self, group_digits};
use crate::release::Release;

fn table(label: &str, caption: &str, spec: &str, header: &str, rows: &[String]) -> String {
    let mut tex = format!(
        "\\begin{{table}}[t]\n\\centering\n\\caption{{{caption}}}\n\\label{{tab:{label}}}\n\\small\n\
         \\begin{{tabularx}}{{\\linewidth}}{{{spec}}}\n\\toprule\n{header} \\\\\n\\midrule\n"
    );
    for row in rows {
        tex.push_str(row);
        tex.push_str(" \\\\\n");
    }
    tex.push_str("\\bottomrule\n\\end{tabularx}\n\\end{table}\n\n");
    tex
}

/// Every hyperparameter of the blueprint.
pub fn hyperparameters(release: &Release, value_text: fn(&Value) -> String) -> String {
    let rows: Vec<String> = release
        .blueprint
        .hyperparameters
        .iter()
        .map(|(key, value)| format!("\\texttt{{{}}} & {}", escape(key), value_text(value)))
        .collect();
    table(
        "hyper",
        &format!(
            "Hyperparameters of the {} network.",
            escape(&release.blueprint.variant.words())
        ),
        "lY",
        "Hyperparameter & Value",
        &rows,
    )
}

/// Parameters by top-level component, with the exact total.
pub fn parameters(release: &Release) -> String {
    let bp = &release.blueprint;
    let mut rows: Vec<String> = bp
        .by_component
        .iter()
        .map(|(component, count)| {
            let share = release.derived.component_shares.get(component);
            format!(
                "\\texttt{{{}}} & {} & {}\\%",
                escape(component),
                group_digits(*count),
                numbers::percent(share.copied().unwrap_or(0.0))
            )
        })
        .collect();
    rows.push(format!(
        "\\midrule\n\\textbf{{Total}} & \\textbf{{{}}} & 100.0\\%",
        group_digits(bp.total_params)
    ));
    table(
        "params",
        &format!(
            "Exact parameters of each top-level {} component.",
            escape(&bp.variant.words())
        ),
        "Yrr",
        "Component & Parameters & Share",
        &rows,
    )
}

/// The eleven-benchmark suite, synthetic rows flagged.
pub fn suite(release: &Release) -> String {
    let rows: Vec<String> = release
        .benchmarks
        .suite
        .iter()
        .map(|s| {
            let mark = if s.method == Method::Synthetic {
                "$^\\dagger$"
            } else {
                ""
            };
            format!(
                "{}{mark} & {}",
                escape(s.name),
                numbers::one_decimal(s.score)
            )
        })
        .collect();
    table(
        "suite",
        "The MetaGen suite. $\\dagger$: synthetic (seeded random draw, not a measurement).",
        "Yr",
        "Benchmark & Score",
        &rows,
    )
}

/// The spec's own benchmarks against generic baselines; all synthetic, each on its scale.
pub fn spec_benchmarks(release: &Release) -> String {
    let scores = &release.benchmarks.spec_scores;
    if scores.is_empty() {
        return String::new();
    }
    let rows: Vec<String> = scores
        .iter()
        .map(|s| {
            format!(
                "{} & {} & {}$^\\dagger$ & {} {}",
                escape(&s.benchmark),
                escape(&s.model),
                numbers::fixed(s.score, usize::from(s.scale.decimals)),
                escape(s.scale.unit),
                if s.scale.higher_is_better {
                    "$\\uparrow$"
                } else {
                    "$\\downarrow$"
                }
            )
        })
        .collect();
    let named = &release.benchmarks.named_baselines;
    let stand_in = if named.is_empty() {
        String::new()
    } else {
        format!(
            ", with generic stand-ins for the {} real models it names so that no real model \
             carries an invented score",
            named.len()
        )
    };
    format!(
        "Table~\\ref{{tab:baselines}} holds synthetic draws for the specification's \
         benchmarks{stand_in}.\n\n{}",
        table(
            "baselines",
            "Specification benchmarks. $\\dagger$: synthetic; $\\uparrow$/$\\downarrow$: \
             higher/lower is better.",
            "YYrl",
            "Benchmark & Model & Score & Unit",
            &rows,
        )
    )
}

/// The ablations of `blueprint/ablations.yaml`.
pub fn ablations(release: &Release) -> String {
    if release.ablations.is_empty() {
        return "The family's shape rules admit no ablation of this configuration.\n\n".to_string();
    }
    let rows: Vec<String> = release
        .ablations
        .iter()
        .map(|a| {
            format!(
                "\\texttt{{{}}} & {} & {} & {}{} & {} & {}$^\\dagger$",
                escape(&a.name),
                escape(&a.description),
                group_digits(a.total_params),
                if a.delta_params < 0 { "$-$" } else { "+" },
                group_digits(a.delta_params.unsigned_abs()),
                numbers::gb_number(a.weights_bf16_bytes),
                escape(&numbers::signed_one_decimal(a.quality_delta_synthetic))
            )
        })
        .collect();
    format!(
        "Table~\\ref{{tab:ablations}} re-synthesizes the {} network with each change applied.\n\n{}",
        escape(&release.blueprint.variant.words()),
        table(
            "ablations",
            "Ablations (\\texttt{blueprint/ablations.yaml}): exact counts and bf16 weights; \
             $\\dagger$: synthetic quality change.",
            "lYrrrr",
            "Variant & Change & Parameters & $\\Delta$ & GB & Quality",
            &rows,
        )
    )
}
