//! Shared selection for task-bound small families (GNNs, RL, tabular, forecasting,
//! recommenders): enumerate a small explicit grid, count each point in closed form, apply the
//! fitting rule, build the chosen point, and record the documented cap exception when the
//! budget is far above the family's sensible maximum.

use crate::arch::error::ArchError;
use crate::arch::fit::{self, Budget, Cand};
use crate::arch::ir::Module;

/// The outcome of [`pick`]: the chosen config, its module, its closed-form total and notes.
pub type Picked<C> = (C, Module, u64, Vec<String>);

/// Counts every grid point (with its aspect penalty) with the closed-form `count`, selects per
/// the fitting rule, builds only the chosen point with `build`, and returns it with its total
/// and notes.
pub fn pick<C: Clone>(
    family: &str,
    budget: &Budget,
    grid: Vec<(C, u64)>,
    overridden: bool,
    count: impl Fn(&C) -> u64,
    build: impl Fn(&C) -> Module,
) -> Result<Picked<C>, ArchError> {
    if grid.is_empty() {
        return Err(ArchError::invalid_override(
            "mlp_hidden",
            "the overrides leave no legal configuration",
        ));
    }
    let cands: Vec<Cand<C>> = grid
        .into_iter()
        .map(|(cfg, pref)| {
            let total = count(&cfg);
            Cand { cfg, total, pref }
        })
        .collect();
    let largest = cands.iter().map(|c| c.total).max().unwrap_or(0);
    let chosen = fit::best_candidate(family, &cands, budget, overridden)?;
    let module = build(&chosen.cfg);
    let mut notes = vec![fit::note(family, chosen.total, budget, cands.len())];
    if chosen.total < budget.floor() && largest <= budget.max {
        notes.push(format!(
            "exception to the 90% rule: {family} is task-bound; its grid tops out at {} ({}) and larger models do not help such tasks, so the budget is left unused",
            largest,
            crate::arch::error::human(largest)
        ));
    }
    Ok((chosen.cfg, module, chosen.total, notes))
}

/// Checks user-supplied hidden widths.
pub fn check_hidden(v: &[u64]) -> Result<(), ArchError> {
    if v.is_empty() || v.contains(&0) || v.len() > 16 {
        return Err(ArchError::invalid_override(
            "mlp_hidden",
            "mlp_hidden needs 1 to 16 positive widths",
        ));
    }
    Ok(())
}

/// Widths from `lo` to `hi` in steps of `step`.
pub fn steps(lo: u64, hi: u64, step: u64) -> Vec<u64> {
    (lo / step.max(1)..=hi / step.max(1))
        .map(|i| i * step)
        .filter(|&w| w >= lo)
        .collect()
}

/// Power-of-two widths from `lo` to `hi`.
pub fn pow2(lo: u64, hi: u64) -> Vec<u64> {
    let mut v = Vec::new();
    let mut w = lo.max(1);
    while w <= hi {
        v.push(w);
        w *= 2;
    }
    v
}
