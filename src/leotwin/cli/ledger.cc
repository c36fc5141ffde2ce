// `leotwin ledger`: integrity checks and export of the policy ledger (see leotwin/ledger/).
//   verify | export
#include "leotwin/ledger/ledger.h"

#include <charconv>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "CLI/CLI.hpp"
#include "fmt/format.h"
#include "leotwin/base/input.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/ledger/crypto.h"
#include "leotwin/ledger/encoding.h"
#include "leotwin/ledger/proof.h"
#include "leotwin/policy/policy.h"

namespace leotwin::cli {
namespace {

namespace lg = ::leotwin::ledger;

struct LedgerFlags {
  std::string db, expect_head, out, proof, head;
  bool rebuild = false;
};

std::string DbPath(const std::string& flag) {
  return flag.empty() ? lg::DefaultLedgerPath() : flag;
}

// "<64 hex>" or "<seq>:<64 hex>": a malformed argument is a usage error, not tampering. The hash
// is read by the ledger's own hex decoder (lower case only, one spelling per value).
Status CheckExpectHead(const std::string& text) {
  const auto colon = text.find(':');
  const std::string_view hash = colon == std::string::npos
                                    ? std::string_view(text)
                                    : std::string_view(text).substr(colon + 1);
  bool ok = lg::FromHexBytes(hash, lg::kSha256Bytes, "hash").ok();
  if (colon != std::string::npos) {
    const std::string_view seq = std::string_view(text).substr(0, colon);
    int64_t n = 0;
    const auto [end, error] = std::from_chars(seq.data(), seq.data() + seq.size(), n);
    ok = ok && error == std::errc() && end == seq.data() + seq.size() && n > 0;
  }
  if (!ok) {
    return absl::InvalidArgumentError(fmt::format(
        "--expect-head \"{}\": expected <hash> or <seq>:<hash> with a 64-digit lower-case hex "
        "hash, as printed after every write (\"head <seq> <hash>\")",
        text));
  }
  return absl::OkStatus();
}

Status RunVerify(const LedgerFlags& f) {
  const std::string path = DbPath(f.db);
  std::optional<std::string> expect;
  if (!f.expect_head.empty()) {
    LEOTWIN_RETURN_IF_ERROR(CheckExpectHead(f.expect_head));
    expect = f.expect_head;
  }
  LEOTWIN_RETURN_IF_ERROR(CheckLedgerPath(path));
  LEOTWIN_ASSIGN_OR_RETURN(auto initial, policy::Policy::CreateDefault());
  if (f.rebuild && expect) {
    return absl::InvalidArgumentError("--rebuild and --expect-head: run them one after the other");
  }
  LEOTWIN_ASSIGN_OR_RETURN(const auto report,
                           f.rebuild ? lg::Ledger::RebuildDerivedFile(path, std::move(initial))
                                     : lg::Ledger::VerifyFile(path, std::move(initial), expect));
  if (report.ok) {
    fmt::print("ok: {} entries verified (hash chain, signatures, quorum rules){}\n",
               report.verified,
               expect ? fmt::format(", expected head {} found", *expect) : std::string());
    if (!report.ledger_id.empty()) fmt::print("ledger {}\n", report.ledger_id);
    fmt::print("head {} {}\n", report.head.seq, report.head.hash);
    if (f.rebuild) {
      fmt::print("derived terminal state rebuilt from the chain through entry {}\n",
                 report.derived_through);
    }
    return absl::OkStatus();
  }
  fmt::print("FAILED: entry {} is bad: {}\n", report.first_bad_seq, report.problem);
  fmt::print("{} of {} entries verified before it", report.verified, report.entries);
  if (report.head.seq > 0) {
    fmt::print("; last good entry {} {}", report.head.seq, report.head.hash);
  }
  fmt::print("\n");
  return WithExitCode(absl::DataLossError(fmt::format("{} failed verification at entry {}", path,
                                                      report.first_bad_seq)),
                      3);
}

Status RunExport(const LedgerFlags& f) {
  const std::string path = DbPath(f.db);
  LEOTWIN_RETURN_IF_ERROR(CheckLedgerPath(path));
  // Export reads rows without replaying them, so a damaged ledger can still be exported.
  LEOTWIN_ASSIGN_OR_RETURN(
      auto db, store::Database::Open(
                   path, store::OpenOptions{.create_if_missing = false, .read_only = true}));
  LEOTWIN_ASSIGN_OR_RETURN(const auto entries, lg::ReadEntries(db));
  LEOTWIN_RETURN_IF_ERROR(WriteOutput(f.out.empty() ? "-" : f.out, [&](std::ostream& out) {
    for (const lg::Entry& e : entries) out << lg::EntryToJson(e).dump() << '\n';
    return absl::OkStatus();
  }));
  if (!f.out.empty()) fmt::print(stderr, "wrote {} entries to {}\n", entries.size(), f.out);
  return absl::OkStatus();
}

// Checks a proof file without any database (leotwin/ledger/proof.h).
Status RunCheckProof(const LedgerFlags& f) {
  LEOTWIN_RETURN_IF_ERROR(CheckExpectHead(f.head));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string text, ReadFileBounded(f.proof, size_t{64} << 20));
  LEOTWIN_ASSIGN_OR_RETURN(const lg::InclusionProof proof, lg::ProofFromJson(text, f.proof));
  Status checked = lg::CheckProof(proof, f.head);
  if (!checked.ok()) {
    fmt::print("FAILED: {}\n", std::string(checked.message()));
    return WithExitCode(checked, 3);
  }
  fmt::print("ok: terminal {} is item {} of {} in batch entry {}, chained to head {} {}\n",
             lg::EscapeForDisplay(proof.terminal), proof.index, proof.count, proof.entry.seq,
             proof.head.seq, proof.head.hash);
  fmt::print("item {}\n", lg::EscapeForDisplay(proof.item));
  return absl::OkStatus();
}

LEOTWIN_REGISTER_COMMAND(81, [](CLI::App& app) {
  auto* ledger_cmd = app.add_subcommand(
      "ledger",
      "Integrity of the policy ledger: verify the hash chain, signatures and quorum rules; "
      "export the entries.\n"
      "Example: leotwin ledger verify --db leotwin.db");
  ledger_cmd->require_subcommand(1);
  {
    auto f = std::make_shared<LedgerFlags>();
    auto* c = ledger_cmd->add_subcommand(
        "verify",
        "Re-check every entry from the genesis: the hash chain (edited, deleted, reordered or "
        "inserted entries), every signature, every quorum rule, and the head record. Names the "
        "first bad entry; exit code 3 when the ledger is damaged. With --expect-head, also "
        "checks that a head hash kept elsewhere is still in the chain.\n"
        "Example: leotwin ledger verify --expect-head 8:5d1c...");
    c->add_option("--db", f->db, "Ledger database file (default: $LEOTWIN_DB, else leotwin.db)");
    c->add_option("--expect-head", f->expect_head,
                  "A head hash (or <seq>:<hash>) recorded earlier, e.g. printed by a write");
    c->add_flag("--rebuild", f->rebuild,
                "After the chain verifies, rewrite the derived terminal table (which verify "
                "otherwise checks against the chain) from it, in one transaction");
    c->callback(Runs([f] { return RunVerify(*f); }));
  }
  {
    auto f = std::make_shared<LedgerFlags>();
    auto* c = ledger_cmd->add_subcommand(
        "check-proof",
        "Check a proof printed by 'leotwin policy prove' against a head hash kept elsewhere, "
        "without the database: the item's Merkle path to the root signed in its batch entry, and "
        "the hash chain from that entry to the head. Exit code 3 when it does not hold.\n"
        "Example: leotwin ledger check-proof t1.proof.json --head 8:5d1c...");
    c->add_option("proof", f->proof, "Proof file (JSON)")->required()->check(kNonEmptyPath);
    c->add_option("--head", f->head, "The head hash (or <seq>:<hash>) the proof must lead to")
        ->required();
    c->callback(Runs([f] { return RunCheckProof(*f); }));
  }
  {
    auto f = std::make_shared<LedgerFlags>();
    auto* c = ledger_cmd->add_subcommand(
        "export",
        "Every entry as one JSON object per line (seq, kind, time, signer, payload, signature, "
        "prev_hash, hash), enough to re-verify the chain with other tools.\n"
        "Example: leotwin ledger export --out ledger.jsonl");
    c->add_option("--db", f->db, "Ledger database file (default: $LEOTWIN_DB, else leotwin.db)");
    c->add_option("--out", f->out, "Write to this file instead of stdout")->check(kNonEmptyPath);
    c->callback(Runs([f] { return RunExport(*f); }));
  }
});

}  // namespace
}  // namespace leotwin::cli
