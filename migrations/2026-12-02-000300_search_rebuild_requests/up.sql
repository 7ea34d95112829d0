-- `bangfu reindex` beside running servers with the embedded engine: every process keeps its own
-- index, so a rebuild is a request that every follower of the search feed answers (a claimed job
-- would reach one process). A follower has answered every request up to `rebuilt_through`.
CREATE TABLE search_rebuild_requests (
    id bigserial PRIMARY KEY,
    requested_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE search_followers ADD COLUMN rebuilt_through bigint NOT NULL DEFAULT 0;
