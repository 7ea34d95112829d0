-- Campaigns and matching funds (e.g. 扶贫日 week): an admin or a city official opens a campaign over
-- regions and categories for a period; verified enterprises pledge matching funds to it; each donor
-- pledge confirmed in its scope during the period draws a match from the funds, never beyond a cap.

CREATE TABLE campaigns (
    id            uuid        PRIMARY KEY,
    name          text        NOT NULL CHECK (char_length(name) BETWEEN 2 AND 60),
    description   text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    -- Region code prefixes (any level); a need is in scope when its village lies under one of them.
    region_codes  text[]      NOT NULL CHECK (cardinality(region_codes) BETWEEN 1 AND 20),
    -- Need categories; empty means every category.
    categories    text[]      NOT NULL DEFAULT '{}',
    created_by    uuid        NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (starts_at < ends_at)
);
CREATE INDEX campaigns_ends_at_idx ON campaigns (ends_at, starts_at);
CREATE INDEX campaigns_starts_at_idx ON campaigns (starts_at);
CREATE INDEX campaigns_created_by_idx ON campaigns (created_by);

-- An enterprise's matching fund: it matches donors at `ratio_percent` (100 = 1:1) up to `cap_fen`.
-- `drawn_fen` only grows by one conditional update that never passes the cap; `last_draw_fen` is
-- what that update took (set in the same statement, so the draw is known exactly).
CREATE TABLE campaign_funds (
    id              uuid        PRIMARY KEY,
    campaign_id     uuid        NOT NULL REFERENCES campaigns (id),
    enterprise_id   uuid        NOT NULL REFERENCES users (id),
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    ratio_percent   integer     NOT NULL CHECK (ratio_percent BETWEEN 1 AND 1000),
    cap_fen         bigint      NOT NULL CHECK (cap_fen BETWEEN 1 AND 100000000000),
    drawn_fen       bigint      NOT NULL DEFAULT 0 CHECK (drawn_fen >= 0 AND drawn_fen <= cap_fen),
    last_draw_fen   bigint      NOT NULL DEFAULT 0 CHECK (last_draw_fen >= 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaign_funds_campaign_id_idx ON campaign_funds (campaign_id, id);
CREATE INDEX campaign_funds_enterprise_id_idx ON campaign_funds (enterprise_id);
CREATE INDEX campaign_funds_organization_id_idx ON campaign_funds (organization_id);

-- Donor pledges confirmed in a campaign's scope during its period, with their value: the campaign's
-- donor total and progress read this ledger, not the pledges.
CREATE TABLE campaign_pledges (
    campaign_id   uuid        NOT NULL REFERENCES campaigns (id),
    pledge_id     uuid        NOT NULL REFERENCES pledges (id),
    need_id       uuid        NOT NULL REFERENCES needs (id),
    value_fen     bigint      NOT NULL CHECK (value_fen > 0),
    confirmed_at  timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, pledge_id)
);
CREATE INDEX campaign_pledges_confirmed_at_idx ON campaign_pledges (campaign_id, confirmed_at)
    INCLUDE (value_fen);
CREATE INDEX campaign_pledges_pledge_id_idx ON campaign_pledges (pledge_id);
CREATE INDEX campaign_pledges_need_id_idx ON campaign_pledges (need_id);

-- A match: the enterprise's support of the need, drawn from its fund by a donor's confirmed pledge.
CREATE TABLE campaign_matches (
    id            uuid        PRIMARY KEY,
    campaign_id   uuid        NOT NULL REFERENCES campaigns (id),
    fund_id       uuid        NOT NULL REFERENCES campaign_funds (id),
    pledge_id     uuid        NOT NULL REFERENCES pledges (id),
    need_id       uuid        NOT NULL REFERENCES needs (id),
    enterprise_id uuid        NOT NULL REFERENCES users (id),
    amount_fen    bigint      NOT NULL CHECK (amount_fen > 0),
    created_at    timestamptz NOT NULL,
    UNIQUE (fund_id, pledge_id)
);
CREATE INDEX campaign_matches_campaign_id_idx ON campaign_matches (campaign_id, created_at)
    INCLUDE (amount_fen);
CREATE INDEX campaign_matches_pledge_id_idx ON campaign_matches (pledge_id);
CREATE INDEX campaign_matches_need_id_idx ON campaign_matches (need_id);
CREATE INDEX campaign_matches_enterprise_id_idx ON campaign_matches (enterprise_id);
