// A policy ledger on a real SQLite file for the adversarial ledger tests: four operators with
// fixed keys (alice, bob, carol, dave; dave is not in the genesis unless asked), the small
// two-territory policy of tests/ledger_test_util.h, a machine clock the test controls, and helpers
// that sign and submit exactly what a hostile or careless operator would.
#pragma once

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "../ledger_test_util.h"
#include "gtest/gtest.h"
#include "leotwin/ledger/encoding.h"
#include "leotwin/ledger/ledger.h"
#include "nlohmann/json.hpp"

namespace leotwin::ledger::adversarial {

using nlohmann::json;

// 2025-10-01T09:00:00Z: the day of the README tour.
inline const SimTime kT0 = SimTime::FromCivil(2025, 10, 1, 9, 0, 0);
inline SimTime At(int minutes) { return kT0 + minutes * SimTime::kNanosPerMinute; }

inline std::string ReadFileBytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

struct LedgerOptions {
  ClockMode clock = ClockMode::kSimulated;
  bool with_dave = false;  // dave in the genesis (4 operators)
  std::map<std::string, int> quorum = {
      {"territory.block", 2}, {"geofence.add_deny", 2}, {"geofence.remove_allow", 2}};
};

class LedgerFixture : public ::testing::Test {
 protected:
  void TearDown() override {
    ledger_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // Creates the ledger with its genesis committed at `genesis_at` (the machine clock is set there).
  void Create(const LedgerOptions& options = {}, SimTime genesis_at = At(0)) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "leotwin_adversarial_XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    path_ = (dir_ / "ledger.db").string();
    auto initial = testutil::SmallPolicy();
    ASSERT_TRUE(initial.ok()) << initial.status();
    auto l = Ledger::Open(path_, *initial);
    ASSERT_TRUE(l.ok()) << l.status();
    ledger_.emplace(*std::move(l));
    machine_clock_ = genesis_at;
    ledger_->SetClockForTesting([this] { return machine_clock_; });
    Genesis g;
    g.operators = {PublicHalf(alice_), PublicHalf(bob_), PublicHalf(carol_)};
    if (options.with_dave) g.operators.push_back(PublicHalf(dave_));
    g.quorum.default_approvals = 1;
    g.quorum.per_action = options.quorum;
    g.clock.mode = options.clock;
    g.initiator = "alice";
    g.created_at = genesis_at;
    auto e = ledger_->Init(g, alice_, genesis_at);
    ASSERT_TRUE(e.ok()) << e.status();
  }

  // Signs `change` by `by` at `signed_at` (valid for `validity_ns`) and commits it at `commit_at`.
  StatusOr<std::string> ProposeAt(const OperatorKey& by, const json& change, SimTime signed_at,
                                  SimTime commit_at, int64_t validity_ns = kDefaultValidityNs,
                                  const std::string& comment = "") {
    LEOTWIN_ASSIGN_OR_RETURN(ProposalBody body,
                             MakeProposalBody(ledger_->id(), by.name, signed_at, change, comment));
    body.expires_at = signed_at + validity_ns;
    LEOTWIN_ASSIGN_OR_RETURN(SignedProposal p, SignProposal(std::move(body), by));
    LEOTWIN_RETURN_IF_ERROR(ledger_->Propose(p, commit_at).status());
    return *ProposalId(p.body);
  }
  // Signed and committed at minute `minute` (machine clock there too).
  StatusOr<std::string> Propose(const OperatorKey& by, const json& change, int minute) {
    machine_clock_ = std::max(machine_clock_, At(minute));
    return ProposeAt(by, change, At(minute), At(minute));
  }

  StatusOr<SignedVote> SignedVoteFor(const OperatorKey& by, const std::string& id,
                                     SimTime signed_at, Verdict verdict = Verdict::kApprove,
                                     int64_t validity_ns = kDefaultValidityNs) {
    VoteBody body{ledger_->id(), id, by.name, verdict, signed_at, "", signed_at + validity_ns};
    return SignVote(std::move(body), by);
  }
  Status VoteAt(const OperatorKey& by, const std::string& id, SimTime signed_at, SimTime commit_at,
                Verdict verdict = Verdict::kApprove) {
    LEOTWIN_ASSIGN_OR_RETURN(SignedVote v, SignedVoteFor(by, id, signed_at, verdict));
    return ledger_->Vote(v, commit_at).status();
  }
  Status Approve(const OperatorKey& by, const std::string& id, int minute) {
    machine_clock_ = std::max(machine_clock_, At(minute));
    return VoteAt(by, id, At(minute), At(minute));
  }
  Status Reject(const OperatorKey& by, const std::string& id, int minute) {
    machine_clock_ = std::max(machine_clock_, At(minute));
    return VoteAt(by, id, At(minute), At(minute), Verdict::kReject);
  }

  // Proposes and collects approvals from `approvers` in order until the proposal is decided.
  void Enact(const OperatorKey& by, const json& change, std::vector<const OperatorKey*> approvers,
             int& minute) {
    auto id = Propose(by, change, minute++);
    ASSERT_TRUE(id.ok()) << id.status();
    for (const OperatorKey* a : approvers) {
      if (ledger_->state().FindProposal(*id)->status != ProposalStatus::kPending) break;
      ASSERT_TRUE(Approve(*a, *id, minute++).ok());
    }
    ASSERT_EQ(ledger_->state().FindProposal(*id)->status, ProposalStatus::kEnacted)
        << ledger_->state().Describe(change);
  }

  std::string FileDigest() const {
    return ToHex(Sha256(ReadFileBytes(path_) + "|" + ReadFileBytes(path_ + "-wal")));
  }

  static json Territory(const std::string& iso, const std::string& state) {
    return {{"action", "set_territory_state"}, {"iso", iso}, {"state", state}};
  }
  static json Box(double lon0, double lat0, double lon1, double lat1) {
    return {
        {"type", "Polygon"},
        {"coordinates", {{{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}, {lon0, lat0}}}}};
  }
  static json Geofence(const std::string& id, const std::string& effect) {
    return {{"action", "add_geofence"},
            {"id", id},
            {"name", id},
            {"effect", effect},
            {"geometry", Box(37, 47.5, 38.5, 49)}};
  }

  std::filesystem::path dir_;
  std::string path_;
  std::optional<Ledger> ledger_;
  SimTime machine_clock_ = kT0;
  OperatorKey alice_ = testutil::FixedKey("alice", 1);
  OperatorKey bob_ = testutil::FixedKey("bob", 2);
  OperatorKey carol_ = testutil::FixedKey("carol", 3);
  OperatorKey dave_ = testutil::FixedKey("dave", 4);
};

}  // namespace leotwin::ledger::adversarial
