-- Complaints and tips (投诉举报). What a citizen wrote is in `complaints`; how to reach them is in
-- `complaint_contacts`, which no public query reads; photos (metadata stripped) in
-- `complaint_photos`. The status timeline is `complaint_events`.

CREATE TABLE complaints (
    id            INTEGER PRIMARY KEY,
    -- the public tracking code (9 characters, no separators) and the SHA-256 of its secret
    code          TEXT NOT NULL UNIQUE,
    secret_sha256 TEXT NOT NULL,
    kind          TEXT NOT NULL,
    district      TEXT NOT NULL REFERENCES districts (code),
    locality      TEXT NOT NULL,
    address       TEXT,
    latitude      REAL,
    longitude     REAL,
    happened_on   TEXT NOT NULL,
    matter        TEXT,
    domain        TEXT,
    officer       TEXT,
    description   TEXT NOT NULL,
    privacy       TEXT NOT NULL,
    -- who handles it and why (JSON of the route)
    authority     TEXT NOT NULL,
    route         TEXT NOT NULL,
    supervised    INTEGER NOT NULL DEFAULT 0,
    -- the matter, or `domain:<domain>` when only a domain was named: what repeats are counted by
    topic         TEXT NOT NULL,
    status        TEXT NOT NULL,
    -- RFC 3339, UTC
    submitted_at  TEXT NOT NULL,
    submitted_on  TEXT NOT NULL,
    reply_due     TEXT,
    photos        INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX complaints_repeat ON complaints (locality, topic, submitted_on);
CREATE INDEX complaints_district ON complaints (district, submitted_on);

CREATE TABLE complaint_contacts (
    complaint  INTEGER PRIMARY KEY NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    name       TEXT,
    phone      TEXT,
    email      TEXT
) STRICT;

CREATE TABLE complaint_photos (
    complaint     INTEGER NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    n             INTEGER NOT NULL,
    content_type  TEXT NOT NULL,
    bytes         BLOB NOT NULL,
    PRIMARY KEY (complaint, n)
) STRICT;

CREATE TABLE complaint_events (
    complaint  INTEGER NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    n          INTEGER NOT NULL,
    at         TEXT NOT NULL,
    status     TEXT NOT NULL,
    -- what the public may read (the reply); NULL for internal steps
    note       TEXT,
    PRIMARY KEY (complaint, n)
) STRICT;

-- A retried submission with the same Idempotency-Key gets the first answer again (kept 7 days).
-- The key is kept as its SHA-256; the answer's secret is masked with a pad derived from the key
-- and the body, which only the retrying client has.
CREATE TABLE complaint_idempotency (
    key         TEXT PRIMARY KEY NOT NULL,
    complaint   INTEGER NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    -- the SHA-256 of the request body, so the same key with another body is refused
    body_sha256 TEXT NOT NULL,
    answer      TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

-- Submissions per client address (a keyed hash, not the address), for the hourly and daily limits.
CREATE TABLE complaint_submissions (
    client  TEXT NOT NULL,
    at      TEXT NOT NULL
) STRICT;
CREATE INDEX complaint_submissions_client ON complaint_submissions (client, at);

-- Proof-of-work challenges already spent (until they expire), so a solution works once.
CREATE TABLE complaint_challenges_used (
    signature  TEXT PRIMARY KEY NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;

-- Server secrets shared by every instance (the proof-of-work HMAC key, the client-address hash key).
CREATE TABLE server_secrets (
    name   TEXT PRIMARY KEY NOT NULL,
    value  TEXT NOT NULL
) STRICT;
