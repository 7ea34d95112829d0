-- Stories of help (扶贫展示) and the honour roll (扶贫榜样 / 扶贫评价).
--
-- A story is written by an official of the household's village about help that arrived: a confirmed
-- pledge or a hire (`subject_type` names the kind; more kinds, such as crowdfunded projects, come
-- later, so the kind is checked by the application's enum, not here). The household consents (in
-- the app, or spoken and recorded by an official), a second official reviews, then it is public.
CREATE TABLE stories (
    id uuid PRIMARY KEY,
    subject_type text NOT NULL,
    subject_id uuid NOT NULL,
    household_id uuid NOT NULL REFERENCES households (id),
    -- The household's village: the finest place a public view names.
    region_code varchar(12) NOT NULL REFERENCES regions (code),
    -- The need a pledge story is about (shown on the need's page); null for other kinds.
    need_id uuid REFERENCES needs (id),
    written_by uuid NOT NULL REFERENCES users (id),
    title text NOT NULL,
    body text NOT NULL,
    status text NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'in_review', 'published', 'rejected')),
    -- The household's consent to the story as it stands (any edit withdraws it).
    consent_at timestamptz,
    consent_by uuid REFERENCES users (id),
    consent_spoken boolean,
    consent_note text,
    faces_allowed boolean NOT NULL DEFAULT false,
    submitted_at timestamptz,
    reviewed_by uuid REFERENCES users (id),
    reviewed_at timestamptz,
    rejection_reason text,
    published_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (status IN ('draft', 'rejected') OR consent_at IS NOT NULL),
    CHECK ((status = 'published') = (published_at IS NOT NULL))
);

CREATE INDEX stories_published_idx ON stories (region_code text_pattern_ops, published_at DESC)
    WHERE status = 'published';
CREATE INDEX stories_need_idx ON stories (need_id) WHERE status = 'published';
CREATE INDEX stories_household_idx ON stories (household_id);
CREATE INDEX stories_review_idx ON stories (region_code text_pattern_ops) WHERE status = 'in_review';
CREATE INDEX stories_written_by_idx ON stories (written_by);
CREATE INDEX stories_consent_by_idx ON stories (consent_by);
CREATE INDEX stories_reviewed_by_idx ON stories (reviewed_by);

-- A story's photos: bytes in the media store under `story/<photo id>/display.jpg` (and `thumb.jpg`),
-- re-encoded without metadata; served publicly only while the story is published, and a photo that
-- shows a face only when the household allowed faces.
CREATE TABLE story_photos (
    id uuid PRIMARY KEY,
    story_id uuid NOT NULL REFERENCES stories (id),
    position integer NOT NULL CHECK (position >= 0),
    display_key text NOT NULL,
    thumb_key text NOT NULL,
    width integer NOT NULL CHECK (width > 0),
    height integer NOT NULL CHECK (height > 0),
    sha256 text NOT NULL CHECK (char_length(sha256) = 64),
    shows_face boolean NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (story_id, position)
);

-- The honour roll's settings of a supporter: whether an individual's name is shown (organizations
-- always show theirs) and whether it appears at all (unlisted: absent from the roll, no public page).
ALTER TABLE users
    ADD COLUMN honour_show_name boolean NOT NULL DEFAULT false,
    ADD COLUMN honour_listed boolean NOT NULL DEFAULT true;

-- The roll reads confirmed pledges by the time they were confirmed.
CREATE INDEX pledges_confirmed_idx ON pledges (confirmed_at) WHERE status = 'confirmed';
