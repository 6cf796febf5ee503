//! The demo's evidence, read from `seeds/evidence.json`: shared measures and how their values are
//! modelled, a driver diagram and a library of change ideas with the cycles of their ramps, and
//! per team its classrooms and, for each year, its aim, ideas, cycles and variation story. Dates
//! are not in the file; they are computed from the day the demo is first loaded.

use super::noise::{Model, NARROW, Shape, Values};
use crate::domain::cycle::{CycleStatus, Decision, Stage};
use crate::domain::measure::MeasureKind;
use crate::error::AppError;
use serde::Deserialize;

/// The file, embedded so the binary seeds from any working directory.
const EVIDENCE_JSON: &str = include_str!("../../../seeds/evidence.json");

/// Everything the demo's evidence is made of.
#[derive(Debug, Clone, Deserialize)]
pub struct Evidence {
    /// The measures whose between-classroom spread tells each team's story.
    pub story_measures: Vec<String>,
    /// The measure every aim targets.
    pub aim_measure: String,
    /// The collective's shared measures, the same every year.
    pub measures: Vec<MeasureSeed>,
    /// Primary drivers with their secondary drivers; a team draws the ones its ideas act on.
    pub drivers: Vec<PrimarySeed>,
    /// Change ideas with the cycles of their ramps, shared by the teams that test them.
    pub ideas: Vec<IdeaSeed>,
    /// Coaching comments, by the status of the cycle they suit.
    pub comments: Vec<CommentSeed>,
    /// Notes an observer sometimes leaves.
    pub notes: Vec<String>,
    /// The demo teams, by district.
    pub teams: Vec<TeamSeed>,
}

/// A shared measure.
#[derive(Debug, Clone, Deserialize)]
pub struct MeasureSeed {
    /// Name (natural key within the year's shared measures).
    pub name: String,
    /// What to look at.
    pub description: String,
    /// Kind.
    pub kind: MeasureKind,
    /// A rubric's lowest level.
    #[serde(default)]
    pub scale_min: Option<i32>,
    /// A rubric's highest level.
    #[serde(default)]
    pub scale_max: Option<i32>,
    /// Direction.
    pub higher_is_better: bool,
    /// A rubric's levels and descriptors.
    #[serde(default)]
    pub levels: Vec<(i32, String)>,
    /// How the demo's values are drawn.
    pub model: Model,
}

impl MeasureSeed {
    /// Which values it takes, for the generator.
    pub fn values(&self) -> Values {
        match (self.kind, self.scale_min, self.scale_max) {
            (MeasureKind::Rubric, Some(min), Some(max)) => Values::Rubric(min, max),
            (MeasureKind::YesNo, _, _) => Values::YesNo,
            (MeasureKind::Count, _, _) => Values::Count,
            _ => Values::Percent,
        }
    }
}

/// A primary driver and the secondary drivers under it.
#[derive(Debug, Clone, Deserialize)]
pub struct PrimarySeed {
    /// Title.
    pub title: String,
    /// Secondary drivers' titles.
    pub secondary: Vec<String>,
}

/// A change idea and its ramp.
#[derive(Debug, Clone, Deserialize)]
pub struct IdeaSeed {
    /// How teams refer to it in this file.
    pub key: String,
    /// Title (natural key within a team).
    pub title: String,
    /// Description.
    pub description: String,
    /// The secondary driver it acts on.
    pub driver: String,
    /// The cycles of its ramp, in order.
    pub steps: Vec<StepSeed>,
}

/// One cycle of a ramp: its whole worksheet, of which a cycle shows what its status has reached.
#[derive(Debug, Clone, Deserialize)]
pub struct StepSeed {
    /// Title (natural key within the change idea).
    pub title: String,
    /// Plan: objective.
    pub objective: String,
    /// Plan: who; `{rooms}` names the classrooms taking part.
    pub who: String,
    /// Plan: what.
    pub what: String,
    /// Plan: when.
    pub when: String,
    /// Plan: where.
    #[serde(rename = "where")]
    pub place: String,
    /// How many of the team's classrooms take part (the first ones); 0 for all.
    pub rooms: usize,
    /// The measures it collects, by name.
    pub measures: Vec<String>,
    /// Questions with predictions and results.
    pub questions: Vec<QuestionSeed>,
    /// Do: what happened.
    pub happened: String,
    /// Do: what did not go to plan.
    pub deviations: String,
    /// Study: what was learned.
    pub learned: String,
    /// Act: the decision.
    pub decision: Decision,
    /// Act: why.
    pub reason: String,
}

/// A question of a plan.
#[derive(Debug, Clone, Deserialize)]
pub struct QuestionSeed {
    /// The question.
    pub question: String,
    /// The prediction.
    pub prediction: String,
    /// The result (Study).
    pub result: String,
}

/// Who writes a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    /// The facilitator who accompanies the team.
    Facilitator,
    /// The team's coach.
    Coach,
    /// The director.
    Director,
}

