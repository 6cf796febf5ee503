//! Starting the next year copies the year's shared measures with their rubric levels, and each
//! team's classrooms to the team's copy (teachers on the copied roster stay linked); a team's
//! own measures and its observations stay behind.

use super::{classroom, plain, rubric_scale, shared_measure};
use crate::fixtures::{admit, join, team, year_starting};
use crate::support::TestApp;
use pdsa::domain::measure::MeasureKind;
use pdsa::domain::roles::{GlobalRole, TeamRole};
use pdsa::models::classroom::Classroom;
use pdsa::models::measure::{Measure, MeasureInput, Owner};
use pdsa::models::rollover::start_next_year;
use pdsa::models::team::Team;

#[test]
fn the_next_year_starts_with_the_shared_measures_and_the_classrooms() {
    let app = TestApp::new();
    let year = year_starting(&app, 2030);
    let district = admit(&app, &year, "Ashford");
    let t = team(&app, &year, district.id, "Ashford team");
    let teacher = app.person(GlobalRole::Member, "tia@ashford.org");
    join(&app, &t, teacher.id, TeamRole::Teacher, None);
    classroom(&app, &t, "Room 1", Some(teacher.id), None);
    classroom(&app, &t, "Room 2", None, None);
    shared_measure(&app, &year, "Discourse", rubric_scale(1, 4));
    shared_measure(&app, &year, "On task", plain(MeasureKind::Percent));
    let own = MeasureInput {
        name: "Cold calls".into(),
        description: String::new(),
        scale: plain(MeasureKind::Count),
        higher_is_better: true,
        levels: vec![],
    };
    let owner = Owner {
        program_year_id: year.id,
        team_id: Some(t.id),
    };
    Measure::create(
        &mut app.conn(),
        &pdsa::models::audit::AuditActor::system("test"),
        owner,
        &own,
    )
    .unwrap();

    let made = start_next_year(
        &mut app.conn(),
        &pdsa::models::audit::AuditActor::system("test"),
        &year,
    )
    .unwrap();
    assert_eq!((made.measures, made.classrooms), (2, 2));
    let c = &mut app.conn();
    let shared = Measure::shared_of_year(c, made.year.id).unwrap();
    let details = Measure::with_levels(c, shared).unwrap();
    let names: Vec<&str> = details.iter().map(|d| d.measure.name.as_str()).collect();
    assert_eq!(names, ["Discourse", "On task"]);
    assert_eq!(details[0].levels.len(), 4);
    assert_eq!(details[0].levels[3].descriptor, "level 4");
    let copy = Team::of_district(c, made.year.id, district.id)
        .unwrap()
        .unwrap();
    let own_next = Measure::for_team(c, made.year.id, copy.id).unwrap();
    assert_eq!(
        own_next.len(),
        2,
        "the team's own measure stays with its year"
    );
    let rooms = Classroom::rows_of_team(c, copy.id).unwrap();
    let got: Vec<(&str, Option<i32>, &str)> = rooms
        .iter()
        .map(|r| {
            (
                r.classroom.label.as_str(),
                r.classroom.teacher_person_id,
                r.teacher.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Room 1", Some(teacher.id), "tia"),
            ("Room 2", None, "Mr. Free Text")
        ]
    );
}
