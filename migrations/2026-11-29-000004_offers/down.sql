ALTER TABLE pledges DROP COLUMN offer_id;
DROP TABLE offers;
