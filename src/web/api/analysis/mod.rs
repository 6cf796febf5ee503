//! API: the chart calculator. Anyone signed in posts a series and gets back what qicharts2 0.8.1
//! would say of it — centre, limits, the Anhøj run analysis and the points beyond the limits —
//! so a coach can check a chart by hand or from a spreadsheet.

pub mod input;

use crate::domain::stats::{self, RunAnalysis, Side};
use crate::error::AppError;
use crate::route;
use crate::web::actor::ApiActor;
use crate::web::routes::RouteDef;
use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::OpenApi;

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(POST "/api/v1/analysis/run-chart" => run_chart),
        route!(POST "/api/v1/analysis/i-chart" => i_chart),
        route!(POST "/api/v1/analysis/p-chart" => p_chart),
    ]
}

/// This area's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(run_chart, i_chart, p_chart),
    components(schemas(SeriesBody, CountsBody, RunsOut, IChartOut, PChartOut)),
    tags((name = "analysis", description = "Run, I and P chart calculator (Anhøj rules, qicharts2 0.8.1)"))
)]
pub struct Doc;

/// The body of the run and I chart calculators (documentation only: the body is read by hand).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct SeriesBody {
    /// The series, in time order; at least one finite number.
    values: Vec<f64>,
    /// The first k points make the baseline (1 ≤ k ≤ length); all points when absent.
    baseline: Option<usize>,
}

/// The body of the P chart calculator (documentation only: the body is read by hand).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct CountsBody {
    /// Yes counts per period (0 ≤ x ≤ n).
    x: Vec<f64>,
    /// Totals per period (n > 0), as many as `x`.
    n: Vec<f64>,
    /// The first k points make the baseline; all points when absent.
    baseline: Option<usize>,
}

/// The Anhøj run analysis, as every chart reports it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RunsOut {
    /// The centre line: median (run chart), mean (I chart) or p̄ (P chart) of the baseline.
    pub center: Option<f64>,
    /// Useful observations: points not on the centre.
    pub useful: usize,
    /// The longest run on one side of the centre.
    pub longest_run: usize,
    /// `below` or `above`: the side of the longest run (null with no useful points).
    pub longest_run_side: Option<String>,
    /// The longest run expected by chance, round(log2(useful)) + 3.
    pub longest_run_max: Option<usize>,
    /// Crossings of the centre line.
    pub crossings: usize,
    /// The fewest crossings expected by chance.
    pub crossings_min: Option<usize>,
    /// A non-random pattern: a run too long or too few crossings.
    pub runs_signal: bool,
}

impl From<&RunAnalysis> for RunsOut {
    fn from(r: &RunAnalysis) -> RunsOut {
        RunsOut {
            center: r.center,
            useful: r.useful,
            longest_run: r.longest_run,
            longest_run_side: r.longest_run_side.map(|s| match s {
                Side::Below => "below".into(),
                Side::Above => "above".into(),
            }),
            longest_run_max: r.longest_run_max,
            crossings: r.crossings,
            crossings_min: r.crossings_min,
            runs_signal: r.signal,
        }
    }
}

/// An I chart (with its MR chart).
#[derive(Serialize, utoipa::ToSchema)]
pub struct IChartOut {
    /// The run analysis around the mean.
    #[serde(flatten)]
    pub runs: RunsOut,
    /// Lower limit (null with a one-point baseline).
    pub lcl: Option<f64>,
    /// Upper limit.
    pub ucl: Option<f64>,
    /// 0-based indices of points beyond the limits.
    pub outside: Vec<usize>,
    /// σ from the screened average moving range.
    pub sigma: Option<f64>,
    /// Average moving range of the baseline.
    pub mr_center: Option<f64>,
    /// Upper limit of the moving ranges, 3.267 × their average.
    pub mr_ucl: Option<f64>,
}

/// A P chart.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PChartOut {
    /// The run analysis of the proportions around p̄.
    #[serde(flatten)]
    pub runs: RunsOut,
    /// Each point's proportion x / n.
    pub proportions: Vec<f64>,
    /// Lower limit of each point.
    pub lcl: Vec<f64>,
    /// Upper limit of each point.
    pub ucl: Vec<f64>,
    /// 0-based indices of points beyond their limits.
    pub outside: Vec<usize>,
}

/// The run chart of a series: median of the baseline, Anhøj rules over every point.
#[utoipa::path(post, path = "/api/v1/analysis/run-chart", operation_id = "analysis_run_chart", tag = "analysis",
    security(("bearer" = [])), request_body = SeriesBody,
    responses((status = 200, body = RunsOut), (status = 401), (status = 422, description = "bad series or baseline")))]
pub async fn run_chart(_actor: ApiActor, body: web::Bytes) -> Result<HttpResponse, AppError> {
    let s = input::series(&body)?;
    let r = stats::run_chart(&s.values, s.baseline);
    Ok(HttpResponse::Ok().json(RunsOut::from(&r)))
}

/// The I chart of a series: mean and screened moving-range σ of the baseline.
#[utoipa::path(post, path = "/api/v1/analysis/i-chart", operation_id = "analysis_i_chart", tag = "analysis",
    security(("bearer" = [])), request_body = SeriesBody,
    responses((status = 200, body = IChartOut), (status = 401), (status = 422, description = "bad series or baseline")))]
pub async fn i_chart(_actor: ApiActor, body: web::Bytes) -> Result<HttpResponse, AppError> {
    let s = input::series(&body)?;
    let c = stats::i_chart(&s.values, s.baseline);
    Ok(HttpResponse::Ok().json(IChartOut {
        runs: RunsOut::from(&c.runs),
        lcl: c.lcl,
        ucl: c.ucl,
        outside: c.outside,
        sigma: c.sigma,
        mr_center: c.mr_center,
        mr_ucl: c.mr_ucl,
    }))
}

/// The P chart of counts: p̄ of the baseline, limits per point.
#[utoipa::path(post, path = "/api/v1/analysis/p-chart", operation_id = "analysis_p_chart", tag = "analysis",
    security(("bearer" = [])), request_body = CountsBody,
    responses((status = 200, body = PChartOut), (status = 401), (status = 422, description = "bad counts or baseline")))]
pub async fn p_chart(_actor: ApiActor, body: web::Bytes) -> Result<HttpResponse, AppError> {
    let k = input::counts(&body)?;
    let c = stats::p_chart(&k.x, &k.n, k.baseline);
    Ok(HttpResponse::Ok().json(PChartOut {
        runs: RunsOut::from(&c.runs),
        proportions: c.proportions,
        lcl: c.lcl,
        ucl: c.ucl,
        outside: c.outside,
    }))
}
