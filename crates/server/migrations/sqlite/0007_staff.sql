-- Staff accounts, their sessions and failed logins. Passwords are argon2id PHC strings; session
-- tokens and CSRF tokens are kept only as SHA-256 (a copy of the database opens no session).

CREATE TABLE staff_users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    district      TEXT NOT NULL REFERENCES districts (code),
    -- the authority, for publishers and handlers
    authority     TEXT,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

CREATE TABLE staff_sessions (
    token_sha256 TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX staff_sessions_user ON staff_sessions (user_id);

-- Failed logins by client address (hashed) and by user name, for the login rate limit.
CREATE TABLE staff_login_failures (
    client   TEXT NOT NULL,
    username TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX staff_login_failures_client ON staff_login_failures (client, at);
CREATE INDEX staff_login_failures_username ON staff_login_failures (username, at);
