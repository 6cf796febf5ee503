-- PDSA cycles and their evidence: measures (shared by the collective for a year, or a team's
-- own), classrooms, observations, each team's aim and driver diagram, change ideas, cycles with
-- their questions and predictions, and coaching comments.

CREATE TABLE measures (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    program_year_id INTEGER NOT NULL REFERENCES program_years(id),
    -- NULL: shared by every team of the year; else the owning team.
    team_id INTEGER REFERENCES teams(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('rubric', 'percent', 'count', 'yes_no')),
    scale_min INTEGER,
    scale_max INTEGER,
    higher_is_better BOOLEAN NOT NULL DEFAULT 1,
    CHECK (kind <> 'rubric' OR (scale_min IS NOT NULL AND scale_max IS NOT NULL AND scale_max > scale_min))
);
CREATE INDEX measures_year_team ON measures (program_year_id, team_id);

CREATE TABLE rubric_levels (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
    level INTEGER NOT NULL,
    descriptor TEXT NOT NULL,
    UNIQUE (measure_id, level)
);

CREATE TABLE classrooms (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    school_id INTEGER REFERENCES schools(id),
    label TEXT NOT NULL,
    -- The teacher: a person on the team, or just a name.
    teacher_person_id INTEGER REFERENCES people(id),
    teacher_name TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    grade TEXT NOT NULL DEFAULT '',
    UNIQUE (team_id, label)
);

CREATE TABLE aims (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    team_id INTEGER NOT NULL UNIQUE REFERENCES teams(id) ON DELETE CASCADE,
    statement TEXT NOT NULL,
    target_measure_id INTEGER REFERENCES measures(id),
    target_value DOUBLE,
    target_date DATE,
    version INTEGER NOT NULL DEFAULT 1
);

-- A primary driver has no parent; a secondary driver's parent is a primary driver.
CREATE TABLE drivers (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES drivers(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX drivers_team ON drivers (team_id);

CREATE TABLE change_ideas (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    driver_id INTEGER NOT NULL REFERENCES drivers(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    stage TEXT NOT NULL DEFAULT 'testing' CHECK (stage IN ('testing', 'implementing', 'spreading', 'abandoned')),
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX change_ideas_team ON change_ideas (team_id);

CREATE TABLE cycles (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    change_idea_id INTEGER NOT NULL REFERENCES change_ideas(id),
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'planning' CHECK (status IN ('planning', 'doing', 'studying', 'acting', 'closed')),
    -- Plan
    objective TEXT NOT NULL DEFAULT '',
    plan_who TEXT NOT NULL DEFAULT '',
    plan_what TEXT NOT NULL DEFAULT '',
    plan_when TEXT NOT NULL DEFAULT '',
    plan_where TEXT NOT NULL DEFAULT '',
    planned_start DATE NOT NULL,
    planned_end DATE NOT NULL,
    -- Do
    do_happened TEXT NOT NULL DEFAULT '',
    do_deviations TEXT NOT NULL DEFAULT '',
    -- Study
    study_learned TEXT NOT NULL DEFAULT '',
    -- Act
    act_decision TEXT CHECK (act_decision IN ('adopt', 'adapt', 'abandon')),
    act_reason TEXT NOT NULL DEFAULT '',
    next_cycle_id INTEGER REFERENCES cycles(id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (planned_end >= planned_start)
);
CREATE INDEX cycles_change_idea ON cycles (change_idea_id, planned_start);
CREATE INDEX cycles_team ON cycles (team_id);

-- The Plan's questions with their predictions; the Study fills in each result.
CREATE TABLE cycle_questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    question TEXT NOT NULL,
    prediction TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '',
    UNIQUE (cycle_id, position)
);

-- The data to collect: which measures the cycle watches.
CREATE TABLE cycle_measures (
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    measure_id INTEGER NOT NULL REFERENCES measures(id),
    PRIMARY KEY (cycle_id, measure_id)
);

CREATE TABLE observations (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    classroom_id INTEGER NOT NULL REFERENCES classrooms(id) ON DELETE CASCADE,
    measure_id INTEGER NOT NULL REFERENCES measures(id),
    date DATE NOT NULL,
    value DOUBLE NOT NULL,
    observer_person_id INTEGER REFERENCES people(id),
    cycle_id INTEGER REFERENCES cycles(id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (classroom_id, measure_id, date)
);
CREATE INDEX observations_measure_date ON observations (measure_id, date);
CREATE INDEX observations_cycle ON observations (cycle_id);

CREATE TABLE comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    author_person_id INTEGER NOT NULL REFERENCES people(id),
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX comments_cycle ON comments (cycle_id, created_at);

-- A form posted after its session had ended, kept so that the person gets it back after signing
-- in again. Found by the SHA-256 of a random token held in the new session; short-lived.
CREATE TABLE saved_forms (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
