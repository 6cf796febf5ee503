//! PDSA cycles: the moves between Plan, Do, Study and Act, and what each
//! part must hold before the cycle moves on.
//!
//! A cycle only teaches something when its prediction was written before the
//! test and its result compared after, so each status needs its part filled:
//! no Do without a Plan, no Study without a Do, no close without a decision.

use chrono::NaiveDate;

use super::{Violation, Warning};

string_enum! {
    /// Where a cycle stands on the PDSA worksheet.
    pub enum CycleStatus {
        /// Writing the objective, questions and predictions.
        Planning => ("planning", "Planning"),
        /// Running the test in classrooms.
        Doing => ("doing", "Doing"),
        /// Comparing results with the predictions.
        Studying => ("studying", "Studying"),
        /// Deciding what to do with the change idea.
        Acting => ("acting", "Acting"),
        /// Decided; the cycle is final.
        Closed => ("closed", "Closed"),
    }
}

string_enum! {
    /// What the team decides about the change idea at the end of a cycle.
    pub enum Decision {
        /// Keep the change as tested.
        Adopt => ("adopt", "Adopt"),
        /// Keep the change with modifications, tested in a next cycle.
        Adapt => ("adapt", "Adapt"),
        /// Drop the change.
        Abandon => ("abandon", "Abandon"),
    }
}

string_enum! {
    /// How far a change idea has come.
    pub enum Stage {
        /// Being tried in small cycles.
        Testing => ("testing", "Testing"),
        /// Part of how the team works.
        Implementing => ("implementing", "Implementing"),
        /// Being taken up by other classrooms and teams.
        Spreading => ("spreading", "Spreading"),
        /// Dropped.
        Abandoned => ("abandoned", "Abandoned"),
    }
}

/// What a cycle holds, for the transition checks.
#[derive(Debug, Clone, Default)]
pub struct CycleParts {
    /// Plan: what the cycle sets out to learn.
    pub objective: String,
    /// Plan and Study: the questions, each with its prediction and result.
    pub questions: Vec<QuestionParts>,
    /// Do: what happened.
    pub do_happened: String,
    /// Study: what was learned.
    pub study_learned: String,
    /// Act: the decision about the change idea.
    pub decision: Option<Decision>,
    /// Act: why the team decided so.
    pub act_reason: String,
}

/// One question of a cycle's plan.
#[derive(Debug, Clone, Default)]
pub struct QuestionParts {
    /// What the team wants to find out.
    pub question: String,
    /// What the team expects, written before the test.
    pub prediction: String,
    /// What was found, written in the Study.
    pub result: String,
}

/// Longest plan before the "small and rapid" warning: six weeks.
const MAX_PLAN_DAYS: i64 = 42;

/// Which statuses a person can move to next from `from` (for buttons): forward step first,
/// then back step. Closed is final.
pub fn next_moves(from: CycleStatus) -> Vec<CycleStatus> {
    use CycleStatus::*;
    match from {
        Planning => vec![Doing],
        Doing => vec![Studying, Planning],
        Studying => vec![Acting, Doing],
        Acting => vec![Closed, Studying],
        Closed => vec![],
    }
}

/// The one allowed move from each status: forward one step (planning→doing→studying→acting→
/// closed), or back one step to correct a part (doing→planning, studying→doing,
/// acting→studying; closed is final). Staying put is not a move. Field "status", message
/// naming from and to and the allowed moves.
pub fn check_transition(from: CycleStatus, to: CycleStatus) -> Result<(), Violation> {
    let allowed = next_moves(from);
    if allowed.contains(&to) {
        return Ok(());
    }
    let names: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
    let allowed = match names.as_slice() {
        [] => "a closed cycle is final".to_string(),
        [forward] => format!("from {} a cycle can only move to {forward}", from.as_str()),
        [forward, back] => format!(
            "from {} a cycle can move to {forward} or back to {back}",
            from.as_str()
        ),
        _ => format!(
            "from {} a cycle can move to {}",
            from.as_str(),
            names.join(", ")
        ),
    };
    Err(Violation::new(
        "status",
        format!(
            "cannot move from {} to {}: {allowed}",
            from.as_str(),
            to.as_str()
        ),
    ))
}

