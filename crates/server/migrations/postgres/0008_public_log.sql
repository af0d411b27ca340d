-- The public change log (see gongshi_domain::log): one row per entry, the change as the canonical
-- JSON it was hashed from. Rows are only ever appended.

CREATE TABLE public_log (
    seq     BIGINT PRIMARY KEY,
    prev    TEXT COLLATE "C" NOT NULL,
    change  TEXT COLLATE "C" NOT NULL,
    hash    TEXT COLLATE "C" NOT NULL,
    -- for a record's history: the change's subject
    subject TEXT COLLATE "C" NOT NULL
);
CREATE INDEX public_log_subject ON public_log (subject, seq);
