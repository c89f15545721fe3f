-- armswatch register, schema version 2: reference tables for SIPRI's
-- Arms Transfers Database trade register (`armswatch import sipri FILE`).
--
-- Reference data is replaced whole by each import (SIPRI revises its
-- history every year); the register's own tables are not touched.

CREATE TABLE sipri_imports (
    id          INTEGER PRIMARY KEY,
    origin      TEXT NOT NULL,        -- the file imported
    generated   TEXT,                 -- "Data generated: ..." of the file, as written
    data_year   INTEGER,              -- last full year the data covers
    rows        INTEGER NOT NULL,
    imported_at TEXT NOT NULL         -- UTC, YYYY-MM-DDTHH:MM:SSZ
);

CREATE TABLE sipri_transfers (
    id                         INTEGER PRIMARY KEY,
    import_id                  INTEGER NOT NULL REFERENCES sipri_imports(id) ON DELETE CASCADE,
    line                       INTEGER NOT NULL,  -- line of the file where the row starts
    recipient                  TEXT NOT NULL,     -- as SIPRI names it
    recipient_code             TEXT,              -- ISO 3166-1 alpha-2 (historical: SU, CS, YU, DD...)
    recipient_kind             TEXT NOT NULL
        CHECK (recipient_kind IN ('state', 'historical', 'non_state', 'organisation', 'unknown')),
    supplier                   TEXT NOT NULL,
    supplier_code              TEXT,
    supplier_kind              TEXT NOT NULL
        CHECK (supplier_kind IN ('state', 'historical', 'non_state', 'organisation', 'unknown')),
    order_year                 INTEGER,
    order_year_estimated       INTEGER NOT NULL,  -- 1 when SIPRI marks it with ?
    number_ordered             INTEGER,
    number_ordered_estimated   INTEGER NOT NULL,
    designation                TEXT NOT NULL,
    description                TEXT NOT NULL,
    category                   TEXT NOT NULL,     -- armswatch category of the description
    number_delivered           INTEGER,
    number_delivered_estimated INTEGER NOT NULL,
    delivery_years             TEXT NOT NULL,     -- as written: "2021; 2022"
    status                     TEXT NOT NULL,     -- New / Second hand / Second hand but modernized
    comments                   TEXT NOT NULL,
    tiv_per_unit               REAL,
    tiv_total                  REAL,
    tiv_delivered              REAL
);
CREATE INDEX sipri_transfers_recipient ON sipri_transfers(recipient_code, order_year);
CREATE INDEX sipri_transfers_supplier ON sipri_transfers(supplier_code, order_year);
