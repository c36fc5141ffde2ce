#!/usr/bin/python3
"""Independent verifier of a leotwin ledger file, written from docs/ledger.md only.

It shares no code with leotwin: Python's sqlite3 reads the file, hashlib computes SHA-256 and
OpenSSL (through python3-cryptography) checks the Ed25519 signatures. It checks the hash chain,
every signature, proposal ids, and the vote rules that need no policy model (known proposal,
one vote per operator, no self-approval), and batch proposals: their stored items (table
ledger_batch_items) against the signed count and Merkle root (leaf SHA-256(0x00|item), node
SHA-256(0x01|left|right), an odd node carried up), each item the canonical change of the batch's
action, no terminal twice, no items for any other entry. It does not replay the policy itself.

Usage: ledger_peer_verify.py <ledger.db>
Prints "ok <entries> <head hash>" and exits 0, or "bad entry <n>: <reason>" and exits 3.
"""
import hashlib
import json
import sqlite3
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def message(domain, *fields):
    out = domain.encode() + b"\0"
    for f in fields:
        if isinstance(f, int):
            out += struct.pack(">q", f)
        else:
            b = f.encode() if isinstance(f, str) else f
            out += struct.pack(">Q", len(b)) + b
    return out


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def merkle_root(items):
    level = [hashlib.sha256(b"\0" + item.encode()).digest() for item in items]
    while len(level) > 1:
        nxt = [hashlib.sha256(b"\1" + level[i] + level[i + 1]).digest()
               for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])  # carried up, never paired with itself
        level = nxt
    return level[0].hex() if level else None


def batch_problem(change, items):
    """Why the stored items do not match a signed batch change, or None."""
    if change.get("count") != len(items):
        return f"{len(items)} items stored, {change.get('count')} signed"
    seen = set()
    for i, text in enumerate(items):
        try:
            item = json.loads(text)
        except ValueError:
            return f"batch item {i} is not JSON"
        if canonical(item) != text or item.get("action") != change["item_action"]:
            return f"batch item {i} is not a canonical {change['item_action']} change"
        if change["item_action"] == "set_terminal_status" and item.get("status") != change.get("status"):
            return f"batch item {i} has another status than the batch"
        if item.get("id") in seen:
            return f"batch item {i}: terminal {item.get('id')} twice"
        seen.add(item.get("id"))
    if merkle_root(items) != change.get("merkle_root"):
        return "the stored items do not give the signed Merkle root"
    return None


def verify_sig(pub_hex, msg, sig_hex):
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(pub_hex)).verify(bytes.fromhex(sig_hex), msg)
        return True
    except (InvalidSignature, ValueError):
        return False


