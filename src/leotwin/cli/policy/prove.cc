// `leotwin policy prove`: the inclusion proof that a terminal was registered by a batch entry
// (leotwin/ledger/proof.h), as JSON, for `leotwin ledger check-proof` on any machine.
#include <memory>
#include <string>

#include "fmt/format.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/cli/policy/policy_common.h"
#include "leotwin/ledger/encoding.h"
#include "leotwin/ledger/proof.h"

namespace leotwin::cli::policy_cli {
namespace {

struct ProveFlags {
  std::string db, terminal, out;
  bool status = false;
};

Status RunProve(const ProveFlags& f) {
  LEOTWIN_ASSIGN_OR_RETURN(auto ledger, OpenForRead(f.db));
  LEOTWIN_ASSIGN_OR_RETURN(const lg::InclusionProof proof, lg::ProveTerminal(ledger, f.terminal,
                                                     f.status ? lg::ProofOf::kStatus
                                                              : lg::ProofOf::kRegistration));
  const std::string text = lg::ProofToJson(proof).dump() + "\n";
  if (f.out.empty()) {
    fmt::print("{}", text);
    return absl::OkStatus();
  }
  LEOTWIN_RETURN_IF_ERROR(WriteOutput(f.out, [&](std::ostream& out) {
    out << text;
    return absl::OkStatus();
  }));
  fmt::print(stderr, "wrote the proof for {} (entry {}, item {} of {}, head {}) to {}\n",
             lg::EscapeForDisplay(f.terminal), proof.entry.seq, proof.index, proof.count,
             proof.head.seq, f.out);
  return absl::OkStatus();
}

}  // namespace

void AddProve(CLI::App* policy) {
  auto f = std::make_shared<ProveFlags>();
  auto* c = policy->add_subcommand(
      "prove",
      "The inclusion proof that a terminal was registered by a batch entry: the item, its "
      "Merkle path to the signed root, the entry and the chain to the head, as JSON. Anyone "
      "with a head hash checks it with 'leotwin ledger check-proof', without the database and "
      "without the batch's other items.\n"
      "Example: leotwin policy prove --terminal T-1 --out t1.proof.json");
  c->add_option("--terminal", f->terminal, "Terminal id")->required();
  c->add_flag("--status", f->status,
              "Prove the terminal's current status instead: the batch of suspensions or "
              "activations that set it last");
  c->add_option("--out", f->out, "Write the proof to this file instead of stdout")
      ->check(kNonEmptyPath);
  AddDbNow(c, f->db, nullptr);
  c->callback(Runs([f] { return RunProve(*f); }));
}

}  // namespace leotwin::cli::policy_cli
