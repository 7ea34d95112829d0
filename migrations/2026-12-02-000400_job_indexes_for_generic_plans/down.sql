DROP INDEX jobs_state_kind_payload_idx;
DROP INDEX jobs_state_kind_run_at_idx;
DROP INDEX jobs_state_run_at_idx;
CREATE INDEX jobs_ready_idx ON jobs (run_at) WHERE state = 'queued';
CREATE INDEX jobs_state_idx ON jobs (state);
CREATE INDEX jobs_queued_payload_idx ON jobs (kind, payload) WHERE state = 'queued';
