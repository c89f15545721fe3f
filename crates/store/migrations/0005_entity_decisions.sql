-- armswatch register, schema version 5: analysts' entity decisions.
--
-- A merge says two names are one organisation; a split, that two names
-- must be kept apart. Keyed by normalised names (armswatch_consolidate::
-- name_key), not by records or entity ids, so that they hold in every
-- article and survive re-extraction; entity resolution reads them as
-- must-link and cannot-link constraints.

CREATE TABLE entity_decisions (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
    a_key      TEXT NOT NULL,    -- normalised name; a_key < b_key
    b_key      TEXT NOT NULL,
    a_name     TEXT NOT NULL,    -- the names as the analyst gave them
    b_name     TEXT NOT NULL,
    author     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL,    -- UTC, YYYY-MM-DDTHH:MM:SSZ
    UNIQUE (a_key, b_key)        -- the latest decision on a pair wins
);
