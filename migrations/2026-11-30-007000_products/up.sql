-- Products (消费扶贫): what poor households grow and make, certified by the seller's county, and the
-- orders that buy them. Payment is settled outside the platform; the seller records it.

CREATE TABLE products (
    id                 uuid        PRIMARY KEY,
    -- The seller's account: a household, an enterprise or a social organization.
    seller_id          uuid        NOT NULL REFERENCES users (id),
    household_id       uuid        REFERENCES households (id),
    organization_id    uuid        REFERENCES organizations (id),
    -- Who put it up: the seller, or an official for a household of its jurisdiction.
    listed_by          uuid        NOT NULL REFERENCES users (id),
    -- The seller's county (a household's, or the one in an organization's credit code): its officials
    -- certify the product.
    county_code        varchar(6)  NOT NULL CHECK (county_code ~ '^[0-9]{6}$'),
    -- Where it is grown or made.
    region_code        varchar(12) NOT NULL REFERENCES regions (code),
    title              text        NOT NULL CHECK (char_length(title) BETWEEN 2 AND 60),
    description        text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
    category           text        NOT NULL CHECK (category IN ('grain', 'fruit_vegetables', 'mushrooms', 'nuts',
                                                   'herbs', 'meat_eggs', 'tea', 'handicraft', 'other')),
    unit               text        NOT NULL CHECK (char_length(unit) BETWEEN 1 AND 10),
    price_fen          bigint      NOT NULL CHECK (price_fen BETWEEN 1 AND 10000000),
    -- Units on sale; orders take them by a conditional update and give them back when they end unpaid
    -- or unshipped.
    stock              integer     NOT NULL CHECK (stock >= 0),
    households_helped  integer     NOT NULL CHECK (households_helped BETWEEN 1 AND 100000),
    status             text        NOT NULL DEFAULT 'pending_certification'
                       CHECK (status IN ('pending_certification', 'listed', 'delisted', 'rejected')),
    rejection_reason   text        CHECK (char_length(rejection_reason) <= 500),
    certified_by       uuid        REFERENCES users (id),
    certified_at       timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CHECK ((household_id IS NULL) <> (organization_id IS NULL)),
    CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL)),
    CHECK (status <> 'listed' OR certified_by IS NOT NULL)
);
CREATE INDEX products_seller_id_idx ON products (seller_id, created_at);
CREATE INDEX products_county_code_idx ON products (county_code, status, created_at);
CREATE INDEX products_region_code_idx ON products (region_code varchar_pattern_ops, status);
CREATE INDEX products_household_id_idx ON products (household_id);
CREATE INDEX products_organization_id_idx ON products (organization_id);
CREATE INDEX products_listed_by_idx ON products (listed_by);
CREATE INDEX products_certified_by_idx ON products (certified_by);

CREATE TABLE orders (
    id                  uuid        PRIMARY KEY,
    product_id          uuid        NOT NULL REFERENCES products (id),
    buyer_id            uuid        NOT NULL REFERENCES users (id),
    seller_id           uuid        NOT NULL REFERENCES users (id),
    -- The product's region, copied so officials' scope needs no join.
    region_code         varchar(12) NOT NULL REFERENCES regions (code),
    quantity            integer     NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
    unit_price_fen      bigint      NOT NULL CHECK (unit_price_fen >= 1),
    total_fen           bigint      NOT NULL CHECK (total_fen = unit_price_fen * quantity),
    note                text        NOT NULL DEFAULT '' CHECK (char_length(note) <= 500),
    -- Seen by the buyer and the seller only; erased (all three NULL) after the order ends.
    delivery_name       text        CHECK (char_length(delivery_name) <= 30),
    delivery_phone      text        CHECK (char_length(delivery_phone) <= 20),
    delivery_address    text        CHECK (char_length(delivery_address) <= 200),
    delivery_erased_at  timestamptz,
    status              text        NOT NULL DEFAULT 'placed'
                        CHECK (status IN ('placed', 'paid', 'shipped', 'received', 'cancelled', 'expired')),
    tracking_ref        text        CHECK (char_length(tracking_ref) <= 100),
    rating              smallint    CHECK (rating BETWEEN 1 AND 5),
    review              text        CHECK (char_length(review) <= 500),
    cancel_reason       text        CHECK (char_length(cancel_reason) <= 500),
    cancelled_by        uuid        REFERENCES users (id),
    paid_at             timestamptz,
    shipped_at          timestamptz,
    received_at         timestamptz,
    closed_at           timestamptz,
    -- When the order expires if it does not move on (unpaid, or paid and unshipped).
    expires_at          timestamptz,
    -- When its delivery details are erased (set when it ends).
    erase_after         timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (buyer_id <> seller_id),
    CHECK ((delivery_erased_at IS NULL) =
           (delivery_name IS NOT NULL AND delivery_phone IS NOT NULL AND delivery_address IS NOT NULL)),
    CHECK ((status IN ('placed', 'paid')) = (expires_at IS NOT NULL)),
    CHECK ((status IN ('received', 'cancelled', 'expired')) = (closed_at IS NOT NULL AND erase_after IS NOT NULL)),
    CHECK (delivery_erased_at IS NULL OR status IN ('received', 'cancelled', 'expired'))
);
CREATE INDEX orders_product_id_idx ON orders (product_id, status);
CREATE INDEX orders_buyer_id_idx ON orders (buyer_id, created_at);
CREATE INDEX orders_seller_id_idx ON orders (seller_id, created_at);
CREATE INDEX orders_region_code_idx ON orders (region_code varchar_pattern_ops, status);
CREATE INDEX orders_cancelled_by_idx ON orders (cancelled_by);
CREATE INDEX orders_expiry_idx ON orders (expires_at) WHERE status IN ('placed', 'paid');
CREATE INDEX orders_erasure_idx ON orders (erase_after) WHERE delivery_erased_at IS NULL AND erase_after IS NOT NULL;
