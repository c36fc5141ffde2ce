#include "leotwin/scenario/scenario.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "fmt/format.h"
#include "leotwin/base/input.h"
#include "leotwin/ledger/crypto.h"
#include "leotwin/ledger/encoding.h"
#include "leotwin/ledger/policy_model.h"
#include "leotwin/policy/change.h"

namespace leotwin::scenario {
namespace {

using nlohmann::json;

constexpr int64_t kDefaultApprovalGapNs = 15 * SimTime::kNanosPerMinute;

// Errors about content: "source: where: what".
Status ContentError(std::string_view source, std::string_view where, std::string_view what) {
  return absl::InvalidArgumentError(fmt::format("{}: {}: {}", source, where, what));
}

StatusOr<SimTime> GetTime(const json& object, std::string_view field, std::string_view source,
                          std::string_view where) {
  if (!object.contains(field) || !object[std::string(field)].is_string()) {
    return ContentError(source, where,
                        fmt::format("\"{}\" must be an ISO 8601 time (a string)", field));
  }
  auto t = SimTime::Parse(object[std::string(field)].get<std::string>());
  if (!t.ok()) return ContentError(source, where, std::string(t.status().message()));
  return *t;
}

StatusOr<std::string> OptionalText(const json& object, std::string_view field,
                                   std::string_view source, std::string_view where) {
  if (!object.contains(field)) return std::string();
  const json& v = object[std::string(field)];
  if (!v.is_string()) {
    return ContentError(source, where, fmt::format("\"{}\" must be a string", field));
  }
  LEOTWIN_RETURN_IF_ERROR(
      ledger::ValidateText(v.get<std::string>(), fmt::format("{}: {}.{}", source, where, field)));
  return v.get<std::string>();
}

StatusOr<std::string> OperatorField(const json& object, std::string_view field,
                                    const std::vector<std::string>& operators,
                                    std::string_view source, std::string_view where) {
  LEOTWIN_ASSIGN_OR_RETURN(std::string name, ledger::GetString(object, field, where));
  if (std::find(operators.begin(), operators.end(), name) == operators.end()) {
    return ContentError(source, where,
                        fmt::format("\"{}\" is {}, not one of the operators", field, name));
  }
  return name;
}

// A change with "geometry_file" resolved against the scenario folder.
StatusOr<json> ResolveChange(json change, const std::string& dir, std::string_view source,
                             std::string_view where) {
  if (!change.is_object()) return ContentError(source, where, "a change must be an object");
  if (change.contains("geometry_file")) {
    if (!change["geometry_file"].is_string() || change.contains("geometry")) {
      return ContentError(source, where,
                          "\"geometry_file\" must be a file name, and replaces \"geometry\"");
    }
    const std::string name = change["geometry_file"].get<std::string>();
    if (name.empty() || name.find("..") != std::string::npos || name.front() == '/') {
      return ContentError(source, where,
                          fmt::format("geometry_file {}: must be a file inside the scenario "
                                      "folder",
                                      name));
    }
    const std::string path = fmt::format("{}/{}", dir, name);
    LEOTWIN_ASSIGN_OR_RETURN(const std::string text, ReadFileBounded(path, kMaxScenarioBytes));
    LEOTWIN_ASSIGN_OR_RETURN(json geometry, ParseJson(text, path));
    if (geometry.is_object() && geometry.value("type", "") == "Feature") {
      geometry = geometry.value("geometry", json());
    }
    change.erase("geometry_file");
    change["geometry"] = std::move(geometry);
  }
  // The one validation path for changes: what the ledger will parse.
  auto parsed = policy::PolicyChangeFromJson(change);
  if (!parsed.ok()) return ContentError(source, where, std::string(parsed.status().message()));
  return policy::ToJson(*parsed);
}

StatusOr<Step> ParseStep(const json& j, const Scenario& s, std::string_view source,
                         std::string_view where) {
  if (!j.is_object()) return ContentError(source, where, "a step must be an object");
  LEOTWIN_RETURN_IF_ERROR(
      ledger::CheckOnlyFields(j, {"at", "by", "comment", "changes", "approvals"}, where));
  Step step;
  step.where = std::string(where);
  LEOTWIN_ASSIGN_OR_RETURN(step.at, GetTime(j, "at", source, where));
  LEOTWIN_ASSIGN_OR_RETURN(step.by, OperatorField(j, "by", s.operators, source, where));
  LEOTWIN_ASSIGN_OR_RETURN(step.comment, OptionalText(j, "comment", source, where));
  if (!j.contains("changes") || !j["changes"].is_array() || j["changes"].empty()) {
    return ContentError(source, where, "\"changes\" must be a non-empty array");
  }
  for (size_t i = 0; i < j["changes"].size(); ++i) {
    const std::string at = fmt::format("{}.changes[{}]", where, i);
    LEOTWIN_ASSIGN_OR_RETURN(json change, ResolveChange(j["changes"][i], s.dir, source, at));
    step.changes.push_back(std::move(change));
  }
  if (j.contains("approvals") && !j["approvals"].is_array()) {
    return ContentError(source, where, "\"approvals\" must be an array");
  }
  SimTime previous = step.at;
  std::set<std::string> voters;
  for (size_t i = 0; j.contains("approvals") && i < j["approvals"].size(); ++i) {
    const json& a = j["approvals"][i];
    const std::string at = fmt::format("{}.approvals[{}]", where, i);
    if (!a.is_object()) return ContentError(source, at, "an approval must be an object");
    LEOTWIN_RETURN_IF_ERROR(ledger::CheckOnlyFields(a, {"by", "at", "comment"}, at));
    Approval approval;
    LEOTWIN_ASSIGN_OR_RETURN(approval.by, OperatorField(a, "by", s.operators, source, at));
    if (approval.by == step.by) {
      return ContentError(source, at,
                          fmt::format("{} proposed this step and cannot approve it", step.by));
    }
    if (!voters.insert(approval.by).second) {
      return ContentError(source, at, fmt::format("{} approves twice", approval.by));
    }
    if (a.contains("at")) {
      LEOTWIN_ASSIGN_OR_RETURN(approval.at, GetTime(a, "at", source, at));
    } else {
      approval.at = previous + kDefaultApprovalGapNs;
    }
    if (approval.at < previous) {
      return ContentError(source, at,
                          fmt::format("approved at {}, before {} (times never go back)",
                                      approval.at.ToIso8601(), previous.ToIso8601()));
    }
    LEOTWIN_ASSIGN_OR_RETURN(approval.comment, OptionalText(a, "comment", source, at));
    previous = approval.at;
    step.approvals.push_back(std::move(approval));
  }
  return step;
}

}  // namespace

SimTime Scenario::last_time() const {
  SimTime last = genesis_at;
  for (const Step& step : history) {
    last = std::max(last, step.approvals.empty() ? step.at : step.approvals.back().at);
  }
  return last;
}

StatusOr<Scenario> ParseScenario(std::string_view text, const std::string& dir,
                                 std::string_view source) {
  LEOTWIN_ASSIGN_OR_RETURN(const json j, ParseJson(text, source));
  if (!j.is_object()) return ContentError(source, "top level", "a scenario is a JSON object");
  LEOTWIN_RETURN_IF_ERROR(
      ledger::CheckOnlyFields(j,
                              {"leotwin_scenario", "name", "title", "description", "constellation",
                               "operators", "quorum", "genesis", "history"},
                              source));
  if (!j.contains("leotwin_scenario") || j["leotwin_scenario"] != 1) {
    return ContentError(source, "top level", "\"leotwin_scenario\" must be 1 (the format version)");
  }
  Scenario s;
  s.dir = dir;
  LEOTWIN_ASSIGN_OR_RETURN(s.name, ledger::GetString(j, "name", source));
  LEOTWIN_RETURN_IF_ERROR(ledger::ValidateOperatorName(s.name));  // the same safe word shape
  LEOTWIN_ASSIGN_OR_RETURN(s.title, OptionalText(j, "title", source, "top level"));
  LEOTWIN_ASSIGN_OR_RETURN(s.description, OptionalText(j, "description", source, "top level"));
  LEOTWIN_ASSIGN_OR_RETURN(s.constellation, ledger::GetString(j, "constellation", source));
  if (s.constellation.find('/') != std::string::npos ||
      s.constellation.find('.') != std::string::npos) {
    // A file beside the scenario (a preset name has neither).
    if (s.constellation.find("..") != std::string::npos || s.constellation.front() == '/') {
      return ContentError(source, "constellation", "a file must be inside the scenario folder");
    }
    s.constellation = fmt::format("{}/{}", dir, s.constellation);
  }

  if (!j.contains("operators") || !j["operators"].is_array() || j["operators"].size() < 2) {
    return ContentError(source, "operators",
                        "must list at least two operator names (nobody approves their own "
                        "proposal)");
  }
  for (const json& op : j["operators"]) {
    if (!op.is_string()) return ContentError(source, "operators", "names must be strings");
    LEOTWIN_RETURN_IF_ERROR(ledger::ValidateOperatorName(op.get<std::string>()));
    if (std::find(s.operators.begin(), s.operators.end(), op.get<std::string>()) !=
        s.operators.end()) {
      return ContentError(source, "operators", fmt::format("{} is listed twice", op.dump()));
    }
    s.operators.push_back(op.get<std::string>());
  }
  s.quorum = ledger::RecommendedQuorumRules(static_cast<int>(s.operators.size()));
  if (j.contains("quorum")) {
    if (!j["quorum"].is_object()) return ContentError(source, "quorum", "must be an object");
    for (const auto& [kind, n] : j["quorum"].items()) {
      if (!n.is_number_integer()) {
        return ContentError(source, "quorum", fmt::format("{}: must be an integer", kind));
      }
      if (kind == "default") {
        s.quorum.default_approvals = n.get<int>();
      } else {
        s.quorum.per_action[kind] = n.get<int>();
      }
    }
  }
  if (!j.contains("genesis") || !j["genesis"].is_object()) {
    return ContentError(source, "genesis", "must be an object with \"at\" and \"by\"");
  }
  const json& g = j["genesis"];
  LEOTWIN_RETURN_IF_ERROR(ledger::CheckOnlyFields(g, {"at", "by", "comment"}, "genesis"));
  LEOTWIN_ASSIGN_OR_RETURN(s.genesis_at, GetTime(g, "at", source, "genesis"));
  LEOTWIN_ASSIGN_OR_RETURN(s.genesis_by, OperatorField(g, "by", s.operators, source, "genesis"));
  LEOTWIN_ASSIGN_OR_RETURN(s.genesis_comment, OptionalText(g, "comment", source, "genesis"));

  std::vector<std::string> kinds;
  for (std::string_view k : policy::AllActionKinds()) kinds.emplace_back(k);
  // Genesis checks (names, reachable quorums, known kinds) before anything is signed.
  ledger::Genesis probe;
  for (size_t i = 0; i < s.operators.size(); ++i) {
    ledger::PublicKey placeholder{};  // distinct per operator; seeding generates the real keys
    placeholder[0] = static_cast<uint8_t>(i);
    placeholder[1] = static_cast<uint8_t>(i >> 8);
    probe.operators.push_back({s.operators[i], placeholder});
  }
  probe.quorum = s.quorum;
  probe.initiator = s.genesis_by;
  if (Status st = ledger::ValidateGenesis(probe, kinds); !st.ok()) {
    return ContentError(source, "quorum", std::string(st.message()));
  }

  if (!j.contains("history") || !j["history"].is_array()) {
    return ContentError(source, "history", "must be an array of steps");
  }
  if (j["history"].size() > kMaxSteps) {
    return ContentError(source, "history",
                        fmt::format("{} steps, more than {}", j["history"].size(), kMaxSteps));
  }
  SimTime previous = s.genesis_at;
  for (size_t i = 0; i < j["history"].size(); ++i) {
    const std::string where = fmt::format("history[{}]", i);
    LEOTWIN_ASSIGN_OR_RETURN(Step step, ParseStep(j["history"][i], s, source, where));
    if (step.at < previous) {
      return ContentError(source, where,
                          fmt::format("at {} is before {}, the end of the previous step (the "
                                      "ledger's times never go back)",
                                      step.at.ToIso8601(), previous.ToIso8601()));
    }
    previous = step.approvals.empty() ? step.at : step.approvals.back().at;
    s.history.push_back(std::move(step));
  }

  // The digest covers what seeding uses: the parsed scenario, geometry files resolved.
  json canonical = j;
  json& history = canonical["history"];
  for (size_t i = 0; i < history.size(); ++i) {
    history[i]["changes"] = s.history[i].changes;
  }
  LEOTWIN_ASSIGN_OR_RETURN(const std::string bytes, ledger::CanonicalJson(canonical));
  s.digest = ledger::ToHex(ledger::Sha256(bytes));
  return s;
}

StatusOr<Scenario> LoadScenario(const std::string& name_or_dir) {
  std::string path;
  std::error_code ec;
  if (std::filesystem::is_directory(name_or_dir, ec)) {
    path = name_or_dir + "/scenario.json";
  } else if (name_or_dir.find('/') != std::string::npos) {
    return absl::NotFoundError(fmt::format("{}: no such scenario folder", name_or_dir));
  } else {
    if (ledger::ValidateOperatorName(name_or_dir).ok()) {
      auto found = FindBundledDataFile(fmt::format("scenarios/{}/scenario.json", name_or_dir));
      if (found.ok()) path = *found;
    }
    if (path.empty()) {
      std::string names;
      for (const std::string& n : BundledScenarios()) names += (names.empty() ? "" : ", ") + n;
      return absl::NotFoundError(
          fmt::format("unknown scenario {} (bundled: {}; or give a folder holding scenario.json)",
                      name_or_dir, names.empty() ? "none found" : names));
    }
  }
  LEOTWIN_ASSIGN_OR_RETURN(const std::string text, ReadFileBounded(path, kMaxScenarioBytes));
  const std::string dir = std::filesystem::path(path).parent_path().string();
  return ParseScenario(text, dir.empty() ? "." : dir, path);
}

std::vector<std::string> BundledScenarios() {
  std::vector<std::string> names;
  auto readme = FindBundledDataFile("scenarios/README.md");
  if (!readme.ok()) return names;
  std::error_code ec;
  const auto root = std::filesystem::path(*readme).parent_path();
  for (const auto& entry : std::filesystem::directory_iterator(root, ec)) {
    if (std::filesystem::is_regular_file(entry.path() / "scenario.json", ec)) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace leotwin::scenario
