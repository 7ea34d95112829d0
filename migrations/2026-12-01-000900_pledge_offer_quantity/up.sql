-- A pledge from an offer counted in another unit of the same kind (an offer of 公斤 serving a need
-- counted in 斤) takes a different number of the offer's units than of the need's: it records both.
-- NULL: the offer's units meet the need's one for one, and the offer gave `quantity`.
ALTER TABLE pledges
    ADD COLUMN offer_quantity integer
        CHECK (offer_quantity IS NULL OR (offer_id IS NOT NULL AND offer_quantity > 0));
