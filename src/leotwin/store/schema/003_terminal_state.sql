-- Migration 3: terminal state derived from the ledger (see src/leotwin/ledger/terminal_table.h and
-- docs/ledger.md, "Derived terminal state").
--
-- Not evidence: every row follows from the entries and batch items, and `leotwin ledger verify`
-- recomputes them and fails when they disagree (`--rebuild` rewrites them from the chain). A
-- writer adds the rows of each entry in that entry's transaction, so they never run ahead of or
-- behind the chain they were written with; ledger_derived_head names the last entry they cover.
-- Opening a ledger reads terminals from here instead of replaying every batch item.
--
-- One row per version of a terminal: the state it has from entry `since` (the approval that
-- enacted a registration or status change) until its next version.
CREATE TABLE ledger_terminal_versions (
  id                TEXT    NOT NULL,
  since             INTEGER NOT NULL,   -- the entry that enacted this version
  kind              TEXT    NOT NULL,   -- fixed | roam | maritime | aviation | government
  lat               REAL    NOT NULL,   -- service address, WGS84 degrees
  lon               REAL    NOT NULL,
  sponsor           TEXT    NOT NULL,
  status            TEXT    NOT NULL,   -- active | suspended
  registered_entry  INTEGER NOT NULL,   -- the registration's proposal entry
  status_entry      INTEGER NOT NULL,   -- the last status change's proposal entry
  PRIMARY KEY (id, since)
) WITHOUT ROWID;

CREATE TABLE ledger_derived_head (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  seq   INTEGER NOT NULL,   -- the rows cover entries 1..seq
  hash  TEXT    NOT NULL    -- that entry's hash (a rewritten chain no longer matches)
);
