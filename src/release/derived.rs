//! The figures derived from the blueprint and the cost model that more than
//! one artifact shows: computed here once, so the terminal, the blueprint,
//! the docs and the paper print the same number. Renderers format these
//! with `crate::numbers`; they never redo the arithmetic.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::arch::Blueprint;
use crate::arch::cost::{CostModel, Verdict, chinchilla_loss};
use crate::recipe::TrainingRecipe;
use crate::spec::ResolvedSpec;

/// Points on each scaling curve of the Chinchilla figure.
const SCALING_POINTS: u32 = 40;

/// How many feasibility checks gave each verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct VerdictCounts {
    /// Checks that passed.
    pub pass: usize,
    /// Checks that warned.
    pub warn: usize,
    /// Checks that failed.
    pub fail: usize,
    /// Checks whose spec figure and estimate could not be compared (never a pass).
    pub not_comparable: usize,
}

impl VerdictCounts {
    /// (verdict, count) in the order pass, warn, fail, not comparable.
    pub fn iter(&self) -> impl Iterator<Item = (Verdict, usize)> {
        [
            (Verdict::Pass, self.pass),
            (Verdict::Warn, self.warn),
            (Verdict::Fail, self.fail),
            (Verdict::NotComparable, self.not_comparable),
        ]
        .into_iter()
    }
}

/// One point of a scaling figure: (training tokens, predicted loss).
pub type LossPoint = (f64, f64);

/// The Chinchilla loss curves of the scaling figure.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalingCurves {
    /// The model's parameter count, which labels the middle curve.
    pub params: u64,
    /// L(N/4, D) over 1e8 to 1e14 tokens.
    pub quarter: Vec<LossPoint>,
    /// L(N, D), the model's own curve.
    pub model: Vec<LossPoint>,
    /// L(4N, D).
    pub quadruple: Vec<LossPoint>,
    /// The Chinchilla-optimal point (20 tokens per parameter).
    pub optimal: LossPoint,
    /// Where the compute budget lands, when the spec states compute.
    pub trainable: Option<LossPoint>,
}

/// The training run the recipe plans: its steps at its global batch, and the
/// samples and tokens that follow from them (steps x batch x sequence
/// length). Every document shows these three numbers; what the compute
/// budget could train (`params_estimate.json` compute) is a separate,
/// labelled capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PlannedRun {
    /// The recipe's steps (`train.py`'s default), counted in `step_unit`.
    pub steps: u64,
    /// What a step is: an optimizer step, or an environment step for a task whose
    /// `train.py` counts its budget in environment steps (PPO reuses each rollout for
    /// several epochs of minibatches, so its optimizer steps depend on the environment's
    /// rollout settings and are printed by `train.py`, not planned here).
    pub step_unit: StepUnit,
    /// Samples per optimizer step (the minibatch, for environment steps).
    pub global_batch: u64,
    /// Steps x global batch; for environment steps, the transitions collected, one per step.
    pub samples: u64,
    /// Tokens per sample, for models that read tokens (or patches, frames).
    pub seq_len: Option<u64>,
    /// Samples x sequence length, for models that read tokens.
    pub tokens: Option<u64>,
}

/// What the recipe's steps count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepUnit {
    Optimizer,
    Environment,
}

/// Derived figures of a release.
#[derive(Debug, Clone)]
pub struct Derived {
    /// Total parameters over the budget's maximum (0.875 is 87.5% of it).
    pub budget_fraction: f64,
    /// Each top-level component's parameters over the total, keyed as
    /// `Blueprint::by_component`.
    pub component_shares: BTreeMap<String, f64>,
    /// Serving memory: bf16 weights plus the KV cache at the full context.
    pub serving_memory_bytes: u64,
    /// The KV cache at the full context (0 for models without one).
    pub kv_cache_bytes_at_context: u64,
    /// The feasibility verdicts, counted.
    pub verdicts: VerdictCounts,
    /// The scaling figure's curves, for models with a Chinchilla estimate.
    pub scaling: Option<ScalingCurves>,
    /// The run the recipe plans.
    pub planned: PlannedRun,
}

/// L(N, D) over 1e8 to 1e14 tokens on a log grid.
fn loss_curve(params: f64) -> Vec<LossPoint> {
    (0..=SCALING_POINTS)
        .map(|i| {
            let tokens = 10f64.powf(8.0 + f64::from(i) * 0.15);
            (tokens, chinchilla_loss(params, tokens))
        })
        .collect()
}

