-- The public change log (see gongshi_domain::log): one row per entry, the change as the canonical
-- JSON it was hashed from. Rows are only ever appended.

CREATE TABLE public_log (
    seq     INTEGER PRIMARY KEY,
    prev    TEXT NOT NULL,
    change  TEXT NOT NULL,
    hash    TEXT NOT NULL,
    -- for a record's history: the change's subject
    subject TEXT NOT NULL
);
CREATE INDEX public_log_subject ON public_log (subject, seq);
