-- armswatch register on PostgreSQL, schema version 1: documents and their
-- records, as in the SQLite file (crates/store/migrations), with
-- PostgreSQL's own full-text search.
--
-- As in SQLite, `records.json` is the source of truth; the other record
-- columns and the tables record_actors, evidence and sources are flat
-- copies of parts of it, for filtering and for people querying directly.
-- Ids sort bytewise (COLLATE "C"), as SQLite sorts them, so both backends
-- list and export in the same order whatever the server's locale.

CREATE TABLE documents (
    id           TEXT COLLATE "C" PRIMARY KEY,
    content_hash TEXT NOT NULL,
    title        TEXT,
    outlet       TEXT,
    url          TEXT,
    published    TEXT,           -- YYYY, YYYY-MM or YYYY-MM-DD
    origin       TEXT,
    text         TEXT NOT NULL,
    ingested_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Full-text search. Words are runs of letters and digits, as SQLite's
    -- FTS5 (unicode61) reads them: everything else becomes a space before
    -- PostgreSQL's parser sees the text (it would read "MBT-2000" as "mbt"
    -- and "-2000"). 'simple': no stemming, no stop words, as in FTS5.
    -- Only the first 100,000 characters of a text are indexed: a tsvector
    -- is limited to 1 MB, and a longer article would otherwise be refused.
    title_words  TSVECTOR GENERATED ALWAYS AS (
                     to_tsvector('simple', regexp_replace(coalesce(title, ''), '[^[:alnum:]]+', ' ', 'g'))
                 ) STORED,
    text_words   TSVECTOR GENERATED ALWAYS AS (
                     to_tsvector('simple', regexp_replace(left(text, 100000), '[^[:alnum:]]+', ' ', 'g'))
                 ) STORED
);
-- Searches use this very expression (crates/store-pg/src/search.rs): title
-- matches weigh more than text matches.
CREATE INDEX documents_search ON documents
    USING gin ((setweight(title_words, 'A') || setweight(text_words, 'B')));

CREATE TABLE records (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc            TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,   -- order of the record within its document, from 0
    kind           TEXT NOT NULL
                   CHECK (kind IN ('entity', 'transfer', 'contest', 'engagement')),
    confidence     DOUBLE PRECISION NOT NULL,
    date           TEXT,      -- main date: transfer date, contest awarded (else cancelled), engagement date
    year           INTEGER,   -- year of `date`
    status         TEXT,      -- transfer or contest status
    type           TEXT,      -- entity: actor type; engagement: engagement type
    category       TEXT,      -- transfer system / contest item category
    name           TEXT,      -- entity name
    system_name    TEXT,      -- transfer system / contest item designation
    quantity       BIGINT,    -- transfer quantity
    value_amount   BIGINT,    -- transfer / contest value, whole currency units
    value_currency TEXT,      -- ISO 4217
    json           TEXT NOT NULL,
    entry_key      TEXT NOT NULL,   -- identity within the document (see docs/schema.md)
    review         TEXT CHECK (review IN ('accepted', 'corrected', 'rejected')),
    extracted_json TEXT,            -- the extractor's record, when corrected
    UNIQUE (doc, seq)
);
CREATE INDEX records_kind_year ON records(kind, year);
CREATE INDEX records_year ON records(year);
CREATE INDEX records_status ON records(status);
CREATE INDEX records_category ON records(category);

CREATE TABLE record_actors (
    record_id   BIGINT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
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
    record_id  BIGINT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    start_byte BIGINT NOT NULL,   -- byte offsets into documents.text
    end_byte   BIGINT NOT NULL,
    text       TEXT NOT NULL,
    doc        TEXT               -- set only for evidence from merged registers
);
CREATE INDEX evidence_record ON evidence(record_id);

CREATE TABLE sources (
    record_id BIGINT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    name      TEXT NOT NULL
);
CREATE INDEX sources_record ON sources(record_id);
CREATE INDEX sources_name ON sources(name);
