-- Staff publishing. A record as entered (gongshi_domain::penalty_import::Fields as JSON) is kept with
-- its private part, so a correction starts from what was typed; the summaries get unique groups so
-- that a single write adjusts them instead of rebuilding them.

ALTER TABLE penalty_private ADD COLUMN fields TEXT COLLATE "C";

-- An authority's decision numbers: an import refuses one already published.
CREATE INDEX penalties_decision_number ON penalties (authority, decision_number);

CREATE UNIQUE INDEX penalty_listed_group
    ON penalty_listed (district, locality, authority, domain, party_kind, procedure, kinds);
CREATE UNIQUE INDEX penalty_monthly_group
    ON penalty_monthly (district, month, locality, authority, domain, procedure, party_kind, kinds);

-- The log entry's content (canonical JSON); the change holds its digest, so the content can be
-- withheld once the record leaves public view without breaking the chain.
ALTER TABLE public_log ADD COLUMN content TEXT COLLATE "C";
