//! Budget fitting: discrete candidate grids, the selection rule and deployment policy.
//!
//! # The fitting rule
//! Each family enumerates a discrete grid of shape-legal candidates (widths on multiples of
//! 64, head dims of 64 or 128, heads dividing the width, kv heads dividing heads, LLM FFN
//! widths on multiples of 256, depths inside a band around the published depth/width ratio of
//! the family it imitates). Every candidate's total is the exact IR count, computed in closed
//! form (the `*_params` twins of the block builders, see `blocks.rs`) so that no module tree is
//! built while searching; only the chosen candidate is built, and `synthesize` checks that its
//! tree count equals the closed-form total. Among candidates
//! with `param_min <= total <= param_max`:
//! 1. if any reaches 95% of `param_max`, pick the one whose depth is closest to the family's
//!    published aspect ratio (ties: larger total, then grid order);
//! 2. otherwise pick the largest total (ties: closer aspect ratio, then grid order).
//!
//! So for budgets >= 1M the result is >= 90% of `param_max` whenever the grid reaches that far.
//! Documented exceptions (also written into `fit_notes`): task-bound families whose natural
//! size is far below large budgets (RL policies, GNNs, tabular MLPs, forecasters, two-tower
//! towers, autoencoders) are capped at a sensible maximum instead of being inflated.
//!
//! # Deployment policy
//! `compact(req)` is true for Edge/Mobile devices and RealTime latency. Compact requests prefer
//! shallower-wider transformers (the target depth is halved and capped at 12 layers, because
//! sequential depth dominates latency at a fixed parameter count) and the shallower CNN stage
//! patterns. Other devices/latencies use the published ratios unchanged.

use super::error::ArchError;
use super::request::{ArchRequest, DeviceClass, LatencyClass};

/// The parameter range a candidate must land in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub max: u64,
    pub min: u64,
}

impl Budget {
    pub fn from_request(req: &ArchRequest) -> Result<Budget, ArchError> {
        let min = req.param_min.unwrap_or(0);
        if req.param_max < min {
            return Err(ArchError::BudgetBelowMin {
                param_min: min,
                param_max: req.param_max,
            });
        }
        Ok(Budget {
            max: req.param_max,
            min,
        })
    }

    /// The share of the maximum a total takes (0.875 for 87.5%); the one
    /// definition of the budget fraction, shared by the fit notes and the
    /// release model.
    pub fn fraction(&self, total: u64) -> f64 {
        budget_fraction(total, self.max)
    }

    /// The 90% floor that applies to budgets of at least 1M parameters.
    pub fn floor(&self) -> u64 {
        if self.max >= 1_000_000 {
            self.max / 10 * 9
        } else {
            0
        }
    }

    fn good(&self) -> u64 {
        self.max / 100 * 95
    }
}

/// A candidate configuration with its exact total and an aspect-ratio penalty (lower = closer
/// to the published shape).
#[derive(Debug, Clone, PartialEq)]
pub struct Cand<C> {
    pub cfg: C,
    pub total: u64,
    pub pref: u64,
}

/// Applies the fitting rule; errors name the smallest model when nothing fits under the max.
pub fn best_candidate<C: Clone>(
    family: &str,
    cands: &[Cand<C>],
    budget: &Budget,
    overridden: bool,
) -> Result<Cand<C>, ArchError> {
    let in_range: Vec<&Cand<C>> = cands
        .iter()
        .filter(|c| c.total <= budget.max && c.total >= budget.min)
        .collect();
    let good = budget.good();
    let best_good = in_range
        .iter()
        .filter(|c| c.total >= good)
        .min_by(|a, b| a.pref.cmp(&b.pref).then(b.total.cmp(&a.total)));
    if let Some(c) = best_good {
        return Ok((*c).clone());
    }
    if let Some(c) = in_range
        .iter()
        .min_by(|a, b| b.total.cmp(&a.total).then(a.pref.cmp(&b.pref)))
    {
        return Ok((*c).clone());
    }
    let smallest = cands.iter().map(|c| c.total).min();
    match smallest {
        Some(s) if s > budget.max => {
            if overridden {
                Err(ArchError::invalid_override(
                    "overrides",
                    format!(
                        "the overrides give at least {s} parameters ({}), over the {} budget; relax the overrides or raise param_max",
                        super::error::human(s),
                        super::error::human(budget.max)
                    ),
                ))
            } else {
                Err(ArchError::too_small(family, s))
            }
        }
        Some(_) => {
            let closest = cands
                .iter()
                .filter(|c| c.total <= budget.max)
                .map(|c| c.total)
                .max()
                .unwrap_or(0);
            Err(ArchError::NoFitInRange {
                family: family.to_string(),
                param_min: budget.min,
                param_max: budget.max,
                closest,
            })
        }
        None => Err(ArchError::invalid_override(
            "overrides",
            "no configuration satisfies the overrides together with the family's shape rules",
        )),
    }
}

