-- The officer roster: officers with their certificates and secondments, and auxiliaries, kept in a
-- table of their own. Personal data lives in `officer_personal`, which no public query reads.

CREATE TABLE officers (
    id           TEXT PRIMARY KEY NOT NULL,
    district     TEXT NOT NULL REFERENCES districts (code),
    name         TEXT NOT NULL,
    team         TEXT REFERENCES teams (id),
    department   TEXT REFERENCES departments (id),
    -- normalised (upper-case ASCII, half-width), so an exact lookup finds what a phone typed
    certificate  TEXT NOT NULL UNIQUE,
    issuer       TEXT NOT NULL,
    area         TEXT NOT NULL,
    -- JSON, always read and written whole with the officer: an array of domains, the status
    -- history ({event, date, valid_until?, reason?}), the secondments ({locality|zone, from, until?})
    categories   TEXT NOT NULL,
    history      TEXT NOT NULL,
    secondments  TEXT NOT NULL,
    CHECK ((team IS NULL) <> (department IS NULL))
) STRICT;
CREATE INDEX officers_district ON officers (district, certificate);

CREATE TABLE officer_personal (
    officer       TEXT PRIMARY KEY NOT NULL REFERENCES officers (id) ON DELETE CASCADE,
    id_number     TEXT,
    birth_date    TEXT,
    phone         TEXT,
    home_address  TEXT
) STRICT;

-- Auxiliaries (执法辅助人员) hold no certificate and are never listed as officers.
CREATE TABLE auxiliaries (
    id            TEXT PRIMARY KEY NOT NULL,
    district      TEXT NOT NULL REFERENCES districts (code),
    name          TEXT NOT NULL,
    team          TEXT REFERENCES teams (id),
    department    TEXT REFERENCES departments (id),
    id_number     TEXT,
    birth_date    TEXT,
    phone         TEXT,
    home_address  TEXT,
    CHECK ((team IS NULL) <> (department IS NULL))
) STRICT;
CREATE INDEX auxiliaries_district ON auxiliaries (district, id);
