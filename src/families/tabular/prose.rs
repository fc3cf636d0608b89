//! The paper prose of this family, in LaTeX (citing only this family's references): the
//! abstract's claim, the introduction's opening, the related-work paragraph, the conclusion's closing, and the
//! discussion's limitations and broader impact.

use crate::families::Prose;

/// This family's paper prose.
pub static PROSE: Prose = Prose {
    abstract_claim: "It works on columns and windows of measurements rather than pixels or tokens, where scaling and windowing decide much of the outcome.",
    introduction: "Tabular and time-series models face data that arrives in columns, not pixels or tokens: prices, sensor readings, counts and categories, each on its own scale. Gradient-boosted trees still win many of these benchmarks \\citep{gorishniy2021tabular}, and deep models earn their place by handling long histories, patching a series into tokens \\citep{nie2023patchtst}, or learning what normal looks like so that anomalies stand out \\citep{sakurada2014anomaly}. Normalisation and the look-back window matter more here than width.",
    related_work: "Deep tabular models have had to argue their case against strong tree ensembles, and the careful comparisons show them competitive mainly with good preprocessing. For forecasting, patch-based transformers beat point-wise ones by giving attention fewer, richer tokens; for anomaly detection, reconstruction error from an autoencoder remains a simple and surprisingly durable baseline.",
    conclusion: "Columns lie in ways images do not: leakage across time, shifting units, silent missing values. The architecture above is fully specified; the feature pipeline that feeds it still has to be written down.",
    limitations: "Tabular and time-series data are small, noisy and drift over time: feature scaling, missing values and the choice of window decide more than network width, and gradient-boosted trees remain hard to beat on many tables. Forecasts degrade with horizon and break at regime changes the training window never saw, so an error averaged over a test period hides the worst days.",
    broader_impact: "Tabular models score people for credit, insurance and hiring, where a feature can stand in for a protected attribute without naming it. Forecasts and anomaly alarms drive decisions about maintenance, staffing and money, so their failure cases should be measured on the data they will actually see.",
};
