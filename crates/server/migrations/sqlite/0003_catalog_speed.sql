-- Catalog search speed (measured by `cargo xtask bench`).
--
-- Search compares with instr() on ASCII-upper-cased text (the query is normalised the same way),
-- several times faster than LIKE '%…%'. SQLite's upper() folds ASCII only, as the loader does.
UPDATE matters SET search = upper(search);

-- A locality's catalog on a date is the latest act per matter at that locality: this index covers
-- that question (grouped by matter, latest by effective date then id) without touching the table.
CREATE INDEX delegations_state ON delegations (locality, matter, effective, id, act);
