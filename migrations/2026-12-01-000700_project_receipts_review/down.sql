ALTER TABLE projects
    DROP COLUMN cancel_requested_by,
    DROP COLUMN cancel_requested_at,
    DROP COLUMN cancel_request_reason;
DELETE FROM project_spending WHERE reverses_id IS NOT NULL;
ALTER TABLE project_spending
    DROP CONSTRAINT project_spending_receipt_sha_unique,
    DROP CONSTRAINT project_spending_amount_sign,
    DROP CONSTRAINT project_spending_reversal_shape,
    DROP CONSTRAINT project_spending_image_shape,
    DROP CONSTRAINT project_spending_withheld_reason,
    DROP COLUMN reverses_id,
    DROP COLUMN reversal_reason,
    DROP COLUMN receipt_status,
    DROP COLUMN receipt_reviewed_by,
    DROP COLUMN receipt_reviewed_at,
    DROP COLUMN receipt_withheld_reason,
    ADD CONSTRAINT project_spending_amount_fen_check CHECK (amount_fen >= 1),
    ALTER COLUMN image_id SET NOT NULL,
    ALTER COLUMN display_key SET NOT NULL,
    ALTER COLUMN thumb_key SET NOT NULL,
    ALTER COLUMN sha256 SET NOT NULL;
