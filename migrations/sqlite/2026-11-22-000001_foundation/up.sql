-- The foundation: the collective's year, its districts and teams, convenings and tune-ups, people and sign-in.
-- Instants (created_at, meeting start/end) are UTC. A convening is a day in the collective's calendar: its date
-- and its breakfast/start/close are wall-clock values in the collective's time zone, as are agenda start times,
-- so that moving a convening to another day moves its agenda with it.

CREATE TABLE collectives (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL DEFAULT 'America/New_York',
    breakfast_time TIME NOT NULL DEFAULT '08:30:00',
    start_time TIME NOT NULL DEFAULT '09:00:00',
    close_time TIME NOT NULL DEFAULT '15:30:00',
    default_fee_cents BIGINT NOT NULL DEFAULT 1500000,
    share_cycles BOOLEAN NOT NULL DEFAULT 1
);

CREATE TABLE program_years (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    collective_id INTEGER NOT NULL REFERENCES collectives(id),
    label TEXT NOT NULL UNIQUE,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    CHECK (end_date > start_date)
);

CREATE TABLE districts (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE schools (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    district_id INTEGER NOT NULL REFERENCES districts(id),
    name TEXT NOT NULL,
    UNIQUE (district_id, name)
);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    program_year_id INTEGER NOT NULL REFERENCES program_years(id),
    district_id INTEGER NOT NULL REFERENCES districts(id),
    fee_cents BIGINT NOT NULL,
    paid_cents BIGINT NOT NULL DEFAULT 0,
    workshop_seats INTEGER NOT NULL DEFAULT 0,
    UNIQUE (program_year_id, district_id),
    CHECK (fee_cents >= 0 AND paid_cents >= 0 AND workshop_seats >= 0)
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT,
    role TEXT NOT NULL CHECK (role IN ('director', 'facilitator', 'member')),
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP
);
CREATE INDEX api_tokens_person ON api_tokens (person_id);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    program_year_id INTEGER NOT NULL REFERENCES program_years(id),
    district_id INTEGER NOT NULL REFERENCES districts(id),
    name TEXT NOT NULL,
    UNIQUE (program_year_id, district_id)
);

-- program_year_id repeats the team's year so that the database itself refuses a person on two teams in one year.
CREATE TABLE team_members (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    program_year_id INTEGER NOT NULL REFERENCES program_years(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    role TEXT NOT NULL CHECK (role IN ('senior_leader', 'principal', 'coach', 'teacher', 'student')),
    school_id INTEGER REFERENCES schools(id),
    UNIQUE (program_year_id, person_id)
);
CREATE INDEX team_members_team ON team_members (team_id);

CREATE TABLE convenings (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    program_year_id INTEGER NOT NULL REFERENCES program_years(id),
    number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 4),
    date DATE NOT NULL,
    host_district_id INTEGER NOT NULL REFERENCES districts(id),
    venue TEXT NOT NULL DEFAULT '',
    breakfast_time TIME NOT NULL,
    start_time TIME NOT NULL,
    close_time TIME NOT NULL,
    food_cost_cents BIGINT NOT NULL DEFAULT 0,
    revision INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (program_year_id, number)
);

CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    convening_id INTEGER NOT NULL REFERENCES convenings(id) ON DELETE CASCADE,
    start_time TIME NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    title TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX agenda_items_convening ON agenda_items (convening_id, start_time);

CREATE TABLE readings (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    convening_id INTEGER NOT NULL REFERENCES convenings(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    url TEXT,
    note TEXT,
    UNIQUE (convening_id, title)
);

CREATE TABLE attendances (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    convening_id INTEGER NOT NULL REFERENCES convenings(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    status TEXT NOT NULL CHECK (status IN ('invited', 'attending', 'not_attending', 'attended', 'absent')),
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (convening_id, person_id)
);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    program_year_id INTEGER NOT NULL REFERENCES program_years(id),
    district_id INTEGER NOT NULL REFERENCES districts(id),
    kind TEXT NOT NULL CHECK (kind IN ('tune_up', 'district_meeting')),
    title TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    modality TEXT NOT NULL CHECK (modality IN ('in_person', 'video')),
    place TEXT NOT NULL DEFAULT '',
    video_url TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    revision INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_year_district ON meetings (program_year_id, district_id, starts_at);

CREATE TABLE meeting_facilitators (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (meeting_id, person_id)
);

CREATE TABLE action_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    description TEXT NOT NULL,
    owner_person_id INTEGER REFERENCES people(id),
    due_date DATE,
    done BOOLEAN NOT NULL DEFAULT 0
);
CREATE INDEX action_items_meeting ON action_items (meeting_id);