def main(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = db.execute("SELECT seq, kind, payload, signer, signature, timestamp_ns, prev_hash, hash "
                      "FROM ledger_entries ORDER BY seq").fetchall()
    head = db.execute("SELECT seq, hash FROM ledger_head WHERE id = 1").fetchone()
    items_by_seq = {}
    if db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'ledger_batch_items'").fetchone()[0]:
        for seq, idx, item in db.execute(
                "SELECT seq, idx, item FROM ledger_batch_items ORDER BY seq, idx"):
            stored_items = items_by_seq.setdefault(seq, [])
            # Positions must run 0, 1, 2, ...: anything else is a damaged list.
            stored_items.append(item if idx == len(stored_items) and isinstance(item, str) else "\1")
    prev_hash, prev_time, expected = "0" * 64, None, 1
    operators, ledger_id, proposals = {}, None, {}

    def bad(seq, why):
        print(f"bad entry {seq}: {why}")
        sys.exit(3)

    clock = {}

    def check_window(seq, signed_at, expires_at, ts):
        # A signature is committed no earlier than its signing time minus the skew and no later
        # than its expiry, within the genesis' longest validity window (docs/ledger.md, "Time").
        if signed_at > ts + clock["max_skew_ns"]:
            bad(seq, "signed after its commit time (backdated)")
        if ts > expires_at:
            bad(seq, "committed after the signature expired")
        if expires_at - signed_at > clock["max_validity_ns"]:
            bad(seq, "validity window longer than the genesis allows")

    for seq, kind, payload, signer, sig, ts, prev, stored in rows:
        if seq != expected:
            bad(expected, f"entry {expected} is missing (next present: {seq})")
        if prev != prev_hash:
            bad(seq, "prev_hash does not link to the previous entry")
        digest = hashlib.sha256(message("leotwin.ledger.v2/entry", seq, kind, payload, signer,
                                        bytes.fromhex(sig), ts, bytes.fromhex(prev))).hexdigest()
        if digest != stored:
            bad(seq, "hash does not match the content (edited)")
        if prev_time is not None and ts < prev_time and clock.get("mode") == "simulated":
            bad(seq, "time goes backwards on a simulated clock")
        body = json.loads(payload)
        if canonical(body) != payload:
            bad(seq, "payload is not canonical JSON")
        if kind == "genesis":
            if seq != 1:
                bad(seq, "genesis after entry 1")
            operators = {op["name"]: op["public_key"] for op in body["operators"]}
            clock = body["clock"]
            if signer != body["initiator"] or not verify_sig(
                    operators.get(signer, "00" * 32), message("leotwin.ledger.v2/genesis", payload),
                    sig):
                bad(seq, "genesis signature")
            ledger_id = stored
        elif kind == "proposal":
            if body["ledger"] != ledger_id or signer != body["proposer"] or signer not in operators:
                bad(seq, "proposal ledger or proposer")
            msg = message("leotwin.ledger.v2/proposal", body["ledger"], body["proposer"],
                          body["created_at_ns"], body["expires_at_ns"], canonical(body["change"]),
                          body["comment"])
            check_window(seq, body["created_at_ns"], body["expires_at_ns"], ts)
            if not verify_sig(operators[signer], msg, sig):
                bad(seq, f"not a valid signature of {signer}")
            change = body["change"]
            if isinstance(change, dict) and change.get("action") == "batch":
                why = batch_problem(change, items_by_seq.pop(seq, []))
                if why:
                    bad(seq, why)
            pid = hashlib.sha256(msg).hexdigest()
            if pid in proposals:
                bad(seq, "replayed proposal")
            proposals[pid] = {"proposer": signer, "voters": set()}
        elif kind in ("approval", "rejection"):
            verdict = "approve" if kind == "approval" else "reject"
            if body["ledger"] != ledger_id or signer != body["voter"] or signer not in operators:
                bad(seq, "vote ledger or voter")
            if body["verdict"] != verdict:
                bad(seq, "verdict does not match the entry kind")
            msg = message("leotwin.ledger.v2/vote", body["ledger"], body["proposal"], body["voter"],
                          verdict, body["signed_at_ns"], body["expires_at_ns"], body["comment"])
            check_window(seq, body["signed_at_ns"], body["expires_at_ns"], ts)
            if not verify_sig(operators[signer], msg, sig):
                bad(seq, f"not a valid signature of {signer}")
            p = proposals.get(body["proposal"])
            if p is None:
                bad(seq, "vote on an unknown proposal")
            if signer in p["voters"]:
                bad(seq, f"{signer} already voted")
            if verdict == "approve" and signer == p["proposer"]:
                bad(seq, "self-approval")
            p["voters"].add(signer)
        else:
            bad(seq, f"unknown kind {kind}")
        if seq in items_by_seq:
            bad(seq, "batch items are stored for an entry that is not a batch proposal")
        prev_hash, prev_time, expected = stored, ts, expected + 1
    if items_by_seq:
        bad(min(items_by_seq), "batch items are stored for an entry that does not exist")
    if head is None and rows:
        bad(len(rows), "no head record")
    if head is not None and (head[0] != len(rows) or head[1] != prev_hash):
        bad(min(head[0], len(rows)) + (1 if head[0] > len(rows) else 0),
            "head record does not match the last entry")
    print(f"ok {len(rows)} {prev_hash}")


if __name__ == "__main__":
    main(sys.argv[1])
