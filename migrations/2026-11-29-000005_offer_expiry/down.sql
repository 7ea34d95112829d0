DROP INDEX offers_active_valid_until_idx;
UPDATE offers SET status = 'withdrawn' WHERE status = 'expired';
ALTER TABLE offers DROP CONSTRAINT offers_status_check;
ALTER TABLE offers ADD CONSTRAINT offers_status_check CHECK (status IN ('active', 'withdrawn'));
