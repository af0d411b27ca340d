-- Catalog search speed (measured by `cargo xtask bench`).
--
-- Search compares with strpos() on normalised text (ASCII upper case, full-width letters and digits
-- as ASCII: gongshi_domain::search::normalise_text; the query is normalised the same way). SQLite's
-- migration upper-cases rows stored before it; a PostgreSQL database never held any.

-- A locality's catalog on a date is the latest act per matter at that locality: this index covers
-- that question (grouped by matter, latest by effective date then id) without touching the table.
CREATE INDEX delegations_state ON delegations (locality, matter, effective, id, act);
