//! No lost update: two writers, each on a connection of its own, race 200 saves each of the
//! same row. Every save reads the version and saves from it; exactly one save wins per version,
//! every other is refused with the conflict (never another error, never "database is locked"),
//! and the final version is one more than the number of winners.

use crate::fixtures::{admit, team, year_starting};
use crate::support::TestApp;
use diesel::prelude::*;
use pdsa::db::DbConn;
use pdsa::domain::cycle::Stage;
use pdsa::error::AppError;
use pdsa::models::driver::{ChangeIdea, ChangeIdeaInput, Driver, DriverInput};
use std::collections::BTreeSet;
use std::sync::{Arc, Barrier};

const SAVES: usize = 200;

/// One writer's outcome: the versions its winning saves were made from, and how many lost.
struct Outcome {
    won_from: Vec<i32>,
    lost: usize,
}

/// Runs two writers of `save` (from the version that `read` gives) and checks the promise.
fn race<R, S>(app: &TestApp, read: R, save: S)
where
    R: Fn(&mut DbConn) -> i32 + Send + Sync + 'static,
    S: Fn(&mut DbConn, i32, usize) -> Result<(), AppError> + Send + Sync + 'static,
{
    let (read, save) = (Arc::new(read), Arc::new(save));
    let start = Arc::new(Barrier::new(2));
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let mut conn = app.conn();
            let (read, save, start) = (read.clone(), save.clone(), start.clone());
            std::thread::spawn(move || {
                let mut out = Outcome {
                    won_from: vec![],
                    lost: 0,
                };
                start.wait();
                for i in 0..SAVES {
                    let version = read(&mut conn);
                    match save(&mut conn, version, w * SAVES + i) {
                        Ok(()) => out.won_from.push(version),
                        Err(AppError::Conflict(_)) => out.lost += 1,
                        Err(e) => panic!("save {i} of writer {w} failed: {e:?}"),
                    }
                }
                out
            })
        })
        .collect();
    let outcomes: Vec<Outcome> = writers.into_iter().map(|w| w.join().unwrap()).collect();
    let won: Vec<i32> = outcomes.iter().flat_map(|o| o.won_from.clone()).collect();
    let lost: usize = outcomes.iter().map(|o| o.lost).sum();
    let distinct: BTreeSet<i32> = won.iter().copied().collect();
    assert_eq!(distinct.len(), won.len(), "two saves won from one version");
    assert_eq!(won.len() + lost, 2 * SAVES);
    assert_eq!(read(&mut app.conn()), 1 + won.len() as i32, "final version");
    assert!(won.len() >= SAVES, "{} winners of {}", won.len(), 2 * SAVES);
}

struct Diagram {
    app: TestApp,
    team_id: i32,
    driver: Driver,
}

fn diagram() -> Diagram {
    let app = TestApp::new();
    let year = year_starting(&app, 2026);
    let district = admit(&app, &year, "Alder Creek");
    let team_id = team(&app, &year, district.id, "Alder Creek team").id;
    let input = DriverInput {
        title: "Discourse".into(),
        ..Default::default()
    };
    let driver = Driver::create(&mut app.conn(), team_id, &input).unwrap();
    Diagram {
        app,
        team_id,
        driver,
    }
}

#[test]
fn racing_saves_of_a_change_idea_lose_nothing() {
    let d = diagram();
    let driver_id = d.driver.id;
    let input = move |title: String| ChangeIdeaInput {
        driver_id,
        title,
        description: String::new(),
        stage: Stage::Testing,
    };
    let idea =
        ChangeIdea::create(&mut d.app.conn(), d.team_id, &input("Talk moves".into())).unwrap();
    let id = idea.id;
    race(
        &d.app,
        move |c| ChangeIdea::find(c, id).unwrap().version,
        move |c, version, n| {
            ChangeIdea::update(c, id, version, &input(format!("Talk moves {n}"))).map(|_| ())
        },
    );
}

#[test]
fn racing_saves_of_a_driver_lose_nothing() {
    let d = diagram();
    let id = d.driver.id;
    race(
        &d.app,
        move |c| Driver::find(c, id).unwrap().version,
        move |c, version, n| {
            let input = DriverInput {
                title: format!("Discourse {n}"),
                ..Default::default()
            };
            Driver::update(c, id, version, &input).map(|_| ())
        },
    );
}

/// Two rounds of visits of the same day saved at once: the later insert meets the earlier one's
/// rows under the unique key (on PostgreSQL; SQLite's writer waits its turn) and tries again,
/// replacing them, instead of answering 500. Both saves succeed and one value stands per
/// classroom, measure and date.
#[test]
fn racing_rounds_of_visits_of_one_day_both_save() {
    use pdsa::models::observation;
    let s = crate::evidence::Setup::new();
    let team = s.team_a.clone();
    for back in 1..=15 {
        let csv = format!(
            "date,classroom,measure,value,cycle,note\n{},Room 1,Discourse,3,,\n",
            s.day(back)
        );
        let drafts = pdsa::models::csv_files::read_observations(&csv).unwrap();
        let start = Arc::new(Barrier::new(2));
        let savers: Vec<_> = (0..2)
            .map(|_| {
                let (mut conn, team, drafts, start) =
                    (s.app.conn(), team.clone(), drafts.clone(), start.clone());
                let today = s.today;
                std::thread::spawn(move || {
                    start.wait();
                    observation::import(
                        &mut conn,
                        &pdsa::models::audit::AuditActor::system("test"),
                        &team,
                        &drafts,
                        true,
                        None,
                        today,
                    )
                })
            })
            .collect();
        for saver in savers {
            let report = saver.join().unwrap();
            assert!(report.is_ok(), "day -{back}: {report:?}");
        }
    }
    let n: i64 = pdsa::db::schema::observations::table
        .count()
        .get_result(&mut s.app.conn())
        .unwrap();
    assert_eq!(n, 15);
}
