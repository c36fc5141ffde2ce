// Proof per terminal: that terminal T was registered by a given batch entry, checkable by anyone
// holding a head hash of the ledger, without the database and without seeing the batch's other
// items (docs/ledger.md, "Proofs").
//
// JSON form (`leotwin policy prove --terminal T`, read by `leotwin ledger check-proof`):
//   {"leotwin_proof":1,"terminal":"T-1","item":"<canonical item JSON>","index":i,"count":n,
//    "path":["<64 hex>",...],
//    "entry":{"seq":..,"kind":"proposal","payload":"...","signer":..,"signature":..,
//             "timestamp_ns":..,"prev_hash":..,"hash":..},
//    "chain":[<every later entry up to the head, same fields>],
//    "head":{"seq":..,"hash":".."}}
// Checked: the item names the terminal and is a change of the batch's kind; MerkleLeaf(item) with
// `path` at position i of n gives the Merkle root signed in the entry's payload (merkle.h); the
// entry's hash recomputes from its fields; each later entry links to the one before and its hash
// recomputes; the last one is the head, which must equal the head hash given by the checker.
// Not checked (what `leotwin ledger verify` does for whoever holds the file): the signatures and
// quorum rules. Later entries are included whole, so single-entry changes after the batch are
// visible in a proof; the batch's other items never are.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/ledger/chain.h"
#include "leotwin/ledger/ledger.h"
#include "nlohmann/json.hpp"

namespace leotwin::ledger {

struct InclusionProof {
  std::string terminal;
  std::string item;
  uint64_t index = 0;
  uint64_t count = 0;
  std::vector<Sha256Digest> path;
  Entry entry;
  std::vector<Entry> chain;
  Head head;
};

// Which change of a terminal a proof is about: its registration, or its status now (the batch
// that suspended or activated it last).
enum class ProofOf { kRegistration, kStatus };

// The proof that `terminal` was registered (or given its current status) by a batch entry, up to
// the ledger's head. NotFound for an unknown terminal; FailedPrecondition when that change was a
// single-entry proposal (that entry, exported, is its own proof) or, for kStatus, when its status
// never changed after its registration.
StatusOr<InclusionProof> ProveTerminal(Ledger& ledger, std::string_view terminal,
                                       ProofOf of = ProofOf::kRegistration);

nlohmann::json ProofToJson(const InclusionProof& proof);
StatusOr<InclusionProof> ProofFromJson(std::string_view text, std::string_view source);

// Checks a proof against `expect_head` ("<64 hex>" or "<seq>:<64 hex>"). OK or DataLoss naming
// the first check that failed.
Status CheckProof(const InclusionProof& proof, std::string_view expect_head);

}  // namespace leotwin::ledger
