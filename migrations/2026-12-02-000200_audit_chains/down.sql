DROP TABLE audit_checkpoint_heads;
ALTER TABLE audit_checkpoints DROP COLUMN version;
DROP INDEX audit_events_chain_id_idx;
ALTER TABLE audit_events DROP COLUMN chain;
