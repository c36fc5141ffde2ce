// Merkle trees over the items of a batch change (one signed proposal carrying many changes of one
// kind): the proposal signs the root, so each item is bound to the signatures and the hash chain
// while a proof for one item reveals no other item.
//
// Rules (docs/ledger.md, "Batch changes"), SHA-256 throughout:
//   leaf(item)        = SHA-256(0x00 | item bytes)         item bytes: the item's canonical JSON
//   node(left, right) = SHA-256(0x01 | left | right)       32-byte hashes
// Levels are built pairwise from the leaves in item order; an odd node at the end of a level is
// carried up unchanged (never paired with a copy of itself, so two different item lists never
// share a root by duplicating their last item). The root of one item is its leaf. The 0x00/0x01
// prefixes keep a leaf from ever being read as a node (no second-preimage by reinterpretation).
// An inclusion proof for item i of n lists the sibling hashes from the leaf up; which side each
// sibling is on, and at which levels there is none, follow from (i, n), so a proof cannot claim
// another position.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/ledger/crypto.h"

namespace leotwin::ledger {

Sha256Digest MerkleLeaf(std::string_view item);
Sha256Digest MerkleNode(const Sha256Digest& left, const Sha256Digest& right);

// The root over `leaves` (MerkleLeaf of each item, in order). REQUIRES: !leaves.empty().
Sha256Digest MerkleRoot(std::vector<Sha256Digest> leaves);

// Sibling hashes from the leaf of item `index` up to the root of `leaves`.
// REQUIRES: index < leaves.size().
std::vector<Sha256Digest> MerklePath(std::vector<Sha256Digest> leaves, uint64_t index);

// True when `path` proves that an item whose leaf hash is `leaf` is item `index` of `count` under
// `root`.
bool VerifyMerklePath(const Sha256Digest& leaf, uint64_t index, uint64_t count,
                      const std::vector<Sha256Digest>& path, const Sha256Digest& root);

}  // namespace leotwin::ledger
