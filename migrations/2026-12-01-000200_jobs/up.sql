-- Jobs (就业扶贫): work posted by verified organizations, the household members who can work, the
-- applications that bring the two together, and the checks 30 and 180 days after a hire.

CREATE TABLE job_postings (
    id                uuid        PRIMARY KEY,
    -- The employer's account (an enterprise or a social organization) and its organization, which an
    -- official or admin verified before the job could be posted.
    employer_id       uuid        NOT NULL REFERENCES users (id),
    organization_id   uuid        NOT NULL REFERENCES organizations (id),
    title             text        NOT NULL CHECK (char_length(title) BETWEEN 2 AND 60),
    description       text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
    -- The place of work, at any level; a village for a workshop (扶贫车间).
    region_code       varchar(12) NOT NULL REFERENCES regions (code),
    positions         integer     NOT NULL CHECK (positions BETWEEN 1 AND 1000),
    -- Hires so far; the job is filled when they reach its positions.
    hired             integer     NOT NULL DEFAULT 0 CHECK (hired >= 0 AND hired <= positions),
    pay_min_fen       bigint      NOT NULL CHECK (pay_min_fen BETWEEN 1 AND 100000000),
    pay_max_fen       bigint      NOT NULL CHECK (pay_max_fen BETWEEN 1 AND 100000000),
    pay_period        text        NOT NULL CHECK (pay_period IN ('month', 'day', 'piece')),
    skills            text[]      NOT NULL DEFAULT '{}',
    housing           boolean     NOT NULL DEFAULT false,
    valid_until       timestamptz NOT NULL,
    status            text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'filled', 'closed')),
    closed_reason     text        CHECK (char_length(closed_reason) <= 500),
    closed_at         timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (pay_min_fen <= pay_max_fen),
    CHECK ((status = 'open') = (closed_at IS NULL))
);
CREATE INDEX job_postings_employer_id_idx ON job_postings (employer_id, created_at);
CREATE INDEX job_postings_organization_id_idx ON job_postings (organization_id);
CREATE INDEX job_postings_region_code_idx ON job_postings (region_code varchar_pattern_ops, status);
CREATE INDEX job_postings_open_valid_until_idx ON job_postings (valid_until) WHERE status = 'open';

-- Who in a household can work: personal data, seen by the household and its officials only.
CREATE TABLE household_work (
    household_id      uuid        PRIMARY KEY REFERENCES households (id),
    -- The household's village, copied so matching reads one table.
    region_code       varchar(12) NOT NULL REFERENCES regions (code),
    able_to_work      smallint    NOT NULL CHECK (able_to_work BETWEEN 0 AND 20),
    skills            text[]      NOT NULL DEFAULT '{}',
    willing_to_travel text        NOT NULL CHECK (willing_to_travel IN ('county', 'province', 'anywhere')),
    updated_by        uuid        NOT NULL REFERENCES users (id),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX household_work_region_code_idx ON household_work (region_code varchar_pattern_ops)
    WHERE able_to_work > 0;
CREATE INDEX household_work_skills_idx ON household_work USING gin (skills);
CREATE INDEX household_work_updated_by_idx ON household_work (updated_by);

-- An application names no person: an age band and skills. The household's phone reaches the employer
-- only once the household accepts an invitation.
CREATE TABLE job_applications (
    id                uuid        PRIMARY KEY,
    job_id            uuid        NOT NULL REFERENCES job_postings (id),
    household_id      uuid        NOT NULL REFERENCES households (id),
    -- The household's village, copied so officials' scope needs no join.
    region_code       varchar(12) NOT NULL REFERENCES regions (code),
    applied_by        uuid        NOT NULL REFERENCES users (id),
    age_band          text        NOT NULL CHECK (age_band IN ('16_24', '25_34', '35_44', '45_54', '55_64')),
    skills            text[]      NOT NULL DEFAULT '{}',
    note              text        NOT NULL DEFAULT '' CHECK (char_length(note) <= 500),
    status            text        NOT NULL DEFAULT 'applied'
                      CHECK (status IN ('applied', 'invited', 'accepted', 'hired', 'declined', 'withdrawn')),
    invited_at        timestamptz,
    accepted_at       timestamptz,
    accepted_by       uuid        REFERENCES users (id),
    hired_at          timestamptz,
    start_date        date,
    pay_fen           bigint      CHECK (pay_fen BETWEEN 1 AND 100000000),
    ended_at          timestamptz,
    ended_by          uuid        REFERENCES users (id),
    end_reason        text        CHECK (char_length(end_reason) <= 500),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'hired') = (hired_at IS NOT NULL AND start_date IS NOT NULL AND pay_fen IS NOT NULL))
);
CREATE INDEX job_applications_job_id_idx ON job_applications (job_id, created_at);
CREATE INDEX job_applications_household_id_idx ON job_applications (household_id, status);
CREATE INDEX job_applications_region_code_idx ON job_applications (region_code varchar_pattern_ops, created_at);
CREATE INDEX job_applications_applied_by_idx ON job_applications (applied_by);
CREATE INDEX job_applications_accepted_by_idx ON job_applications (accepted_by);
CREATE INDEX job_applications_ended_by_idx ON job_applications (ended_by);

-- 30 and 180 days after a hire, the household's officials say whether the member is still employed.
CREATE TABLE job_retention_checks (
    id                uuid        PRIMARY KEY,
    application_id    uuid        NOT NULL REFERENCES job_applications (id),
    -- The household's village, copied from the application for officials' scope.
    region_code       varchar(12) NOT NULL REFERENCES regions (code),
    days_after_hire   smallint    NOT NULL CHECK (days_after_hire IN (30, 180)),
    due_at            timestamptz NOT NULL,
    -- When the officials were told it is due (the reminder job sets it once).
    notified_at       timestamptz,
    still_employed    boolean,
    note              text        CHECK (char_length(note) <= 500),
    answered_by       uuid        REFERENCES users (id),
    answered_at       timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (application_id, days_after_hire),
    CHECK ((still_employed IS NULL) = (answered_at IS NULL))
);
CREATE INDEX job_retention_checks_due_idx ON job_retention_checks (due_at) WHERE answered_at IS NULL;
CREATE INDEX job_retention_checks_region_code_idx ON job_retention_checks (region_code varchar_pattern_ops, due_at);
CREATE INDEX job_retention_checks_answered_by_idx ON job_retention_checks (answered_by);
