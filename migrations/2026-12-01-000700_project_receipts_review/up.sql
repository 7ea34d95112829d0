-- Crowdfunding hardening (issue #20 review).
-- 1. A spending's receipt image is reviewed before it is public: `pending` until an official of the
--    project's county (not the proposer) publishes it or withholds it with a reason; the host may
--    replace a withheld image, which is pending again. Images recorded before this review existed
--    are pending too: nobody looked at them yet.
-- 2. The same receipt image is not recorded twice on one project.
-- 3. A mistaken spending is corrected by a reversal row (negative amount, no image, a reason) that
--    points at the row it reverses; each row is reversed at most once and a reversal never is.
-- 4. An official's cancellation of a project that received money waits for a second official.

ALTER TABLE project_spending
    ALTER COLUMN image_id DROP NOT NULL,
    ALTER COLUMN display_key DROP NOT NULL,
    ALTER COLUMN thumb_key DROP NOT NULL,
    ALTER COLUMN sha256 DROP NOT NULL,
    DROP CONSTRAINT project_spending_amount_fen_check,
    ADD COLUMN reverses_id uuid UNIQUE REFERENCES project_spending (id),
    ADD COLUMN reversal_reason text CHECK (char_length(reversal_reason) BETWEEN 1 AND 500),
    ADD COLUMN receipt_status text CHECK (receipt_status IN ('pending', 'published', 'withheld')),
    ADD COLUMN receipt_reviewed_by uuid REFERENCES users (id),
    ADD COLUMN receipt_reviewed_at timestamptz,
    ADD COLUMN receipt_withheld_reason text CHECK (char_length(receipt_withheld_reason) BETWEEN 1 AND 500);

UPDATE project_spending SET receipt_status = 'pending';

ALTER TABLE project_spending
    ADD CONSTRAINT project_spending_amount_sign CHECK (
        (reverses_id IS NULL AND amount_fen >= 1) OR (reverses_id IS NOT NULL AND amount_fen <= -1)),
    ADD CONSTRAINT project_spending_reversal_shape CHECK (
        (reverses_id IS NULL) = (reversal_reason IS NULL)),
    ADD CONSTRAINT project_spending_image_shape CHECK (
        (reverses_id IS NULL) = (image_id IS NOT NULL AND display_key IS NOT NULL
            AND thumb_key IS NOT NULL AND sha256 IS NOT NULL AND receipt_status IS NOT NULL)),
    ADD CONSTRAINT project_spending_withheld_reason CHECK (
        (receipt_status = 'withheld') = (receipt_withheld_reason IS NOT NULL)),
    ADD CONSTRAINT project_spending_receipt_sha_unique UNIQUE (project_id, sha256);
CREATE INDEX project_spending_pending_idx ON project_spending (created_at)
    WHERE receipt_status = 'pending';
CREATE INDEX project_spending_receipt_reviewed_by_idx ON project_spending (receipt_reviewed_by);

ALTER TABLE projects
    ADD COLUMN cancel_requested_by uuid REFERENCES users (id),
    ADD COLUMN cancel_requested_at timestamptz,
    ADD COLUMN cancel_request_reason text CHECK (char_length(cancel_request_reason) BETWEEN 1 AND 500),
    ADD CONSTRAINT projects_cancel_request_shape CHECK (
        (cancel_requested_by IS NULL) = (cancel_requested_at IS NULL)
        AND (cancel_requested_by IS NULL) = (cancel_request_reason IS NULL));
CREATE INDEX projects_cancel_requested_by_idx ON projects (cancel_requested_by);
