//! The benchmark suite of a release. Capability and novelty scores are
//! synthetic by design: drawn from the resolved seed, in plausible ranges,
//! and labelled synthetic wherever they appear. Efficiency and constraint
//! scores are computed from the cost model, each with the rule that made it.
//!
//! Spec benchmarks are drawn on their own scale ([`scale`]): a synthetic FID is low, an RL
//! return sits on its environment's scale, and baselines sometimes win. Synthetic scores
//! never carry a real model's name: the spec's baselines become `Baseline-A (synthetic)`,
//! `Baseline-B (synthetic)`, and so on.

pub mod scale;

use rand_chacha::ChaCha8Rng;
use rand_core::RngCore;
use serde::Serialize;

use crate::arch::Blueprint;
use crate::arch::cost::{CostModel, Verdict};
use crate::numbers;
use crate::release::Derived;
use crate::seed;
use crate::spec::ResolvedSpec;
use crate::tasks::Task;
pub use scale::Scale;

/// How a score was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Drawn from the seeded random stream; not a measurement.
    Synthetic,
    /// Computed from the blueprint and cost model.
    Computed,
}

impl Method {
    /// "synthetic" or "computed".
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Synthetic => "synthetic",
            Method::Computed => "computed",
        }
    }
}

/// One row of the original suite.
#[derive(Debug, Clone, Serialize)]
pub struct SuiteScore {
    /// Benchmark name, e.g. `META-SOTA`.
    pub name: &'static str,
    /// capability, efficiency, constraints or novelty.
    pub category: &'static str,
    /// Score out of 100, one decimal.
    pub score: f64,
    /// Synthetic or computed.
    pub method: Method,
    /// How the score was obtained, in one sentence.
    pub derivation: String,
}

/// A synthetic score of one model on one of the spec's own benchmarks.
#[derive(Debug, Clone, Serialize)]
pub struct SpecScore {
    /// The spec's benchmark name.
    pub benchmark: String,
    /// The model: this release, or a generic synthetic baseline (never a real model's name).
    pub model: String,
    /// Whether this row is the release's own model.
    pub ours: bool,
    /// The score on the benchmark's scale, rounded to its decimals. Always synthetic.
    pub score: f64,
    /// The benchmark's unit, direction and range.
    pub scale: Scale,
}

/// Every score of a release.
#[derive(Debug, Clone, Serialize)]
pub struct Benchmarks {
    /// The original eleven-benchmark suite.
    pub suite: Vec<SuiteScore>,
    /// The spec's `evaluation.benchmarks`, for this model and each generic baseline.
    pub spec_scores: Vec<SpecScore>,
    /// The baselines the spec names: real models, so never given a synthetic score.
    pub named_baselines: Vec<String>,
    /// The spec's `evaluation.metrics`, as written.
    pub metrics: Vec<String>,
    /// The spec metrics `code/eval.py` computes, as its `eval.json` keys.
    pub computed_metrics: Vec<String>,
    /// The spec metrics `code/eval.py` does not compute (nothing may call them computed).
    pub uncomputed_metrics: Vec<String>,
    /// Mean of each category, one decimal.
    pub category_means: Vec<(String, f64)>,
    /// The standing statement that accompanies every table.
    pub disclaimer: &'static str,
}

/// The sentence that goes with every table of scores.
pub const DISCLAIMER: &str = "Capability, novelty and spec-benchmark scores are synthetic: drawn \
from a random stream seeded by the spec, not measured. Efficiency and constraint scores are \
computed from the blueprint's cost model.";

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A uniform draw in [low, high), one decimal.
fn draw(rng: &mut ChaCha8Rng, low: f64, high: f64) -> f64 {
    round1(draw_unit(rng, low, high))
}

fn verdict_score(verdict: Verdict) -> f64 {
    match verdict {
        Verdict::Pass => 1.0,
        Verdict::Warn => 0.5,
        // Nothing was checked, so nothing is earned: never scored as a pass.
        Verdict::NotComparable | Verdict::Fail => 0.0,
    }
}

/// Metric keys only a regression head's `eval.py` returns.
const REGRESSION_KEYS: &[&str] = &["mse", "mae", "rmse", "r2"];
/// Metric keys only a classification head's `eval.py` returns.
const CLASSIFICATION_KEYS: &[&str] = &["accuracy", "f1", "top5"];