/// Edge/Mobile devices or real-time latency: prefer shallow-wide, cap depth.
pub fn compact(req: &ArchRequest) -> bool {
    matches!(req.device, DeviceClass::Edge | DeviceClass::Mobile)
        || req.latency == LatencyClass::RealTime
}

/// Widths from `lo` to `hi` on multiples of `align`, with a step that grows with the width
/// (64 up to 1024, 128 up to 4096, 256 up to 16384, 1024 beyond) so grids stay small.
pub fn width_grid(lo: u64, hi: u64, align: u64) -> Vec<u64> {
    let mut out = Vec::new();
    let mut w = round_up(lo.max(align), align);
    while w <= hi {
        out.push(w);
        let step = if w < 1024 {
            64
        } else if w < 4096 {
            128
        } else if w < 16384 {
            256
        } else {
            1024
        };
        w += round_up(step, align);
    }
    out
}

pub fn round_up(x: u64, m: u64) -> u64 {
    if m == 0 { x } else { x.div_ceil(m) * m }
}

pub fn round_down(x: u64, m: u64) -> u64 {
    x.checked_div(m).map_or(x, |q| q * m)
}

/// Depth band and target for one width: `lo..=hi`, aiming at `target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DepthBand {
    pub lo: u64,
    pub hi: u64,
    pub target: u64,
}

impl DepthBand {
    /// Halve the target and cap depth for compact deployments.
    pub fn compacted(self, compact: bool) -> DepthBand {
        if !compact {
            return self;
        }
        let hi = self.hi.min(12).max(self.lo);
        DepthBand {
            lo: self.lo,
            hi,
            target: (self.target / 2).clamp(self.lo, hi),
        }
    }

    /// A single fixed depth (an override).
    pub fn fixed(n: u64) -> DepthBand {
        DepthBand {
            lo: n,
            hi: n,
            target: n,
        }
    }
}

/// Relative distance from the target depth, in thousandths.
pub fn depth_pref(depth: u64, target: u64) -> u64 {
    depth.abs_diff(target).saturating_mul(1000) / target.max(1)
}

/// For a model whose count is `base + depth * per_layer`, every legal depth's candidate total,
/// keeping only the deepest depth that fits under `max` plus the band's best-shaped depth.
pub fn depth_candidates(base: u64, per_layer: u64, band: DepthBand, max: u64) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    if base > max || per_layer == 0 {
        out.push((
            band.lo,
            base.saturating_add(band.lo.saturating_mul(per_layer)),
        ));
        return out;
    }
    let fit = (max - base) / per_layer;
    let deepest = fit.min(band.hi);
    if deepest < band.lo {
        out.push((
            band.lo,
            base.saturating_add(band.lo.saturating_mul(per_layer)),
        ));
        return out;
    }
    out.push((deepest, base + deepest * per_layer));
    let t = band.target.clamp(band.lo, deepest);
    if t != deepest {
        out.push((t, base + t * per_layer));
    }
    out
}

/// Integer ratio helper: `x * num / den` without overflow for our ranges.
pub fn scale(x: u64, num: u64, den: u64) -> u64 {
    ((x as u128 * num as u128) / den.max(1) as u128).min(u64::MAX as u128) as u64
}

/// Depth band from a published (width, depth) table: the target is linearly interpolated
/// (proportional beyond the ends), the band is [target/2, 2·target].
pub fn interp_band(table: &[(u64, u64)], width: u64) -> DepthBand {
    let target = match (table.first(), table.last()) {
        (Some(&(w0, l0)), _) if width <= w0 => scale(l0, width, w0),
        (_, Some(&(wn, ln))) if width >= wn => scale(ln, width, wn),
        _ => table
            .windows(2)
            .find(|p| width >= p[0].0 && width <= p[1].0)
            .map(|p| {
                let (w0, l0, w1, l1) = (p[0].0, p[0].1 as i128, p[1].0, p[1].1 as i128);
                let t = l0 + (l1 - l0) * (width - w0) as i128 / (w1 - w0).max(1) as i128;
                t.max(1) as u64
            })
            .unwrap_or(2),
    }
    .max(1);
    // Small models get a few extra layers of slack (t + 4) so tiny budgets can still be met.
    DepthBand {
        lo: (target / 3).max(1),
        hi: (target * 2).max(target + 4),
        target,
    }
}

