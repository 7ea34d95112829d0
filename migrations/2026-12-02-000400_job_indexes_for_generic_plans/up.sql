-- The job table's indexes name the state as their first column instead of holding only queued rows.
-- Every query on queued jobs filters `state = $n`, a bind parameter, and after five runs on a
-- connection PostgreSQL may settle on a generic plan, which cannot use a partial index whose WHERE
-- names a literal state: each claim and each coalescing lookup then read every queued job through
-- jobs_state_idx and sorted them (50 ms and 34 ms at 50,000 queued jobs, against 0.1 ms with these
-- indexes; EXPLAIN ANALYZE under plan_cache_mode = force_generic_plan). The price: done jobs have
-- entries too until they are purged (after 7 days), where the partial indexes held queued rows only.

DROP INDEX jobs_ready_idx;
DROP INDEX jobs_state_idx;
DROP INDEX jobs_queued_payload_idx;

-- claim_ready: the oldest ready job of any kind.
CREATE INDEX jobs_state_run_at_idx ON jobs (state, run_at, id);
-- claim_ready_of_kind and is_queued: the oldest ready jobs of one kind.
CREATE INDEX jobs_state_kind_run_at_idx ON jobs (state, kind, run_at, id);
-- Coalescing and a rebuild's obsolete jobs: the queued job of one document.
CREATE INDEX jobs_state_kind_payload_idx ON jobs (state, kind, payload);
