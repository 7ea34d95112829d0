-- Mail: verified addresses, one-time tokens (stored hashed), each user's language and the
-- notification kinds they turned off, and what the reminder and digest jobs already sent.

-- Accounts made before mail existed (admins, officials, demo accounts) count as verified.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;
UPDATE users SET email_verified_at = created_at;
ALTER TABLE users ADD COLUMN language text NOT NULL DEFAULT 'zh' CHECK (language IN ('zh', 'en'));
ALTER TABLE users ADD COLUMN mail_opt_out text[] NOT NULL DEFAULT '{}';
-- The day (Asia/Shanghai) the official's last daily digest went out.
ALTER TABLE users ADD COLUMN digest_sent_on date;

CREATE TABLE email_tokens (
    -- SHA-256 of the token; the token itself is only in the mail.
    token_hash  bytea       PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id),
    purpose     text        NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX email_tokens_user_purpose_idx ON email_tokens (user_id, purpose, created_at);

-- The supporter was reminded that this approved pledge is about to expire.
ALTER TABLE pledges ADD COLUMN reminded_at timestamptz;
