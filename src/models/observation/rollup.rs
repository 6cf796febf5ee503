//! The network roll-up: for one measure, every team's periods (ISO weeks, calendar months or
//! cycles) with the classrooms observed, observations, the mean of classroom means and the
//! between-classroom standard deviation — computed by the database in one statement over
//! millions of observations, rather than by loading them, so the network view stays within a
//! small factor of the plain SQL (the benchmark runs [`SQLITE_WEEK`] in the `sqlite3` shell).
//!
//! The SD comes from the sum and the sum of squares of classroom means:
//! sqrt(max(0, (ss − s²/k) / (k − 1))), null for fewer than two classrooms. The statement
//! returns the variance (SQLite as bundled has no `sqrt`); the square root is taken here.

use crate::db::DbConn;
use crate::db::schema::{cycles, measures, program_years};
use crate::models::measure::Measure;
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Integer, Nullable, Text};

/// How the roll-up cuts time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// ISO weeks, keyed by their Monday.
    Week,
    /// Calendar months, keyed by their first day.
    Month,
    /// The observation's cycle; observations of no cycle are left out.
    Cycle,
}

/// Which period a roll-up row is: the first day of a week or month, or a cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PeriodKey {
    /// A week's Monday or a month's first day.
    Start(NaiveDate),
    /// A cycle's id.
    Cycle(i32),
}

/// One team's figures for one period.
#[derive(Debug, Clone, PartialEq)]
pub struct RollupRow {
    /// The team (through the classroom).
    pub team_id: i32,
    /// The period.
    pub key: PeriodKey,
    /// Classrooms observed.
    pub classrooms: i64,
    /// Observations.
    pub observations: i64,
    /// Mean of classroom means.
    pub mean: f64,
    /// Between-classroom SD (sample SD of classroom means); `None` under two classrooms.
    pub sd: Option<f64>,
}

/// The statement for one engine and period: `$period` is the period expression, `$only` narrows
/// the rows (cycles), `$param` is the engine's placeholder, `$max` its two-argument maximum,
/// `$obs` the observations total (PostgreSQL's SUM of a count is numeric, so it is cast).
macro_rules! rollup_sql {
    ($period:literal, $only:literal, $param:literal, $max:literal, $obs:literal) => {
        concat!(
            "WITH classroom_means AS (\n",
            "  SELECT c.team_id AS team_id,\n",
            "         ",
            $period,
            " AS period,\n",
            "         o.classroom_id AS classroom_id,\n",
            "         AVG(o.value) AS m,\n",
            "         COUNT(*) AS n\n",
            "  FROM observations o\n",
            "  JOIN classrooms c ON c.id = o.classroom_id\n",
            "  WHERE o.measure_id = ",
            $param,
            $only,
            "\n",
            "  GROUP BY c.team_id, period, o.classroom_id\n",
            ")\n",
            "SELECT team_id,\n",
            "       period,\n",
            "       COUNT(*) AS classrooms,\n",
            "       ",
            $obs,
            " AS observations,\n",
            "       AVG(m) AS mean,\n",
            "       CASE WHEN COUNT(*) > 1\n",
            "            THEN ",
            $max,
            "(0.0, (SUM(m * m) - SUM(m) * SUM(m) / COUNT(*)) / (COUNT(*) - 1))\n",
            "       END AS variance\n",
            "FROM classroom_means\n",
            "GROUP BY team_id, period\n",
            "ORDER BY team_id, period;\n",
        )
    };
}

/// The SQLite statement by week: the one `.ci/network-rollup.sql` holds for the benchmark
/// (`:measure` is the measure's id; the week's Monday is computed portably from `%w`).
pub const SQLITE_WEEK: &str = rollup_sql!(
    "date(o.date, '-' || ((CAST(strftime('%w', o.date) AS INTEGER) + 6) % 7) || ' days')",
    "",
    ":measure",
    "max",
    "SUM(n)"
);

/// The SQLite statement by calendar month.
pub const SQLITE_MONTH: &str = rollup_sql!(
    "date(o.date, 'start of month')",
    "",
    ":measure",
    "max",
    "SUM(n)"
);

/// The SQLite statement by cycle (the cycle id as text, rows of no cycle left out).
pub const SQLITE_CYCLE: &str = rollup_sql!(
    "CAST(o.cycle_id AS TEXT)",
    " AND o.cycle_id IS NOT NULL",
    ":measure",
    "max",
    "SUM(n)"
);