/// The part that must be filled before entering `to`, every missing field reported:
/// doing ← the Plan: objective ("objective"), at least one question ("questions"), each with a
/// non-blank question and prediction ("questions[i].question", "questions[i].prediction");
/// studying ← the Do: what happened ("do_happened"); acting ← the Study: what was learned
/// ("study_learned") and each question's result ("questions[i].result"); closed ← the Act: a
/// decision ("act_decision") and its reason ("act_reason"). Planning needs nothing.
pub fn check_parts_for(to: CycleStatus, parts: &CycleParts) -> Result<(), Vec<Violation>> {
    let problems = match to {
        CycleStatus::Planning => Vec::new(),
        CycleStatus::Doing => plan_problems(parts),
        CycleStatus::Studying => blank("do_happened", &parts.do_happened, "what happened")
            .into_iter()
            .collect(),
        CycleStatus::Acting => study_problems(parts),
        CycleStatus::Closed => act_problems(parts),
    };
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// A violation of `field` when `value` is blank, saying what `part` the next status needs.
fn blank(field: &str, value: &str, part: &str) -> Option<Violation> {
    value
        .trim()
        .is_empty()
        .then(|| Violation::new(field, format!("must say {part} before the cycle moves on")))
}

/// The Plan: an objective, and questions each with a prediction made before the test.
fn plan_problems(parts: &CycleParts) -> Vec<Violation> {
    let mut problems: Vec<Violation> = blank(
        "objective",
        &parts.objective,
        "what the cycle sets out to learn",
    )
    .into_iter()
    .collect();
    if parts.questions.is_empty() {
        problems.push(Violation::new(
            "questions",
            "need at least one question with a prediction",
        ));
    }
    for (i, q) in parts.questions.iter().enumerate() {
        problems.extend(blank(
            &format!("questions[{i}].question"),
            &q.question,
            "what the team wants to find out",
        ));
        problems.extend(blank(
            &format!("questions[{i}].prediction"),
            &q.prediction,
            "what the team predicts",
        ));
    }
    problems
}

/// The Study: what was learned, and a result against each prediction.
fn study_problems(parts: &CycleParts) -> Vec<Violation> {
    let mut problems: Vec<Violation> =
        blank("study_learned", &parts.study_learned, "what was learned")
            .into_iter()
            .collect();
    for (i, q) in parts.questions.iter().enumerate() {
        problems.extend(blank(
            &format!("questions[{i}].result"),
            &q.result,
            "what was found",
        ));
    }
    problems
}

/// The Act: a decision and the reason for it.
fn act_problems(parts: &CycleParts) -> Vec<Violation> {
    let mut problems = Vec::new();
    if parts.decision.is_none() {
        problems.push(Violation::new(
            "act_decision",
            "is needed to close the cycle: adopt, adapt or abandon",
        ));
    }
    problems.extend(blank(
        "act_reason",
        &parts.act_reason,
        "why the team decided so",
    ));
    problems
}

/// Both moves checked: the transition, then the parts for `to` (transition errors first), so
/// that a person sees everything to fix at once.
pub fn check_move(
    from: CycleStatus,
    to: CycleStatus,
    parts: &CycleParts,
) -> Result<(), Vec<Violation>> {
    let mut problems: Vec<Violation> = check_transition(from, to).err().into_iter().collect();
    problems.extend(check_parts_for(to, parts).err().unwrap_or_default());
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// planned_end on or after planned_start (field "planned_end"); a one-day cycle is fine.
pub fn check_plan_dates(start: NaiveDate, end: NaiveDate) -> Result<(), Violation> {
    if end < start {
        return Err(Violation::new(
            "planned_end",
            format!("must be on or after the planned start ({start})"),
        ));
    }
    Ok(())
}

/// Soft rule "small and rapid": a plan longer than six weeks (42 days, end − start) warns
/// ("planned for 50 days: PDSA cycles are small and rapid, six weeks at most").
pub fn cycle_warnings(start: NaiveDate, end: NaiveDate) -> Vec<Warning> {
    let days = (end - start).num_days();
    if days > MAX_PLAN_DAYS {
        vec![Warning(format!(
            "planned for {days} days: PDSA cycles are small and rapid, six weeks at most"
        ))]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
#[path = "cycle_tests.rs"]
mod tests;
