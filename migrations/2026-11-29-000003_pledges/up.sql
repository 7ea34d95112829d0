-- Pledges: a supporter takes part or all of a need; an official approves the match; the supporter
-- delivers; the household confirms. And complaints (投诉) about needs and pledges.

CREATE TABLE pledges (
    id                     uuid        PRIMARY KEY,
    need_id                uuid        NOT NULL REFERENCES needs (id),
    supporter_id           uuid        NOT NULL REFERENCES users (id),
    -- The need's village, copied so scope checks and lists need no join.
    region_code            varchar(12) NOT NULL REFERENCES regions (code),
    quantity               integer     NOT NULL CHECK (quantity BETWEEN 1 AND 1000000),
    message                text        NOT NULL DEFAULT '' CHECK (char_length(message) <= 500),
    status                 text        NOT NULL DEFAULT 'pending_approval'
                           CHECK (status IN ('pending_approval', 'approved', 'delivered', 'confirmed', 'rejected',
                                             'cancelled', 'expired')),
    -- Shown to the household and its officials once approved; the supporter enters it on delivery.
    receipt_code           char(6)     CHECK (receipt_code ~ '^[0-9]{6}$'),
    receipt_code_failures  integer     NOT NULL DEFAULT 0 CHECK (receipt_code_failures >= 0),
    receipt_locked_until   timestamptz,
    decided_by             uuid        REFERENCES users (id),
    decided_at             timestamptz,
    rejection_reason       text,
    delivered_at           timestamptz,
    delivery_note          text        CHECK (char_length(delivery_note) <= 500),
    tracking_ref           text        CHECK (char_length(tracking_ref) <= 100),
    confirmed_at           timestamptz,
    confirmed_by           uuid        REFERENCES users (id),
    rating                 smallint    CHECK (rating BETWEEN 1 AND 5),
    thanks                 text        CHECK (char_length(thanks) <= 500),
    closed_at              timestamptz,
    -- When the pledge expires if it does not move on (waiting for approval, or for delivery).
    expires_at             timestamptz NOT NULL,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL)),
    CHECK (status IN ('pending_approval', 'rejected', 'cancelled', 'expired') OR receipt_code IS NOT NULL),
    CHECK (status <> 'confirmed' OR confirmed_at IS NOT NULL)
);
CREATE INDEX pledges_need_id_idx ON pledges (need_id, status);
CREATE INDEX pledges_supporter_id_idx ON pledges (supporter_id, created_at);
CREATE INDEX pledges_region_code_idx ON pledges (region_code varchar_pattern_ops, status);
CREATE INDEX pledges_decided_by_idx ON pledges (decided_by);
CREATE INDEX pledges_confirmed_by_idx ON pledges (confirmed_by);
CREATE INDEX pledges_expiry_idx ON pledges (expires_at) WHERE status IN ('pending_approval', 'approved');

CREATE TABLE complaints (
    id               uuid        PRIMARY KEY,
    subject_type     text        NOT NULL CHECK (subject_type IN ('need', 'pledge')),
    subject_id       uuid        NOT NULL,
    -- The village of the need concerned: officials whose jurisdiction covers it handle the complaint.
    region_code      varchar(12) NOT NULL REFERENCES regions (code),
    complainant_id   uuid        NOT NULL REFERENCES users (id),
    body             text        NOT NULL CHECK (char_length(body) BETWEEN 5 AND 2000),
    status           text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    -- 0: officials of the village's townships and above see it; each escalation widens by one level.
    escalation_level smallint    NOT NULL DEFAULT 0 CHECK (escalation_level BETWEEN 0 AND 4),
    escalated_at     timestamptz,
    response         text        CHECK (char_length(response) <= 2000),
    resolved_by      uuid        REFERENCES users (id),
    resolved_at      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'resolved') = (resolved_at IS NOT NULL AND response IS NOT NULL AND resolved_by IS NOT NULL))
);
CREATE INDEX complaints_subject_idx ON complaints (subject_type, subject_id);
CREATE INDEX complaints_region_code_idx ON complaints (region_code varchar_pattern_ops, status);
CREATE INDEX complaints_complainant_id_idx ON complaints (complainant_id);
CREATE INDEX complaints_resolved_by_idx ON complaints (resolved_by);
