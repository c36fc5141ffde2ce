#include "leotwin/ledger/batch.h"

#include <charconv>
#include <cmath>
#include <map>
#include <unordered_map>

#include "fmt/format.h"
#include "leotwin/base/input.h"
#include "leotwin/ledger/encoding.h"
#include "leotwin/ledger/merkle.h"
#include "leotwin/policy/change.h"

namespace leotwin::ledger {
namespace {

using nlohmann::json;

std::string_view ItemAction(BatchKind kind) {
  return kind == BatchKind::kRegisterTerminals ? "register_terminal" : "set_terminal_status";
}

// The canonical item for one terminal (errors name `where`).
StatusOr<std::string> MakeItem(BatchKind kind, const std::string& id, const std::string& term_kind,
                               double lat, double lon, const std::string& sponsor,
                               std::string_view where) {
  json change;
  if (kind == BatchKind::kRegisterTerminals) {
    change = {{"action", "register_terminal"},
              {"id", id},
              {"kind", term_kind},
              {"service_address", {{"lat", lat}, {"lon", lon}}},
              {"sponsor", sponsor}};
  } else {
    change = {{"action", "set_terminal_status"},
              {"id", id},
              {"status", kind == BatchKind::kSuspendTerminals ? "suspended" : "active"}};
  }
  Status s = ValidateJsonText(change, "item");
  if (s.ok()) {
    auto parsed = policy::PolicyChangeFromJson(change);
    if (parsed.ok()) {
      auto canonical = CanonicalJson(policy::ToJson(*parsed));
      if (canonical.ok()) return *canonical;
      s = canonical.status();
    } else {
      s = parsed.status();
    }
  }
  return absl::InvalidArgumentError(fmt::format("{}: {}", where, std::string(s.message())));
}

StatusOr<double> Number(std::string_view text, std::string_view field, std::string_view where) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
    return absl::InvalidArgumentError(
        fmt::format("{}: {} \"{}\" is not a finite number", where, field, EscapeForDisplay(text)));
  }
  return v;
}

struct Collector {
  BatchKind kind;
  std::string_view source;
  size_t max_items;
  Batch batch;
  std::unordered_map<std::string, int> lines;  // id -> line
  Status Add(int line, const std::string& id, const std::string& term_kind, double lat, double lon,
             const std::string& sponsor) {
    const std::string where = fmt::format("{}:{}", source, line);
    if (batch.items.size() >= max_items) {
      return absl::InvalidArgumentError(fmt::format(
          "{}: more than {} items, the limit of one batch; split the file", where, max_items));
    }
    LEOTWIN_ASSIGN_OR_RETURN(std::string item,
                             MakeItem(kind, id, term_kind, lat, lon, sponsor, where));
    const auto [it, added] = lines.emplace(id, line);
    if (!added) {
      return absl::InvalidArgumentError(
          fmt::format("{}: terminal \"{}\" is already in this batch (line {})", where,
                      EscapeForDisplay(id), it->second));
    }
    batch.items.push_back(std::move(item));
    return absl::OkStatus();
  }
};

Status ParseCsvBatch(std::string_view text, Collector& c) {
  LEOTWIN_ASSIGN_OR_RETURN(std::vector<CsvRecord> records, ParseCsv(text, c.source));
  if (records.empty()) return absl::InvalidArgumentError(fmt::format("{}: no header", c.source));
  const bool reg = c.kind == BatchKind::kRegisterTerminals;
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < records[0].fields.size(); ++i) {
    const std::string& name = records[0].fields[i].text;
    const bool known =
        name == "id" ||
        (reg && (name == "kind" || name == "lat" || name == "lon" || name == "sponsor"));
    if (!known || !col.emplace(name, i).second) {
      return absl::InvalidArgumentError(fmt::format(
          "{}:{}: column \"{}\" {}; expected {}", c.source, records[0].line, EscapeForDisplay(name),
          known ? "given twice" : "unknown", reg ? "id,kind,lat,lon[,sponsor]" : "id"));
    }
  }
  for (const char* need : {"id", "kind", "lat", "lon"}) {
    if ((reg || std::string_view(need) == "id") && col.count(need) == 0) {
      return absl::InvalidArgumentError(
          fmt::format("{}:{}: the header has no \"{}\" column", c.source, records[0].line, need));
    }
  }
  for (size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& rec = records[r];
    const std::string where = fmt::format("{}:{}", c.source, rec.line);
    if (rec.fields.size() != records[0].fields.size()) {
      return absl::InvalidArgumentError(fmt::format("{}: {} fields, the header has {}", where,
                                                    rec.fields.size(), records[0].fields.size()));
    }
    auto field = [&](const char* name) -> const std::string& {
      return rec.fields[col.at(name)].text;
    };
    double lat = 0, lon = 0;
    std::string term_kind, sponsor;
    if (reg) {
      LEOTWIN_ASSIGN_OR_RETURN(lat, Number(field("lat"), "lat", where));
      LEOTWIN_ASSIGN_OR_RETURN(lon, Number(field("lon"), "lon", where));
      term_kind = field("kind");
      if (col.count("sponsor") != 0) sponsor = field("sponsor");
    }
    LEOTWIN_RETURN_IF_ERROR(c.Add(rec.line, field("id"), term_kind, lat, lon, sponsor));
  }
  return absl::OkStatus();
}

