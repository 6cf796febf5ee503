//! Diesel's view of the tables in `migrations/`. Kept by hand in step with the migrations; the
//! `schema_matches_migrations` test loads every table through these definitions.

diesel::table! {
    collectives (id) {
        id -> Integer,
        name -> Text,
        time_zone -> Text,
        breakfast_time -> Time,
        start_time -> Time,
        close_time -> Time,
        default_fee_cents -> BigInt,
        share_cycles -> Bool,
        reminder_offsets -> Text,
        reminder_send_at -> Time,
    }
}

diesel::table! {
    program_years (id) {
        id -> Integer,
        collective_id -> Integer,
        label -> Text,
        start_date -> Date,
        end_date -> Date,
    }
}

diesel::table! {
    districts (id) {
        id -> Integer,
        name -> Text,
    }
}

diesel::table! {
    schools (id) {
        id -> Integer,
        district_id -> Integer,
        name -> Text,
    }
}

diesel::table! {
    memberships (id) {
        id -> Integer,
        program_year_id -> Integer,
        district_id -> Integer,
        fee_cents -> BigInt,
        paid_cents -> BigInt,
        workshop_seats -> Integer,
        withdrawn_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    people (id) {
        id -> Integer,
        name -> Text,
        email -> Text,
        password_hash -> Nullable<Text>,
        role -> Text,
        created_at -> Timestamp,
        deactivated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Integer,
        person_id -> Integer,
        name -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        last_address -> Nullable<Text>,
    }
}

diesel::table! {
    teams (id) {
        id -> Integer,
        program_year_id -> Integer,
        district_id -> Integer,
        name -> Text,
    }
}

diesel::table! {
    team_members (id) {
        id -> Integer,
        team_id -> Integer,
        program_year_id -> Integer,
        person_id -> Integer,
        role -> Text,
        school_id -> Nullable<Integer>,
    }
}

diesel::table! {
    convenings (id) {
        id -> Integer,
        program_year_id -> Integer,
        number -> Integer,
        date -> Date,
        host_district_id -> Integer,
        venue -> Text,
        breakfast_time -> Time,
        start_time -> Time,
        close_time -> Time,
        food_cost_cents -> BigInt,
        revision -> Integer,
        version -> Integer,
        cancelled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    agenda_items (id) {
        id -> Integer,
        convening_id -> Integer,
        start_time -> Time,
        minutes -> Integer,
        title -> Text,
        kind -> Text,
    }
}

diesel::table! {
    readings (id) {
        id -> Integer,
        convening_id -> Integer,
        title -> Text,
        url -> Nullable<Text>,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    attendances (id) {
        id -> Integer,
        convening_id -> Integer,
        person_id -> Integer,
        status -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    meetings (id) {
        id -> Integer,
        program_year_id -> Integer,
        district_id -> Integer,
        kind -> Text,
        title -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        modality -> Text,
        place -> Text,
        video_url -> Text,
        notes -> Text,
        revision -> Integer,
        version -> Integer,
        cancelled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    meeting_facilitators (meeting_id, person_id) {
        meeting_id -> Integer,
        person_id -> Integer,
    }
}

diesel::table! {
    action_items (id) {
        id -> Integer,
        meeting_id -> Integer,
        description -> Text,
        owner_person_id -> Nullable<Integer>,
        due_date -> Nullable<Date>,
        done -> Bool,
    }
}

diesel::table! {
    measures (id) {
        id -> Integer,
        program_year_id -> Integer,
        team_id -> Nullable<Integer>,
        name -> Text,
        description -> Text,
        kind -> Text,
        scale_min -> Nullable<Integer>,
        scale_max -> Nullable<Integer>,
        higher_is_better -> Bool,
        version -> Integer,
    }
}

diesel::table! {
    rubric_levels (id) {
        id -> Integer,
        measure_id -> Integer,
        level -> Integer,
        descriptor -> Text,
    }
}

diesel::table! {
    classrooms (id) {
        id -> Integer,
        team_id -> Integer,
        school_id -> Nullable<Integer>,
        label -> Text,
        teacher_person_id -> Nullable<Integer>,
        teacher_name -> Text,
        subject -> Text,
        grade -> Text,
    }
}

diesel::table! {
    aims (id) {
        id -> Integer,
        team_id -> Integer,
        statement -> Text,
        target_measure_id -> Nullable<Integer>,
        target_value -> Nullable<Double>,
        target_date -> Nullable<Date>,
        version -> Integer,
    }
}

diesel::table! {
    drivers (id) {
        id -> Integer,
        team_id -> Integer,
        parent_id -> Nullable<Integer>,
        title -> Text,
        position -> Integer,
        version -> Integer,
    }
}

diesel::table! {
    change_ideas (id) {
        id -> Integer,
        team_id -> Integer,
        driver_id -> Integer,
        title -> Text,
        description -> Text,
        stage -> Text,
        version -> Integer,
    }
}

diesel::table! {
    cycles (id) {
        id -> Integer,
        team_id -> Integer,
        change_idea_id -> Integer,
        title -> Text,
        status -> Text,
        objective -> Text,
        plan_who -> Text,
        plan_what -> Text,
        plan_when -> Text,
        plan_where -> Text,
        planned_start -> Date,
        planned_end -> Date,
        do_happened -> Text,
        do_deviations -> Text,
        study_learned -> Text,
        act_decision -> Nullable<Text>,
        act_reason -> Text,
        next_cycle_id -> Nullable<Integer>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    cycle_questions (id) {
        id -> Integer,
        cycle_id -> Integer,
        position -> Integer,
        question -> Text,
        prediction -> Text,
        result -> Text,
    }
}

diesel::table! {
    cycle_measures (cycle_id, measure_id) {
        cycle_id -> Integer,
        measure_id -> Integer,
    }
}

diesel::table! {
    observations (id) {
        id -> Integer,
        classroom_id -> Integer,
        measure_id -> Integer,
        date -> Date,
        value -> Double,
        observer_person_id -> Nullable<Integer>,
        cycle_id -> Nullable<Integer>,
        note -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    comments (id) {
        id -> Integer,
        cycle_id -> Integer,
        author_person_id -> Integer,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    saved_forms (id) {
        id -> Integer,
        session_id -> Integer,
        token_hash -> Text,
        path -> Text,
        body -> Text,
        bytes -> Integer,
        created_at -> Timestamp,
    }
}

diesel::joinable!(program_years -> collectives (collective_id));
diesel::joinable!(schools -> districts (district_id));
diesel::joinable!(memberships -> program_years (program_year_id));
diesel::joinable!(memberships -> districts (district_id));
diesel::joinable!(api_tokens -> people (person_id));
diesel::joinable!(teams -> program_years (program_year_id));
diesel::joinable!(teams -> districts (district_id));
diesel::joinable!(team_members -> teams (team_id));
diesel::joinable!(team_members -> people (person_id));
diesel::joinable!(team_members -> schools (school_id));
diesel::joinable!(convenings -> program_years (program_year_id));
diesel::joinable!(convenings -> districts (host_district_id));
diesel::joinable!(agenda_items -> convenings (convening_id));
diesel::joinable!(readings -> convenings (convening_id));
diesel::joinable!(attendances -> convenings (convening_id));
diesel::joinable!(attendances -> people (person_id));
diesel::joinable!(meetings -> program_years (program_year_id));
diesel::joinable!(meetings -> districts (district_id));
diesel::joinable!(meeting_facilitators -> meetings (meeting_id));
diesel::joinable!(meeting_facilitators -> people (person_id));
diesel::joinable!(action_items -> meetings (meeting_id));
diesel::joinable!(action_items -> people (owner_person_id));

diesel::joinable!(measures -> program_years (program_year_id));
diesel::joinable!(measures -> teams (team_id));
diesel::joinable!(rubric_levels -> measures (measure_id));
diesel::joinable!(classrooms -> teams (team_id));
diesel::joinable!(classrooms -> schools (school_id));
diesel::joinable!(classrooms -> people (teacher_person_id));
diesel::joinable!(aims -> teams (team_id));
diesel::joinable!(aims -> measures (target_measure_id));
diesel::joinable!(drivers -> teams (team_id));
diesel::joinable!(change_ideas -> teams (team_id));
diesel::joinable!(change_ideas -> drivers (driver_id));
diesel::joinable!(cycles -> teams (team_id));
diesel::joinable!(cycles -> change_ideas (change_idea_id));
diesel::joinable!(cycle_questions -> cycles (cycle_id));
diesel::joinable!(cycle_measures -> cycles (cycle_id));
diesel::joinable!(cycle_measures -> measures (measure_id));
diesel::joinable!(observations -> classrooms (classroom_id));
diesel::joinable!(observations -> measures (measure_id));
diesel::joinable!(observations -> people (observer_person_id));
diesel::joinable!(observations -> cycles (cycle_id));
diesel::joinable!(comments -> cycles (cycle_id));
diesel::joinable!(comments -> people (author_person_id));

diesel::table! {
    mail_prefs (person_id) {
        person_id -> Integer,
        reminders_off -> Bool,
        unsubscribe_token -> Text,
        calendar_token -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    account_links (id) {
        id -> Integer,
        person_id -> Integer,
        purpose -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    outbox (id) {
        id -> Integer,
        kind -> Text,
        subject_type -> Text,
        subject_id -> Integer,
        revision -> Integer,
        person_id -> Integer,
        offset_days -> Integer,
        status -> Text,
        due_at -> Timestamp,
        expires_at -> Timestamp,
        attempts -> Integer,
        last_error -> Text,
        detail -> Text,
        secret -> Nullable<Text>,
        claimed_by -> Nullable<Text>,
        claimed_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        reason -> Text,
    }
}

diesel::joinable!(mail_prefs -> people (person_id));
diesel::joinable!(account_links -> people (person_id));
diesel::joinable!(outbox -> people (person_id));

diesel::allow_tables_to_appear_in_same_query!(
    collectives,
    secrets,
    data_generation,
    sign_in_failures,
    program_years,
    districts,
    schools,
    memberships,
    people,
    api_tokens,
    teams,
    team_members,
    convenings,
    agenda_items,
    readings,
    attendances,
    meetings,
    meeting_facilitators,
    action_items,
    measures,
    rubric_levels,
    classrooms,
    aims,
    drivers,
    change_ideas,
    cycles,
    cycle_questions,
    cycle_measures,
    observations,
    comments,
    saved_forms,
    mail_prefs,
    account_links,
    outbox,
);

diesel::table! {
    secrets (name) {
        name -> Text,
        value -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    data_generation (id) {
        id -> Integer,
        generation -> BigInt,
    }
}

diesel::table! {
    sign_in_failures (id) {
        id -> Integer,
        throttle_key -> Text,
        failed_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Integer,
        at -> Timestamp,
        actor_person_id -> Nullable<Integer>,
        actor_name -> Text,
        action -> Text,
        entity_kind -> Text,
        entity_id -> Integer,
        summary -> Text,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Integer,
        person_id -> Integer,
        token_hash -> Text,
        role -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
        last_address -> Text,
        user_agent -> Text,
    }
}

diesel::joinable!(sessions -> people (person_id));
diesel::joinable!(saved_forms -> sessions (session_id));
diesel::allow_tables_to_appear_in_same_query!(sessions, people);
diesel::allow_tables_to_appear_in_same_query!(sessions, saved_forms);

// Every table, once, for `pdsa copy` (`ops::copy::tables`): a table added above belongs here
// too, and a test fails until it is.
crate::copy_tables! {
    collectives, program_years, districts, schools, memberships, people, api_tokens, teams,
    team_members, convenings, agenda_items, readings, attendances, meetings,
    meeting_facilitators, action_items, measures, rubric_levels, classrooms, aims, drivers,
    change_ideas, cycles, cycle_questions, cycle_measures, observations, comments, sessions,
    saved_forms, mail_prefs, account_links, outbox, secrets, data_generation, sign_in_failures,
    audit_log,
}
