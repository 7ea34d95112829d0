ALTER TABLE pledges DROP COLUMN reminded_at;
DROP TABLE email_tokens;
ALTER TABLE users DROP COLUMN digest_sent_on;
ALTER TABLE users DROP COLUMN mail_opt_out;
ALTER TABLE users DROP COLUMN language;
ALTER TABLE users DROP COLUMN email_verified_at;
