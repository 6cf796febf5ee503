//! Who someone is: their role in the collective, and their role on a team.

string_enum! {
    /// A person's role across the whole collective; decides what they may see and change.
    pub enum GlobalRole {
        /// Staff of the facilitation organisation who run the collective.
        Director => ("director", "Director"),
        /// The facilitation team, including the collective's coaches.
        Facilitator => ("facilitator", "Facilitator"),
        /// A member of a district team.
        Member => ("member", "Member"),
    }
}

string_enum! {
    /// A person's role on one district team.
    pub enum TeamRole {
        /// A superintendent or assistant superintendent; every team is expected to have one.
        SeniorLeader => ("senior_leader", "Senior leader"),
        /// A school principal.
        Principal => ("principal", "Principal"),
        /// A district coach.
        Coach => ("coach", "Coach"),
        /// A classroom teacher.
        Teacher => ("teacher", "Teacher"),
        /// A student on the team.
        Student => ("student", "Student"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::from_serde;

    #[test]
    fn team_role_values_round_trip_through_from_str_and_serde() {
        for role in TeamRole::ALL {
            assert_eq!(role.as_str().parse::<TeamRole>(), Ok(*role));
            assert_eq!(from_serde::<TeamRole>(role.as_str()), Ok(*role));
        }
        assert_eq!(TeamRole::ALL.len(), 5);
    }

    #[test]
    fn global_role_values_round_trip_through_from_str_and_serde() {
        for role in GlobalRole::ALL {
            assert_eq!(role.as_str().parse::<GlobalRole>(), Ok(*role));
            assert_eq!(from_serde::<GlobalRole>(role.as_str()), Ok(*role));
        }
        assert_eq!(GlobalRole::ALL.len(), 3);
    }

    #[test]
    fn unknown_team_role_lists_the_allowed_values() {
        assert_eq!(
            "superintendent".parse::<TeamRole>(),
            Err("must be one of: senior_leader, principal, coach, teacher, student".to_string())
        );
    }

    #[test]
    fn parsing_is_exact_not_by_label() {
        assert!("Senior leader".parse::<TeamRole>().is_err());
        assert!("Director".parse::<GlobalRole>().is_err());
        assert!("".parse::<GlobalRole>().is_err());
    }

    #[test]
    fn labels_are_for_people() {
        assert_eq!(TeamRole::SeniorLeader.label(), "Senior leader");
        assert_eq!(TeamRole::SeniorLeader.as_str(), "senior_leader");
        assert_eq!(GlobalRole::Facilitator.label(), "Facilitator");
    }
}
