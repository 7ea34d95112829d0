-- Hardening of accounts and household ID numbers (issue 14).

-- Access tokens carry the generation they were issued in; logout and password reset bump it, so
-- every access token issued before stops working at once.
ALTER TABLE users ADD COLUMN token_generation integer NOT NULL DEFAULT 0;

-- The ID digest becomes an HMAC keyed by a secret outside the database. Scheme 1 is the old unkeyed
-- SHA-256; the server re-keys scheme-1 rows at start (it holds the key, SQL does not). Rows written
-- from now on are scheme 2.
ALTER TABLE households ADD COLUMN id_digest_scheme smallint NOT NULL DEFAULT 1
    CHECK (id_digest_scheme IN (1, 2));
ALTER TABLE households ALTER COLUMN id_digest_scheme SET DEFAULT 2;

-- An ID number given at registration is unconfirmed until an official of the village confirms it;
-- only confirmed numbers must be unique, so registration cannot reveal whether a number is known.
ALTER TABLE households
    ADD COLUMN id_number_confirmed_at timestamptz,
    ADD COLUMN id_number_confirmed_by uuid REFERENCES users (id);
CREATE INDEX households_id_number_confirmed_by_idx ON households (id_number_confirmed_by);
-- Profiles an official created were entered by that official: they count as confirmed.
UPDATE households
   SET id_number_confirmed_at = created_at, id_number_confirmed_by = created_by
 WHERE id_number_digest IS NOT NULL AND created_by IS NOT NULL;
ALTER TABLE households DROP CONSTRAINT households_id_number_digest_key;
CREATE UNIQUE INDEX households_id_number_digest_key ON households (id_number_digest)
    WHERE id_number_confirmed_at IS NOT NULL;

-- The masked form keeps the first two and last two characters only (was three and four).
ALTER TABLE households DROP CONSTRAINT households_id_number_masked_check;
UPDATE households
   SET id_number_masked = substr(id_number_masked, 1, 2) || repeat('*', 14) || substr(id_number_masked, 17, 2)
 WHERE id_number_masked IS NOT NULL;
ALTER TABLE households ADD CONSTRAINT households_id_number_masked_check
    CHECK (id_number_masked ~ '^[0-9]{2}\*{14}[0-9][0-9X]$');
