ALTER TABLE search_followers DROP COLUMN rebuilt_through;
DROP TABLE search_rebuild_requests;
