// libFuzzer target: the batch file reader (src/leotwin/ledger/batch.h), CSV and JSON Lines, for
// each batch kind (see fuzz/ledger.cmake). A file that parses must give items that pass the
// ledger's own check against the Merkle root of the signed batch change; anything else must be a
// Status, never a crash, hang or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "leotwin/ledger/batch.h"

namespace {

namespace lg = leotwin::ledger;

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const lg::BatchKind kinds[] = {lg::BatchKind::kRegisterTerminals,
                                 lg::BatchKind::kSuspendTerminals,
                                 lg::BatchKind::kActivateTerminals};
  const lg::BatchKind kind = kinds[(data[0] & 0x7f) % 3];
  const char* source = (data[0] & 0x80) != 0 ? "fuzz.jsonl" : "fuzz.csv";
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto batch = lg::ParseBatchFile(text, source, kind, /*max_items=*/1000);
  if (!batch.ok()) return 0;
  Check(!batch->items.empty() && batch->items.size() <= 1000);
  auto header = lg::ParseBatchChange(lg::BatchChange(*batch));
  Check(header.ok());
  Check(header->kind == kind && header->count == batch->items.size());
  Check(lg::CheckBatchItems(*header, batch->items).ok());
  return 0;
}