/// Result of a width x depth search for a transformer stack.
#[derive(Debug, Clone)]
pub struct StackChoice<D> {
    pub dims: D,
    pub depth: u64,
    pub total: u64,
    pub candidates: usize,
}

/// Searches widths (ascending) and, per width, the depths allowed by `band`, for a model whose
/// count is affine in depth (`count_at(dims, depth)`). `make` resolves every other dimension for
/// a width; its errors are fatal when `strict` (the width was overridden), else the width is
/// skipped. Stops at the first width whose shallowest legal model is over budget.
#[allow(clippy::too_many_arguments)]
pub fn stack_search<D: Clone>(
    family: &str,
    budget: &Budget,
    widths: &[u64],
    strict: bool,
    fixed_depth: Option<u64>,
    compact: bool,
    make: impl Fn(u64) -> Result<D, ArchError>,
    count_at: impl Fn(&D, u64) -> u64,
    band: impl Fn(u64) -> DepthBand,
) -> Result<StackChoice<D>, ArchError> {
    let mut cands: Vec<Cand<(D, u64)>> = Vec::new();
    let mut first_err = None;
    for &w in widths {
        let dims = match make(w) {
            Ok(d) => d,
            Err(e) if strict => return Err(e),
            Err(e) => {
                first_err.get_or_insert(e);
                continue;
            }
        };
        let base = count_at(&dims, 0);
        let per = count_at(&dims, 1).saturating_sub(base);
        let b = fixed_depth
            .map(DepthBand::fixed)
            .unwrap_or_else(|| band(w).compacted(compact));
        let options = depth_candidates(base, per, b, budget.max);
        let over = options.iter().all(|&(_, t)| t > budget.max);
        for (depth, total) in options {
            cands.push(Cand {
                cfg: (dims.clone(), depth),
                total,
                pref: depth_pref(depth, b.target),
            });
        }
        if over {
            break;
        }
    }
    if cands.is_empty() {
        return Err(first_err.unwrap_or_else(|| {
            ArchError::invalid_override("hidden_size", "no legal width for these overrides")
        }));
    }
    let overridden = strict || fixed_depth.is_some();
    let c = best_candidate(family, &cands, budget, overridden)?;
    Ok(StackChoice {
        dims: c.cfg.0,
        depth: c.cfg.1,
        total: c.total,
        candidates: cands.len(),
    })
}

/// Searches `structures` (each with a preference penalty) x base channels (multiples of
/// `step`, up to `max_c`, ascending until the first candidate over budget). `count(s, c)` is
/// the exact closed-form count of structure `s` at base width `c`.
#[allow(clippy::too_many_arguments)]
pub fn channel_search<S: Clone>(
    family: &str,
    budget: &Budget,
    structures: &[(S, u64)],
    step: u64,
    max_c: u64,
    fixed_c: Option<u64>,
    overridden: bool,
    count: impl Fn(&S, u64) -> u64,
    pref_c: impl Fn(u64) -> u64,
) -> Result<(S, u64, u64, usize), ArchError> {
    let mut cands: Vec<Cand<(S, u64)>> = Vec::new();
    for (s, penalty) in structures {
        if let Some(c) = fixed_c {
            cands.push(Cand {
                cfg: (s.clone(), c),
                total: count(s, c),
                pref: penalty + pref_c(c),
            });
            continue;
        }
        let mut c = step;
        while c <= max_c {
            let total = count(s, c);
            cands.push(Cand {
                cfg: (s.clone(), c),
                total,
                pref: penalty + pref_c(c),
            });
            if total > budget.max {
                break;
            }
            c += step;
        }
    }
    let n = cands.len();
    let ch = best_candidate(family, &cands, budget, overridden || fixed_c.is_some())?;
    Ok((ch.cfg.0, ch.cfg.1, ch.total, n))
}

/// A fit note with the achieved fraction of the budget.
pub fn note(what: &str, total: u64, budget: &Budget, candidates: usize) -> String {
    format!(
        "{what}: {} parameters = {}% of the {} budget (best of {candidates} grid candidates)",
        total,
        crate::numbers::percent(budget.fraction(total)),
        super::error::human(budget.max)
    )
}

/// Total parameters over the budget's maximum (0.875 is 87.5% of it).
pub fn budget_fraction(total: u64, budget_max: u64) -> f64 {
    total as f64 / budget_max.max(1) as f64
}
