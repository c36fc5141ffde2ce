-- Migration 2: the items of batch changes (see src/leotwin/ledger/batch.h and docs/ledger.md).
--
-- A batch proposal (entry `seq` of ledger_entries) signs the Merkle root of its items; the items
-- themselves are kept here, one row each in order (idx 0, 1, ...), as canonical change JSON. They
-- are not part of the entry hash: replay and `leotwin ledger verify` recompute the root from
-- these rows, so an edited, missing, extra or moved item fails verification naming the entry.
-- Append-only like the entries.
CREATE TABLE ledger_batch_items (
  seq   INTEGER NOT NULL,   -- the batch proposal's entry
  idx   INTEGER NOT NULL,   -- 0-based position in the batch (the Merkle leaf index)
  item  TEXT    NOT NULL,   -- canonical change JSON
  PRIMARY KEY (seq, idx)
) WITHOUT ROWID;

CREATE TRIGGER ledger_batch_items_no_update BEFORE UPDATE ON ledger_batch_items
BEGIN
  SELECT RAISE(ABORT, 'ledger batch items are append-only');
END;

CREATE TRIGGER ledger_batch_items_no_delete BEFORE DELETE ON ledger_batch_items
BEGIN
  SELECT RAISE(ABORT, 'ledger batch items are append-only');
END;
