-- The enforcement catalog: matters and their delegation history per locality. A locality's catalog
-- on a date is derived from `delegations` (the latest act effective on or before it), never stored.

CREATE TABLE matters (
    code         TEXT PRIMARY KEY NOT NULL CHECK (length(code) = 16),
    district     TEXT NOT NULL REFERENCES districts (code),
    name         TEXT NOT NULL,
    domain       TEXT NOT NULL,
    power_kind   TEXT NOT NULL CHECK (power_kind IN ('penalty', 'inspection', 'coercion')),
    class        TEXT NOT NULL CHECK (class IN ('A', 'B', 'C')),
    level        TEXT NOT NULL CHECK (level IN ('district', 'locality')),
    department   TEXT NOT NULL REFERENCES departments (id),
    -- JSON array of {law, article, text}: always read and written whole, with the matter
    legal_basis  TEXT NOT NULL,
    -- code, name and legal basis in one string for substring search (1- and 2-character queries too)
    search       TEXT NOT NULL
) STRICT;
CREATE INDEX matters_district ON matters (district, code);
CREATE INDEX matters_domain ON matters (domain, code);

CREATE TABLE delegations (
    id         INTEGER PRIMARY KEY,
    matter     TEXT NOT NULL REFERENCES matters (code),
    locality   TEXT NOT NULL REFERENCES localities (id),
    act        TEXT NOT NULL CHECK (act IN ('delegate', 'revoke')),
    effective  TEXT NOT NULL CHECK (effective GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    document   TEXT NOT NULL
) STRICT;
CREATE INDEX delegations_matter ON delegations (matter, locality, effective);
CREATE INDEX delegations_locality ON delegations (locality, effective);
