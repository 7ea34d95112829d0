-- The search change feed: one row per index change (index name, document id), written in the
-- change's own transaction. Every process with the embedded engine follows it from its own cursor.
-- `xid` is the writing transaction's id (pg_current_xact_id(), as bigint): a follower consumes rows
-- below the oldest transaction still running, so a row that commits late is never skipped (a
-- bigserial alone is assigned at insert and commits out of order).
CREATE TABLE search_feed (
    seq bigserial PRIMARY KEY,
    xid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    index_name text NOT NULL,
    doc_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX search_feed_xid ON search_feed (xid);

-- One row per embedded index (a data directory): every feed row with xid < position is in it.
CREATE TABLE search_followers (
    id uuid PRIMARY KEY,
    position bigint NOT NULL,
    seen_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now()
);
