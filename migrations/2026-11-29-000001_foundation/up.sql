-- Foundation: regions, accounts (users, organizations, households), jurisdictions, refresh tokens,
-- idempotency keys, the job table (outbox) and the audit trail.

CREATE TABLE regions (
    code        varchar(12) PRIMARY KEY
                CHECK (code ~ '^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$'),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    level       text        NOT NULL CHECK (level IN ('province', 'city', 'county', 'township', 'village')),
    parent_code varchar(12) REFERENCES regions (code),
    -- The level is what the code length says, and only provinces have no parent.
    CHECK (level = CASE length(code) WHEN 2 THEN 'province' WHEN 4 THEN 'city' WHEN 6 THEN 'county'
                                     WHEN 9 THEN 'township' WHEN 12 THEN 'village' END),
    CHECK ((parent_code IS NULL) = (level = 'province')),
    CHECK (parent_code IS NULL OR starts_with(code, parent_code))
);
CREATE INDEX regions_parent_code_idx ON regions (parent_code);

CREATE TABLE households (
    id               uuid        PRIMARY KEY,
    head_name        text        NOT NULL CHECK (length(head_name) BETWEEN 1 AND 50),
    region_code      varchar(12) NOT NULL REFERENCES regions (code) CHECK (length(region_code) = 12),
    -- The resident ID number is never stored in clear: a digest for uniqueness and a masked form to show.
    id_number_digest bytea       UNIQUE,
    id_number_masked text        CHECK (id_number_masked ~ '^[0-9]{3}\*{11}[0-9]{3}[0-9X]$'),
    phone            text        CHECK (phone ~ '^1[3-9][0-9]{9}$'),
    size             smallint    CHECK (size BETWEEN 1 AND 30),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((id_number_digest IS NULL) = (id_number_masked IS NULL))
);
CREATE INDEX households_region_code_idx ON households (region_code);

CREATE TABLE organizations (
    id          uuid        PRIMARY KEY,
    kind        text        NOT NULL CHECK (kind IN ('enterprise', 'social_org')),
    name        text        NOT NULL CHECK (length(name) BETWEEN 2 AND 100),
    credit_code char(18)    NOT NULL UNIQUE
                CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'),
    verified_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id              uuid        PRIMARY KEY,
    -- Stored lower-cased, so the unique constraint is case-insensitive.
    email           text        NOT NULL UNIQUE CHECK (email = lower(email) AND email LIKE '_%@_%'),
    password_hash   text        NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    display_name    text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 60),
    role            text        NOT NULL
                    CHECK (role IN ('household', 'donor', 'enterprise', 'social_org', 'official', 'admin')),
    organization_id uuid        REFERENCES organizations (id),
    household_id    uuid        UNIQUE REFERENCES households (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((organization_id IS NOT NULL) = (role IN ('enterprise', 'social_org'))),
    CHECK ((household_id IS NOT NULL) = (role = 'household'))
);
CREATE INDEX users_organization_id_idx ON users (organization_id);

ALTER TABLE organizations ADD COLUMN verified_by uuid REFERENCES users (id);
CREATE INDEX organizations_verified_by_idx ON organizations (verified_by);

-- An official acts inside one region subtree: the region and everything below it.
CREATE TABLE jurisdictions (
    official_id uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    region_code varchar(12) NOT NULL REFERENCES regions (code),
    granted_by  uuid        REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jurisdictions_region_code_idx ON jurisdictions (region_code);
CREATE INDEX jurisdictions_granted_by_idx ON jurisdictions (granted_by);

-- Refresh tokens: random, stored as SHA-256, used once; a family is one login's chain of rotations.
CREATE TABLE refresh_tokens (
    id         uuid        PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id  uuid        NOT NULL,
    token_hash bytea       NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz,
    CHECK (expires_at > created_at)
);
CREATE INDEX refresh_tokens_user_id_idx ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id);

-- Idempotency-Key records: one per user and key; the response is stored once the request completed.
CREATE TABLE idempotency_keys (
    user_id             uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key                 uuid        NOT NULL,
    request_fingerprint bytea       NOT NULL,
    response_status     smallint    CHECK (response_status BETWEEN 100 AND 599),
    response_body       bytea,
    created_at          timestamptz NOT NULL DEFAULT now(),
    completed_at        timestamptz,
    PRIMARY KEY (user_id, key),
    CHECK ((response_status IS NULL) = (completed_at IS NULL))
);

-- The outbox: follow-ups of a change are written here in the change's transaction and drained by
-- workers with FOR UPDATE SKIP LOCKED.
CREATE TABLE jobs (
    id           bigserial   PRIMARY KEY,
    kind         text        NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
    payload      jsonb       NOT NULL DEFAULT '{}',
    state        text        NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
    attempts     integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts integer     NOT NULL DEFAULT 12 CHECK (max_attempts > 0),
    run_at       timestamptz NOT NULL DEFAULT now(),
    last_error   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    CHECK ((state = 'queued') = (finished_at IS NULL))
);
CREATE INDEX jobs_ready_idx ON jobs (run_at) WHERE state = 'queued';
CREATE INDEX jobs_state_idx ON jobs (state);

-- The audit trail: append-only, each event chained to the previous one by SHA-256.
CREATE TABLE audit_events (
    id           bigserial   PRIMARY KEY,
    occurred_at  timestamptz NOT NULL,
    actor_id     uuid        REFERENCES users (id),
    action       text        NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
    subject_type text        NOT NULL CHECK (length(subject_type) BETWEEN 1 AND 50),
    subject_id   uuid        NOT NULL,
    details      jsonb       NOT NULL DEFAULT '{}',
    prev_hash    bytea       NOT NULL CHECK (length(prev_hash) = 32),
    hash         bytea       NOT NULL UNIQUE CHECK (length(hash) = 32)
);
CREATE INDEX audit_events_actor_id_idx ON audit_events (actor_id);
CREATE INDEX audit_events_subject_idx ON audit_events (subject_type, subject_id);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