/// A coaching comment.
#[derive(Debug, Clone, Deserialize)]
pub struct CommentSeed {
    /// The status of the cycles it suits.
    pub on: CycleStatus,
    /// Who writes it.
    pub by: Author,
    /// Only on cycles closed with this decision.
    #[serde(default)]
    pub decision: Option<Decision>,
    /// Only on plans longer than six weeks (and only on those when planning).
    #[serde(default)]
    pub long: bool,
    /// What they write.
    pub body: String,
}

/// A demo team across both years.
#[derive(Debug, Clone, Deserialize)]
pub struct TeamSeed {
    /// The district (natural key; a district the demo file lacks is skipped).
    pub district: String,
    /// The weekday of the weekly round of visits (1 = Tuesday … 3 = Thursday).
    pub visit_day: u32,
    /// Team members new this year: not on last year's roster.
    #[serde(default)]
    pub joined_this_year: Vec<String>,
    /// Its classrooms, the same both years.
    pub classrooms: Vec<ClassroomSeed>,
    /// Last year, for a district that was a member then.
    #[serde(default)]
    pub previous: Option<YearSeed>,
    /// This year.
    pub current: YearSeed,
}

/// A classroom.
#[derive(Debug, Clone, Deserialize)]
pub struct ClassroomSeed {
    /// Label (natural key within the team).
    pub label: String,
    /// Subject.
    pub subject: String,
    /// Grade.
    pub grade: String,
    /// The district's school, by its place in the demo file.
    pub school: usize,
    /// A team member's address, or a teacher's name.
    pub teacher: String,
}

/// What a team does in one year.
#[derive(Debug, Clone, Deserialize)]
pub struct YearSeed {
    /// The aim's statement.
    pub aim: String,
    /// The aim's target on the aim measure.
    pub target: f64,
    /// The team's level against the collective, in wide spreads.
    pub level: f64,
    /// Varies the year's draws (chosen so that the story shows; see the tests).
    pub salt: u64,
    /// Its change ideas with their stage.
    pub ideas: Vec<IdeaUse>,
    /// Its cycles, in order.
    pub cycles: Vec<CycleUse>,
    /// What its spread between classrooms does.
    pub story: Story,
}

/// A change idea a team tests.
#[derive(Debug, Clone, Deserialize)]
pub struct IdeaUse {
    /// The idea's key.
    pub idea: String,
    /// Its stage on the team.
    pub stage: Stage,
}

/// A cycle a team runs: a step of an idea's ramp, when, and how far it has come.
#[derive(Debug, Clone, Deserialize)]
pub struct CycleUse {
    /// The idea's key.
    pub idea: String,
    /// The step of its ramp.
    pub step: usize,
    /// Last year: the observation week it starts in (0 = the first week of visits); this
    /// year: weeks from the week the demo is loaded (negative = before it).
    pub start: i64,
    /// Planned length in weeks.
    pub weeks: i64,
    /// Its status.
    pub status: CycleStatus,
}

/// The spread's story for one team and year.
#[derive(Debug, Clone, Deserialize)]
pub struct Story {
    /// wide | narrow | narrows | rises.
    pub shape: String,
    /// Whether analytics should find falling variation.
    pub narrows: bool,
    /// For narrows and rises: the title of the cycle whose adoption starts it.
    #[serde(default)]
    pub after: Option<String>,
    /// In words.
    pub variation_story: String,
}

impl Evidence {
    /// The embedded demo evidence.
    pub fn demo() -> Result<Evidence, AppError> {
        serde_json::from_str(EVIDENCE_JSON)
            .map_err(|e| AppError::Internal(format!("evidence file: {e}")))
    }

    /// An idea of the library by key.
    pub fn idea(&self, key: &str) -> Result<&IdeaSeed, AppError> {
        self.ideas
            .iter()
            .find(|i| i.key == key)
            .ok_or_else(|| AppError::Internal(format!("evidence file: no idea {key}")))
    }

    /// The step a cycle runs.
    pub fn step(&self, c: &CycleUse) -> Result<(&IdeaSeed, &StepSeed), AppError> {
        let idea = self.idea(&c.idea)?;
        let step = idea.steps.get(c.step).ok_or_else(|| {
            AppError::Internal(format!("evidence file: {} has no step {}", c.idea, c.step))
        })?;
        Ok((idea, step))
    }

    /// The spread's shape over a year of observation weeks: the week a narrowing or rise
    /// starts is the one after the named cycle's last planned week (previous-year weeks).
    pub fn shape(&self, year: &YearSeed) -> Result<Shape, AppError> {
        let after = || -> Result<usize, AppError> {
            for c in &year.cycles {
                if Some(self.step(c)?.1.title.as_str()) == year.story.after.as_deref() {
                    return Ok(usize::try_from(c.start + c.weeks).unwrap_or(0));
                }
            }
            Err(AppError::Internal(
                "evidence file: story names no cycle".into(),
            ))
        };
        match year.story.shape.as_str() {
            "wide" => Ok(Shape::Steady(1.0)),
            "narrow" => Ok(Shape::Steady(NARROW)),
            "narrows" => Ok(Shape::Narrows(after()?)),
            "rises" => Ok(Shape::Rises(after()?)),
            other => Err(AppError::Internal(format!(
                "evidence file: unknown story shape {other}"
            ))),
        }
    }
}
