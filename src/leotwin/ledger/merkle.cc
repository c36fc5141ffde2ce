#include "leotwin/ledger/merkle.h"

#include "leotwin/base/check.h"

namespace leotwin::ledger {

Sha256Digest MerkleLeaf(std::string_view item) {
  std::string bytes;
  bytes.reserve(item.size() + 1);
  bytes.push_back('\x00');
  bytes.append(item);
  return Sha256(bytes);
}

Sha256Digest MerkleNode(const Sha256Digest& left, const Sha256Digest& right) {
  std::string bytes(1 + 2 * kSha256Bytes, '\x01');
  std::copy(left.begin(), left.end(), bytes.begin() + 1);
  std::copy(right.begin(), right.end(), bytes.begin() + 1 + kSha256Bytes);
  return Sha256(bytes);
}

namespace {

// One level up: pairs combined, an odd last node carried up unchanged.
void Up(std::vector<Sha256Digest>& level) {
  const size_t n = level.size();
  for (size_t i = 0; i < n / 2; ++i) level[i] = MerkleNode(level[2 * i], level[2 * i + 1]);
  if (n % 2 == 1) level[n / 2] = level[n - 1];
  level.resize((n + 1) / 2);
}

}  // namespace

Sha256Digest MerkleRoot(std::vector<Sha256Digest> leaves) {
  LEOTWIN_DCHECK(!leaves.empty());
  while (leaves.size() > 1) Up(leaves);
  return leaves.front();
}

std::vector<Sha256Digest> MerklePath(std::vector<Sha256Digest> leaves, uint64_t index) {
  LEOTWIN_DCHECK(index < leaves.size());
  std::vector<Sha256Digest> path;
  while (leaves.size() > 1) {
    const uint64_t sibling = index ^ 1u;
    if (sibling < leaves.size()) path.push_back(leaves[sibling]);
    Up(leaves);
    index /= 2;
  }
  return path;
}

bool VerifyMerklePath(const Sha256Digest& leaf, uint64_t index, uint64_t count,
                      const std::vector<Sha256Digest>& path, const Sha256Digest& root) {
  if (count == 0 || index >= count) return false;
  Sha256Digest h = leaf;
  size_t used = 0;
  while (count > 1) {
    const uint64_t sibling = index ^ 1u;
    if (sibling < count) {
      if (used == path.size()) return false;
      h = (index % 2 == 0) ? MerkleNode(h, path[used]) : MerkleNode(path[used], h);
      ++used;
    }
    index /= 2;
    count = (count + 1) / 2;
  }
  return used == path.size() && h == root;
}

}  // namespace leotwin::ledger
