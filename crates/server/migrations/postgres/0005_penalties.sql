-- Penalty decisions (双公示). A row holds what filters and sorts need as columns; the public
-- projection (names masked, free text scrubbed: gongshi_domain::penalty::PublicPenalty) is JSON in
-- penalty_public; what may never be published lives in penalty_private, which no public query reads.
--
-- `key` orders the newest first: (days from 2000-01-01 to the decision) * 2^32 + id. Lists sorted by
-- date walk it backwards and stop at a page, and the search index shares it as its rowid, so a
-- search streams newest first too.

CREATE TABLE penalties (
    key              BIGINT PRIMARY KEY,
    id               BIGINT NOT NULL UNIQUE,
    district         TEXT COLLATE "C" NOT NULL REFERENCES districts (code),
    locality         TEXT COLLATE "C" NOT NULL REFERENCES localities (id),
    authority        TEXT COLLATE "C" NOT NULL REFERENCES authorities (id),
    matter           TEXT COLLATE "C" NOT NULL REFERENCES matters (code),
    domain           TEXT COLLATE "C" NOT NULL,
    decision_number  TEXT COLLATE "C" NOT NULL,
    party_kind       TEXT COLLATE "C" NOT NULL CHECK (party_kind IN ('natural_person', 'legal_person', 'other_organisation', 'individual_business')),
    -- as published: 张某某 for a person
    party_name       TEXT COLLATE "C" NOT NULL,
    procedure        TEXT COLLATE "C" NOT NULL CHECK (procedure IN ('summary', 'ordinary')),
    severity         TEXT COLLATE "C" NOT NULL CHECK (severity IN ('minor', 'ordinary', 'serious')),
    -- a bit per gongshi_domain::penalty::PenaltyKind, in PenaltyKind::ALL order
    kinds            BIGINT NOT NULL CHECK (kinds > 0),
    fine             BIGINT NOT NULL CHECK (fine >= 0),
    confiscated      BIGINT NOT NULL CHECK (confiscated >= 0),
    decided          TEXT COLLATE "C" NOT NULL,
    published        TEXT COLLATE "C" NOT NULL,
    -- the day it leaves public view
    ends             TEXT COLLATE "C" NOT NULL,
    withdrawn        TEXT COLLATE "C",
    -- minors, secrets, privacy: never published, counted in statistics only
    restricted       BIGINT NOT NULL CHECK (restricted IN (0, 1)),
    -- working days from decision to publication; NULL outside the calendar
    working_days     BIGINT,
    late             BIGINT CHECK (late IN (0, 1)),
    -- Withdrawal as JSON
    withdrawal       TEXT COLLATE "C",
    CHECK ((withdrawn IS NULL) = (withdrawal IS NULL))
);
CREATE INDEX penalties_district ON penalties (district);
-- for the foreign key from matters (a catalog replaced)
CREATE INDEX penalties_matter ON penalties (matter);
-- what is listed today is what has not ended: a small part of years of records
CREATE INDEX penalties_ends ON penalties (ends);

-- The public projection (PublicPenalty as JSON), apart so that scans of the filter columns stay
-- small; no row for a restricted case.
CREATE TABLE penalty_public (
    key     BIGINT PRIMARY KEY REFERENCES penalties (key) ON DELETE CASCADE,
    public  TEXT COLLATE "C" NOT NULL
);

CREATE TABLE penalty_private (
    id              BIGINT PRIMARY KEY REFERENCES penalties (id) ON DELETE CASCADE,
    party_name      TEXT COLLATE "C" NOT NULL,
    representative  TEXT COLLATE "C",
    id_number       TEXT COLLATE "C",
    address         TEXT COLLATE "C",
    -- JSON array of names of other natural persons in the text
    others_named    TEXT COLLATE "C" NOT NULL,
    -- the unscrubbed text: JSON {violation, facts, basis, content, remarks}
    text            TEXT COLLATE "C" NOT NULL,
    restriction     TEXT COLLATE "C"
);

-- Substring search over the public text (decision number, party as published, credit code, facts),
-- as gongshi_domain::search::ngram_terms sees it: `terms` holds every character and every pair of
-- neighbours (a tsvector without positions), `body` the text the pairs run through (the fields'
-- characters, see store::postgres::penalties::search_body). Kept for every record; the day's listed
-- ones are copied into penalty_listing_text, whose GIN index answers searches.
CREATE TABLE penalty_search (
    key    BIGINT PRIMARY KEY,
    terms  TSVECTOR NOT NULL,
    body   TEXT COLLATE "C" NOT NULL
);

