-- The staff start page counts an authority's records by the columns that decide where each stands
-- (`SqliteStore::penalty_groups`): read from this index alone, in group order, instead of one
-- table lookup per record (98 ms → 15 ms for 28,000 records at a million).
CREATE INDEX penalties_states ON penalties (authority, restricted, published, ends, withdrawn, late);
