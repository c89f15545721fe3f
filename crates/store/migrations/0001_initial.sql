-- armswatch register, schema version 1.
--
-- The `json` column of `records` is the source of truth: it holds the record
-- exactly as the interchange format writes it. Every other record column and
-- the tables record_actors, evidence and sources are flat copies of parts of
-- it, kept for filtering and for people who query the file directly.

CREATE TABLE documents (
    -- An INTEGER PRIMARY KEY so that the full-text index's rowids survive
    -- VACUUM (plain rowids of a table keyed by text may be renumbered).
    num          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    title        TEXT,
    outlet       TEXT,
    url          TEXT,
    published    TEXT,           -- YYYY, YYYY-MM or YYYY-MM-DD
    origin       TEXT,
    text         TEXT NOT NULL,
    ingested_at  TEXT NOT NULL   -- UTC, YYYY-MM-DDTHH:MM:SSZ
);

CREATE TABLE records (
    id             INTEGER PRIMARY KEY,
    doc            TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,   -- order of the record within its document, from 0
    kind           TEXT NOT NULL
                   CHECK (kind IN ('entity', 'transfer', 'contest', 'engagement')),
    confidence     REAL NOT NULL,
    date           TEXT,      -- main date: transfer date, contest awarded (else cancelled), engagement date
    year           INTEGER,   -- year of `date`
    status         TEXT,      -- transfer or contest status
    type           TEXT,      -- entity: actor type; engagement: engagement type
    category       TEXT,      -- transfer system / contest item category
    name           TEXT,      -- entity name
    system_name    TEXT,      -- transfer system / contest item designation
    quantity       INTEGER,   -- transfer quantity
    value_amount   INTEGER,   -- transfer / contest value, whole currency units
    value_currency TEXT,      -- ISO 4217
    json           TEXT NOT NULL,
    UNIQUE (doc, seq)
);
CREATE INDEX records_kind_year ON records(kind, year);
CREATE INDEX records_year ON records(year);
CREATE INDEX records_status ON records(status);
CREATE INDEX records_category ON records(category);

CREATE TABLE record_actors (
    record_id   INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    -- supplier, recipient, buyer, bidder, winner, protester, party, entity,
    -- or member (of a consortium; parent_role says which role it fills)
    role        TEXT NOT NULL,
    parent_role TEXT,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,
    country     TEXT,          -- ISO 3166-1 alpha-2
    aliases     TEXT,          -- JSON array of strings, NULL when none
    names_lc    TEXT NOT NULL  -- lower-cased name and aliases, one per line (for matching)
);
CREATE INDEX record_actors_record ON record_actors(record_id);
CREATE INDEX record_actors_country ON record_actors(country, role);

CREATE TABLE evidence (
    record_id  INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    start_byte INTEGER NOT NULL,   -- byte offsets into documents.text
    end_byte   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    doc        TEXT                -- set only for evidence from merged registers
);
CREATE INDEX evidence_record ON evidence(record_id);

CREATE TABLE sources (
    record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    name      TEXT NOT NULL
);
CREATE INDEX sources_record ON sources(record_id);
CREATE INDEX sources_name ON sources(name);

-- Full-text index over documents; the text lives only in `documents`.
-- Written `content="documents"` exactly: Datasette looks for that spelling
-- to offer search on the documents table.
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content="documents", content_rowid="num"
);

-- Triggers keep the index in step with any change to documents, including
-- changes made outside armswatch.
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.num, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.num, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.num, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.num, new.title, new.text);
END;