/// Scores a release from its spec, blueprint and cost model; `task` is the task whose
/// `eval.py` the release ships, which decides which spec metrics count as computed.
pub fn score(
    resolved: &ResolvedSpec,
    task: &Task,
    bp: &Blueprint,
    cost: &CostModel,
    derived: &Derived,
) -> Benchmarks {
    let mut rng = seed::stream(resolved.resolved_seed, "benchmarks");
    let mut suite = Vec::new();
    let synthetic = |rng: &mut ChaCha8Rng, name, category, low, high| SuiteScore {
        name,
        category,
        score: draw(rng, low, high),
        method: Method::Synthetic,
        derivation: format!("drawn uniformly from [{low}, {high}) by the seeded stream"),
    };
    suite.push(synthetic(&mut rng, "META-SOTA", "capability", 82.0, 97.0));
    suite.push(synthetic(&mut rng, "GEN-EVAL-∞", "capability", 75.0, 95.0));
    suite.push(synthetic(
        &mut rng,
        "FOUNDATION-BENCH",
        "capability",
        70.0,
        93.0,
    ));

    let budget_use = derived.budget_fraction;
    suite.push(SuiteScore {
        name: "PARAM-EFF",
        category: "efficiency",
        score: round1(100.0 * budget_use.min(1.0)),
        method: Method::Computed,
        derivation: format!(
            "100 x parameters / parameter budget = 100 x {} / {}",
            numbers::group_digits(bp.total_params),
            numbers::group_digits(resolved.param_max)
        ),
    });
    let flops_opt = match (&cost.chinchilla, &cost.compute) {
        (Some(ch), _) if ch.trainable_tokens.is_some() => {
            let ratio = ch.trainable_tokens.unwrap_or(0) as f64 / ch.optimal_tokens.max(1) as f64;
            SuiteScore {
                name: "FLOPS-OPT",
                category: "efficiency",
                score: round1(100.0 * ratio.min(1.0 / ratio.max(1e-12))),
                method: Method::Computed,
                derivation: format!(
                    "100 x min(r, 1/r) with r = trainable tokens / Chinchilla-optimal tokens = {}",
                    numbers::fixed(ratio, 3)
                ),
            }
        }
        (_, Some(compute)) => {
            let mfu = compute.mfu;
            SuiteScore {
                name: "FLOPS-OPT",
                category: "efficiency",
                score: round1(100.0 * mfu / 0.5),
                method: Method::Computed,
                derivation: format!(
                    "100 x assumed MFU / 0.5 (a well-tuned run) = 100 x {} / 0.5",
                    numbers::fixed(mfu, 2)
                ),
            }
        }
        _ => synthetic(&mut rng, "FLOPS-OPT", "efficiency", 60.0, 90.0),
    };
    suite.push(flops_opt);
    let budget = resolved.memory_budget.0 as f64;
    let need = derived.serving_memory_bytes as f64;
    let mem_util = if need <= budget {
        need / budget
    } else {
        budget / need
    };
    suite.push(SuiteScore {
        name: "MEM-UTIL",
        category: "efficiency",
        score: round1(100.0 * mem_util),
        method: Method::Computed,
        derivation: format!(
            "100 x serving memory / budget when it fits, budget / memory when not: {} of {}",
            numbers::memory(derived.serving_memory_bytes),
            numbers::memory(resolved.memory_budget.0)
        ),
    });

    let latency_class = crate::arch::select::latency_class(resolved.spec.constraints.latency);
    let latency_score = match (
        latency_class.budget_seconds(),
        cost.inference.latency_seconds,
    ) {
        (Some(target), Some(estimate)) if estimate > 0.0 => SuiteScore {
            name: "LATENCY-SAT",
            category: "constraints",
            score: round1(100.0 * (target / estimate).min(1.0)),
            method: Method::Computed,
            derivation: format!(
                "100 x min(1, latency budget / roofline latency) = 100 x min(1, {} / {})",
                numbers::latency(target),
                numbers::latency(estimate)
            ),
        },
        _ => SuiteScore {
            name: "LATENCY-SAT",
            category: "constraints",
            score: 100.0,
            method: Method::Computed,
            derivation: "the latency class sets no per-request budget, so it is met".to_string(),
        },
    };
    suite.push(latency_score);
    let device_checks: Vec<f64> = cost
        .feasibility
        .iter()
        .filter(|c| matches!(c.name.as_str(), "device_memory" | "latency" | "throughput"))
        .map(|c| verdict_score(c.verdict))
        .collect();
    suite.push(SuiteScore {
        name: "DEVICE-COMPAT",
        category: "constraints",
        score: round1(100.0 * mean(&device_checks)),
        method: Method::Computed,
        derivation:
            "100 x mean verdict (pass 1, warn 0.5, fail 0, not comparable 0) of the device memory, \
                     latency and throughput checks"
                .to_string(),
    });
    let all_checks: Vec<f64> = cost
        .feasibility
        .iter()
        .map(|c| verdict_score(c.verdict))
        .collect();
    suite.push(SuiteScore {
        name: "SPEC-FIDELITY",
        category: "constraints",
        score: round1(100.0 * mean(&all_checks)),
        method: Method::Computed,
        derivation: format!(
            "100 x mean verdict (pass 1, warn 0.5, fail 0, not comparable 0) of all {} feasibility checks",
            all_checks.len()
        ),
    });
    suite.push(synthetic(&mut rng, "NOVELTY-PP", "novelty", 65.0, 92.0));
    suite.push(synthetic(&mut rng, "SOTA-PROX", "novelty", 80.0, 99.0));

    let spec = &resolved.spec;
    let spec_scores = spec_benchmark_scores(resolved, &mut rng);
    let mut computed_metrics = Vec::new();
    let mut uncomputed_metrics = Vec::new();
    // A task template that serves both heads (the tabular MLP) computes only
    // the metrics of the head this blueprint has, named by its `task`
    // hyperparameter: a classifier's eval.py returns no RMSE.
    let head = bp.hyperparameters.get("task").and_then(|v| v.as_str());
    let head_computes = |key: &str| match head {
        Some("classification") => !REGRESSION_KEYS.contains(&key),
        Some("regression") => !CLASSIFICATION_KEYS.contains(&key),
        _ => true,
    };
    for metric in &spec.evaluation.metrics {
        match task.computed_key(metric).filter(|key| head_computes(key)) {
            Some(key) if !computed_metrics.contains(&key) => computed_metrics.push(key),
            Some(_) => {}
            None => uncomputed_metrics.push(metric.clone()),
        }
    }
    let category_means = ["capability", "efficiency", "constraints", "novelty"]
        .iter()
        .map(|category| {
            let scores: Vec<f64> = suite
                .iter()
                .filter(|s| s.category == *category)
                .map(|s| s.score)
                .collect();
            ((*category).to_string(), round1(mean(&scores)))
        })
        .collect();
    Benchmarks {
        suite,
        spec_scores,
        named_baselines: spec.evaluation.baselines.clone(),
        metrics: spec.evaluation.metrics.clone(),
        computed_metrics,
        uncomputed_metrics,
        category_means,
        disclaimer: DISCLAIMER,
    }
}

