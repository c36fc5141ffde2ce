// `leotwin policy init`: the ledger's genesis entry (operators, quorums, clock). The only command
// that creates a ledger file; a failed init leaves none behind.
#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/cli/policy/policy_common.h"
#include "leotwin/ledger/policy_model.h"
#include "leotwin/policy/change.h"

namespace leotwin::cli::policy_cli {
namespace {

struct InitFlags {
  std::string db, key, now, comment, clock = "system";
  std::vector<std::string> operators, quorums;
};

StatusOr<lg::QuorumRules> ParseQuorums(const std::vector<std::string>& specs, int operators) {
  lg::QuorumRules rules = lg::RecommendedQuorumRules(operators);
  for (const std::string& spec : specs) {
    LEOTWIN_ASSIGN_OR_RETURN(const auto rule, ParseQuorumSpec("--quorum", spec));
    if (rule.first == "default") {
      rules.default_approvals = rule.second;
    } else {
      rules.per_action[rule.first] = rule.second;
    }
  }
  // Rules equal to the default are dropped so the genesis lists only the exceptions.
  std::erase_if(rules.per_action,
                [&](const auto& rule) { return rule.second == rules.default_approvals; });
  return rules;
}

StatusOr<lg::Genesis> GenesisFromFlags(const InitFlags& f, const lg::OperatorKey& key) {
  lg::Genesis g;
  g.initiator = key.name;
  g.comment = f.comment;
  for (const std::string& path : f.operators) {
    LEOTWIN_ASSIGN_OR_RETURN(const auto pub, lg::ReadPublicKeyFile(path));
    g.operators.push_back(pub);
  }
  if (std::none_of(g.operators.begin(), g.operators.end(),
                   [&](const lg::OperatorPublicKey& op) { return op.name == key.name; })) {
    g.operators.insert(g.operators.begin(), lg::PublicHalf(key));
  }
  LEOTWIN_ASSIGN_OR_RETURN(g.quorum, ParseQuorums(f.quorums, static_cast<int>(g.operators.size())));
  if (f.clock == "simulated") {
    g.clock.mode = lg::ClockMode::kSimulated;
  } else if (!f.now.empty()) {
    return absl::InvalidArgumentError(
        "--now needs --clock simulated (a ledger with the system clock records commit times)");
  }
  LEOTWIN_ASSIGN_OR_RETURN(g.created_at, SigningTime(f.now));
  return g;
}

Status RunInit(const InitFlags& f) {
  LEOTWIN_ASSIGN_OR_RETURN(const auto key, ReadSigningKey(f.key));
  LEOTWIN_ASSIGN_OR_RETURN(const lg::Genesis g, GenesisFromFlags(f, key));
  const std::string path = DbPath(f.db);
  const bool existed = std::filesystem::exists(path);
  LEOTWIN_ASSIGN_OR_RETURN(auto ledger, lg::Ledger::Open(path));
  if (auto entry = ledger.Init(g, key, g.created_at); !entry.ok()) {
    if (!existed) {
      // A failed init leaves no empty ledger behind (it would later verify as nothing).
      { [[maybe_unused]] lg::Ledger closing = std::move(ledger); }
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    }
    return entry.status();
  }
  std::string names;
  for (const auto& op : g.operators) names += (names.empty() ? "" : ", ") + op.name;
  fmt::print("initialized ledger {} in {}\n", ledger.id(), path);
  fmt::print("operators: {}\n", names);
  fmt::print("quorum (approvals needed besides the proposer): {}\n", QuorumText(g.quorum));
  fmt::print("clock: {} (skew {} s, signatures valid up to {} h)\n",
             lg::ClockModeName(g.clock.mode), g.clock.max_skew_ns / SimTime::kNanosPerSecond,
             g.clock.max_validity_ns / (3600 * SimTime::kNanosPerSecond));
  PrintHead(ledger);
  return absl::OkStatus();
}

}  // namespace

void AddInit(CLI::App* policy) {
  auto f = std::make_shared<InitFlags>();
  auto* c = policy->add_subcommand(
      "init",
      "Create the ledger's genesis entry: the operators, their public keys and the quorum of "
      "approvals per action kind (default: 1; territory.block and geofence.add_deny: 2).\n"
      "Example: leotwin policy init --key alice.key --operator bob.pub --operator carol.pub "
      "--quorum terminal.register=1");
  c->add_option("--key", f->key, "Secret key of the operator signing the genesis")->required();
  c->add_option("--operator", f->operators,
                "Public key file of an operator (repeat; the --key owner is added)");
  std::string kinds;
  for (std::string_view k : policy::AllActionKinds()) {
    kinds += fmt::format("{}{}", kinds.empty() ? "" : ", ", k);
  }
  c->add_option("--quorum", f->quorums,
                "<action kind>=<approvals> or default=<approvals> (repeat). Kinds: " + kinds);
  c->add_option("--comment", f->comment, "Free text recorded in the genesis");
  c->add_option("--clock", f->clock,
                "system (default: every entry records the time of its commit) | simulated "
                "(demos, tests: --now chooses commit times, never decreasing, never in the "
                "future)")
      ->check(CLI::IsMember({"system", "simulated"}));
  AddDbNow(c, f->db, &f->now);
  c->callback(Runs([f] { return RunInit(*f); }));
}

}  // namespace leotwin::cli::policy_cli
