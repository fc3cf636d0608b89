//! The scale a spec benchmark is reported on: its unit, which direction is better, the
//! plausible range a synthetic draw comes from and the hard bounds no score may cross.
//! Read from the benchmark's own name first (`COCO-30k FID`, `MuJoCo Ant-v4`), then from
//! the spec's first metric, so that a synthetic FID is low and an RL return sits on its
//! environment's scale.

use serde::Serialize;

/// How one benchmark is scored.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scale {
    /// What the number is: `FID`, `WER (%)`, `episode return`, `score (0-100)`.
    pub unit: &'static str,
    /// Whether a larger number is the better one.
    pub higher_is_better: bool,
    /// The plausible range this release's synthetic score is drawn from.
    pub low: f64,
    /// Upper end of the plausible range.
    pub high: f64,
    /// Hard lower bound of the metric (no score goes below it).
    #[serde(skip)]
    pub floor: f64,
    /// Hard upper bound of the metric (no score goes above it).
    #[serde(skip)]
    pub ceiling: f64,
    /// Decimals the score is rounded to and printed with.
    pub decimals: u8,
}

impl Scale {
    const fn lower(unit: &'static str, low: f64, high: f64, decimals: u8) -> Self {
        Scale {
            unit,
            higher_is_better: false,
            low,
            high,
            floor: 0.0,
            ceiling: f64::INFINITY,
            decimals,
        }
    }

    const fn higher(unit: &'static str, low: f64, high: f64, floor: f64, ceiling: f64) -> Self {
        Scale {
            unit,
            higher_is_better: true,
            low,
            high,
            floor,
            ceiling,
            decimals: 1,
        }
    }

    /// An RL return on an environment's own scale (returns can be negative).
    const fn returns(low: f64, high: f64) -> Self {
        Scale::higher(
            "episode return",
            low,
            high,
            f64::NEG_INFINITY,
            f64::INFINITY,
        )
    }

    /// A percentage, higher is better.
    pub const PERCENT: Scale = Scale::higher("score (0-100)", 40.0, 90.0, 0.0, 100.0);

    /// "higher is better" or "lower is better".
    pub fn direction(&self) -> &'static str {
        if self.higher_is_better {
            "higher is better"
        } else {
            "lower is better"
        }
    }

    /// An arrow for tables: `↑` or `↓`.
    pub fn arrow(&self) -> &'static str {
        if self.higher_is_better { "↑" } else { "↓" }
    }

    /// Whether `a` is a strictly better score than `b` on this scale.
    pub fn better(&self, a: f64, b: f64) -> bool {
        if self.higher_is_better { a > b } else { a < b }
    }

    /// Rounds to the scale's decimals and clamps to its hard bounds.
    pub fn settle(&self, x: f64) -> f64 {
        let factor = 10f64.powi(i32::from(self.decimals));
        ((x * factor).round() / factor).clamp(self.floor, self.ceiling)
    }

    /// The smallest printable step.
    pub fn step(&self) -> f64 {
        10f64.powi(-i32::from(self.decimals))
    }
}

/// Keyword rules, matched against the lower-case words of a benchmark name (or of the
/// spec's first metric); the first rule with a matching word wins.
const RULES: &[(&[&str], Scale)] = &[
    (&["fid", "fid-50k"], Scale::lower("FID", 2.0, 35.0, 1)),
    (&["fvd"], Scale::lower("FVD", 80.0, 600.0, 0)),
    (&["fad"], Scale::lower("FAD", 1.0, 8.0, 2)),
    (&["wer"], Scale::lower("WER (%)", 2.0, 25.0, 1)),
    (&["cer"], Scale::lower("CER (%)", 1.0, 10.0, 1)),
    (
        &["chamfer", "chamfer_distance"],
        Scale::lower("Chamfer distance (x1e-3)", 0.5, 5.0, 2),
    ),
    (&["kl"], Scale::lower("KL divergence", 0.5, 3.0, 2)),
    (&["perplexity"], Scale::lower("perplexity", 3.0, 30.0, 2)),
    (&["rmse"], Scale::lower("RMSE", 0.2, 1.2, 3)),
    (&["mae"], Scale::lower("MAE", 0.2, 1.0, 3)),
    (&["mse"], Scale::lower("MSE", 0.2, 1.0, 3)),
    (
        &["inception"],
        Scale::higher("Inception Score", 50.0, 300.0, 1.0, f64::INFINITY),
    ),
    (
        &["halfcheetah", "halfcheetah-v4"],
        Scale::returns(1500.0, 12000.0),
    ),
    (&["walker2d", "walker2d-v4"], Scale::returns(1000.0, 5500.0)),
    (&["ant", "ant-v4"], Scale::returns(1000.0, 6000.0)),
    (&["hopper", "hopper-v4"], Scale::returns(1000.0, 3500.0)),
    (&["humanoid", "humanoid-v4"], Scale::returns(1000.0, 7000.0)),
    (
        &["lunarlander", "lunarlander-v2"],
        Scale::returns(-50.0, 280.0),
    ),
    (&["cartpole", "cartpole-v1"], Scale::returns(100.0, 500.0)),
    (
        &["human-normalized", "human-normalised"],
        Scale::higher(
            "human-normalized score (%)",
            50.0,
            400.0,
            f64::NEG_INFINITY,
            f64::INFINITY,
        ),
    ),
    (
        &["100k"],
        Scale::higher(
            "human-normalized mean",
            0.2,
            1.2,
            f64::NEG_INFINITY,
            f64::INFINITY,
        ),
    ),
    (
        &["gridworld"],
        Scale::higher("success rate (%)", 30.0, 100.0, 0.0, 100.0),
    ),
];

