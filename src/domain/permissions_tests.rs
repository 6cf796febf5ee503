use super::*;

const STUDENT: Standing = Standing::OnTeam(TeamRole::Student);
const TEACHER: Standing = Standing::OnTeam(TeamRole::Teacher);
const COACH: Standing = Standing::OnTeam(TeamRole::Coach);

#[test]
fn every_row_is_written_once() {
    for (i, (r, a, _)) in TABLE.iter().enumerate() {
        let again = TABLE[i + 1..].iter().any(|(r2, a2, _)| r2 == r && a2 == a);
        assert!(!again, "{r:?} {a:?} has two rows");
    }
    for r in Resource::ALL {
        assert!(
            TABLE.iter().any(|(r2, _, _)| r2 == r),
            "{r:?} has no row in the permission table"
        );
    }
}

#[test]
fn rule_reads_each_cell_of_its_row() {
    for (resource, action, cells) in TABLE {
        for (standing, cell) in Standing::ALL.iter().zip(cells) {
            assert_eq!(rule(*standing, *resource, *action), *cell);
        }
    }
}

#[test]
fn a_cell_without_a_row_is_refused() {
    assert_eq!(
        rule(Standing::Director, Resource::Aim, Action::Delete),
        Rule::No
    );
    assert!(!allows(
        &[Standing::Director],
        Resource::Imports,
        Action::Read,
        true,
        true
    ));
}

#[test]
fn students_read_and_comment_but_change_nothing_and_see_no_names_in_evidence() {
    for (resource, action, _) in TABLE {
        let allowed = allows(&[STUDENT], *resource, *action, false, true);
        let expected = match action {
            Action::Read => true,
            Action::SeeNames => *resource == Resource::Comments,
            _ => *resource == Resource::Comments && *action == Action::Create,
        };
        assert_eq!(allowed, expected, "student: {resource:?} {action:?}");
    }
}

#[test]
fn deleting_an_observation_is_for_its_recorder_and_the_leads() {
    let delete = |s: Standing, own| allows(&[s], Resource::Observations, Action::Delete, true, own);
    assert!(delete(TEACHER, true));
    assert!(!delete(TEACHER, false));
    for role in [TeamRole::SeniorLeader, TeamRole::Principal, TeamRole::Coach] {
        assert!(is_lead(role));
        assert!(delete(Standing::OnTeam(role), false));
    }
    assert!(!is_lead(TeamRole::Teacher) && !is_lead(TeamRole::Student));
    assert!(!delete(STUDENT, true), "a student deletes no evidence");
    assert!(!delete(Standing::Facilitator, true));
    assert!(delete(Standing::Director, false));
}

#[test]
fn other_teams_read_only_while_sharing_and_never_names_or_the_roster() {
    let read = |sharing| {
        allows(
            &[Standing::OtherTeam],
            Resource::Cycles,
            Action::Read,
            sharing,
            false,
        )
    };
    assert!(read(true));
    assert!(!read(false));
    assert_eq!(
        decide(
            &[Standing::OtherTeam],
            Resource::Cycles,
            Action::Read,
            false
        ),
        Decision::IfShared
    );
    for resource in [
        Resource::Comments,
        Resource::Classrooms,
        Resource::Observations,
    ] {
        assert!(!allows(
            &[Standing::OtherTeam],
            resource,
            Action::SeeNames,
            true,
            true
        ));
    }
    assert!(!allows(
        &[Standing::OtherTeam],
        Resource::Roster,
        Action::Read,
        true,
        false
    ));
    assert!(!allows(
        &[Standing::OtherTeam],
        Resource::Comments,
        Action::Create,
        true,
        false
    ));
}

#[test]
fn facilitators_read_everything_named_comment_and_change_nothing() {
    for (resource, action, _) in TABLE {
        let allowed = allows(&[Standing::Facilitator], *resource, *action, false, true);
        let expected = matches!(action, Action::Read | Action::SeeNames)
            || (*resource == Resource::Comments && *action == Action::Create);
        assert_eq!(allowed, expected, "facilitator: {resource:?} {action:?}");
    }
}

#[test]
fn only_directors_change_the_roster_and_they_may_do_everything() {
    for action in [Action::Create, Action::Delete] {
        for s in Standing::ALL {
            let allowed = allows(&[s], Resource::Roster, action, true, true);
            assert_eq!(allowed, s == Standing::Director, "{s:?} roster {action:?}");
        }
    }
    for (resource, action, _) in TABLE {
        assert!(allows(
            &[Standing::Director],
            *resource,
            *action,
            false,
            false
        ));
    }
}

#[test]
fn standings_combine_a_staff_role_with_a_team_role() {
    assert_eq!(
        Standing::of(GlobalRole::Member, Some(TeamRole::Student)),
        vec![STUDENT]
    );
    assert_eq!(
        Standing::of(GlobalRole::Member, None),
        vec![Standing::OtherTeam]
    );
    assert_eq!(
        Standing::of(GlobalRole::Facilitator, None),
        vec![Standing::Facilitator]
    );
    let both = Standing::of(GlobalRole::Facilitator, Some(TeamRole::Coach));
    assert_eq!(both, vec![Standing::Facilitator, COACH]);
    assert!(allows(&both, Resource::Aim, Action::Edit, false, false));
    assert!(!allows(
        &[Standing::Facilitator],
        Resource::Aim,
        Action::Edit,
        false,
        false
    ));
}

#[test]
fn the_markdown_has_a_line_per_row_and_a_column_per_standing() {
    let md = markdown();
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines.len(), TABLE.len() + 2);
    assert_eq!(
        lines[0],
        "| Resource | Action | Director | Facilitator | Senior leader | Principal | Coach | Teacher | Student | Another team |"
    );
    assert!(lines.contains(&"| Observations | delete | yes | — | yes | yes | yes | own | — | — |"));
    assert!(lines.iter().skip(2).all(|l| l.matches('|').count() == 11));
}

#[test]
fn the_readme_shows_this_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md");
    let section = readme
        .split("### Permissions")
        .nth(1)
        .expect("the README has a Permissions section");
    let shown: Vec<&str> = section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .collect();
    let code = markdown();
    let expected: Vec<&str> = code.lines().collect();
    assert_eq!(
        shown, expected,
        "README's permission table differs from the code's; paste domain::permissions::markdown()"
    );
}