const PG_WEEK: &str = rollup_sql!(
    "to_char(date_trunc('week', o.date), 'YYYY-MM-DD')",
    "",
    "$1",
    "GREATEST",
    "CAST(SUM(n) AS BIGINT)"
);

const PG_MONTH: &str = rollup_sql!(
    "to_char(o.date, 'YYYY-MM-01')",
    "",
    "$1",
    "GREATEST",
    "CAST(SUM(n) AS BIGINT)"
);

const PG_CYCLE: &str = rollup_sql!(
    "CAST(o.cycle_id AS TEXT)",
    " AND o.cycle_id IS NOT NULL",
    "$1",
    "GREATEST",
    "CAST(SUM(n) AS BIGINT)"
);

/// A row as the statement returns it.
#[derive(QueryableByName)]
struct RawRow {
    #[diesel(sql_type = Integer)]
    team_id: i32,
    #[diesel(sql_type = Text)]
    period: String,
    #[diesel(sql_type = BigInt)]
    classrooms: i64,
    #[diesel(sql_type = BigInt)]
    observations: i64,
    #[diesel(sql_type = Double)]
    mean: f64,
    #[diesel(sql_type = Nullable<Double>)]
    variance: Option<f64>,
}

/// The statement of an engine for a grouping.
fn statement(sqlite: bool, g: Grouping) -> &'static str {
    match (sqlite, g) {
        (true, Grouping::Week) => SQLITE_WEEK,
        (true, Grouping::Month) => SQLITE_MONTH,
        (true, Grouping::Cycle) => SQLITE_CYCLE,
        (false, Grouping::Week) => PG_WEEK,
        (false, Grouping::Month) => PG_MONTH,
        (false, Grouping::Cycle) => PG_CYCLE,
    }
}

/// The period key of a row: a date for weeks and months, a cycle id for cycles.
fn key(g: Grouping, text: &str) -> QueryResult<PeriodKey> {
    let bad = |e: String| diesel::result::Error::DeserializationError(e.into());
    match g {
        Grouping::Cycle => text
            .parse()
            .map(PeriodKey::Cycle)
            .map_err(|_| bad(format!("roll-up: {text:?} is not a cycle id"))),
        _ => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(PeriodKey::Start)
            .map_err(|_| bad(format!("roll-up: {text:?} is not a date"))),
    }
}

impl RawRow {
    fn into_row(self, g: Grouping) -> QueryResult<RollupRow> {
        Ok(RollupRow {
            team_id: self.team_id,
            key: key(g, &self.period)?,
            classrooms: self.classrooms,
            observations: self.observations,
            mean: self.mean,
            sd: self.variance.map(|v| v.max(0.0).sqrt()),
        })
    }
}

/// Every team's periods of one measure, by team and period key, in one statement.
pub fn rollup(conn: &mut DbConn, measure_id: i32, g: Grouping) -> QueryResult<Vec<RollupRow>> {
    let raw: Vec<RawRow> = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(statement(true, g))
            .bind::<Integer, _>(measure_id)
            .load(c)?,
        DbConn::Postgres(c) => diesel::sql_query(statement(false, g))
            .bind::<Integer, _>(measure_id)
            .load(c)?,
    };
    raw.into_iter().map(|r| r.into_row(g)).collect()
}

/// A cycle as a period of the roll-up: its title and planned start.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct CyclePeriod {
    /// Id.
    pub id: i32,
    /// Title, the period's label.
    pub title: String,
    /// Planned start, where the period sits in time.
    pub planned_start: NaiveDate,
}

/// The cycles the roll-up's rows name, in one query (planned start, then id, as a team's
/// charts order them).
pub fn cycle_periods(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<CyclePeriod>> {
    cycles::table
        .filter(cycles::id.eq_any(ids))
        .order((cycles::planned_start, cycles::id))
        .select((cycles::id, cycles::title, cycles::planned_start))
        .load(conn)
}

/// Every year's shared measures with the year's label, newest year first, then by name, in one
/// query: the measures the network view can compare teams on.
pub fn shared_measures(conn: &mut DbConn) -> QueryResult<Vec<(Measure, String)>> {
    measures::table
        .inner_join(program_years::table)
        .filter(measures::team_id.is_null())
        .order((
            program_years::start_date.desc(),
            measures::name,
            measures::id,
        ))
        .select((Measure::as_select(), program_years::label))
        .load(conn)
}
