//! Typed errors for architecture synthesis; every message says what the user can change.

use thiserror::Error;

/// Rounded parameter count for messages and fit notes ("1.24B", "124.4M");
/// the rule lives in `numbers::short_count`, shared with every other artifact.
pub use crate::numbers::short_count as human;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ArchError {
    #[error(
        "the parameter budget is too small for a {family} model: its smallest sensible configuration has {minimum} parameters ({}); raise constraints.parameter_budget.max to at least {minimum} or pick another family",
        human(*minimum)
    )]
    BudgetTooSmall { family: String, minimum: u64 },

    #[error("architecture.hyperparameters.{field}: {reason}")]
    InvalidOverride { field: String, reason: String },

    #[error(
        "parameter_budget.max ({param_max}) is below parameter_budget.min ({param_min}); raise max or lower min"
    )]
    BudgetBelowMin { param_min: u64, param_max: u64 },

    #[error(
        "no {family} configuration lands between parameter_budget.min {param_min} and parameter_budget.max {param_max}; the closest below is {closest} ({}); widen the range",
        human(*closest)
    )]
    NoFitInRange {
        family: String,
        param_min: u64,
        param_max: u64,
        closest: u64,
    },

    #[error("invalid request field `{field}`: {reason}")]
    InvalidRequest { field: String, reason: String },

    #[error("internal architecture error: {reason}; please report this spec")]
    Internal { reason: String },
}

impl ArchError {
    pub fn too_small(family: &str, minimum: u64) -> ArchError {
        ArchError::BudgetTooSmall {
            family: family.to_string(),
            minimum,
        }
    }

    pub fn invalid_override(field: &str, reason: impl Into<String>) -> ArchError {
        ArchError::InvalidOverride {
            field: field.to_string(),
            reason: reason.into(),
        }
    }

    pub fn invalid_request(field: &str, reason: impl Into<String>) -> ArchError {
        ArchError::InvalidRequest {
            field: field.to_string(),
            reason: reason.into(),
        }
    }

    /// A classifier's request must name at least one class.
    pub fn require_classes(num_classes: u64) -> Result<(), ArchError> {
        if num_classes == 0 {
            return Err(ArchError::invalid_request(
                "num_classes",
                "num_classes must be at least 1",
            ));
        }
        Ok(())
    }
}
