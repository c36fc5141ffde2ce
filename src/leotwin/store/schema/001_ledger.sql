-- Migration 1: the policy ledger (see src/leotwin/ledger/chain.h and docs/ledger.md).
--
-- ledger_entries is append-only and hash-chained: entry `seq` (1, 2, 3, ... without gaps) stores
-- the hash of entry seq-1 in prev_hash (64 zero hex digits for seq 1) and its own hash over a
-- canonical encoding of (seq, kind, payload, signer, signature, timestamp_ns, prev_hash). The
-- triggers refuse UPDATE and DELETE from any program that uses this schema; someone editing the
-- file directly can drop them, which `leotwin ledger verify` then detects through the hashes.
CREATE TABLE ledger_entries (
  seq           INTEGER PRIMARY KEY CHECK (seq >= 1),
  kind          TEXT    NOT NULL,   -- genesis | proposal | approval | rejection
  payload       TEXT    NOT NULL,   -- canonical JSON (sorted keys, no whitespace)
  signer        TEXT    NOT NULL,   -- operator name
  signature     TEXT    NOT NULL,   -- Ed25519 signature, 128 lowercase hex digits
  timestamp_ns  INTEGER NOT NULL,   -- commit time, ns since 1970-01-01 UTC, non-decreasing
  prev_hash     TEXT    NOT NULL,   -- SHA-256, 64 lowercase hex digits
  hash          TEXT    NOT NULL UNIQUE
);

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN
  SELECT RAISE(ABORT, 'ledger entries are append-only');
END;

CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN
  SELECT RAISE(ABORT, 'ledger entries are append-only');
END;

-- The head of the chain, written in the same transaction as each entry. It lets `verify` notice a
-- truncated tail (deleting the last entries leaves a valid shorter chain otherwise). It is only as
-- trustworthy as the file: for tamper evidence against someone who can rewrite both, keep the head
-- hash elsewhere and pass it to `leotwin ledger verify --expect-head`.
CREATE TABLE ledger_head (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  seq   INTEGER NOT NULL,
  hash  TEXT    NOT NULL
);
