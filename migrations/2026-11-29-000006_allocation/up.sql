-- Allocation reads open needs of one category under a region prefix, most urgent first.
CREATE INDEX needs_open_category_region_idx ON needs (category, region_code varchar_pattern_ops)
    WHERE status = 'open';
