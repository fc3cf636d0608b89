//! The benchmark suite of a release. Capability and novelty scores are
//! synthetic by design: drawn from the resolved seed, in plausible ranges,
//! and labelled synthetic wherever they appear. Efficiency and constraint
//! scores are computed from the cost model, each with the rule that made it.

use rand_chacha::ChaCha8Rng;
use rand_core::RngCore;
use serde::Serialize;

use crate::arch::Blueprint;
use crate::arch::cost::{CostModel, Verdict};
use crate::numbers;
use crate::release::Derived;
use crate::seed;
use crate::spec::ResolvedSpec;

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
    /// The model: this release or a baseline.
    pub model: String,
    /// Score out of 100, one decimal, higher is better. Always synthetic.
    pub score: f64,
}

/// Every score of a release.
#[derive(Debug, Clone, Serialize)]
pub struct Benchmarks {
    /// The original eleven-benchmark suite.
    pub suite: Vec<SuiteScore>,
    /// The spec's `evaluation.benchmarks`, for this model and each baseline.
    pub spec_scores: Vec<SpecScore>,
    /// The spec's `evaluation.metrics`, reported by code/eval.py when run.
    pub metrics: Vec<String>,
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
    let unit = f64::from(rng.next_u32()) / (f64::from(u32::MAX) + 1.0);
    round1(low + (high - low) * unit)
}

fn verdict_score(verdict: Verdict) -> f64 {
    match verdict {
        Verdict::Pass => 1.0,
        Verdict::Warn => 0.5,
        Verdict::Fail => 0.0,
    }
}

/// Scores a release from its spec, blueprint and cost model.
pub fn score(
    resolved: &ResolvedSpec,
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
            bp.total_params, resolved.param_max
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
            "100 x serving memory / budget when it fits, budget / memory when not: {} GB of {} GB",
            numbers::gb_number(derived.serving_memory_bytes),
            numbers::gb_number(resolved.memory_budget.0)
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
                "100 x min(1, latency budget / roofline latency) = 100 x min(1, {} ms / {} ms)",
                numbers::milliseconds(target),
                numbers::milliseconds(estimate)
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
        derivation: "100 x mean verdict (pass 1, warn 0.5, fail 0) of the device memory, \
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
            "100 x mean verdict of all {} feasibility checks",
            all_checks.len()
        ),
    });
    suite.push(synthetic(&mut rng, "NOVELTY-PP", "novelty", 65.0, 92.0));
    suite.push(synthetic(&mut rng, "SOTA-PROX", "novelty", 80.0, 99.0));

    let spec = &resolved.spec;
    let mut spec_scores = Vec::new();
    for benchmark in &spec.evaluation.benchmarks {
        let ours = draw(&mut rng, 70.0, 95.0);
        spec_scores.push(SpecScore {
            benchmark: benchmark.clone(),
            model: spec.name.clone(),
            score: ours,
        });
        for baseline in &spec.evaluation.baselines {
            // Every baseline trails by a margin: the original's house style.
            let margin = draw(&mut rng, 0.4, 9.0);
            spec_scores.push(SpecScore {
                benchmark: benchmark.clone(),
                model: baseline.clone(),
                score: round1((ours - margin).max(0.0)),
            });
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
        metrics: spec.evaluation.metrics.clone(),
        category_means,
        disclaimer: DISCLAIMER,
    }
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
