-- armswatch register, schema version 4: analysts' reviews and corrections,
-- the audit log, and user accounts with their sign-in sessions.
--
-- Corrections are kept apart from extracted records and keyed by the
-- entry's identity (document id + entry_key, see docs/schema.md), not by
-- records.id, so that they survive re-extraction and newer extractors.
-- records.json holds the record as corrected; extracted_json the
-- extractor's own version when a correction changed it.

ALTER TABLE records ADD COLUMN entry_key TEXT;        -- identity within the document (NULL: stored before version 4)
ALTER TABLE records ADD COLUMN review TEXT
    CHECK (review IN ('accepted', 'corrected', 'rejected'));
ALTER TABLE records ADD COLUMN extracted_json TEXT;   -- the extractor's record, when corrected
CREATE INDEX records_review ON records(review);

CREATE TABLE corrections (
    id         INTEGER PRIMARY KEY,
    doc        TEXT NOT NULL,    -- document id (no foreign key: survives replacement)
    entry_key  TEXT NOT NULL,
    field      TEXT NOT NULL,    -- supplier, recipient, system, quantity, value, date, status, parties, or review
    value      TEXT NOT NULL,    -- JSON: the field's new value; for `review` "accepted" or "rejected"
    author     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL,    -- UTC, YYYY-MM-DDTHH:MM:SSZ
    UNIQUE (doc, entry_key, field)
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,     -- UTC, YYYY-MM-DDTHH:MM:SSZ
    actor     TEXT NOT NULL,     -- user name, or `cli`
    action    TEXT NOT NULL,     -- accept, reject, correct, user_add, user_remove, user_passwd
    doc       TEXT,
    entry_key TEXT,
    field     TEXT,
    old       TEXT,              -- JSON
    new       TEXT,              -- JSON
    reason    TEXT
);
CREATE INDEX audit_log_entry ON audit_log(doc, entry_key);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('reader', 'analyst', 'admin')),
    password_hash TEXT NOT NULL,  -- Argon2id PHC string
    created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,  -- hex SHA-256 of the cookie's random 256-bit token
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,     -- this session's form token
    created_at TEXT NOT NULL,
    expires_at INTEGER NOT NULL   -- Unix seconds
);
