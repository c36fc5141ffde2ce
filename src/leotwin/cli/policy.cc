// `leotwin policy`: operator keys, the quorum-signed policy ledger, decisions and explanations.
//   keygen | init | propose | approve | reject | show | decide | explain | history
// Every command works on one ledger file (--db, default $LEOTWIN_DB or leotwin.db). The library
// behind it is leotwin/ledger/ledger.h (the HTTP API calls the same functions).
#include "leotwin/policy/policy.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "fmt/format.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/geo/territories.h"
#include "leotwin/ledger/encoding.h"
#include "leotwin/ledger/keys.h"
#include "leotwin/ledger/ledger.h"
#include "leotwin/ledger/messages.h"
#include "nlohmann/json.hpp"

namespace leotwin::cli {
namespace {

using nlohmann::json;
namespace lg = ::leotwin::ledger;

constexpr const char* kDbHelp = "Ledger database file (default: $LEOTWIN_DB, else leotwin.db)";
constexpr const char* kNowHelp =
    "Commit and signing time (ISO 8601; default: the clock). Only for ledgers initialized with "
    "--clock simulated (demos, tests, replays of a past history): never before the last entry, "
    "never after this machine's clock plus the ledger's skew";
constexpr const char* kExpiresHelp =
    "How long the signature stays valid for commit (e.g. 30m, 24h, 7d; default 24h; at most the "
    "ledger's maximum, 7d unless its genesis says otherwise)";

std::string DbPath(const std::string& flag) {
  return flag.empty() ? lg::DefaultLedgerPath() : flag;
}

std::string Str(const Status& s) { return std::string(s.message()); }

StatusOr<SimTime> ParseTimeFlag(const std::string& text, std::string_view flag) {
  auto t = SimTime::Parse(text);
  if (!t.ok()) {
    return absl::InvalidArgumentError(fmt::format("{} \"{}\": {}", flag, text, Str(t.status())));
  }
  return *t;
}

SimTime WallClock() {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  return SimTime::FromUnixNanos(static_cast<int64_t>(ns));
}

// The instant for queries: --at if given, else the clock.
StatusOr<SimTime> QueryTime(const std::string& at) {
  if (at.empty()) return WallClock();
  return ParseTimeFlag(at, "--at");
}

// The commit time: this machine's clock, or --now on a ledger with a simulated clock. Never
// adjusted to the last entry's time: a future-dated entry must not move later entries' times.
StatusOr<SimTime> CommitTime(const std::string& now, const lg::Ledger& ledger) {
  if (now.empty()) return WallClock();
  if (ledger.state().initialized() && ledger.state().clock().mode != lg::ClockMode::kSimulated) {
    return absl::InvalidArgumentError(
        "--now: this ledger uses the system clock, so every entry records the time of its "
        "commit; only a ledger initialized with --clock simulated takes chosen times");
  }
  return ParseTimeFlag(now, "--now");
}

// The end of a signature's validity window: `when` + --expires-in (default 24 h).
StatusOr<SimTime> ExpiryTime(const std::string& expires_in, SimTime when) {
  if (expires_in.empty()) return when + lg::kDefaultValidityNs;
  auto d = ParseDuration(expires_in);
  if (!d.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("--expires-in \"{}\": {}", expires_in, Str(d.status())));
  }
  return when + *d;
}

StatusOr<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(fmt::format("cannot open {}", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (ss.str().size() > lg::kMaxJsonBytes) {
    return absl::InvalidArgumentError(
        fmt::format("{} is larger than the limit of {} bytes", path, lg::kMaxJsonBytes));
  }
  return ss.str();
}

// Writes to an existing ledger only: a typo'd --db must not create (or adopt) a file.
StatusOr<lg::Ledger> OpenForWrite(const std::string& db) {
  return lg::Ledger::OpenExisting(DbPath(db));
}

StatusOr<lg::Ledger> OpenForRead(const std::string& db) {
  const std::string path = DbPath(db);
  std::ifstream probe(path);
  if (!probe) {
    return absl::NotFoundError(
        fmt::format("no ledger at {} (create one with 'leotwin policy init', or pass --db)", path));
  }
  return lg::Ledger::OpenReadOnly(path);
}

std::string Short(std::string_view id) { return std::string(id.substr(0, 12)); }

void PrintHead(const lg::Ledger& ledger) {
  fmt::print("head {} {}\n", ledger.state().head().seq, ledger.state().head().hash);
}

// ---- keygen ----

struct KeygenFlags {
  std::string name, out, pub;
};

int RunKeygen(const KeygenFlags& f) {
  auto key = lg::GenerateOperatorKey(f.name);
  if (!key.ok()) return Fail(key.status());
  const std::string out = f.out.empty() ? f.name + ".key" : f.out;
  const std::string pub = f.pub.empty() ? f.name + ".pub" : f.pub;
  if (Status s = lg::WriteSecretKeyFile(out, *key); !s.ok()) return Fail(s);
  if (Status s = lg::WritePublicKeyFile(pub, lg::PublicHalf(*key)); !s.ok()) return Fail(s);
  fmt::print("wrote {} (secret key, mode 0600: keep it private) and {} (public key: share it)\n",
             out, pub);
  fmt::print("{}\n", lg::PublicKeyJson(lg::PublicHalf(*key)));
  return 0;
}

// ---- init ----

struct InitFlags {
  std::string db, key, now, comment, clock = "system";
  std::vector<std::string> operators, quorums;
};

StatusOr<lg::QuorumRules> ParseQuorums(const std::vector<std::string>& specs, int operators) {
  lg::QuorumRules rules;
  rules.default_approvals = 1;
  // Recommended defaults (policy::RecommendedApprovals), when enough operators exist.
  for (std::string_view kind : policy::AllActionKinds()) {
    const int n = policy::RecommendedApprovals(kind);
    if (n != rules.default_approvals && n <= operators - 1) rules.per_action[std::string(kind)] = n;
  }
  for (const std::string& spec : specs) {
    const auto eq = spec.find('=');
    int n = 0;
    const char* num_end = spec.data() + spec.size();
    if (eq == std::string::npos || eq == 0 ||
        std::from_chars(spec.data() + eq + 1, num_end, n).ptr != num_end || eq + 1 == spec.size()) {
      return absl::InvalidArgumentError(fmt::format(
          "--quorum \"{}\": expected <action kind>=<approvals>, e.g. territory.block=2", spec));
    }
    const std::string kind = spec.substr(0, eq);
    if (kind == "default") {
      rules.default_approvals = n;
    } else {
      rules.per_action[kind] = n;
    }
  }
  // Rules equal to the default are dropped so the genesis lists only the exceptions.
  for (auto it = rules.per_action.begin(); it != rules.per_action.end();) {
    it = it->second == rules.default_approvals ? rules.per_action.erase(it) : std::next(it);
  }
  return rules;
}

std::string QuorumText(const lg::QuorumRules& q) {
  std::string out = fmt::format("default {}", q.default_approvals);
  for (const auto& [kind, n] : q.per_action) out += fmt::format("; {} {}", kind, n);
  return out;
}

int RunInit(const InitFlags& f) {
  auto key = lg::ReadSecretKeyFile(f.key);
  if (!key.ok()) return Fail(key.status());
  lg::Genesis g;
  g.initiator = key->name;
  g.comment = f.comment;
  for (const std::string& path : f.operators) {
    auto pub = lg::ReadPublicKeyFile(path);
    if (!pub.ok()) return Fail(pub.status());
    g.operators.push_back(*pub);
  }
  if (std::none_of(g.operators.begin(), g.operators.end(),
                   [&](const lg::OperatorPublicKey& op) { return op.name == key->name; })) {
    g.operators.insert(g.operators.begin(), lg::PublicHalf(*key));
  }
  auto quorum = ParseQuorums(f.quorums, static_cast<int>(g.operators.size()));
  if (!quorum.ok()) return Fail(quorum.status());
  g.quorum = *quorum;
  if (f.clock == "simulated") {
    g.clock.mode = lg::ClockMode::kSimulated;
  } else if (f.clock != "system") {
    return Fail(absl::InvalidArgumentError(
        fmt::format("--clock \"{}\": expected system or simulated", f.clock)));
  } else if (!f.now.empty()) {
    return Fail(absl::InvalidArgumentError(
        "--now needs --clock simulated (a ledger with the system clock records commit times)"));
  }
  auto now = f.now.empty() ? StatusOr<SimTime>(WallClock()) : ParseTimeFlag(f.now, "--now");
  if (!now.ok()) return Fail(now.status());
  g.created_at = *now;
  const std::string path = DbPath(f.db);
  const bool existed = std::filesystem::exists(path);
  auto ledger = lg::Ledger::Open(path);
  if (!ledger.ok()) return Fail(ledger.status());
  auto entry = ledger->Init(g, *key, *now);
  if (!entry.ok()) {
    if (!existed) {
      // A failed init leaves no empty ledger behind (it would later verify as nothing).
      ledger = absl::CancelledError("closed");
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    }
    return Fail(entry.status());
  }
  std::string names;
  for (const auto& op : g.operators) names += (names.empty() ? "" : ", ") + op.name;
  fmt::print("initialized ledger {} in {}\n", ledger->id(), DbPath(f.db));
  fmt::print("operators: {}\n", names);
  fmt::print("quorum (approvals needed besides the proposer): {}\n", QuorumText(g.quorum));
  fmt::print("clock: {} (skew {} s, signatures valid up to {} h)\n",
             lg::ClockModeName(g.clock.mode), g.clock.max_skew_ns / SimTime::kNanosPerSecond,
             g.clock.max_validity_ns / (3600 * SimTime::kNanosPerSecond));
  PrintHead(*ledger);
  return 0;
}

// ---- propose ----

struct ProposeFlags {
  std::string db, key, now, comment, file, ledger_id, expires_in;
  std::string add_operator, remove_operator, rotate_key, set_quorum;
  bool sign_only = false;
  std::string set_territory, state, coming_soon_date, effective_at;
  std::string add_geofence, geometry, effect = "deny", name, from, to;
  // Optional, and passed on as given: the change parser is the one validation path (a negative,
  // zero or NaN cap must be refused, not silently dropped into an unconditional deny).
  std::optional<double> speed_cap;
  std::string remove_geofence;
  std::string register_terminal, kind, sponsor;
  double lat = 1000, lon = 1000;
  std::string suspend_terminal, activate_terminal;
};

// Accepts a GeoJSON geometry, a Feature, or a FeatureCollection with exactly one feature.
StatusOr<json> ReadGeometry(const std::string& path) {
  LEOTWIN_ASSIGN_OR_RETURN(const std::string text, ReadTextFile(path));
  LEOTWIN_ASSIGN_OR_RETURN(json j, lg::ParseJson(text, path));
  if (j.is_object() && j.value("type", "") == "FeatureCollection") {
    if (!j.contains("features") || !j["features"].is_array() || j["features"].size() != 1) {
      return absl::InvalidArgumentError(
          fmt::format("{}: a FeatureCollection must hold exactly one feature here", path));
    }
    j = j["features"][0];
  }
  if (j.is_object() && j.value("type", "") == "Feature") {
    if (!j.contains("geometry")) {
      return absl::InvalidArgumentError(fmt::format("{}: the feature has no geometry", path));
    }
    j = j["geometry"];
  }
  return j;
}

// The change described by the action flags; exactly one action must be given.
StatusOr<json> ChangeFromFlags(const ProposeFlags& f) {
  int actions = !f.set_territory.empty() + !f.add_geofence.empty() + !f.remove_geofence.empty() +
                !f.register_terminal.empty() + !f.suspend_terminal.empty() +
                !f.activate_terminal.empty() + !f.file.empty() + !f.add_operator.empty() +
                !f.remove_operator.empty() + !f.rotate_key.empty() + !f.set_quorum.empty();
  if (actions != 1) {
    return absl::InvalidArgumentError(
        "give exactly one of --file, --set-territory, --add-geofence, --remove-geofence, "
        "--register-terminal, --suspend-terminal, --activate-terminal, --add-operator, "
        "--remove-operator, --rotate-key, --set-quorum");
  }
  json c;
  if (!f.add_operator.empty() || !f.rotate_key.empty()) {
    // The operator's name and new key come from their public key file.
    const std::string& path = f.add_operator.empty() ? f.rotate_key : f.add_operator;
    LEOTWIN_ASSIGN_OR_RETURN(const lg::OperatorPublicKey pub, lg::ReadPublicKeyFile(path));
    c = {{"action", f.add_operator.empty() ? "rotate_key" : "add_operator"},
         {"name", pub.name},
         {"public_key", lg::ToHex(pub.public_key)}};
  } else if (!f.remove_operator.empty()) {
    c = {{"action", "remove_operator"}, {"name", f.remove_operator}};
  } else if (!f.set_quorum.empty()) {
    const auto eq = f.set_quorum.find('=');
    int n = 0;
    const char* end = f.set_quorum.data() + f.set_quorum.size();
    if (eq == std::string::npos || eq == 0 || eq + 1 == f.set_quorum.size() ||
        std::from_chars(f.set_quorum.data() + eq + 1, end, n).ptr != end) {
      return absl::InvalidArgumentError(fmt::format(
          "--set-quorum \"{}\": expected <action kind>=<approvals>, e.g. territory.block=2",
          f.set_quorum));
    }
    c = {{"action", "set_quorum"}, {"action_kind", f.set_quorum.substr(0, eq)}, {"approvals", n}};
  } else if (!f.set_territory.empty()) {
    if (f.state.empty()) return absl::InvalidArgumentError("--set-territory needs --state");
    c = {{"action", "set_territory_state"}, {"iso", f.set_territory}, {"state", f.state}};
    if (!f.coming_soon_date.empty()) c["coming_soon_date"] = f.coming_soon_date;
    if (!f.effective_at.empty()) c["effective_at"] = f.effective_at;
  } else if (!f.add_geofence.empty()) {
    if (f.geometry.empty()) {
      return absl::InvalidArgumentError("--add-geofence needs --geometry <GeoJSON file>");
    }
    LEOTWIN_ASSIGN_OR_RETURN(json geometry, ReadGeometry(f.geometry));
    c = {{"action", "add_geofence"},
         {"id", f.add_geofence},
         {"name", f.name},
         {"effect", f.effect},
         {"geometry", geometry}};
    if (!f.from.empty() || !f.to.empty()) {
      json w = json::object();
      if (!f.from.empty()) w["from"] = f.from;
      if (!f.to.empty()) w["to"] = f.to;
      c["window"] = w;
    }
    if (f.speed_cap) {
      if (!std::isfinite(*f.speed_cap)) {
        return absl::InvalidArgumentError(
            fmt::format("--speed-cap {}: must be a finite number of km/h", *f.speed_cap));
      }
      c["speed_cap_kmh"] = *f.speed_cap;
    }
  } else if (!f.remove_geofence.empty()) {
    c = {{"action", "remove_geofence"}, {"id", f.remove_geofence}};
  } else if (!f.register_terminal.empty()) {
    if (f.kind.empty() || f.lat == 1000 || f.lon == 1000) {
      return absl::InvalidArgumentError(
          "--register-terminal needs --kind and the service address --lat and --lon");
    }
    c = {{"action", "register_terminal"},
         {"id", f.register_terminal},
         {"kind", f.kind},
         {"service_address", {{"lat", f.lat}, {"lon", f.lon}}},
         {"sponsor", f.sponsor}};
  } else if (!f.suspend_terminal.empty()) {
    c = {{"action", "set_terminal_status"}, {"id", f.suspend_terminal}, {"status", "suspended"}};
  } else if (!f.activate_terminal.empty()) {
    c = {{"action", "set_terminal_status"}, {"id", f.activate_terminal}, {"status", "active"}};
  }
  return c;
}

void PrintProposalOutcome(const lg::Ledger& ledger, const std::string& id, int64_t seq) {
  const lg::ProposalRecord* r = ledger.state().FindProposal(id);
  fmt::print("proposal {}\n", id);
  if (r == nullptr) return;
  fmt::print("  entry {}: {}\n", seq,
             lg::EscapeForDisplay(ledger.state().Describe(r->proposal.body.change)));
  fmt::print("  action {}: needs {} approval{} from operators other than {}\n", r->action_kind,
             r->quorum, r->quorum == 1 ? "" : "s", r->proposal.body.proposer);
  if (!r->lifts.empty()) {
    std::string entries;
    for (int64_t e : r->lifts) entries += fmt::format("{}{}", entries.empty() ? "" : ", ", e);
    fmt::print("  (it lifts a restriction set by entry {}: at least the quorum that set it)\n",
               entries);
  }
}

int RunPropose(const ProposeFlags& f) {
  // A complete signed proposal (signed offline) is submitted as is.
  if (!f.file.empty()) {
    auto text = ReadTextFile(f.file);
    if (!text.ok()) return Fail(text.status());
    auto parsed = lg::ParseJson(*text, f.file);
    if (!parsed.ok()) return Fail(parsed.status());
    if (parsed->is_object() && parsed->contains("leotwin_proposal")) {
      auto proposal = lg::ProposalFromJson(*parsed, f.file);
      if (!proposal.ok()) return Fail(proposal.status());
      if (f.sign_only) return Fail(absl::InvalidArgumentError("the file is already signed"));
      auto ledger = OpenForWrite(f.db);
      if (!ledger.ok()) return Fail(ledger.status());
      auto now = CommitTime(f.now, *ledger);
      if (!now.ok()) return Fail(now.status());
      auto entry = ledger->Propose(*proposal, *now);
      if (!entry.ok()) return Fail(entry.status());
      PrintProposalOutcome(*ledger, *lg::ProposalId(proposal->body), entry->seq);
      PrintHead(*ledger);
      return 0;
    }
  }
  if (f.key.empty()) return Fail(absl::InvalidArgumentError("--key is required to sign"));
  json change;
  if (!f.file.empty()) {
    auto text = ReadTextFile(f.file);
    if (!text.ok()) return Fail(text.status());
    auto parsed = lg::ParseJson(*text, f.file);
    if (!parsed.ok()) return Fail(parsed.status());
    change = *parsed;
  } else {
    auto c = ChangeFromFlags(f);
    if (!c.ok()) return Fail(c.status());
    change = *c;
  }
  auto key = lg::ReadSecretKeyFile(f.key);
  if (!key.ok()) return Fail(key.status());

  if (f.sign_only) {
    // Offline signing: needs only the ledger id (from --ledger-id or the ledger file).
    std::string ledger_id = f.ledger_id;
    if (ledger_id.empty()) {
      auto ledger = OpenForRead(f.db);
      if (!ledger.ok()) return Fail(ledger.status());
      ledger_id = ledger->id();
    }
    SimTime when = WallClock();
    if (!f.now.empty()) {
      auto t = ParseTimeFlag(f.now, "--now");
      if (!t.ok()) return Fail(t.status());
      when = *t;
    }
    auto body = lg::MakeProposalBody(ledger_id, key->name, when, change, f.comment);
    if (!body.ok()) return Fail(body.status());
    auto expires = ExpiryTime(f.expires_in, when);
    if (!expires.ok()) return Fail(expires.status());
    body->expires_at = *expires;
    auto signed_proposal = lg::SignProposal(*std::move(body), *key);
    if (!signed_proposal.ok()) return Fail(signed_proposal.status());
    fmt::print("{}\n", lg::ProposalToJson(*signed_proposal).dump());
    return 0;
  }

  auto ledger = OpenForWrite(f.db);
  if (!ledger.ok()) return Fail(ledger.status());
  auto now = CommitTime(f.now, *ledger);
  if (!now.ok()) return Fail(now.status());
  auto body = lg::MakeProposalBody(ledger->id(), key->name, *now, change, f.comment);
  if (!body.ok()) return Fail(body.status());
  auto expires = ExpiryTime(f.expires_in, *now);
  if (!expires.ok()) return Fail(expires.status());
  body->expires_at = *expires;
  auto signed_proposal = lg::SignProposal(*std::move(body), *key);
  if (!signed_proposal.ok()) return Fail(signed_proposal.status());
  auto entry = ledger->Propose(*signed_proposal, *now);
  if (!entry.ok()) return Fail(entry.status());
  PrintProposalOutcome(*ledger, *lg::ProposalId(signed_proposal->body), entry->seq);
  PrintHead(*ledger);
  return 0;
}

// ---- approve / reject ----

struct VoteFlags {
  std::string db, key, now, comment, file, ledger_id, proposal, expires_in;
  bool sign_only = false;
};

int RunVote(const VoteFlags& f, lg::Verdict verdict) {
  std::optional<lg::SignedVote> vote;
  if (!f.file.empty()) {
    auto text = ReadTextFile(f.file);
    if (!text.ok()) return Fail(text.status());
    auto parsed = lg::ParseSignedVote(*text, f.file);
    if (!parsed.ok()) return Fail(parsed.status());
    if (parsed->body.verdict != verdict) {
      return Fail(absl::InvalidArgumentError(fmt::format(
          "{} holds a \"{}\" vote; use 'leotwin policy {}'", f.file,
          lg::VerdictName(parsed->body.verdict), lg::VerdictName(parsed->body.verdict))));
    }
    vote = *std::move(parsed);
  }
  if (!vote && (f.key.empty() || f.proposal.empty())) {
    return Fail(absl::InvalidArgumentError(
        "give the proposal id and --key (or --file with a signed vote)"));
  }

  // Offline signing with --ledger-id and a full proposal id needs no ledger file.
  if (f.sign_only && !f.ledger_id.empty()) {
    auto key = lg::ReadSecretKeyFile(f.key);
    if (!key.ok()) return Fail(key.status());
    SimTime when = WallClock();
    if (!f.now.empty()) {
      auto t = ParseTimeFlag(f.now, "--now");
      if (!t.ok()) return Fail(t.status());
      when = *t;
    }
    auto expires = ExpiryTime(f.expires_in, when);
    if (!expires.ok()) return Fail(expires.status());
    auto v = lg::SignVote({f.ledger_id, f.proposal, key->name, verdict, when, f.comment, *expires},
                          *key);
    if (!v.ok()) return Fail(v.status());
    fmt::print("{}\n", lg::VoteToJson(*v).dump());
    return 0;
  }

  auto ledger = f.sign_only ? OpenForRead(f.db) : OpenForWrite(f.db);
  if (!ledger.ok()) return Fail(ledger.status());
  auto now = CommitTime(f.now, *ledger);
  if (!now.ok()) return Fail(now.status());
  if (!vote) {
    auto record = ledger->state().ResolveProposal(f.proposal);
    if (!record.ok()) return Fail(record.status());
    auto key = lg::ReadSecretKeyFile(f.key);
    if (!key.ok()) return Fail(key.status());
    auto expires = ExpiryTime(f.expires_in, *now);
    if (!expires.ok()) return Fail(expires.status());
    auto v = lg::SignVote(
        {ledger->id(), (*record)->id, key->name, verdict, *now, f.comment, *expires}, *key);
    if (!v.ok()) return Fail(v.status());
    vote = *std::move(v);
  }
  if (f.sign_only) {
    fmt::print("{}\n", lg::VoteToJson(*vote).dump());
    return 0;
  }
  auto entry = ledger->Vote(*vote, *now);
  if (!entry.ok()) return Fail(entry.status());
  const lg::ProposalRecord* r = ledger->state().FindProposal(vote->body.proposal_id);
  fmt::print("{} proposal {} by {} (entry {}): {} of {} approval{}\n",
             verdict == lg::Verdict::kApprove ? "approved" : "rejected", Short(r->id),
             vote->body.voter, entry->seq, r->approvals(), r->quorum, r->quorum == 1 ? "" : "s");
  const std::string what = lg::EscapeForDisplay(ledger->state().Describe(r->proposal.body.change));
  switch (r->status) {
    case lg::ProposalStatus::kEnacted:
      fmt::print("enacted: {}\n", what);
      break;
    case lg::ProposalStatus::kRejected:
      fmt::print("rejected: the quorum can no longer be reached: {}\n", what);
      break;
    case lg::ProposalStatus::kWithdrawn:
      fmt::print("withdrawn by its proposer: {}\n", what);
      break;
    case lg::ProposalStatus::kPending:
      fmt::print("pending: {}\n", what);
      break;
  }
  PrintHead(*ledger);
  return 0;
}

// ---- show ----

struct QueryFlags {
  std::string db, at, terminal;
  double lat = 1000, lon = 1000, speed = 0;
  bool json = false;
};

json PendingJson(const lg::LedgerState& state) {
  json out = json::array();
  for (const lg::ProposalRecord* r : state.Proposals()) {
    if (r->status != lg::ProposalStatus::kPending) continue;
    out.push_back(lg::Provenance::Of(*r, state.model()).ToJson());
  }
  return out;
}

int RunShow(const QueryFlags& f) {
  auto ledger = OpenForRead(f.db);
  if (!ledger.ok()) return Fail(ledger.status());
  auto t = QueryTime(f.at);
  if (!t.ok()) return Fail(t.status());
  auto state = ledger->StateAt(*t);
  if (!state.ok()) return Fail(state.status());
  const policy::Policy& pol = lg::PolicyOf(*state);
  if (f.json) {
    json ops = json::array();
    json quorum = json::object();
    if (state->initialized()) {
      for (const auto& op : state->operators()) {
        ops.push_back({{"name", op.name}, {"public_key", lg::ToHex(op.public_key)}});
      }
      quorum["default"] = state->quorum_rules().default_approvals;
      for (const auto& [k, n] : state->quorum_rules().per_action) quorum[k] = n;
    }
    json out{{"ledger", state->ledger_id()},
             {"as_of", t->ToIso8601()},
             {"head", {{"seq", state->head().seq}, {"hash", state->head().hash}}},
             {"operators", ops},
             {"quorum", quorum},
             {"policy", pol.ToJson(*t)},
             {"pending", PendingJson(*state)}};
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  if (!state->initialized()) {
    fmt::print("ledger {} has no entries at or before {}\n", DbPath(f.db), t->ToIso8601());
    return 0;
  }
  fmt::print("ledger {} ({}), as of {}: {} entries, head {}\n", state->ledger_id(), DbPath(f.db),
             t->ToIso8601(), state->head().seq, state->head().hash);
  std::string names;
  for (const auto& op : state->operators()) names += (names.empty() ? "" : ", ") + op.name;
  fmt::print("operators: {}\n", names);
  fmt::print("quorum: {}\n", QuorumText(state->quorum_rules()));
  const geo::TerritorySet& ters = pol.territories();
  std::vector<std::string> lines;
  for (int i = 0; i < ters.size(); ++i) {
    if (pol.TerritorySchedule(i).empty()) continue;
    const policy::TerritoryRule& r = pol.TerritoryRuleAt(i, *t);
    std::string line = fmt::format("  {} {}: {}", ters.at(i).iso_a2, ters.at(i).name,
                                   policy::TerritoryStateName(r.state));
    if (r.ledger_entry_id != policy::kNoLedgerEntry) {
      line += fmt::format(" since {} (entry {})", r.effective_at.ToIso8601(), r.ledger_entry_id);
    }
    for (const policy::TerritoryRule& s : pol.TerritorySchedule(i)) {
      if (s.effective_at > *t) {
        line += fmt::format("; {} from {} (entry {})", policy::TerritoryStateName(s.state),
                            s.effective_at.ToIso8601(), s.ledger_entry_id);
      }
    }
    lines.push_back(line);
  }
  fmt::print("territories set by the ledger: {} (all others: {}, the default)\n", lines.size(),
             policy::TerritoryStateName(pol.options().default_state));
  for (const auto& l : lines) fmt::print("{}\n", l);
  fmt::print("geofences: {}\n", pol.geofences().size());
  for (const auto& [id, g] : pol.geofences()) {
    std::string extra;
    if (g.active_from) extra += fmt::format(" from {}", g.active_from->ToIso8601());
    if (g.active_until) extra += fmt::format(" until {}", g.active_until->ToIso8601());
    if (g.speed_cap_kmh) extra += fmt::format(" speed cap {:g} km/h", *g.speed_cap_kmh);
    fmt::print("  {} \"{}\": {}{}{} (entry {})\n", id, g.name, policy::GeofenceEffectName(g.effect),
               extra, g.ActiveAt(*t) ? "" : " [not active now]", g.ledger_entry_id);
  }
  fmt::print("terminals: {}\n", pol.terminals().size());
  for (const auto& [id, term] : pol.terminals()) {
    fmt::print("  {} {} {}, service address {:.4f}, {:.4f} (entry {})\n", id,
               policy::TerminalKindName(term.kind), policy::TerminalStatusName(term.status),
               term.service_lat_deg, term.service_lon_deg, term.registered_entry_id);
  }
  std::vector<const lg::ProposalRecord*> pending;
  for (const lg::ProposalRecord* r : state->Proposals()) {
    if (r->status == lg::ProposalStatus::kPending) pending.push_back(r);
  }
  fmt::print("pending proposals: {}\n", pending.size());
  for (const lg::ProposalRecord* r : pending) {
    fmt::print("  {} (entry {}) by {}: {} [{} of {} approvals]\n", Short(r->id), r->seq,
               r->proposal.body.proposer, state->model().Describe(r->proposal.body.change),
               r->approvals(), r->quorum);
  }
  return 0;
}

// ---- decide / explain ----

Status CheckPositionFlags(const QueryFlags& f) {
  if (f.terminal.empty() || f.lat == 1000 || f.lon == 1000) {
    return absl::InvalidArgumentError("--terminal, --lat and --lon are required");
  }
  return absl::OkStatus();
}

int RunDecide(const QueryFlags& f, bool explain) {
  if (Status s = CheckPositionFlags(f); !s.ok()) return Fail(s);
  auto ledger = OpenForRead(f.db);
  if (!ledger.ok()) return Fail(ledger.status());
  auto t = QueryTime(f.at);
  if (!t.ok()) return Fail(t.status());
  auto x = ledger->Explain(f.terminal, f.lat, f.lon, f.speed, *t);
  if (!x.ok()) return Fail(x.status());
  if (f.json) {
    fmt::print("{}\n", (explain ? x->ToJson() : x->decision.ToJson()).dump(2));
    return 0;
  }
  if (explain) {
    fmt::print("{}", x->ToText());
    return 0;
  }
  const policy::Decision& d = x->decision;
  fmt::print("{} {}: {}\n", d.allowed ? "ALLOW" : "DENY", policy::ReasonCodeName(d.reason),
             d.message);
  fmt::print("rule {}, ledger entry {}\n", d.rule_id.empty() ? "-" : d.rule_id, d.ledger_entry_id);
  return 0;
}

// ---- history ----

struct HistoryFlags {
  std::string db;
  bool json = false;
};

std::string EntrySummary(const lg::Entry& e, const lg::LedgerState& state) {
  auto payload = lg::ParseJson(e.payload, "payload");
  if (!payload.ok()) return "(unreadable payload)";
  if (e.kind == "genesis") {
    std::string names;
    for (const auto& op : state.genesis().operators) {
      names += (names.empty() ? "" : ", ") + op.name;
    }
    return fmt::format("operators {}; quorum {}; {} clock", names,
                       QuorumText(state.genesis().quorum),
                       lg::ClockModeName(state.genesis().clock.mode));
  }
  if (e.kind == "proposal") {
    const lg::ProposalRecord* r = state.FindProposalBySeq(e.seq);
    if (r == nullptr) return "";
    return fmt::format("{} {} [{}, now {}]", Short(r->id),
                       lg::EscapeForDisplay(state.Describe(r->proposal.body.change)),
                       r->action_kind, lg::ProposalStatusName(r->status));
  }
  const std::string id = payload->value("proposal", "");
  const lg::ProposalRecord* r = state.FindProposal(id);
  std::string out = Short(id);
  if (r != nullptr) {
    int approvals = 0;
    for (const lg::VoteRecord& v : r->votes) {
      if (v.seq > e.seq) break;
      if (v.vote.body.verdict == lg::Verdict::kApprove) ++approvals;
    }
    out += fmt::format(" ({} of {} approvals)", approvals, r->quorum);
    if (r->decided_seq == e.seq) out += fmt::format(" -> {}", lg::ProposalStatusName(r->status));
    for (const auto& ev : state.operator_events()) {
      if (ev.seq == e.seq && r->decided_seq == e.seq) out += fmt::format("; {}", ev.text);
    }
  }
  const std::string comment = payload->value("comment", "");
  if (!comment.empty()) out += fmt::format(" \"{}\"", lg::EscapeForDisplay(comment));
  return out;
}

int RunHistory(const HistoryFlags& f) {
  auto ledger = OpenForRead(f.db);
  if (!ledger.ok()) return Fail(ledger.status());
  auto entries = ledger->Entries();
  if (!entries.ok()) return Fail(entries.status());
  const lg::LedgerState& state = ledger->state();
  for (const lg::Entry& e : *entries) {
    if (f.json) {
      json j = lg::EntryToJson(e);
      j["summary"] = EntrySummary(e, state);
      fmt::print("{}\n", j.dump());
    } else {
      fmt::print("{:>5} {} {:<9} {:<10} {}\n", e.seq, e.timestamp.ToIso8601(),
                 lg::EscapeForDisplay(e.kind), lg::EscapeForDisplay(e.signer),
                 EntrySummary(e, state));
    }
  }
  return 0;
}

// ---- registration ----

void AddDbNow(CLI::App* cmd, std::string& db, std::string* now) {
  cmd->add_option("--db", db, kDbHelp);
  if (now != nullptr) cmd->add_option("--now", *now, kNowHelp);
}

void AddQueryFlags(CLI::App* cmd, QueryFlags& f, bool position) {
  cmd->add_option("--db", f.db, kDbHelp);
  cmd->add_option("--at", f.at, "Instant (ISO 8601, UTC if no zone; default: now)");
  cmd->add_flag("--json", f.json, "Print JSON");
  if (position) {
    cmd->add_option("--terminal", f.terminal, "Terminal id")->required();
    cmd->add_option("--lat", f.lat, "Latitude, degrees WGS84 [-90, 90]")->required();
    cmd->add_option("--lon", f.lon, "Longitude, degrees WGS84")->required();
    cmd->add_option("--speed", f.speed, "Ground speed, km/h (default 0)");
  }
}

LEOTWIN_REGISTER_COMMAND(70, [](CLI::App& app) {
  auto* policy_cmd = app.add_subcommand(
      "policy",
      "Service policy under a quorum-signed ledger: operator keys, proposals, approvals, "
      "decisions and their explanations.\n"
      "Example: leotwin policy explain --terminal T-1 --at 2025-10-01T12:00:00Z --lat 48.5 "
      "--lon 37.8");
  policy_cmd->require_subcommand(1);

  {
    auto f = std::make_shared<KeygenFlags>();
    auto* c = policy_cmd->add_subcommand(
        "keygen",
        "Create an operator's Ed25519 key pair: <name>.key (secret, mode 0600) and <name>.pub.\n"
        "Example: leotwin policy keygen --name alice");
    c->add_option("--name", f->name, "Operator name ([A-Za-z0-9._-], 1..64)")->required();
    c->add_option("--out", f->out, "Secret key file (default <name>.key; never overwritten)");
    c->add_option("--pub", f->pub, "Public key file (default <name>.pub)");
    c->callback([f] { SetExitCode(RunKeygen(*f)); });
  }
  {
    auto f = std::make_shared<InitFlags>();
    auto* c = policy_cmd->add_subcommand(
        "init",
        "Create the ledger's genesis entry: the operators, their public keys and the quorum of "
        "approvals per action kind (default: 1; territory.block and geofence.add_deny: 2).\n"
        "Example: leotwin policy init --key alice.key --operator bob.pub --operator carol.pub "
        "--quorum terminal.register=1");
    c->add_option("--key", f->key, "Secret key of the operator signing the genesis")->required();
    c->add_option("--operator", f->operators,
                  "Public key file of an operator (repeat; the --key owner is added)");
    c->add_option("--quorum", f->quorums,
                  "<action kind>=<approvals> or default=<approvals> (repeat). Kinds: "
                  "territory.block, territory.set_state, geofence.add_deny, geofence.add_allow, "
                  "geofence.remove, geofence.remove_allow, terminal.register, terminal.suspend, "
                  "terminal.activate, ledger.add_operator, ledger.remove_operator, "
                  "ledger.rotate_key, ledger.set_quorum");
    c->add_option("--comment", f->comment, "Free text recorded in the genesis");
    c->add_option("--clock", f->clock,
                  "system (default: every entry records the time of its commit) | simulated "
                  "(demos, tests: --now chooses commit times, never decreasing, never in the "
                  "future)");
    AddDbNow(c, f->db, &f->now);
    c->callback([f] { SetExitCode(RunInit(*f)); });
  }
  {
    auto f = std::make_shared<ProposeFlags>();
    auto* c = policy_cmd->add_subcommand(
        "propose",
        "Sign and record a proposed policy change. It takes effect when other operators approve "
        "it (quorum per action kind). The change comes from --file (a change or an offline-signed "
        "proposal, JSON) or from one action flag.\n"
        "Example: leotwin policy propose --key alice.key --set-territory UA --state blocked "
        "--comment \"licence withdrawn\"");
    c->add_option("--key", f->key, "Secret key of the proposer");
    c->add_option("--file", f->file,
                  "JSON file: a change ({\"action\":...}) or a signed proposal "
                  "({\"leotwin_proposal\":1,...})");
    c->add_option("--set-territory", f->set_territory, "Territory ISO code (alpha-2 or alpha-3)");
    c->add_option("--state", f->state,
                  "available | waitlist | coming_soon | unavailable | blocked");
    c->add_option("--coming-soon-date", f->coming_soon_date, "Date shown for coming_soon");
    c->add_option("--effective-at", f->effective_at,
                  "Schedule the state change for a later instant (default: on approval)");
    c->add_option("--add-geofence", f->add_geofence, "New geofence id");
    c->add_option("--geometry", f->geometry,
                  "GeoJSON file: Polygon/MultiPolygon geometry, Feature, or a one-feature "
                  "FeatureCollection");
    c->add_option("--effect", f->effect, "deny (default) | allow");
    c->add_option("--name", f->name, "Human name of the geofence");
    c->add_option("--from", f->from, "Geofence active from (ISO 8601)");
    c->add_option("--to", f->to, "Geofence active until (ISO 8601, exclusive)");
    c->add_option("--speed-cap", f->speed_cap, "Geofence speed cap, km/h");
    c->add_option("--remove-geofence", f->remove_geofence, "Geofence id to remove");
    c->add_option("--register-terminal", f->register_terminal, "New terminal id");
    c->add_option("--kind", f->kind, "fixed | roam | maritime | aviation | government");
    c->add_option("--lat", f->lat, "Service address latitude, degrees");
    c->add_option("--lon", f->lon, "Service address longitude, degrees");
    c->add_option("--sponsor", f->sponsor, "Sponsor or contract reference");
    c->add_option("--suspend-terminal", f->suspend_terminal, "Terminal id to suspend");
    c->add_option("--activate-terminal", f->activate_terminal, "Terminal id to reactivate");
    c->add_option("--add-operator", f->add_operator,
                  "Governance: add the operator of this public key file");
    c->add_option("--remove-operator", f->remove_operator, "Governance: remove this operator");
    c->add_option("--rotate-key", f->rotate_key,
                  "Governance: replace an operator's key by the one in this public key file");
    c->add_option("--set-quorum", f->set_quorum,
                  "Governance: <action kind>=<approvals> (or default=<approvals>)");
    c->add_option("--expires-in", f->expires_in, kExpiresHelp);
    c->add_option("--comment", f->comment, "Free text, signed with the proposal");
    c->add_flag("--sign-only", f->sign_only,
                "Print the signed proposal JSON instead of recording it (offline signing)");
    c->add_option("--ledger-id", f->ledger_id, "Ledger id for --sign-only without a ledger file");
    AddDbNow(c, f->db, &f->now);
    c->callback([f] { SetExitCode(RunPropose(*f)); });
  }
  for (const lg::Verdict verdict : {lg::Verdict::kApprove, lg::Verdict::kReject}) {
    auto f = std::make_shared<VoteFlags>();
    const bool approve = verdict == lg::Verdict::kApprove;
    auto* c = policy_cmd->add_subcommand(
        approve ? "approve" : "reject",
        approve ? "Approve a pending proposal (signed with your key). Nobody approves their own "
                  "proposal; each operator votes once.\n"
                  "Example: leotwin policy approve 3f2a9c1b --key bob.key"
                : "Reject a pending proposal (the proposer rejecting withdraws it). It is "
                  "rejected once the remaining operators cannot reach its quorum.\n"
                  "Example: leotwin policy reject 3f2a9c1b --key carol.key --comment \"too wide\"");
    c->add_option("proposal", f->proposal,
                  "Proposal id (64 hex digits, or a unique prefix of 8 or more)");
    c->add_option("--key", f->key, "Secret key of the voter");
    c->add_option("--file", f->file, "An offline-signed vote (JSON) to record");
    c->add_option("--comment", f->comment, "Free text, signed with the vote");
    c->add_option("--expires-in", f->expires_in, kExpiresHelp);
    c->add_flag("--sign-only", f->sign_only, "Print the signed vote JSON instead of recording it");
    c->add_option("--ledger-id", f->ledger_id,
                  "Ledger id for --sign-only without a ledger file (give the full proposal id)");
    AddDbNow(c, f->db, &f->now);
    c->callback([f, verdict] { SetExitCode(RunVote(*f, verdict)); });
  }
  {
    auto f = std::make_shared<QueryFlags>();
    auto* c = policy_cmd->add_subcommand(
        "show",
        "The policy as of an instant (default now): territory states, geofences, terminals, "
        "pending proposals, operators and quorums.\n"
        "Example: leotwin policy show --at 2025-10-01T00:00:00Z");
    AddQueryFlags(c, *f, false);
    c->callback([f] { SetExitCode(RunShow(*f)); });
  }
  {
    auto f = std::make_shared<QueryFlags>();
    auto* c = policy_cmd->add_subcommand(
        "decide",
        "Authorize a terminal at a position, speed and instant: allow or deny, the reason code, "
        "the deciding rule and its ledger entry.\n"
        "Example: leotwin policy decide --terminal T-1 --lat 50.45 --lon 30.52 --speed 0");
    AddQueryFlags(c, *f, true);
    c->callback([f] { SetExitCode(RunDecide(*f, false)); });
  }
  {
    auto f = std::make_shared<QueryFlags>();
    auto* c = policy_cmd->add_subcommand(
        "explain",
        "Why was a terminal allowed or denied at an instant: the decision, the deciding rule, the "
        "ledger entry that created it, its proposer, approvers and times (the policy replayed "
        "from the entries committed by then).\n"
        "Example: leotwin policy explain --terminal T-1 --at 2025-10-01T12:00:00Z --lat 48.5 "
        "--lon 37.8 --speed 30");
    AddQueryFlags(c, *f, true);
    c->callback([f] { SetExitCode(RunDecide(*f, true)); });
  }
  {
    auto f = std::make_shared<HistoryFlags>();
    auto* c = policy_cmd->add_subcommand(
        "history",
        "Every ledger entry in order: time, kind, signer and what it did.\n"
        "Example: leotwin policy history --db leotwin.db");
    c->add_option("--db", f->db, kDbHelp);
    c->add_flag("--json", f->json, "One JSON object per line");
    c->callback([f] { SetExitCode(RunHistory(*f)); });
  }
});

}  // namespace
}  // namespace leotwin::cli
