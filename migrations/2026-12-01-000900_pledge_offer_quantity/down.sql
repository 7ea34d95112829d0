ALTER TABLE pledges DROP COLUMN offer_quantity;
