// Batch changes: one signed proposal carrying many changes of one kind (terminal registrations,
// suspensions or activations), approved once by the quorum and recorded as one ledger entry.
//
// The proposal signs a small change that names the items through their Merkle root (merkle.h):
//   {"action":"batch","item_action":"register_terminal"|"set_terminal_status",
//    "status":"suspended"|"active" (set_terminal_status only),"count":<items>,
//    "merkle_root":"<64 hex>"}
// Each item is the canonical JSON of one policy change of that action (policy/change.h), e.g.
//   {"action":"register_terminal","id":"T-1","kind":"fixed","service_address":{...},"sponsor":""}
// The items are stored beside the entry (table ledger_batch_items, never part of the entry hash);
// replay and verify recompute the root from them, so an edited, missing or extra item fails
// verification naming the entry. Limits: kMaxBatchItems items, kMaxBatchFileBytes of input.
//
// Input files (ParseBatchFile), chosen by extension:
//   .csv    a header line then one item per line. register-terminals: id,kind,lat,lon[,sponsor]
//           (columns in any order, sponsor optional); suspend-/activate-terminals: id.
//   .jsonl  one JSON object per line (blank lines skipped): register-terminals
//           {"id":..,"kind":..,"lat":..,"lon":..,"sponsor":..} (sponsor optional);
//           suspend-/activate-terminals {"id":..}.
// Any bad item (a field missing or out of range, an id given twice, a line too long) rejects the
// whole file with an error naming it as file:line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/ledger/crypto.h"
#include "nlohmann/json.hpp"

namespace leotwin::ledger {

inline constexpr size_t kMaxBatchItems = 100'000;
inline constexpr size_t kMaxBatchFileBytes = size_t{32} << 20;

enum class BatchKind { kRegisterTerminals, kSuspendTerminals, kActivateTerminals };
// "register-terminals", "suspend-terminals", "activate-terminals".
std::string_view BatchKindName(BatchKind kind);
StatusOr<BatchKind> ParseBatchKind(std::string_view name);

struct Batch {
  BatchKind kind = BatchKind::kRegisterTerminals;
  std::vector<std::string> items;  // canonical change JSON, in file order
};

// Parses a batch file (see above). `source` names it in errors ("file:line: ...").
StatusOr<Batch> ParseBatchFile(std::string_view text, std::string_view source, BatchKind kind,
                               size_t max_items = kMaxBatchItems);

// The signed change naming `batch` by its Merkle root.
nlohmann::json BatchChange(const Batch& batch);

// The header of a batch change.
struct BatchHeader {
  BatchKind kind = BatchKind::kRegisterTerminals;
  uint64_t count = 0;
  Sha256Digest root{};
};
bool IsBatchChange(const nlohmann::json& change);
StatusOr<BatchHeader> ParseBatchChange(const nlohmann::json& change);
// Checks stored items against a batch change: count, Merkle root, each item a canonical change of
// the batch's action and no id twice. Errors name the first bad item by its index.
Status CheckBatchItems(const BatchHeader& header, const std::vector<std::string>& items);
std::string DescribeBatch(const BatchHeader& header);

// The terminal id an item changes ("" when it does not parse).
std::string BatchItemTerminal(std::string_view item);

}  // namespace leotwin::ledger