-- The records listed on one day (published, not past the end date, not restricted), with the
-- columns lists filter and sort on: every public list, count, search and export reads this small
-- table (a tenth of years of records) instead of all of them. Kept in step with penalty_listed.
CREATE TABLE penalty_listing (
    key         BIGINT PRIMARY KEY,
    district    TEXT COLLATE "C" NOT NULL,
    locality    TEXT COLLATE "C" NOT NULL,
    authority   TEXT COLLATE "C" NOT NULL,
    domain      TEXT COLLATE "C" NOT NULL,
    matter      TEXT COLLATE "C" NOT NULL,
    party_kind  TEXT COLLATE "C" NOT NULL,
    procedure   TEXT COLLATE "C" NOT NULL,
    kinds       BIGINT NOT NULL,
    fine        BIGINT NOT NULL
);
CREATE INDEX penalty_listing_district ON penalty_listing (district);
CREATE INDEX penalty_listing_locality ON penalty_listing (locality);
CREATE INDEX penalty_listing_authority ON penalty_listing (authority);
CREATE INDEX penalty_listing_domain ON penalty_listing (domain);
CREATE INDEX penalty_listing_matter ON penalty_listing (matter);
CREATE INDEX penalty_listing_fine ON penalty_listing (fine);

-- The listing again with the listed records' search rows (PostgreSQL only: SQLite's FTS5 index
-- answers from all records): lists that search read this one, the others the narrow listing. A word
-- of one character is one of `terms`; a longer one has all its pairs in `terms` (the GIN index finds
-- these records without reading them) and is then confirmed in `body` (the pairs could stand apart).
-- Only the day's listed records are candidates, not years of them.
CREATE TABLE penalty_listing_text (
    LIKE penalty_listing,
    terms  TSVECTOR NOT NULL,
    body   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (key)
);
CREATE INDEX penalty_listing_text_terms ON penalty_listing_text USING gin (terms);

-- Counts of the records listed on one day (published, not past the end date, not restricted), by
-- every facet the list offers: the totals and facets of a list filtered on these dimensions are sums
-- here instead of scans of the whole table. Rebuilt when the data changes and when the day turns.
CREATE TABLE penalty_listed (
    district    TEXT COLLATE "C" NOT NULL,
    locality    TEXT COLLATE "C" NOT NULL,
    authority   TEXT COLLATE "C" NOT NULL,
    domain      TEXT COLLATE "C" NOT NULL,
    party_kind  TEXT COLLATE "C" NOT NULL,
    procedure   TEXT COLLATE "C" NOT NULL,
    kinds       BIGINT NOT NULL,
    n           BIGINT NOT NULL
);
CREATE INDEX penalty_listed_district ON penalty_listed (district, locality);

-- Every decision (listed or not, withdrawn excluded) by month, for statistics and annual reports.
CREATE TABLE penalty_monthly (
    district     TEXT COLLATE "C" NOT NULL,
    month        TEXT COLLATE "C" NOT NULL,
    locality     TEXT COLLATE "C" NOT NULL,
    authority    TEXT COLLATE "C" NOT NULL,
    domain       TEXT COLLATE "C" NOT NULL,
    procedure    TEXT COLLATE "C" NOT NULL,
    party_kind   TEXT COLLATE "C" NOT NULL,
    kinds        BIGINT NOT NULL,
    n            BIGINT NOT NULL,
    fine         BIGINT NOT NULL,
    confiscated  BIGINT NOT NULL,
    -- published within 7 working days / later / outside the calendar
    on_time      BIGINT NOT NULL,
    late         BIGINT NOT NULL
);
CREATE INDEX penalty_monthly_district ON penalty_monthly (district, month);

-- Which matters were used, per locality and year: catalog coverage ("43 of 504 matters used").
CREATE TABLE penalty_matter_use (
    district  TEXT COLLATE "C" NOT NULL,
    year      BIGINT NOT NULL,
    locality  TEXT COLLATE "C" NOT NULL,
    matter    TEXT COLLATE "C" NOT NULL,
    n         BIGINT NOT NULL,
    PRIMARY KEY (district, year, locality, matter)
);

-- The day penalty_listing and penalty_listed were built for.
CREATE TABLE penalty_summary_state (
    one         BIGINT PRIMARY KEY CHECK (one = 1),
    listed_on   TEXT COLLATE "C"
);
INSERT INTO penalty_summary_state (one, listed_on) VALUES (1, NULL);
