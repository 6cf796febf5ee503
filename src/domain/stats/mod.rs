//! Statistics of variation, exact to the reference tool of improvement science (the R package
//! qicharts2 0.8.1, attached, so moving ranges are screened): quantiles, per-period summaries of
//! classroom means, ICC(1), run charts with the Anhøj rules, I/MR and P charts, and the reading
//! of a falling or rising spread. Pure functions only; the web layer gathers the numbers.

pub mod charts;
pub mod icc;
pub mod quantile;
pub mod runs;
pub mod summary;
pub mod variation;

pub use charts::{IChart, PChart, i_chart, p_chart};
pub use icc::{Icc, icc1};
pub use quantile::{mean, quantile7, sample_sd};
pub use runs::{
    RunAnalysis, Side, crossings_min, longest_run_indices, longest_run_max, run_analysis, run_chart,
};
pub use summary::{PeriodSummary, Target, summarise_period};
pub use variation::{Trend, VariationSignal, variation_signal};
