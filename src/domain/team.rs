//! Team rules. A team is one district's team for one program year: about
//! eight people, from at most two schools, with a senior leader expected.

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use super::roles::TeamRole;
use super::{Violation, Warning};

/// A team draws from at most this many schools: the collective works on
/// variation across a few classrooms that the team can actually visit.
pub const MAX_SCHOOLS: usize = 2;

/// The team sizes that raise no warning (about eight is expected).
pub const EXPECTED_SIZE: RangeInclusive<usize> = 6..=10;

/// One person on a team's roster, as the team rules need to see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct RosterEntry {
    /// The person.
    pub person_id: i32,
    /// Their role on the team.
    pub role: TeamRole,
    /// Their school; `None` for people who work for the district as a whole.
    pub school_id: Option<i32>,
}

/// Hard rules for adding `candidate` to `roster`: a person already on this
/// roster is refused (field "person_id"); `on_other_team_this_year` (the person
/// is on another team of the same program year) is refused (field "person_id");
/// a member whose school would be a third distinct school is refused (field
/// "school_id"). Members with school `None` don't count as a school.
pub fn check_new_member(
    roster: &[RosterEntry],
    candidate: &RosterEntry,
    on_other_team_this_year: bool,
) -> Result<(), Violation> {
    if roster.iter().any(|e| e.person_id == candidate.person_id) {
        return Err(Violation::new("person_id", "is already on this team"));
    }
    if on_other_team_this_year {
        return Err(Violation::new(
            "person_id",
            "is already on another team this program year",
        ));
    }
    check_school_limit(roster.iter(), candidate.school_id)
}

/// Same school rule when an existing member changes school (the member's own
/// old school does not count, since they are leaving it).
pub fn check_school_change(
    roster: &[RosterEntry],
    person_id: i32,
    new_school: Option<i32>,
) -> Result<(), Violation> {
    let others = roster.iter().filter(|e| e.person_id != person_id);
    check_school_limit(others, new_school)
}

/// Refuses `new_school` when it is not yet on the team and the team already
/// has the most schools allowed. A school already present is always fine, so
/// that data from before the rule can still be edited.
fn check_school_limit<'a>(
    others: impl Iterator<Item = &'a RosterEntry>,
    new_school: Option<i32>,
) -> Result<(), Violation> {
    let Some(new_school) = new_school else {
        return Ok(());
    };
    let schools: BTreeSet<i32> = others.filter_map(|e| e.school_id).collect();
    if schools.contains(&new_school) || schools.len() < MAX_SCHOOLS {
        return Ok(());
    }
    Err(Violation::new(
        "school_id",
        format!(
            "would be a third school: a team draws from at most {} schools",
            number_word(MAX_SCHOOLS)
        ),
    ))
}

/// Small numbers as words, for messages that read as sentences.
fn number_word(n: usize) -> String {
    match n {
        1 => "one".into(),
        2 => "two".into(),
        3 => "three".into(),
        _ => n.to_string(),
    }
}

