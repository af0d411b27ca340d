-- Penalty decisions (双公示). A row holds what filters and sorts need as columns; the public
-- projection (names masked, free text scrubbed: gongshi_domain::penalty::PublicPenalty) is JSON in
-- penalty_public; what may never be published lives in penalty_private, which no public query reads.
--
-- `key` orders the newest first: (days from 2000-01-01 to the decision) * 2^32 + id. Lists sorted by
-- date walk it backwards and stop at a page, and the search index shares it as its rowid, so a
-- search streams newest first too.

CREATE TABLE penalties (
    key              INTEGER PRIMARY KEY,
    id               INTEGER NOT NULL UNIQUE,
    district         TEXT NOT NULL REFERENCES districts (code),
    locality         TEXT NOT NULL REFERENCES localities (id),
    authority        TEXT NOT NULL REFERENCES authorities (id),
    matter           TEXT NOT NULL REFERENCES matters (code),
    domain           TEXT NOT NULL,
    decision_number  TEXT NOT NULL,
    party_kind       TEXT NOT NULL CHECK (party_kind IN ('natural_person', 'legal_person', 'other_organisation', 'individual_business')),
    -- as published: 张某某 for a person
    party_name       TEXT NOT NULL,
    procedure        TEXT NOT NULL CHECK (procedure IN ('summary', 'ordinary')),
    severity         TEXT NOT NULL CHECK (severity IN ('minor', 'ordinary', 'serious')),
    -- a bit per gongshi_domain::penalty::PenaltyKind, in PenaltyKind::ALL order
    kinds            INTEGER NOT NULL CHECK (kinds > 0),
    fine             INTEGER NOT NULL CHECK (fine >= 0),
    confiscated      INTEGER NOT NULL CHECK (confiscated >= 0),
    decided          TEXT NOT NULL,
    published        TEXT NOT NULL,
    -- the day it leaves public view
    ends             TEXT NOT NULL,
    withdrawn        TEXT,
    -- minors, secrets, privacy: never published, counted in statistics only
    restricted       INTEGER NOT NULL CHECK (restricted IN (0, 1)),
    -- working days from decision to publication; NULL outside the calendar
    working_days     INTEGER,
    late             INTEGER CHECK (late IN (0, 1)),
    -- Withdrawal as JSON
    withdrawal       TEXT,
    CHECK ((withdrawn IS NULL) = (withdrawal IS NULL))
) STRICT;
CREATE INDEX penalties_district ON penalties (district);
-- for the foreign key from matters (a catalog replaced)
CREATE INDEX penalties_matter ON penalties (matter);
-- what is listed today is what has not ended: a small part of years of records
CREATE INDEX penalties_ends ON penalties (ends);

-- The public projection (PublicPenalty as JSON), apart so that scans of the filter columns stay
-- small; no row for a restricted case.
CREATE TABLE penalty_public (
    key     INTEGER PRIMARY KEY REFERENCES penalties (key) ON DELETE CASCADE,
    public  TEXT NOT NULL
) STRICT;

CREATE TABLE penalty_private (
    id              INTEGER PRIMARY KEY REFERENCES penalties (id) ON DELETE CASCADE,
    party_name      TEXT NOT NULL,
    representative  TEXT,
    id_number       TEXT,
    address         TEXT,
    -- JSON array of names of other natural persons in the text
    others_named    TEXT NOT NULL,
    -- the unscrubbed text: JSON {violation, facts, basis, content, remarks}
    text            TEXT NOT NULL,
    restriction     TEXT
) STRICT;

-- Substring search over the public text (decision number, party as published, credit code, facts):
-- every character, and every pair of neighbours (gongshi_domain::search::ngram_terms). A word of one
-- character is a unigram; a longer one is a phrase of consecutive pairs. Contentless: the terms are
-- not stored twice; rows can still be deleted when a record is corrected or withdrawn.
CREATE VIRTUAL TABLE penalty_search USING fts5 (
    unigrams, bigrams,
    tokenize = 'ascii', content = '', contentless_delete = 1
);

-- The records listed on one day (published, not past the end date, not restricted), with the
-- columns lists filter and sort on: every public list, count, search and export reads this small
-- table (a tenth of years of records) instead of all of them. Rebuilt with penalty_listed.
CREATE TABLE penalty_listing (
    key         INTEGER PRIMARY KEY,
    district    TEXT NOT NULL,
    locality    TEXT NOT NULL,
    authority   TEXT NOT NULL,
    domain      TEXT NOT NULL,
    matter      TEXT NOT NULL,
    party_kind  TEXT NOT NULL,
    procedure   TEXT NOT NULL,
    kinds       INTEGER NOT NULL,
    fine        INTEGER NOT NULL
) STRICT;
CREATE INDEX penalty_listing_district ON penalty_listing (district);
CREATE INDEX penalty_listing_locality ON penalty_listing (locality);
CREATE INDEX penalty_listing_authority ON penalty_listing (authority);
CREATE INDEX penalty_listing_domain ON penalty_listing (domain);
CREATE INDEX penalty_listing_matter ON penalty_listing (matter);
CREATE INDEX penalty_listing_fine ON penalty_listing (fine);

-- Counts of the records listed on one day (published, not past the end date, not restricted), by
-- every facet the list offers: the totals and facets of a list filtered on these dimensions are sums
-- here instead of scans of the whole table. Rebuilt when the data changes and when the day turns.
CREATE TABLE penalty_listed (
    district    TEXT NOT NULL,
    locality    TEXT NOT NULL,
    authority   TEXT NOT NULL,
    domain      TEXT NOT NULL,
    party_kind  TEXT NOT NULL,
    procedure   TEXT NOT NULL,
    kinds       INTEGER NOT NULL,
    n           INTEGER NOT NULL
) STRICT;
CREATE INDEX penalty_listed_district ON penalty_listed (district, locality);

-- Every decision (listed or not, withdrawn excluded) by month, for statistics and annual reports.
CREATE TABLE penalty_monthly (
    district     TEXT NOT NULL,
    month        TEXT NOT NULL,
    locality     TEXT NOT NULL,
    authority    TEXT NOT NULL,
    domain       TEXT NOT NULL,
    procedure    TEXT NOT NULL,
    party_kind   TEXT NOT NULL,
    kinds        INTEGER NOT NULL,
    n            INTEGER NOT NULL,
    fine         INTEGER NOT NULL,
    confiscated  INTEGER NOT NULL,
    -- published within 7 working days / later / outside the calendar
    on_time      INTEGER NOT NULL,
    late         INTEGER NOT NULL
) STRICT;
CREATE INDEX penalty_monthly_district ON penalty_monthly (district, month);

-- Which matters were used, per locality and year: catalog coverage ("43 of 504 matters used").
CREATE TABLE penalty_matter_use (
    district  TEXT NOT NULL,
    year      INTEGER NOT NULL,
    locality  TEXT NOT NULL,
    matter    TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (district, year, locality, matter)
) STRICT, WITHOUT ROWID;

-- The day penalty_listing and penalty_listed were built for.
CREATE TABLE penalty_summary_state (
    one         INTEGER PRIMARY KEY CHECK (one = 1),
    listed_on   TEXT
) STRICT;
INSERT INTO penalty_summary_state (one, listed_on) VALUES (1, NULL);
