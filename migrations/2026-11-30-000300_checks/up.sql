-- 三查 check rounds, their sampled items, findings, rectifications (整改), 回头看 revisits, and the
-- signed daily checkpoints of the audit chain.

CREATE TABLE check_rounds (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('self', 'cross', 'spot')),
    region_code varchar(12) NOT NULL REFERENCES regions (code),
    period_from timestamptz NOT NULL,
    period_to timestamptz NOT NULL CHECK (period_to > period_from),
    subjects text[] NOT NULL,
    sample_size integer NOT NULL CHECK (sample_size BETWEEN 1 AND 500),
    -- The random seed, recorded on the audit chain (seed_event_id) before the sample was drawn.
    seed bytea NOT NULL,
    seed_event_id bigint NOT NULL,
    candidates integer NOT NULL,
    checker_id uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX check_rounds_region ON check_rounds (region_code varchar_pattern_ops);
CREATE INDEX check_rounds_checker ON check_rounds (checker_id);

CREATE TABLE check_items (
    id uuid PRIMARY KEY,
    round_id uuid NOT NULL REFERENCES check_rounds (id),
    position integer NOT NULL,
    subject_type text NOT NULL CHECK (subject_type IN ('need', 'delivery')),
    subject_id uuid NOT NULL,
    region_code varchar(12) NOT NULL REFERENCES regions (code),
    -- The official whose decision is checked: the need's approver, or the pledge's approver.
    decided_by uuid REFERENCES users (id),
    decided_at timestamptz,
    UNIQUE (round_id, position),
    UNIQUE (round_id, subject_type, subject_id)
);
CREATE INDEX check_items_decided_by ON check_items (decided_by);

CREATE INDEX check_items_region ON check_items (region_code);

CREATE TABLE check_findings (
    id uuid PRIMARY KEY,
    item_id uuid NOT NULL UNIQUE REFERENCES check_items (id),
    result text NOT NULL CHECK (result IN ('ok', 'problem')),
    problem_kind text CHECK (problem_kind IN ('not_eligible', 'not_delivered', 'quantity_short', 'quality', 'data_wrong', 'other')),
    suspected boolean NOT NULL DEFAULT false,
    note text NOT NULL DEFAULT '',
    recorded_by uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((result = 'problem') = (problem_kind IS NOT NULL))
);

CREATE INDEX check_findings_recorded_by ON check_findings (recorded_by);

CREATE TABLE rectifications (
    id uuid PRIMARY KEY,
    finding_id uuid NOT NULL UNIQUE REFERENCES check_findings (id),
    round_id uuid NOT NULL REFERENCES check_rounds (id),
    item_id uuid NOT NULL REFERENCES check_items (id),
    township_code varchar(12) NOT NULL REFERENCES regions (code),
    problem_kind text NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'accepted')),
    deadline timestamptz NOT NULL,
    answer text,
    answered_by uuid REFERENCES users (id),
    answered_at timestamptz,
    accepted_at timestamptz,
    reopened_count integer NOT NULL DEFAULT 0,
    escalation_level smallint NOT NULL DEFAULT 0,
    escalated_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rectifications_township ON rectifications (township_code varchar_pattern_ops);
CREATE INDEX rectifications_round ON rectifications (round_id);
CREATE INDEX rectifications_item ON rectifications (item_id);
CREATE INDEX rectifications_answered_by ON rectifications (answered_by);
CREATE INDEX rectifications_open ON rectifications (deadline) WHERE status <> 'accepted';

CREATE TABLE revisits (
    id uuid PRIMARY KEY,
    pledge_id uuid NOT NULL UNIQUE REFERENCES pledges (id),
    need_id uuid NOT NULL REFERENCES needs (id),
    household_id uuid NOT NULL REFERENCES households (id),
    region_code varchar(12) NOT NULL REFERENCES regions (code),
    due_at timestamptz NOT NULL,
    outcome text CHECK (outcome IN ('improved', 'same', 'worse', 'at_risk')),
    note text,
    answered_by uuid REFERENCES users (id),
    answered_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX revisits_need ON revisits (need_id);
CREATE INDEX revisits_household ON revisits (household_id);
CREATE INDEX revisits_answered_by ON revisits (answered_by);
CREATE INDEX revisits_region ON revisits (region_code);
CREATE INDEX revisits_region_open ON revisits (region_code varchar_pattern_ops) WHERE outcome IS NULL;

CREATE TABLE audit_checkpoints (
    id bigserial PRIMARY KEY,
    day date NOT NULL UNIQUE,
    last_event_id bigint NOT NULL,
    head_hash bytea NOT NULL,
    signature bytea NOT NULL,
    public_key bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