/// Computes every derived figure of a release.
pub fn derive(
    resolved: &ResolvedSpec,
    blueprint: &Blueprint,
    cost: &CostModel,
    recipe: &TrainingRecipe,
    step_unit: StepUnit,
) -> Derived {
    let total = blueprint.total_params;
    let component_shares = blueprint
        .by_component
        .iter()
        .map(|(name, count)| (name.clone(), *count as f64 / total.max(1) as f64))
        .collect();
    let kv_cache_bytes_at_context = cost.kv_cache.as_ref().map_or(0, |kv| kv.bytes_at_context);
    let mut verdicts = VerdictCounts::default();
    for check in &cost.feasibility {
        match check.verdict {
            Verdict::Pass => verdicts.pass += 1,
            Verdict::Warn => verdicts.warn += 1,
            Verdict::Fail => verdicts.fail += 1,
            Verdict::NotComparable => verdicts.not_comparable += 1,
        }
    }
    let scaling = cost.chinchilla.as_ref().map(|ch| {
        let n = ch.params as f64;
        let at = |tokens: u64| (tokens as f64, chinchilla_loss(n, tokens as f64));
        ScalingCurves {
            params: ch.params,
            quarter: loss_curve(n / 4.0),
            model: loss_curve(n),
            quadruple: loss_curve(n * 4.0),
            optimal: at(ch.optimal_tokens),
            trainable: ch.trainable_tokens.map(at),
        }
    });
    let samples = match step_unit {
        StepUnit::Optimizer => recipe.max_steps.saturating_mul(recipe.batch_size),
        StepUnit::Environment => recipe.max_steps,
    };
    let seq_len = cost
        .compute
        .as_ref()
        .filter(|c| c.trainable_tokens.is_some())
        .map(|c| c.seq_len);
    let planned = PlannedRun {
        steps: recipe.max_steps,
        step_unit,
        global_batch: recipe.batch_size,
        samples,
        seq_len,
        tokens: seq_len.map(|s| samples.saturating_mul(s)),
    };
    Derived {
        planned,
        budget_fraction: crate::arch::fit::budget_fraction(total, resolved.param_max),
        component_shares,
        serving_memory_bytes: cost
            .weights
            .bf16_bytes
            .saturating_add(kv_cache_bytes_at_context),
        kv_cache_bytes_at_context,
        verdicts,
        scaling,
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::example;

    #[test]
    fn derived_figures_agree_with_the_counts_they_come_from() {
        for name in ["text/text_llm_tiny.yaml", "image/vit_classifier.yaml"] {
            let release = example(name);
            let derived = &release.derived;
            let total = release.blueprint.total_params;

            let fraction = derived.budget_fraction * release.resolved.param_max as f64;
            assert!(
                (fraction - total as f64).abs() < 1e-6 * total as f64,
                "{name}"
            );

            let share_sum: f64 = derived.component_shares.values().sum();
            let component_sum: u64 = release.blueprint.by_component.values().sum();
            let expected = component_sum as f64 / total as f64;
            assert!((share_sum - expected).abs() < 1e-9, "{name}: {share_sum}");

            // bf16 is two bytes per parameter.
            let kv = release
                .cost
                .kv_cache
                .as_ref()
                .map_or(0, |kv| kv.bytes_at_context);
            assert_eq!(derived.serving_memory_bytes, 2 * total + kv, "{name}");

            let checks = &release.cost.feasibility;
            let verdicts = derived.verdicts;
            assert_eq!(
                verdicts.pass + verdicts.warn + verdicts.fail + verdicts.not_comparable,
                checks.len()
            );
            for (verdict, n) in verdicts.iter() {
                assert_eq!(n, checks.iter().filter(|c| c.verdict == verdict).count());
            }
        }
    }

    #[test]
    fn scaling_curves_span_the_plotted_range_and_mark_twenty_tokens_per_parameter() {
        let release = example("text/text_llm_tiny.yaml");
        let curves = release.derived.scaling.as_ref().expect("a token model");
        assert_eq!(curves.params, release.blueprint.total_params);
        for curve in [&curves.quarter, &curves.model, &curves.quadruple] {
            assert_eq!(curve.len(), 41);
            assert!((curve[0].0 - 1e8).abs() < 1.0);
            assert!((curve[40].0 / 1e14 - 1.0).abs() < 1e-9);
            // More data lowers the predicted loss.
            assert!(curve.windows(2).all(|w| w[1].1 < w[0].1));
        }
        // A larger model reaches a lower loss at the same data.
        assert!(curves.quadruple[20].1 < curves.model[20].1);
        assert!(curves.model[20].1 < curves.quarter[20].1);
        assert_eq!(curves.optimal.0, 20.0 * curves.params as f64);
    }
}

#[cfg(test)]
mod data_verdict_tests {
    use super::tests_support::example;
    use crate::arch::cost::Verdict;

    fn data_check(release: &crate::release::Release) -> &crate::arch::cost::FeasibilityCheck {
        release
            .cost
            .feasibility
            .iter()
            .find(|c| c.name == "training_data_usage")
            .expect("data check")
    }

    /// The PPO agent's "1M environment steps" is a quantity, compared with the 1,000,000
    /// environment steps its recipe plans (spec `max_steps`, which its train.py counts in
    /// environment steps); the model-based agent's train.py counts optimizer steps, so its
    /// "500k environment steps" are not comparable, and that is not scored as a pass.
    #[test]
    fn environment_steps_are_a_quantity_and_not_comparable_is_never_a_pass() {
        let ppo = example("rl/rl_agent_ppo.yaml");
        assert_eq!(
            ppo.resolved.data_size,
            crate::spec::units::DataSize::EnvironmentSteps(1_000_000)
        );
        assert_eq!(ppo.recipe.max_steps, 1_000_000);
        let check = data_check(&ppo);
        assert_eq!(check.verdict, Verdict::Pass, "{}", check.detail);
        assert!(
            check.detail.contains("plans 1M environment steps"),
            "{}",
            check.detail
        );

        let model_based = example("rl/model_based_agent.yaml");
        let check = data_check(&model_based);
        assert_eq!(check.verdict, Verdict::NotComparable, "{}", check.detail);
        assert!(model_based.derived.verdicts.not_comparable >= 1);
        let fidelity = model_based
            .benchmarks
            .suite
            .iter()
            .find(|s| s.name == "SPEC-FIDELITY")
            .expect("fidelity");
        let counts = &model_based.derived.verdicts;
        let total = counts.pass + counts.warn + counts.fail + counts.not_comparable;
        let expected = 100.0 * (counts.pass as f64 + 0.5 * counts.warn as f64) / total as f64;
        assert!(
            (fidelity.score - (expected * 10.0).round() / 10.0).abs() < 1e-9,
            "{} against {expected}",
            fidelity.score
        );
    }

    /// The PPO agent's plan counts environment steps: its 1M steps are 1M collected
    /// transitions, not 1M optimizer steps of 64 samples (which would claim 64M). The DQN
    /// agent's train.py counts optimizer steps, each drawing a batch from its replay buffer.
    #[test]
    fn the_planned_run_counts_environment_steps_only_for_the_policy_gradient_agent() {
        let ppo = example("rl/rl_agent_ppo.yaml");
        let plan = ppo.derived.planned;
        assert_eq!(plan.step_unit, super::StepUnit::Environment);
        assert_eq!((plan.steps, plan.samples), (1_000_000, 1_000_000));
        assert_eq!(plan.global_batch, ppo.recipe.batch_size);

        let dqn = example("rl/dqn_agent.yaml");
        let plan = dqn.derived.planned;
        assert_eq!(plan.step_unit, super::StepUnit::Optimizer);
        assert_eq!(plan.samples, dqn.recipe.max_steps * dqn.recipe.batch_size);
    }

    /// Only the task whose data.py hangs `environment_steps` on `steps_per_epoch` (PPO's
    /// policy-gradient task) counts its budget in environment steps.
    #[test]
    fn only_the_policy_gradient_task_counts_environment_steps() {
        let counting: Vec<&str> = crate::tasks::TASKS
            .iter()
            .filter(|t| crate::tasks::counts_environment_steps(t))
            .map(|t| t.name)
            .collect();
        assert_eq!(counting, vec!["rl_policy_gradient"]);
    }
}

#[cfg(test)]
mod tests_support {
    use crate::release::{Release, build};
    use crate::spec::{parse_spec, resolve};

    pub(super) fn example(name: &str) -> Release {
        let source = crate::examples::example_sources()
            .into_iter()
            .find(|s| s.name.ends_with(name))
            .expect("bundled example");
        build(resolve(&parse_spec(&source).expect("parses"), None).expect("resolves"))
            .expect("builds")
    }
}
