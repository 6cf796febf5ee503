//! The driver diagram as the team page draws it: primary drivers holding their secondary
//! drivers, change ideas on either, and each change idea's ramp of cycles — from three queries,
//! whatever the diagram's size.

use super::{RampStep, ramp_order, stage_label};
use crate::db::DbConn;
use crate::error::AppError;
use crate::models::cycle::Cycle;
use crate::models::driver::{ChangeIdea, Driver};
use crate::web::render::SelectOption;
use serde::Serialize;
use std::collections::HashMap;

/// A change idea in the tree, with its stage and its ramp.
#[derive(Debug, Serialize)]
pub(super) struct IdeaNode {
    id: i32,
    title: String,
    stage: String,
    stage_label: &'static str,
    ramp: Vec<RampStep>,
}

/// A secondary driver and its change ideas.
#[derive(Debug, Serialize)]
pub(super) struct SecondaryNode {
    id: i32,
    title: String,
    ideas: Vec<IdeaNode>,
}

/// A primary driver, the change ideas on it, and its secondary drivers.
#[derive(Debug, Serialize)]
pub(super) struct PrimaryNode {
    id: i32,
    title: String,
    ideas: Vec<IdeaNode>,
    secondaries: Vec<SecondaryNode>,
}

/// A team's diagram: its drivers (for the forms' choices) and the tree.
pub(super) struct Diagram {
    pub(super) drivers: Vec<Driver>,
    pub(super) tree: Vec<PrimaryNode>,
}

impl Diagram {
    /// Loads team `team_id`'s diagram with every change idea's ramp.
    pub(super) fn load(c: &mut DbConn, team_id: i32) -> Result<Diagram, AppError> {
        let drivers = Driver::of_team(c, team_id)?;
        let ideas = ChangeIdea::page_of_team(c, team_id, None, i64::MAX)?;
        let mut cycles = Cycle::page_of_team(c, team_id, None, None, i64::MAX)?;
        ramp_order(&mut cycles);
        let mut ramps: HashMap<i32, Vec<RampStep>> = HashMap::new();
        for cycle in cycles {
            ramps
                .entry(cycle.change_idea_id)
                .or_default()
                .push(RampStep::new(cycle));
        }
        let mut by_driver: HashMap<i32, Vec<IdeaNode>> = HashMap::new();
        for idea in ideas {
            let node = IdeaNode {
                ramp: ramps.remove(&idea.id).unwrap_or_default(),
                stage_label: stage_label(&idea.stage),
                id: idea.id,
                title: idea.title,
                stage: idea.stage,
            };
            by_driver.entry(idea.driver_id).or_default().push(node);
        }
        let tree = tree(&drivers, by_driver);
        Ok(Diagram { drivers, tree })
    }

    /// The primary drivers, as parents a new secondary can go under.
    pub(super) fn parents(&self, current: &str) -> Vec<SelectOption> {
        self.drivers
            .iter()
            .filter(|d| d.parent_id.is_none())
            .map(|d| SelectOption::new(d.id, d.title.clone(), current))
            .collect()
    }

    /// Every driver in diagram order (secondaries under their primary), for a change idea.
    pub(super) fn driver_choices(&self, current: &str) -> Vec<SelectOption> {
        driver_choices(&self.drivers, current)
    }
}

/// Every driver in diagram order, secondaries indented under their primary.
pub(super) fn driver_choices(drivers: &[Driver], current: &str) -> Vec<SelectOption> {
    let mut out = Vec::new();
    for p in drivers.iter().filter(|d| d.parent_id.is_none()) {
        out.push(SelectOption::new(p.id, p.title.clone(), current));
        for s in drivers.iter().filter(|d| d.parent_id == Some(p.id)) {
            out.push(SelectOption::new(s.id, format!("— {}", s.title), current));
        }
    }
    out
}

/// Drivers (in diagram order) as primaries holding their secondaries, each with its ideas.
fn tree(drivers: &[Driver], mut ideas: HashMap<i32, Vec<IdeaNode>>) -> Vec<PrimaryNode> {
    let mut take = |id: i32| ideas.remove(&id).unwrap_or_default();
    drivers
        .iter()
        .filter(|d| d.parent_id.is_none())
        .map(|p| PrimaryNode {
            id: p.id,
            title: p.title.clone(),
            ideas: take(p.id),
            secondaries: drivers
                .iter()
                .filter(|s| s.parent_id == Some(p.id))
                .map(|s| SecondaryNode {
                    id: s.id,
                    title: s.title.clone(),
                    ideas: take(s.id),
                })
                .collect(),
        })
        .collect()
}
