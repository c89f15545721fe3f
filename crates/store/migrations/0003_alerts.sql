-- armswatch register, schema version 3: saved queries (alerts), the
-- matches they made, and the webhook outbox (crates/alerts).
--
-- These tables live in the store's versioned schema, not in a
-- CREATE TABLE IF NOT EXISTS of their own, because matches and outbox
-- rows are written inside the store's own write transactions (the same
-- transaction that stores the records they match): the store must be able
-- to rely on them existing whenever it writes.

CREATE TABLE alerts (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE,   -- [A-Za-z0-9_-], used in /alerts/NAME.atom
    kind               TEXT CHECK (kind IN ('transfer', 'contest', 'engagement')),
    recipient          TEXT,                   -- ISO alpha-2 code or part of a name
    supplier           TEXT,
    category           TEXT,
    min_value_amount   INTEGER,
    min_value_currency TEXT,
    status             TEXT,
    webhook            TEXT,                   -- http(s) URL, or NULL
    created_at         TEXT NOT NULL           -- UTC, YYYY-MM-DDTHH:MM:SSZ
);

CREATE TABLE alert_matches (
    id          INTEGER PRIMARY KEY,
    alert_id    INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    record_key  TEXT NOT NULL,     -- hex SHA-256 of the document id and the record's fact
    doc         TEXT NOT NULL,     -- document id (the document may since be gone)
    kind        TEXT NOT NULL,
    record_json TEXT NOT NULL,     -- the record as matched (interchange format)
    doc_title   TEXT,
    doc_url     TEXT,
    matched_at  TEXT NOT NULL,     -- UTC, YYYY-MM-DDTHH:MM:SSZ
    UNIQUE (alert_id, record_key)
);

CREATE INDEX alert_matches_recent ON alert_matches (alert_id, id DESC);

CREATE TABLE alert_outbox (
    id              INTEGER PRIMARY KEY,
    match_id        INTEGER NOT NULL UNIQUE REFERENCES alert_matches(id) ON DELETE CASCADE,
    url             TEXT NOT NULL,
    body            TEXT NOT NULL,             -- the JSON POSTed
    state           TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,          -- Unix seconds: not tried again before
    leased_until    INTEGER,                   -- Unix seconds: a deliverer is sending it
    last_error      TEXT,
    delivered_at    TEXT                       -- UTC, YYYY-MM-DDTHH:MM:SSZ
);

CREATE INDEX alert_outbox_pending ON alert_outbox (state, next_attempt_at);
