-- The organisation of enforcement: districts, departments, authorities, teams, zones, localities.
-- References that form cycles (a locality's team posted to it, a zone's centre) are deferred so one
-- transaction can load a whole district in any order.

CREATE TABLE districts (
    code      TEXT PRIMARY KEY NOT NULL CHECK (length(code) = 6),
    name      TEXT NOT NULL,
    province  TEXT NOT NULL,
    city      TEXT,
    bureau    TEXT NOT NULL REFERENCES departments (id) DEFERRABLE INITIALLY DEFERRED,
    demo      INTEGER NOT NULL CHECK (demo IN (0, 1))
) STRICT;

CREATE TABLE departments (
    id          TEXT PRIMARY KEY NOT NULL,
    district    TEXT NOT NULL REFERENCES districts (code) DEFERRABLE INITIALLY DEFERRED,
    name        TEXT NOT NULL,
    short_name  TEXT NOT NULL,
    phone       TEXT
) STRICT;
CREATE INDEX departments_district ON departments (district, id);

CREATE TABLE authorities (
    id          TEXT PRIMARY KEY NOT NULL,
    district    TEXT NOT NULL REFERENCES districts (code) DEFERRABLE INITIALLY DEFERRED,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('locality_office', 'department')),
    locality    TEXT REFERENCES localities (id) DEFERRABLE INITIALLY DEFERRED,
    department  TEXT REFERENCES departments (id) DEFERRABLE INITIALLY DEFERRED,
    CHECK ((kind = 'locality_office') = (locality IS NOT NULL)),
    CHECK ((kind = 'department') = (department IS NOT NULL))
) STRICT;
CREATE INDEX authorities_district ON authorities (district, id);

CREATE TABLE zones (
    id               TEXT PRIMARY KEY NOT NULL,
    district         TEXT NOT NULL REFERENCES districts (code) DEFERRABLE INITIALLY DEFERRED,
    name             TEXT NOT NULL,
    lead_department  TEXT NOT NULL REFERENCES departments (id) DEFERRABLE INITIALLY DEFERRED,
    lead             TEXT NOT NULL,
    centre           TEXT NOT NULL REFERENCES localities (id) DEFERRABLE INITIALLY DEFERRED,
    legal_reviewer   TEXT NOT NULL,
    -- the order the district publishes its zones in (东部, 中部, 西部)
    position         INTEGER NOT NULL
) STRICT;
CREATE INDEX zones_district ON zones (district, id);

CREATE TABLE localities (
    id                 TEXT PRIMARY KEY NOT NULL,
    district           TEXT NOT NULL REFERENCES districts (code) DEFERRABLE INITIALLY DEFERRED,
    name               TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('subdistrict', 'town', 'township', 'special_area')),
    zone               TEXT REFERENCES zones (id) DEFERRABLE INITIALLY DEFERRED,
    authority          TEXT NOT NULL REFERENCES authorities (id) DEFERRABLE INITIALLY DEFERRED,
    team               TEXT NOT NULL REFERENCES teams (id) DEFERRABLE INITIALLY DEFERRED,
    address            TEXT NOT NULL,
    supervision_phone  TEXT NOT NULL,
    deputy_lead        TEXT,
    -- the order the district publishes its localities in
    position           INTEGER NOT NULL
) STRICT;
CREATE INDEX localities_district ON localities (district, id);
CREATE INDEX localities_zone ON localities (zone, id);

CREATE TABLE teams (
    id         TEXT PRIMARY KEY NOT NULL,
    authority  TEXT NOT NULL REFERENCES authorities (id) DEFERRABLE INITIALLY DEFERRED,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('locality', 'mobile', 'special_area')),
    area       TEXT REFERENCES localities (id) DEFERRABLE INITIALLY DEFERRED
) STRICT;
CREATE INDEX teams_authority ON teams (authority);
