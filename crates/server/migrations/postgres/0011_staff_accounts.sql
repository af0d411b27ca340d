-- Account management by a district's admins: when each account last signed in (sessions are
-- deleted as they end, so they cannot tell).

ALTER TABLE staff_users ADD COLUMN last_login_at TEXT COLLATE "C";
CREATE INDEX staff_users_district ON staff_users (district, username);