/// The generic name of the `index`-th baseline: `Baseline-A (synthetic)`, ...
pub fn baseline_name(index: usize) -> String {
    let letter = char::from(b'A' + (index % 26) as u8);
    let round = index / 26;
    if round == 0 {
        format!("Baseline-{letter} (synthetic)")
    } else {
        format!("Baseline-{letter}{round} (synthetic)")
    }
}

/// Draws the spec's benchmarks for this model and one generic baseline per baseline the spec
/// names. Each baseline's gap to the model is drawn from a range that lets it win sometimes;
/// if no baseline won anywhere, one seeded pair is flipped so that every comparison shows a
/// benchmark the model loses.
fn spec_benchmark_scores(resolved: &ResolvedSpec, rng: &mut ChaCha8Rng) -> Vec<SpecScore> {
    let spec = &resolved.spec;
    let reinforcement = spec.task.task_type.is_reinforcement_learning();
    let baselines = spec.evaluation.baselines.len();
    // One block per benchmark: the model's row, then its baselines.
    let mut blocks: Vec<Vec<SpecScore>> = Vec::new();
    for benchmark in &spec.evaluation.benchmarks {
        let scale = scale::scale_for(benchmark, &spec.evaluation.metrics, reinforcement);
        let ours = scale.settle(draw(rng, scale.low, scale.high));
        let mut block = vec![SpecScore {
            benchmark: benchmark.clone(),
            model: spec.name.clone(),
            ours: true,
            score: ours,
            scale,
        }];
        let width = scale.high - scale.low;
        for index in 0..baselines {
            // Positive gaps favour the model; about a quarter of the draws favour the baseline.
            let gap = width * draw_unit(rng, -0.08, 0.25);
            let signed = if scale.higher_is_better { -gap } else { gap };
            block.push(SpecScore {
                benchmark: benchmark.clone(),
                model: baseline_name(index),
                ours: false,
                score: scale.settle(ours + signed),
                scale,
            });
        }
        blocks.push(block);
    }
    let some_baseline_wins = blocks
        .iter()
        .any(|b| b[1..].iter().any(|s| s.scale.better(s.score, b[0].score)));
    if !some_baseline_wins && baselines > 0 && !blocks.is_empty() {
        let which = rng.next_u32() as usize % blocks.len();
        let block = &mut blocks[which];
        let pick = 1 + rng.next_u32() as usize % baselines;
        let ours = block[0].score;
        let scale = block[0].scale;
        let lead = ((scale.high - scale.low) * draw_unit(rng, 0.02, 0.08)).max(scale.step());
        let better = if scale.higher_is_better {
            ours + lead
        } else {
            ours - lead
        };
        let mut settled = scale.settle(better);
        if !scale.better(settled, ours) {
            // Pinned at a bound: the model yields the bound instead.
            settled = scale.settle(ours);
            let worse = if scale.higher_is_better {
                ours - scale.step()
            } else {
                ours + scale.step()
            };
            block[0].score = scale.settle(worse);
        }
        block[pick].score = settled;
    }
    blocks.into_iter().flatten().collect()
}

/// A uniform draw in [low, high) without rounding.
fn draw_unit(rng: &mut ChaCha8Rng, low: f64, high: f64) -> f64 {
    let unit = f64::from(rng.next_u32()) / (f64::from(u32::MAX) + 1.0);
    low + (high - low) * unit
}

fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        1.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_in_range_and_rounded() {
        let mut rng = seed::stream(1, "t");
        for _ in 0..1000 {
            let x = draw(&mut rng, 70.0, 95.0);
            assert!((70.0..=95.0).contains(&x), "{x}");
            assert_eq!(x, round1(x));
        }
    }
}