/// The lower-case words of a name: split on spaces and on characters that are neither
/// alphanumeric nor `-`/`_`/`@`.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '@')))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn rule_for(text: &str) -> Option<Scale> {
    let words = words(text);
    RULES
        .iter()
        .find(|(keys, _)| keys.iter().any(|k| words.iter().any(|w| w == k)))
        .map(|(_, scale)| *scale)
}

/// The scale of a benchmark: from its name; else, for an RL task, an episode return; else
/// from the spec's first metric when every metric of the spec is lower-is-better (a
/// forecasting spec scored by `mse` and `mae` names its benchmarks after datasets); else a
/// 0-100 score. A spec that mixes directions (`fid` and `clip_score`) says nothing about a
/// benchmark whose name does not.
pub fn scale_for(benchmark: &str, metrics: &[String], reinforcement: bool) -> Scale {
    if let Some(scale) = rule_for(benchmark) {
        return scale;
    }
    if reinforcement {
        return Scale::returns(0.0, 500.0);
    }
    let scales: Vec<Option<Scale>> = metrics.iter().map(|m| rule_for(m)).collect();
    let all_lower = !scales.is_empty()
        && scales
            .iter()
            .all(|s| s.is_some_and(|s| !s.higher_is_better));
    match scales.first() {
        Some(Some(first)) if all_lower => *first,
        _ => Scale::PERCENT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn generation_and_error_metrics_are_lower_is_better() {
        for name in [
            "COCO-30k FID",
            "UCF-101 FVD",
            "MusicCaps FAD",
            "LibriSpeech test-clean WER",
            "PG-19 perplexity",
            "ImageNet 256x256 FID-50K",
        ] {
            assert!(!scale_for(name, &[], false).higher_is_better, "{name}");
        }
        assert!(scale_for("MMLU", &metrics(&["accuracy"]), false).higher_is_better);
        // A forecasting benchmark named after its dataset takes the spec's metric.
        let forecast = scale_for("ETTh1 H=96", &metrics(&["mse", "mae"]), false);
        assert_eq!(forecast.unit, "MSE");
        // A spec mixing directions says nothing about a benchmark's own scale.
        let mixed = metrics(&["fid", "clip_score"]);
        assert_eq!(scale_for("GenEval", &mixed, false), Scale::PERCENT);
        // "Ant" is an environment only as a word, not inside "Anomaly".
        assert_eq!(
            scale_for("Anomaly Transformer F1", &[], false),
            Scale::PERCENT
        );
    }

    #[test]
    fn rl_returns_sit_on_the_environment_scale() {
        let cheetah = scale_for("MuJoCo HalfCheetah-v4", &metrics(&["episode_return"]), true);
        assert_eq!(cheetah.unit, "episode return");
        assert!(cheetah.high > 1000.0);
        let lander = scale_for("LunarLander-v2", &[], true);
        assert!(lander.low < 0.0, "LunarLander returns can be negative");
        assert!(scale_for("Some custom env", &[], true).high > 100.0);
    }

    #[test]
    fn settle_rounds_and_clamps() {
        let fid = scale_for("FID", &[], false);
        assert_eq!(fid.settle(-3.26), 0.0);
        assert_eq!(fid.settle(12.34), 12.3);
        assert_eq!(Scale::PERCENT.settle(100.4), 100.0);
        assert!(fid.better(10.0, 12.0) && !fid.better(12.0, 10.0));
        assert!(Scale::PERCENT.better(80.0, 70.0));
    }
}
