-- Offers lapse: the expiry job marks an active offer past its valid_until as expired, which takes it
-- out of the offers index in the same transaction.
ALTER TABLE offers DROP CONSTRAINT offers_status_check;
ALTER TABLE offers ADD CONSTRAINT offers_status_check CHECK (status IN ('active', 'withdrawn', 'expired'));
CREATE INDEX offers_active_valid_until_idx ON offers (valid_until) WHERE status = 'active';
