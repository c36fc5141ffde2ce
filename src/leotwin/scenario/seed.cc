#include "leotwin/scenario/seed.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "fmt/format.h"
#include "leotwin/base/input.h"
#include "leotwin/ledger/encoding.h"
#include "leotwin/ledger/keys.h"
#include "leotwin/ledger/ledger.h"

namespace leotwin::scenario {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A failed system call on `path` (base/status.h ErrnoError: the project's one errno mapping).
Status OsError(std::string_view what, const std::string& path) {
  return ErrnoError(errno, fmt::format("{} {}", what, path));
}

Status MakePrivateDir(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) {
    return absl::PermissionDeniedError(
        fmt::format("cannot create the state folder {}: {}", path, ec.message()));
  }
  if (::chmod(path.c_str(), 0700) != 0) return OsError("cannot restrict", path);
  return absl::OkStatus();
}

// Writes `text` to `path` through a temporary file, synced and renamed, with mode `mode`.
Status WriteFileDurably(const std::string& path, std::string_view text, mode_t mode) {
  const std::string temp = path + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return OsError("cannot write", temp);
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Status st = OsError("cannot write", temp);
      ::close(fd);
      ::unlink(temp.c_str());
      return st;
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    Status st = OsError("cannot sync", temp);
    ::unlink(temp.c_str());
    return st;
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) return OsError("cannot rename to", path);
  return absl::OkStatus();
}

// The operator's demo key in `keys_dir`, generated (with its .pub) on first use.
StatusOr<ledger::OperatorKey> DemoKey(const std::string& keys_dir, const std::string& name) {
  const std::string path = fmt::format("{}/{}.key", keys_dir, name);
  if (fs::exists(path)) return ledger::ReadSecretKeyFile(path);
  LEOTWIN_ASSIGN_OR_RETURN(ledger::OperatorKey key, ledger::GenerateOperatorKey(name));
  LEOTWIN_RETURN_IF_ERROR(ledger::WriteSecretKeyFile(path, key));
  LEOTWIN_RETURN_IF_ERROR(ledger::WritePublicKeyFile(fmt::format("{}/{}.pub", keys_dir, name),
                                                     ledger::PublicHalf(key)));
  return key;
}

// True when `state_dir` holds a ledger seeded from a scenario with this digest.
bool SeededWith(const std::string& state_dir, const std::string& digest, std::string* ledger_id) {
  auto text = ReadFileBounded(state_dir + "/seed.json", 1 << 16);
  if (!text.ok() || !fs::exists(state_dir + "/ledger.db")) return false;
  auto j = ParseJson(*text, "seed.json");
  if (!j.ok() || !j->is_object() || j->value("scenario_digest", "") != digest) return false;
  *ledger_id = j->value("ledger", "");
  return true;
}

void RemoveDatabase(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

// Replays one step: a proposal per change at step.at, then each approver's votes. Every change
// must end enacted (a quorum the history does not reach is an error in the scenario).
Status ReplayStep(ledger::Ledger& ledger, const Step& step,
                  std::map<std::string, ledger::OperatorKey>& keys, int64_t& done, int64_t total,
                  const std::function<void(int64_t, int64_t)>& progress) {
  const auto tick = [&] {
    ++done;
    if (progress) progress(done, total);
  };
  std::vector<std::string> ids;
  for (size_t i = 0; i < step.changes.size(); ++i) {
    const std::string where = fmt::format("{}.changes[{}]", step.where, i);
    LEOTWIN_ASSIGN_OR_RETURN(
        ledger::ProposalBody body,
        ledger::MakeProposalBody(ledger.id(), step.by, step.at, step.changes[i], step.comment));
    // Valid until the step's last approval (the ledger commits nothing after it expires).
    const SimTime last = step.approvals.empty() ? step.at : step.approvals.back().at;
    body.expires_at =
        std::max(step.at + ledger::kDefaultValidityNs, last + SimTime::kNanosPerSecond * 3600);
    LEOTWIN_ASSIGN_OR_RETURN(const ledger::SignedProposal signed_proposal,
                             ledger::SignProposal(body, keys.at(step.by)));
    LEOTWIN_RETURN_IF_ERROR(WithContext(ledger.Propose(signed_proposal, step.at).status(), where));
    LEOTWIN_ASSIGN_OR_RETURN(std::string id, ledger::ProposalId(signed_proposal.body));
    ids.push_back(std::move(id));
    tick();
  }
  for (const Approval& approval : step.approvals) {
    for (size_t i = 0; i < ids.size(); ++i) {
      const ledger::ProposalRecord* record = ledger.state().FindProposal(ids[i]);
      // Extra approvals after enactment are not needed (and the ledger refuses them).
      if (record == nullptr || record->status != ledger::ProposalStatus::kPending) continue;
      ledger::VoteBody vote{ledger.id(), ids[i],           approval.by, ledger::Verdict::kApprove,
                            approval.at, approval.comment, SimTime{}};
      LEOTWIN_ASSIGN_OR_RETURN(const ledger::SignedVote signed_vote,
                               ledger::SignVote(vote, keys.at(approval.by)));
      LEOTWIN_RETURN_IF_ERROR(
          WithContext(ledger.Vote(signed_vote, approval.at).status(),
                      fmt::format("{}.changes[{}], approval by {}", step.where, i, approval.by)));
      tick();
    }
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    const ledger::ProposalRecord* record = ledger.state().FindProposal(ids[i]);
    if (record == nullptr || record->status != ledger::ProposalStatus::kEnacted) {
      return absl::FailedPreconditionError(fmt::format(
          "{}.changes[{}]: not enacted after its approvals: {} needs {} approval{} ({} given)",
          step.where, i, record ? record->action_kind : "?", record ? record->quorum : 0,
          record && record->quorum == 1 ? "" : "s", record ? record->approvals() : 0));
    }
  }
  return absl::OkStatus();
}

}  // namespace

