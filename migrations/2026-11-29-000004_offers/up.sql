-- Offers: what donors, enterprises and social organizations can give, and where.

CREATE TABLE offers (
    id                  uuid        PRIMARY KEY,
    owner_id            uuid        NOT NULL REFERENCES users (id),
    title               text        NOT NULL CHECK (char_length(title) BETWEEN 4 AND 60),
    description         text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
    category            text        NOT NULL CHECK (category IN ('food_clothing', 'education', 'medical', 'housing',
                                        'drinking_water', 'production', 'employment', 'care', 'other')),
    quantity            integer     NOT NULL CHECK (quantity BETWEEN 1 AND 1000000),
    unit                text        NOT NULL CHECK (char_length(unit) BETWEEN 1 AND 10),
    -- NULL: the whole country.
    service_area_code   varchar(12) REFERENCES regions (code),
    valid_until         timestamptz NOT NULL,
    value_per_unit_fen  bigint      CHECK (value_per_unit_fen BETWEEN 0 AND 100000000),
    status              text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
    -- Quantity taken by active pledges made from this offer.
    pledged_quantity    integer     NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (pledged_quantity BETWEEN 0 AND quantity)
);
CREATE INDEX offers_owner_id_idx ON offers (owner_id);
CREATE INDEX offers_service_area_code_idx ON offers (service_area_code);

ALTER TABLE pledges ADD COLUMN offer_id uuid REFERENCES offers (id);
CREATE INDEX pledges_offer_id_idx ON pledges (offer_id);
