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

diesel::allow_tables_to_appear_in_same_query!(
    collectives,
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
);