StatusOr<std::string> DefaultStateDir(std::string_view name) {
  if (const char* env = std::getenv("LEOTWIN_STATE_DIR"); env != nullptr && *env != '\0') {
    return fmt::format("{}/{}", env, name);
  }
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg != nullptr && *xdg == '/') {
    return fmt::format("{}/leotwin/scenarios/{}", xdg, name);
  }
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home != '/') {
    return absl::FailedPreconditionError(
        "no state folder for the scenario: set LEOTWIN_STATE_DIR (or HOME, or XDG_STATE_HOME)");
  }
  return fmt::format("{}/.local/state/leotwin/scenarios/{}", home, name);
}

StatusOr<SeededScenario> Seed(const Scenario& scenario, const std::string& state_dir,
                              const std::function<void(int64_t, int64_t)>& progress) {
  const auto started = std::chrono::steady_clock::now();
  SeededScenario out;
  out.state_dir = state_dir;
  out.ledger_path = state_dir + "/ledger.db";
  out.keys_dir = state_dir + "/keys";
  out.admin_token_path = state_dir + "/admin.token";
  LEOTWIN_RETURN_IF_ERROR(MakePrivateDir(state_dir));
  LEOTWIN_RETURN_IF_ERROR(MakePrivateDir(out.keys_dir));
  if (!fs::exists(out.admin_token_path)) {
    LEOTWIN_ASSIGN_OR_RETURN(const std::string token, ledger::RandomHex(24));
    LEOTWIN_RETURN_IF_ERROR(WriteFileDurably(out.admin_token_path, token + "\n", 0600));
  }
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };

  if (SeededWith(state_dir, scenario.digest, &out.ledger_id)) {
    out.seconds = elapsed();
    return out;
  }
  std::error_code ec;
  if (fs::exists(out.ledger_path)) {
    RemoveDatabase(out.ledger_path + ".previous");
    fs::rename(out.ledger_path, out.ledger_path + ".previous", ec);
    if (ec) {
      return absl::InternalError(
          fmt::format("cannot move the old ledger {} aside: {}", out.ledger_path, ec.message()));
    }
  }

  std::map<std::string, ledger::OperatorKey> keys;
  for (const std::string& name : scenario.operators) {
    LEOTWIN_ASSIGN_OR_RETURN(ledger::OperatorKey key, DemoKey(out.keys_dir, name));
    keys.emplace(name, std::move(key));
  }
  ledger::Genesis genesis;
  for (const std::string& name : scenario.operators) {
    genesis.operators.push_back(ledger::PublicHalf(keys.at(name)));
  }
  genesis.quorum = scenario.quorum;
  genesis.clock.mode = ledger::ClockMode::kSimulated;
  genesis.initiator = scenario.genesis_by;
  genesis.created_at = scenario.genesis_at;
  genesis.comment = scenario.genesis_comment;

  const std::string seeding = out.ledger_path + ".seeding";
  RemoveDatabase(seeding);
  int64_t total = 1, done = 0;
  for (const Step& step : scenario.history) {
    total += static_cast<int64_t>(step.changes.size() * (1 + step.approvals.size()));
  }
  {
    LEOTWIN_ASSIGN_OR_RETURN(ledger::Ledger ledger, ledger::Ledger::Open(seeding));
    if (auto entry = ledger.Init(genesis, keys.at(scenario.genesis_by), scenario.genesis_at);
        !entry.ok()) {
      RemoveDatabase(seeding);
      return WithContext(entry.status(), "genesis");
    }
    ++done;
    if (progress) progress(done, total);
    for (const Step& step : scenario.history) {
      if (Status st = ReplayStep(ledger, step, keys, done, total, progress); !st.ok()) {
        { [[maybe_unused]] ledger::Ledger closing = std::move(ledger); }
        RemoveDatabase(seeding);
        return WithContext(st, fmt::format("scenario {}", scenario.name));
      }
    }
    out.ledger_id = ledger.id();
    out.entries = ledger.state().head().seq;
  }  // Closing checkpoints the WAL into the file.
  if (::rename(seeding.c_str(), out.ledger_path.c_str()) != 0) {
    return OsError("cannot rename the seeded ledger to", out.ledger_path);
  }
  RemoveDatabase(seeding);
  const json seed = {{"scenario", scenario.name},
                     {"scenario_digest", scenario.digest},
                     {"ledger", out.ledger_id},
                     {"entries", out.entries}};
  LEOTWIN_RETURN_IF_ERROR(WriteFileDurably(state_dir + "/seed.json", seed.dump(2) + "\n", 0600));
  out.created = true;
  out.seconds = elapsed();
  return out;
}

}  // namespace leotwin::scenario
