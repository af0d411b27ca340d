-- Handling complaints: who took each step and which body held the case after it (internal; the
-- public timeline reads only `at`, `status` and `note`), internal notes, and the inbox's order.

ALTER TABLE complaint_events ADD COLUMN actor TEXT COLLATE "C";
ALTER TABLE complaint_events ADD COLUMN authority TEXT COLLATE "C";

CREATE TABLE complaint_notes (
    complaint  BIGINT NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    n          BIGINT NOT NULL,
    at         TEXT COLLATE "C" NOT NULL,
    actor      TEXT COLLATE "C" NOT NULL,
    text       TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (complaint, n)
);

-- A unit's inbox, newest first.
CREATE INDEX complaints_inbox ON complaints (authority, id);

-- Submissions before this migration: their first step names the body they were first sent to (no
-- case was transferred before transfers existed), so a "handler only" contact is not passed on.
UPDATE complaint_events
SET authority = (SELECT authority FROM complaints WHERE complaints.id = complaint_events.complaint)
WHERE n = 0 AND authority IS NULL;
