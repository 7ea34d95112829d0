DROP INDEX pledges_confirmed_idx;
ALTER TABLE users DROP COLUMN honour_listed, DROP COLUMN honour_show_name;
DROP TABLE story_photos;
DROP TABLE stories;
