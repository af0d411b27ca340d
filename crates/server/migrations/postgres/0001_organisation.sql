-- The organisation of enforcement: districts, departments, authorities, teams, zones, localities.
-- References that form cycles (a locality's team posted to it, a zone's centre) are deferred so one
-- transaction can load a whole district in any order. PostgreSQL checks that a referenced table
-- exists, so the references are added once every table does.

CREATE TABLE districts (
    code      TEXT COLLATE "C" PRIMARY KEY NOT NULL CHECK (length(code) = 6),
    name      TEXT COLLATE "C" NOT NULL,
    province  TEXT COLLATE "C" NOT NULL,
    city      TEXT COLLATE "C",
    bureau    TEXT COLLATE "C" NOT NULL,
    demo      BIGINT NOT NULL CHECK (demo IN (0, 1))
);

CREATE TABLE departments (
    id          TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    district    TEXT COLLATE "C" NOT NULL,
    name        TEXT COLLATE "C" NOT NULL,
    short_name  TEXT COLLATE "C" NOT NULL,
    phone       TEXT COLLATE "C"
);
CREATE INDEX departments_district ON departments (district, id);

CREATE TABLE authorities (
    id          TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    district    TEXT COLLATE "C" NOT NULL,
    name        TEXT COLLATE "C" NOT NULL,
    kind        TEXT COLLATE "C" NOT NULL CHECK (kind IN ('locality_office', 'department')),
    locality    TEXT COLLATE "C",
    department  TEXT COLLATE "C",
    CHECK ((kind = 'locality_office') = (locality IS NOT NULL)),
    CHECK ((kind = 'department') = (department IS NOT NULL))
);
CREATE INDEX authorities_district ON authorities (district, id);

CREATE TABLE zones (
    id               TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    district         TEXT COLLATE "C" NOT NULL,
    name             TEXT COLLATE "C" NOT NULL,
    lead_department  TEXT COLLATE "C" NOT NULL,
    lead             TEXT COLLATE "C" NOT NULL,
    centre           TEXT COLLATE "C" NOT NULL,
    legal_reviewer   TEXT COLLATE "C" NOT NULL,
    -- the order the district publishes its zones in (东部, 中部, 西部)
    position         BIGINT NOT NULL
);
CREATE INDEX zones_district ON zones (district, id);

CREATE TABLE localities (
    id                 TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    district           TEXT COLLATE "C" NOT NULL,
    name               TEXT COLLATE "C" NOT NULL,
    kind               TEXT COLLATE "C" NOT NULL CHECK (kind IN ('subdistrict', 'town', 'township', 'special_area')),
    zone               TEXT COLLATE "C",
    authority          TEXT COLLATE "C" NOT NULL,
    team               TEXT COLLATE "C" NOT NULL,
    address            TEXT COLLATE "C" NOT NULL,
    supervision_phone  TEXT COLLATE "C" NOT NULL,
    deputy_lead        TEXT COLLATE "C",
    -- the order the district publishes its localities in
    position           BIGINT NOT NULL
);
CREATE INDEX localities_district ON localities (district, id);
CREATE INDEX localities_zone ON localities (zone, id);

CREATE TABLE teams (
    id         TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    authority  TEXT COLLATE "C" NOT NULL,
    name       TEXT COLLATE "C" NOT NULL,
    kind       TEXT COLLATE "C" NOT NULL CHECK (kind IN ('locality', 'mobile', 'special_area')),
    area       TEXT COLLATE "C"
);
CREATE INDEX teams_authority ON teams (authority);

ALTER TABLE districts ADD FOREIGN KEY (bureau) REFERENCES departments (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE departments ADD FOREIGN KEY (district) REFERENCES districts (code) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE authorities ADD FOREIGN KEY (district) REFERENCES districts (code) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE authorities ADD FOREIGN KEY (locality) REFERENCES localities (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE authorities ADD FOREIGN KEY (department) REFERENCES departments (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE zones ADD FOREIGN KEY (district) REFERENCES districts (code) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE zones ADD FOREIGN KEY (lead_department) REFERENCES departments (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE zones ADD FOREIGN KEY (centre) REFERENCES localities (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE localities ADD FOREIGN KEY (district) REFERENCES districts (code) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE localities ADD FOREIGN KEY (zone) REFERENCES zones (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE localities ADD FOREIGN KEY (authority) REFERENCES authorities (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE localities ADD FOREIGN KEY (team) REFERENCES teams (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE teams ADD FOREIGN KEY (authority) REFERENCES authorities (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE teams ADD FOREIGN KEY (area) REFERENCES localities (id) DEFERRABLE INITIALLY DEFERRED;
