#include "leotwin/cli/policy/policy_common.h"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "fmt/format.h"
#include "leotwin/base/input.h"
#include "leotwin/cli/common.h"
#include "leotwin/ledger/encoding.h"
#include "leotwin/policy/change.h"

namespace leotwin::cli::policy_cli {

std::string DbPath(const std::string& flag) {
  return flag.empty() ? lg::DefaultLedgerPath() : flag;
}

SimTime WallClock() {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  return SimTime::FromUnixNanos(static_cast<int64_t>(ns));
}

StatusOr<SimTime> QueryTime(const std::string& at) {
  if (at.empty()) return WallClock();
  return ParseInstantFlag("--at", at);
}

StatusOr<SimTime> CommitTime(const std::string& now, const lg::Ledger& ledger) {
  if (now.empty()) return WallClock();
  if (ledger.state().initialized() && ledger.state().clock().mode != lg::ClockMode::kSimulated) {
    return absl::InvalidArgumentError(
        "--now: this ledger uses the system clock, so every entry records the time of its "
        "commit; only a ledger initialized with --clock simulated takes chosen times");
  }
  return ParseInstantFlag("--now", now);
}

StatusOr<SimTime> SigningTime(const std::string& now) {
  if (now.empty()) return WallClock();
  return ParseInstantFlag("--now", now);
}

StatusOr<SimTime> ExpiryTime(const std::string& expires_in, SimTime when) {
  if (expires_in.empty()) return when + lg::kDefaultValidityNs;
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t d, ParseDurationFlag("--expires-in", expires_in));
  return when + d;
}

StatusOr<std::string> ReadJsonFile(const std::string& path) {
  return ReadFileBounded(path, lg::kMaxJsonBytes);
}

StatusOr<lg::OperatorKey> ReadSigningKey(const std::string& path) {
  auto key = lg::ReadSecretKeyFile(path);
  if (key.ok()) return key;
  // A public key given where the secret one is needed: say so rather than quote the parser.
  if (lg::ReadPublicKeyFile(path).ok()) {
    return absl::InvalidArgumentError(fmt::format(
        "--key {}: this is a public key file; signing needs the operator's secret key file "
        "(the .key written by 'leotwin policy keygen')",
        path));
  }
  return key.status();
}

StatusOr<lg::Ledger> OpenForWrite(const std::string& db) {
  const std::string path = DbPath(db);
  LEOTWIN_RETURN_IF_ERROR(CheckLedgerPath(path));
  return lg::Ledger::OpenExisting(path);
}

StatusOr<lg::Ledger> OpenForRead(const std::string& db) {
  const std::string path = DbPath(db);
  LEOTWIN_RETURN_IF_ERROR(CheckLedgerPath(path));
  return lg::Ledger::OpenReadOnly(path);
}

StatusOr<std::pair<std::string, int>> ParseQuorumSpec(std::string_view flag,
                                                      const std::string& spec) {
  const auto eq = spec.find('=');
  int n = 0;
  const char* end = spec.data() + spec.size();
  const bool well_formed = eq != std::string::npos && eq > 0 && eq + 1 < spec.size() &&
                           std::from_chars(spec.data() + eq + 1, end, n).ptr == end;
  if (!well_formed || n < 0) {
    return absl::InvalidArgumentError(fmt::format(
        "{} \"{}\": expected <action kind>=<approvals>, e.g. territory.block=2", flag, spec));
  }
  std::string kind = spec.substr(0, eq);
  const auto& kinds = policy::AllActionKinds();
  if (kind != "default" && std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    std::string known;
    for (std::string_view k : kinds) known += fmt::format("{}{}", known.empty() ? "" : ", ", k);
    return absl::InvalidArgumentError(
        fmt::format("{} \"{}\": unknown action kind \"{}\"; expected default or one of: {}", flag,
                    spec, kind, known));
  }
  return std::make_pair(std::move(kind), n);
}

std::string QuorumText(const lg::QuorumRules& q) {
  std::string out = fmt::format("default {}", q.default_approvals);
  for (const auto& [kind, n] : q.per_action) out += fmt::format("; {} {}", kind, n);
  return out;
}

std::string Short(std::string_view id) { return std::string(id.substr(0, 12)); }

void PrintHead(const lg::Ledger& ledger) {
  fmt::print("head {} {}\n", ledger.state().head().seq, ledger.state().head().hash);
}

void AddSigningFlags(CLI::App* cmd, SigningFlags* flags, std::string_view signer,
                     std::string_view message) {
  cmd->add_option("--key", flags->key, fmt::format("Secret key of the {}", signer))
      ->check(kNonEmptyPath);
  cmd->add_option("--comment", flags->comment,
                  fmt::format("Free text, signed with the {}", message));
  cmd->add_option("--expires-in", flags->expires_in,
                  "How long the signature stays valid for commit (e.g. 30m, 24h, 7d; default 24h; "
                  "at most the ledger's maximum, 7d unless its genesis says otherwise)");
  cmd->add_flag(
      "--sign-only", flags->sign_only,
      fmt::format("Print the signed {} JSON instead of recording it (offline signing)", message));
  cmd->add_option("--ledger-id", flags->ledger_id,
                  "Ledger id for --sign-only without a ledger file (other ids, such as the "
                  "proposal voted on, are then given in full)");
}

void AddDbNow(CLI::App* cmd, std::string& db, std::string* now) {
  cmd->add_option("--db", db, kDbHelp)->check(kNonEmptyPath);
  if (now != nullptr) {
    cmd->add_option(
        "--now", *now,
        "Commit and signing time (ISO 8601; default: the clock). Only for ledgers initialized "
        "with --clock simulated (demos, tests, replays of a past history): never before the last "
        "entry, never after this machine's clock plus the ledger's skew");
  }
}

}  // namespace leotwin::cli::policy_cli
