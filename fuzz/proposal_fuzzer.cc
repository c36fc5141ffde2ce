// libFuzzer target: ledger proposal / vote / genesis JSON readers (see fuzz/ledger.cmake).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "leotwin/ledger/encoding.h"
#include "leotwin/ledger/messages.h"

namespace {

using leotwin::ledger::CanonicalJson;

void Check(bool ok) {
  if (!ok) std::abort();
}

// A value that parsed must serialize canonically and read back to the same canonical bytes, and
// its signature check must run (and fail: the fuzzer cannot forge Ed25519).
void Proposal(std::string_view text) {
  auto p = leotwin::ledger::ParseSignedProposal(text, "fuzz");
  if (!p.ok()) return;
  auto canonical = CanonicalJson(leotwin::ledger::ProposalToJson(*p));
  Check(canonical.ok());
  auto again = leotwin::ledger::ParseSignedProposal(*canonical, "fuzz");
  Check(again.ok());
  Check(*CanonicalJson(leotwin::ledger::ProposalToJson(*again)) == *canonical);
  Check(leotwin::ledger::ProposalId(p->body).ok());
  leotwin::ledger::PublicKey key{};
  key[0] = 1;
  (void)leotwin::ledger::VerifyProposal(*p, key);
}

void Vote(std::string_view text) {
  auto v = leotwin::ledger::ParseSignedVote(text, "fuzz");
  if (!v.ok()) return;
  auto canonical = CanonicalJson(leotwin::ledger::VoteToJson(*v));
  Check(canonical.ok());
  auto again = leotwin::ledger::ParseSignedVote(*canonical, "fuzz");
  Check(again.ok());
  Check(*CanonicalJson(leotwin::ledger::VoteToJson(*again)) == *canonical);
}

void Genesis(std::string_view text) {
  auto j = leotwin::ledger::ParseJson(text, "fuzz");
  if (!j.ok()) return;
  auto g = leotwin::ledger::GenesisFromJson(*j, "fuzz");
  if (!g.ok()) return;
  Check(leotwin::ledger::ValidateGenesis(*g, {}).ok());
  auto canonical = CanonicalJson(leotwin::ledger::GenesisToJson(*g));
  Check(canonical.ok());
  auto back =
      leotwin::ledger::GenesisFromJson(*leotwin::ledger::ParseJson(*canonical, "fuzz"), "fuzz");
  Check(back.ok());
  Check(*CanonicalJson(leotwin::ledger::GenesisToJson(*back)) == *canonical);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      Proposal(text);
      break;
    case 1:
      Vote(text);
      break;
    default:
      Genesis(text);
      break;
  }
  return 0;
}
