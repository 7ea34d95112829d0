-- Crowdfunding (扶贫众筹): a village's project, proposed by its officials, hosted by a verified social
-- organization that receives the money, approved by a second official of the county, with a public
-- ledger. Money never passes through Bangfu: pledges, receipts, spending and refunds are records.
-- The totals on `projects` and `project_budget_lines` are kept by conditional updates in the same
-- transaction as the rows they sum; `bangfu audit verify` checks them against the rows.

CREATE TABLE projects (
    id                   uuid        PRIMARY KEY,
    title                text        NOT NULL CHECK (char_length(title) BETWEEN 2 AND 60),
    description          text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 4000),
    -- A village.
    region_code          varchar(12) NOT NULL REFERENCES regions (code) CHECK (length(region_code) = 12),
    proposed_by          uuid        NOT NULL REFERENCES users (id),
    host_organization_id uuid        NOT NULL REFERENCES organizations (id),
    target_fen           bigint      NOT NULL CHECK (target_fen BETWEEN 100 AND 10000000000),
    deadline             timestamptz NOT NULL,
    status               text        NOT NULL DEFAULT 'pending_review'
                         CHECK (status IN ('pending_review', 'open', 'rejected', 'completed', 'failed', 'cancelled')),
    pledged_fen          bigint      NOT NULL DEFAULT 0 CHECK (pledged_fen >= 0 AND pledged_fen <= target_fen),
    received_fen         bigint      NOT NULL DEFAULT 0 CHECK (received_fen >= 0 AND received_fen <= pledged_fen),
    spent_fen            bigint      NOT NULL DEFAULT 0 CHECK (spent_fen >= 0),
    refunded_fen         bigint      NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0),
    reviewed_by          uuid        REFERENCES users (id),
    -- When the county approved it: the project is public from then on, whatever follows.
    approved_at          timestamptz,
    reviewed_at          timestamptz,
    rejection_reason     text        CHECK (char_length(rejection_reason) <= 500),
    closed_by            uuid        REFERENCES users (id),
    closed_at            timestamptz,
    close_reason         text        CHECK (char_length(close_reason) <= 500),
    report               text        CHECK (char_length(report) <= 4000),
    -- When a failed or cancelled project had all its received money refunded (at once when none was
    -- received); a completed project is settled when it completes.
    settled_at           timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CHECK (spent_fen + refunded_fen <= received_fen)
);
CREATE INDEX projects_region_code_idx ON projects (region_code varchar_pattern_ops, status);
CREATE INDEX projects_host_idx ON projects (host_organization_id, created_at);
CREATE INDEX projects_proposed_by_idx ON projects (proposed_by);
CREATE INDEX projects_reviewed_by_idx ON projects (reviewed_by);
CREATE INDEX projects_closed_by_idx ON projects (closed_by);
CREATE INDEX projects_open_deadline_idx ON projects (deadline) WHERE status = 'open';

CREATE TABLE project_budget_lines (
    id          uuid    PRIMARY KEY,
    project_id  uuid    NOT NULL REFERENCES projects (id),
    position    integer NOT NULL CHECK (position >= 0),
    item        text    NOT NULL CHECK (char_length(item) BETWEEN 1 AND 100),
    amount_fen  bigint  NOT NULL CHECK (amount_fen >= 1),
    spent_fen   bigint  NOT NULL DEFAULT 0 CHECK (spent_fen >= 0 AND spent_fen <= amount_fen),
    UNIQUE (project_id, position)
);

CREATE TABLE project_pledges (
    id           uuid        PRIMARY KEY,
    project_id   uuid        NOT NULL REFERENCES projects (id),
    supporter_id uuid        NOT NULL REFERENCES users (id),
    amount_fen   bigint      NOT NULL CHECK (amount_fen >= 1),
    received_fen bigint      NOT NULL DEFAULT 0 CHECK (received_fen >= 0 AND received_fen <= amount_fen),
    refunded_fen bigint      NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0 AND refunded_fen <= received_fen),
    message      text        NOT NULL DEFAULT '' CHECK (char_length(message) <= 200),
    -- Shown as 爱心人士 on the public ledger, whoever the supporter is.
    anonymous    boolean     NOT NULL DEFAULT false,
    status       text        NOT NULL DEFAULT 'pledged' CHECK (status IN ('pledged', 'received', 'lapsed')),
    lapsed_at    timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'lapsed') = (lapsed_at IS NOT NULL)),
    CHECK (status <> 'pledged' OR received_fen = 0)
);
CREATE INDEX project_pledges_project_idx ON project_pledges (project_id, created_at);
CREATE INDEX project_pledges_supporter_idx ON project_pledges (supporter_id);
CREATE INDEX project_pledges_due_idx ON project_pledges (created_at) WHERE status = 'pledged';

CREATE TABLE project_receipts (
    id          uuid        PRIMARY KEY,
    project_id  uuid        NOT NULL REFERENCES projects (id),
    pledge_id   uuid        NOT NULL REFERENCES project_pledges (id),
    amount_fen  bigint      NOT NULL CHECK (amount_fen >= 1),
    received_on date        NOT NULL,
    recorded_by uuid        NOT NULL REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_receipts_project_idx ON project_receipts (project_id, created_at);
CREATE INDEX project_receipts_pledge_idx ON project_receipts (pledge_id);
CREATE INDEX project_receipts_recorded_by_idx ON project_receipts (recorded_by);

-- Each spending carries a receipt image, public like the ledger: `project-receipt/<uuid>/display.jpg`.
CREATE TABLE project_spending (
    id             uuid        PRIMARY KEY,
    project_id     uuid        NOT NULL REFERENCES projects (id),
    budget_line_id uuid        NOT NULL REFERENCES project_budget_lines (id),
    amount_fen     bigint      NOT NULL CHECK (amount_fen >= 1),
    description    text        NOT NULL CHECK (char_length(description) BETWEEN 1 AND 200),
    spent_on       date        NOT NULL,
    image_id       uuid        NOT NULL UNIQUE,
    display_key    text        NOT NULL,
    thumb_key      text        NOT NULL,
    sha256         text        NOT NULL CHECK (char_length(sha256) = 64),
    recorded_by    uuid        NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_spending_project_idx ON project_spending (project_id, created_at);
CREATE INDEX project_spending_line_idx ON project_spending (budget_line_id);
CREATE INDEX project_spending_recorded_by_idx ON project_spending (recorded_by);

CREATE TABLE project_refunds (
    id          uuid        PRIMARY KEY,
    project_id  uuid        NOT NULL REFERENCES projects (id),
    pledge_id   uuid        NOT NULL REFERENCES project_pledges (id),
    amount_fen  bigint      NOT NULL CHECK (amount_fen >= 1),
    refunded_on date        NOT NULL,
    recorded_by uuid        NOT NULL REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_refunds_project_idx ON project_refunds (project_id, created_at);
CREATE INDEX project_refunds_pledge_idx ON project_refunds (pledge_id);
CREATE INDEX project_refunds_recorded_by_idx ON project_refunds (recorded_by);
