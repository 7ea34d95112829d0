-- Evidence for needs (证明材料): images a need's household or its officials attach for reviewers, such
-- as a diagnosis (诊断证明). The bytes live in the media store under keys made from the id; a row holds
-- what is needed to list and serve them. Never public, never indexed for search.

CREATE TABLE evidence (
    id uuid PRIMARY KEY,
    need_id uuid NOT NULL REFERENCES needs (id),
    uploaded_by uuid NOT NULL REFERENCES users (id),
    label text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 60),
    content_type text NOT NULL,
    width integer NOT NULL CHECK (width > 0),
    height integer NOT NULL CHECK (height > 0),
    thumb_width integer NOT NULL CHECK (thumb_width > 0),
    thumb_height integer NOT NULL CHECK (thumb_height > 0),
    byte_size integer NOT NULL CHECK (byte_size > 0),
    -- SHA-256 (hex) of the stored display-size bytes, as recorded on the audit chain.
    sha256 text NOT NULL CHECK (char_length(sha256) = 64),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evidence_need ON evidence (need_id, created_at);
-- Deleting or anonymising an account looks up what it uploaded.
CREATE INDEX evidence_uploaded_by ON evidence (uploaded_by);
