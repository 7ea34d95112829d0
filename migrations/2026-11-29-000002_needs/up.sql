-- Needs: what households ask for, their review by officials, and the household fields reviews use.

ALTER TABLE households
    ADD COLUMN causes text[] NOT NULL DEFAULT '{}'
        CHECK (causes <@ ARRAY['illness', 'disability', 'schooling_costs', 'lack_of_labour', 'lack_of_skills',
                               'lack_of_funds', 'disaster', 'other']::text[]),
    ADD COLUMN monitoring_status text NOT NULL DEFAULT 'none'
        CHECK (monitoring_status IN ('registered_poor', 'marginal', 'monitored', 'none')),
    -- The official who created a profile for a household without a phone; NULL when it registered itself.
    ADD COLUMN created_by uuid REFERENCES users (id);
CREATE INDEX households_created_by_idx ON households (created_by);

CREATE TABLE needs (
    id                  uuid        PRIMARY KEY,
    household_id        uuid        NOT NULL REFERENCES households (id),
    region_code         varchar(12) NOT NULL REFERENCES regions (code) CHECK (length(region_code) = 12),
    posted_by           uuid        NOT NULL REFERENCES users (id),
    title               text        NOT NULL CHECK (char_length(title) BETWEEN 4 AND 60),
    description         text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
    category            text        NOT NULL CHECK (category IN ('food_clothing', 'education', 'medical', 'housing',
                                        'drinking_water', 'production', 'employment', 'care', 'other')),
    urgency             text        NOT NULL CHECK (urgency IN ('normal', 'urgent', 'critical')),
    quantity            integer     NOT NULL CHECK (quantity BETWEEN 1 AND 1000000),
    unit                text        NOT NULL CHECK (char_length(unit) BETWEEN 1 AND 10),
    estimated_value_fen bigint      NOT NULL CHECK (estimated_value_fen BETWEEN 0 AND 1000000000),
    deadline            timestamptz NOT NULL,
    status              text        NOT NULL DEFAULT 'pending_review'
                        CHECK (status IN ('pending_review', 'open', 'fully_pledged', 'fulfilled', 'rejected',
                                          'withdrawn', 'expired')),
    -- Quantity taken by active pledges and confirmed as received (the pledges issue moves them).
    pledged_quantity    integer     NOT NULL DEFAULT 0,
    confirmed_quantity  integer     NOT NULL DEFAULT 0,
    rejection_reason    text,
    published_at        timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (pledged_quantity BETWEEN 0 AND quantity),
    CHECK (confirmed_quantity BETWEEN 0 AND pledged_quantity),
    CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL)),
    CHECK (status NOT IN ('open', 'fully_pledged', 'fulfilled') OR published_at IS NOT NULL)
);
CREATE INDEX needs_household_id_idx ON needs (household_id);
CREATE INDEX needs_posted_by_idx ON needs (posted_by);
CREATE INDEX needs_region_code_idx ON needs (region_code varchar_pattern_ops, status);
CREATE INDEX needs_status_created_idx ON needs (status, created_at);
CREATE INDEX needs_deadline_idx ON needs (deadline) WHERE status IN ('pending_review', 'open');

-- Every review decision, with the flags the reviewer saw when deciding.
CREATE TABLE need_reviews (
    id          uuid        PRIMARY KEY,
    need_id     uuid        NOT NULL REFERENCES needs (id),
    official_id uuid        NOT NULL REFERENCES users (id),
    decision    text        NOT NULL CHECK (decision IN ('approve', 'reject')),
    reason      text        CHECK (reason IS NULL OR char_length(reason) BETWEEN 1 AND 500),
    flags       jsonb       NOT NULL DEFAULT '[]',
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (decision = 'approve' OR reason IS NOT NULL)
);
CREATE INDEX need_reviews_need_id_idx ON need_reviews (need_id);
CREATE INDEX need_reviews_official_id_idx ON need_reviews (official_id);
