DROP TABLE need_reviews;
DROP TABLE needs;
ALTER TABLE households DROP COLUMN created_by, DROP COLUMN monitoring_status, DROP COLUMN causes;