/// Soft rules: warn below 6 or above 10 members, warn when no senior leader.
pub fn roster_warnings(roster: &[RosterEntry]) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let n = roster.len();
    if !EXPECTED_SIZE.contains(&n) {
        warnings.push(Warning(format!(
            "team of {n}: about eight is expected ({}–{})",
            EXPECTED_SIZE.start(),
            EXPECTED_SIZE.end()
        )));
    }
    if !roster.iter().any(|e| e.role == TeamRole::SeniorLeader) {
        warnings.push(Warning(
            "no senior leader: a superintendent or assistant superintendent is expected".into(),
        ));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(person_id: i32, role: TeamRole, school_id: Option<i32>) -> RosterEntry {
        RosterEntry {
            person_id,
            role,
            school_id,
        }
    }

    fn two_school_team() -> Vec<RosterEntry> {
        vec![
            entry(1, TeamRole::SeniorLeader, None),
            entry(2, TeamRole::Principal, Some(10)),
            entry(3, TeamRole::Teacher, Some(10)),
            entry(4, TeamRole::Teacher, Some(20)),
        ]
    }

    #[test]
    fn new_member_from_an_existing_school_is_accepted() {
        let new = entry(5, TeamRole::Teacher, Some(20));
        assert_eq!(check_new_member(&two_school_team(), &new, false), Ok(()));
    }

    #[test]
    fn new_member_from_a_third_school_is_refused() {
        let new = entry(5, TeamRole::Teacher, Some(30));
        let v = check_new_member(&two_school_team(), &new, false).unwrap_err();
        assert_eq!(v.field, "school_id");
        assert!(v.message.contains("at most two schools"), "{}", v.message);
    }

    #[test]
    fn new_member_without_a_school_never_counts_as_a_school() {
        let new = entry(5, TeamRole::Coach, None);
        assert_eq!(check_new_member(&two_school_team(), &new, false), Ok(()));
    }

    #[test]
    fn second_school_is_accepted() {
        let roster = vec![
            entry(1, TeamRole::Teacher, Some(10)),
            entry(2, TeamRole::Coach, None),
        ];
        let new = entry(3, TeamRole::Teacher, Some(20));
        assert_eq!(check_new_member(&roster, &new, false), Ok(()));
    }

    #[test]
    fn first_member_of_an_empty_team_is_accepted() {
        let new = entry(1, TeamRole::Teacher, Some(10));
        assert_eq!(check_new_member(&[], &new, false), Ok(()));
    }

    #[test]
    fn person_already_on_the_roster_is_refused() {
        let again = entry(3, TeamRole::Coach, None);
        let v = check_new_member(&two_school_team(), &again, false).unwrap_err();
        assert_eq!(v, Violation::new("person_id", "is already on this team"));
    }

    #[test]
    fn person_on_another_team_this_year_is_refused() {
        let new = entry(5, TeamRole::Teacher, Some(10));
        let v = check_new_member(&two_school_team(), &new, true).unwrap_err();
        assert_eq!(v.field, "person_id");
        assert!(
            v.message
                .contains("already on another team this program year")
        );
    }

    #[test]
    fn school_change_to_a_third_school_is_refused() {
        let v = check_school_change(&two_school_team(), 3, Some(30)).unwrap_err();
        assert_eq!(v.field, "school_id");
    }

    #[test]
    fn school_change_ignores_the_members_own_old_school() {
        // Person 4 is the only one at school 20: moving them to 30 leaves two schools.
        assert_eq!(check_school_change(&two_school_team(), 4, Some(30)), Ok(()));
    }

    #[test]
    fn school_change_to_none_or_an_existing_school_is_accepted() {
        assert_eq!(check_school_change(&two_school_team(), 3, None), Ok(()));
        assert_eq!(check_school_change(&two_school_team(), 3, Some(20)), Ok(()));
    }

    #[test]
    fn team_of_eight_with_senior_leader_has_no_warnings() {
        let mut roster = two_school_team();
        roster.extend((5..=8).map(|id| entry(id, TeamRole::Teacher, Some(10))));
        assert_eq!(roster_warnings(&roster), vec![]);
    }

    #[test]
    fn size_limits_six_and_ten_are_inside_the_expected_range() {
        let six: Vec<_> = (1..=6)
            .map(|id| entry(id, TeamRole::SeniorLeader, None))
            .collect();
        let ten: Vec<_> = (1..=10)
            .map(|id| entry(id, TeamRole::SeniorLeader, None))
            .collect();
        assert!(roster_warnings(&six).is_empty());
        assert!(roster_warnings(&ten).is_empty());
    }

    #[test]
    fn small_and_large_teams_warn_with_their_size() {
        let five: Vec<_> = (1..=5)
            .map(|id| entry(id, TeamRole::SeniorLeader, None))
            .collect();
        let eleven: Vec<_> = (1..=11)
            .map(|id| entry(id, TeamRole::SeniorLeader, None))
            .collect();
        assert_eq!(
            roster_warnings(&five),
            vec![Warning("team of 5: about eight is expected (6–10)".into())]
        );
        assert_eq!(
            roster_warnings(&eleven),
            vec![Warning("team of 11: about eight is expected (6–10)".into())]
        );
    }

    #[test]
    fn missing_senior_leader_warns() {
        let roster: Vec<_> = (1..=8)
            .map(|id| entry(id, TeamRole::Teacher, None))
            .collect();
        let warnings = roster_warnings(&roster);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].0.contains("no senior leader"));
    }

    #[test]
    fn empty_team_warns_about_size_and_senior_leader() {
        assert_eq!(roster_warnings(&[]).len(), 2);
    }
}