Status ParseJsonLinesBatch(std::string_view text, Collector& c) {
  const bool reg = c.kind == BatchKind::kRegisterTerminals;
  int line = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    ++line;
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view row = text.substr(pos, end - pos);
    pos = end + 1;
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (row.find_first_not_of(" \t") == std::string_view::npos) continue;
    const std::string where = fmt::format("{}:{}", c.source, line);
    LEOTWIN_ASSIGN_OR_RETURN(const json j, ParseJson(row, where));
    if (!j.is_object()) {
      return absl::InvalidArgumentError(fmt::format("{}: expected a JSON object", where));
    }
    if (reg) {
      LEOTWIN_RETURN_IF_ERROR(CheckOnlyFields(j, {"id", "kind", "lat", "lon", "sponsor"}, where));
    } else {
      LEOTWIN_RETURN_IF_ERROR(CheckOnlyFields(j, {"id"}, where));
    }
    LEOTWIN_ASSIGN_OR_RETURN(const std::string id, GetString(j, "id", where));
    double lat = 0, lon = 0;
    std::string term_kind, sponsor;
    if (reg) {
      LEOTWIN_ASSIGN_OR_RETURN(term_kind, GetString(j, "kind", where));
      for (const auto& [name, out] :
           {std::pair<const char*, double*>{"lat", &lat}, {"lon", &lon}}) {
        if (!j.contains(name) || !j[name].is_number()) {
          return absl::InvalidArgumentError(
              fmt::format("{}: \"{}\" missing or not a number", where, name));
        }
        *out = j[name].get<double>();
      }
      if (j.contains("sponsor")) {
        LEOTWIN_ASSIGN_OR_RETURN(sponsor, GetString(j, "sponsor", where));
      }
    }
    LEOTWIN_RETURN_IF_ERROR(c.Add(line, id, term_kind, lat, lon, sponsor));
  }
  return absl::OkStatus();
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string_view BatchKindName(BatchKind kind) {
  switch (kind) {
    case BatchKind::kRegisterTerminals:
      return "register-terminals";
    case BatchKind::kSuspendTerminals:
      return "suspend-terminals";
    case BatchKind::kActivateTerminals:
      return "activate-terminals";
  }
  return "?";
}

StatusOr<BatchKind> ParseBatchKind(std::string_view name) {
  for (BatchKind k : {BatchKind::kRegisterTerminals, BatchKind::kSuspendTerminals,
                      BatchKind::kActivateTerminals}) {
    if (name == BatchKindName(k)) return k;
  }
  return absl::InvalidArgumentError(fmt::format(
      "batch kind \"{}\": expected register-terminals, suspend-terminals or activate-terminals",
      EscapeForDisplay(name)));
}

StatusOr<Batch> ParseBatchFile(std::string_view text, std::string_view source, BatchKind kind,
                               size_t max_items) {
  if (text.size() > kMaxBatchFileBytes) {
    return absl::InvalidArgumentError(fmt::format("{}: {} bytes, over the batch limit of {}",
                                                  source, text.size(), kMaxBatchFileBytes));
  }
  Collector c{kind, source, max_items, Batch{kind, {}}, {}};
  if (EndsWith(source, ".csv")) {
    LEOTWIN_RETURN_IF_ERROR(ParseCsvBatch(text, c));
  } else if (EndsWith(source, ".jsonl") || EndsWith(source, ".ndjson")) {
    LEOTWIN_RETURN_IF_ERROR(ParseJsonLinesBatch(text, c));
  } else {
    return absl::InvalidArgumentError(
        fmt::format("{}: a batch file is .csv or .jsonl (JSON Lines); see docs/ledger.md", source));
  }
  if (c.batch.items.empty()) {
    return absl::InvalidArgumentError(fmt::format("{}: the batch has no items", source));
  }
  return std::move(c.batch);
}

namespace {

std::vector<Sha256Digest> Leaves(const std::vector<std::string>& items) {
  std::vector<Sha256Digest> leaves;
  leaves.reserve(items.size());
  for (const std::string& item : items) leaves.push_back(MerkleLeaf(item));
  return leaves;
}

}  // namespace

json BatchChange(const Batch& batch) {
  json change = {{"action", "batch"},
                 {"item_action", std::string(ItemAction(batch.kind))},
                 {"count", batch.items.size()},
                 {"merkle_root", ToHex(MerkleRoot(Leaves(batch.items)))}};
  if (batch.kind != BatchKind::kRegisterTerminals) {
    change["status"] = batch.kind == BatchKind::kSuspendTerminals ? "suspended" : "active";
  }
  return change;
}

