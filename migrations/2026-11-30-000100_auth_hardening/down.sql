-- Keyed digests and shortened masks cannot be turned back: the digests stay keyed (their scheme
-- column goes), the masks stay short, and the old mask check is not restored.
ALTER TABLE households DROP CONSTRAINT households_id_number_masked_check;
ALTER TABLE households ADD CONSTRAINT households_id_number_masked_check
    CHECK (id_number_masked ~ '^[0-9]{2,3}\*{11,14}[0-9]{1,3}[0-9X]$');
DROP INDEX households_id_number_digest_key;
ALTER TABLE households ADD CONSTRAINT households_id_number_digest_key UNIQUE (id_number_digest);
DROP INDEX households_id_number_confirmed_by_idx;
ALTER TABLE households DROP COLUMN id_number_confirmed_by, DROP COLUMN id_number_confirmed_at;
ALTER TABLE households DROP COLUMN id_digest_scheme;
ALTER TABLE users DROP COLUMN token_generation;
