DROP INDEX jobs_queued_payload_idx;
ALTER TABLE jobs DROP COLUMN enqueued_at;