bool IsBatchChange(const json& change) {
  if (!change.is_object()) return false;
  const auto it = change.find("action");
  return it != change.end() && it->is_string() && it->get_ref<const std::string&>() == "batch";
}

StatusOr<BatchHeader> ParseBatchChange(const json& change) {
  constexpr std::string_view where = "batch change";
  BatchHeader h;
  LEOTWIN_ASSIGN_OR_RETURN(const std::string action, GetString(change, "item_action", where));
  if (action == "register_terminal") {
    LEOTWIN_RETURN_IF_ERROR(
        CheckOnlyFields(change, {"action", "item_action", "count", "merkle_root"}, where));
    h.kind = BatchKind::kRegisterTerminals;
  } else if (action == "set_terminal_status") {
    LEOTWIN_RETURN_IF_ERROR(CheckOnlyFields(
        change, {"action", "item_action", "status", "count", "merkle_root"}, where));
    LEOTWIN_ASSIGN_OR_RETURN(const std::string status, GetString(change, "status", where));
    if (status != "suspended" && status != "active") {
      return absl::InvalidArgumentError("batch change: status must be suspended or active");
    }
    h.kind = status == "suspended" ? BatchKind::kSuspendTerminals : BatchKind::kActivateTerminals;
  } else {
    return absl::InvalidArgumentError(
        fmt::format("batch change: item_action \"{}\" cannot be batched (register_terminal or "
                    "set_terminal_status)",
                    EscapeForDisplay(action)));
  }
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t count, GetInt(change, "count", where));
  if (count < 1 || static_cast<uint64_t>(count) > kMaxBatchItems) {
    return absl::InvalidArgumentError(
        fmt::format("batch change: count {} outside 1..{}", count, kMaxBatchItems));
  }
  h.count = static_cast<uint64_t>(count);
  LEOTWIN_ASSIGN_OR_RETURN(const std::string root, GetString(change, "merkle_root", where));
  LEOTWIN_ASSIGN_OR_RETURN(h.root, FromHex<kSha256Bytes>(root, "batch change: merkle_root"));
  return h;
}

Status CheckBatchItems(const BatchHeader& header, const std::vector<std::string>& items) {
  if (items.size() != header.count) {
    return absl::DataLossError(fmt::format("the batch has {} stored items, its signed count is {}",
                                           items.size(), header.count));
  }
  if (MerkleRoot(Leaves(items)) != header.root) {
    return absl::DataLossError(
        "the stored batch items do not match the signed Merkle root (an item was edited, "
        "removed, added or moved)");
  }
  std::unordered_map<std::string, size_t> seen;
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string where = fmt::format("batch item {}", i);
    LEOTWIN_ASSIGN_OR_RETURN(const json j, ParseJson(items[i], where));
    LEOTWIN_ASSIGN_OR_RETURN(const std::string canonical, CanonicalJson(j));
    if (canonical != items[i]) {
      return absl::InvalidArgumentError(fmt::format("{}: not canonical JSON", where));
    }
    LEOTWIN_RETURN_IF_ERROR(ValidateJsonText(j, where));
    auto change = policy::PolicyChangeFromJson(j);
    if (!change.ok()) return WithContext(change.status(), where);
    const bool reg = header.kind == BatchKind::kRegisterTerminals;
    const auto* r = std::get_if<policy::RegisterTerminal>(&*change);
    const auto* s = std::get_if<policy::SetTerminalStatus>(&*change);
    const bool fits = reg ? r != nullptr
                          : s != nullptr && (s->status == policy::TerminalStatus::kSuspended) ==
                                                (header.kind == BatchKind::kSuspendTerminals);
    if (!fits) {
      return absl::InvalidArgumentError(
          fmt::format("{}: not a {} item", where, BatchKindName(header.kind)));
    }
    const std::string& id = reg ? r->id : s->id;
    const auto [it, added] = seen.emplace(id, i);
    if (!added) {
      return absl::InvalidArgumentError(fmt::format("{}: terminal \"{}\" is also item {}", where,
                                                    EscapeForDisplay(id), it->second));
    }
  }
  return absl::OkStatus();
}

std::string DescribeBatch(const BatchHeader& header) {
  const char* what = header.kind == BatchKind::kRegisterTerminals  ? "terminal registrations"
                     : header.kind == BatchKind::kSuspendTerminals ? "terminal suspensions"
                                                                   : "terminal activations";
  return fmt::format("batch of {} {} (Merkle root {})", header.count, what,
                     ToHex(header.root).substr(0, 16));
}

std::string BatchItemTerminal(std::string_view item) {
  const json j = json::parse(item, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("id") || !j["id"].is_string()) return "";
  return j["id"].get<std::string>();
}

}  // namespace leotwin::ledger
