-- At most one queued index job per index and document: a change whose document already waits in an
-- unclaimed job joins that job instead of adding another (store/jobs.rs). `enqueued_at` is when the
-- job was last asked for, which a rebuild reads to find what changed while it ran.

ALTER TABLE jobs ADD COLUMN enqueued_at timestamptz NOT NULL DEFAULT now();
UPDATE jobs SET enqueued_at = created_at;
CREATE INDEX jobs_queued_payload_idx ON jobs (kind, payload) WHERE state = 'queued';
