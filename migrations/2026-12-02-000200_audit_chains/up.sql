-- The audit trail is sharded into chains: one per county (its 6-digit code) and the national one.
-- Every event so far was hashed as one chain, which becomes the national chain and stays valid.
ALTER TABLE audit_events ADD COLUMN chain text NOT NULL DEFAULT 'national';
ALTER TABLE audit_events ALTER COLUMN chain DROP DEFAULT;
CREATE INDEX audit_events_chain_id_idx ON audit_events (chain, id);

-- A checkpoint signs the heads of all chains (message v2); v1 checkpoints signed the one head in
-- audit_checkpoints and keep it.
ALTER TABLE audit_checkpoints ADD COLUMN version smallint NOT NULL DEFAULT 1;
CREATE TABLE audit_checkpoint_heads (
    checkpoint_id bigint NOT NULL REFERENCES audit_checkpoints (id),
    chain text NOT NULL,
    last_event_id bigint NOT NULL,
    head_hash bytea NOT NULL,
    PRIMARY KEY (checkpoint_id, chain)
);
