-- The officer roster: officers with their certificates and secondments, and auxiliaries, kept in a
-- table of their own. Personal data lives in `officer_personal`, which no public query reads.

CREATE TABLE officers (
    id           TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    district     TEXT COLLATE "C" NOT NULL REFERENCES districts (code),
    name         TEXT COLLATE "C" NOT NULL,
    team         TEXT COLLATE "C" REFERENCES teams (id),
    department   TEXT COLLATE "C" REFERENCES departments (id),
    -- normalised (upper-case ASCII, half-width), so an exact lookup finds what a phone typed
    certificate  TEXT COLLATE "C" NOT NULL UNIQUE,
    issuer       TEXT COLLATE "C" NOT NULL,
    area         TEXT COLLATE "C" NOT NULL,
    -- JSON, always read and written whole with the officer: an array of domains, the status
    -- history ({event, date, valid_until?, reason?}), the secondments ({locality|zone, from, until?})
    categories   TEXT COLLATE "C" NOT NULL,
    history      TEXT COLLATE "C" NOT NULL,
    secondments  TEXT COLLATE "C" NOT NULL,
    CHECK ((team IS NULL) <> (department IS NULL))
);
CREATE INDEX officers_district ON officers (district, certificate);

CREATE TABLE officer_personal (
    officer       TEXT COLLATE "C" PRIMARY KEY NOT NULL REFERENCES officers (id) ON DELETE CASCADE,
    id_number     TEXT COLLATE "C",
    birth_date    TEXT COLLATE "C",
    phone         TEXT COLLATE "C",
    home_address  TEXT COLLATE "C"
);

-- Auxiliaries (执法辅助人员) hold no certificate and are never listed as officers.
CREATE TABLE auxiliaries (
    id            TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    district      TEXT COLLATE "C" NOT NULL REFERENCES districts (code),
    name          TEXT COLLATE "C" NOT NULL,
    team          TEXT COLLATE "C" REFERENCES teams (id),
    department    TEXT COLLATE "C" REFERENCES departments (id),
    id_number     TEXT COLLATE "C",
    birth_date    TEXT COLLATE "C",
    phone         TEXT COLLATE "C",
    home_address  TEXT COLLATE "C",
    CHECK ((team IS NULL) <> (department IS NULL))
);
CREATE INDEX auxiliaries_district ON auxiliaries (district, id);
