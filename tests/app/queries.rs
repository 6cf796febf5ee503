//! "One list is served by a fixed number of queries, whatever its length": the statements a list
//! issues are counted (diesel's instrumentation) for a short and a long list, and must be equal.

use crate::fixtures::{admit, d, team, year_starting};
use crate::support::TestApp;
use diesel::connection::{Instrumentation, InstrumentationEvent};
use diesel::prelude::*;
use pdsa::db::schema::{cycle_questions, cycles};
use pdsa::domain::cycle::Stage;
use pdsa::models::cycle::Cycle;
use pdsa::models::driver::{ChangeIdea, ChangeIdeaInput, Driver, DriverInput};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts the statements a connection starts.
struct Counter(Arc<AtomicUsize>);

impl Instrumentation for Counter {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { .. } = event {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// A change idea with `n` cycles, each with two questions.
fn idea_with_cycles(app: &TestApp, year: &pdsa::models::year::ProgramYear, n: usize) -> i32 {
    let district = admit(app, year, &format!("District {n}"));
    let t = team(app, year, district.id, "Team");
    let c = &mut app.conn();
    let driver = Driver::create(
        c,
        t.id,
        &DriverInput {
            title: "Discourse".into(),
            parent_id: None,
            position: None,
        },
    )
    .unwrap();
    let input = ChangeIdeaInput {
        driver_id: driver.id,
        title: "Talk moves".into(),
        description: String::new(),
        stage: Stage::Testing,
    };
    let idea = ChangeIdea::create(c, t.id, &input).unwrap();
    let now = pdsa::models::now();
    for i in 0..n {
        let row = (
            cycles::team_id.eq(t.id),
            cycles::change_idea_id.eq(idea.id),
            cycles::title.eq(format!("Cycle {i}")),
            cycles::planned_start.eq(d(2030, 9, 1)),
            cycles::planned_end.eq(d(2030, 9, 14)),
            cycles::created_at.eq(now),
            cycles::updated_at.eq(now),
        );
        let id: i32 = pdsa::per_backend!(&mut **c, |s| diesel::insert_into(cycles::table)
            .values(row)
            .returning(cycles::id)
            .get_result(s))
        .unwrap();
        for p in 0..2 {
            diesel::insert_into(cycle_questions::table)
                .values((
                    cycle_questions::cycle_id.eq(id),
                    cycle_questions::position.eq(p),
                    cycle_questions::question.eq("Will more students talk?"),
                ))
                .execute(c)
                .unwrap();
        }
    }
    idea.id
}

/// Statements issued to list every cycle of the idea with its parts, as the API's ramp does.
fn statements_for_ramp(app: &TestApp, idea: i32) -> (usize, usize) {
    let count = Arc::new(AtomicUsize::new(0));
    let mut c = app.conn();
    c.set_instrumentation(Counter(count.clone()));
    let page = Cycle::page_of_idea(&mut c, idea, None, 1001).unwrap();
    let listed = Cycle::with_parts(&mut c, page).unwrap();
    assert!(
        listed.iter().all(|cy| cy.questions.len() == 2),
        "questions come with each cycle"
    );
    (listed.len(), count.load(Ordering::SeqCst))
}

#[test]
fn listing_a_ramp_takes_the_same_statements_for_3_or_1000_cycles() {
    let app = TestApp::new();
    let year = year_starting(&app, 2030);
    let short = idea_with_cycles(&app, &year, 3);
    let long = idea_with_cycles(&app, &year, 1000);
    let (n_short, q_short) = statements_for_ramp(&app, short);
    let (n_long, q_long) = statements_for_ramp(&app, long);
    assert_eq!((n_short, n_long), (3, 1000));
    assert_eq!(
        q_short, q_long,
        "a longer list must not issue more statements"
    );
    assert!(
        q_long <= 4,
        "a handful of statements, not one per row: {q_long}"
    );
}
