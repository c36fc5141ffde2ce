// `leotwin policy keygen`: an operator's Ed25519 key pair.
#include <memory>
#include <string>

#include "fmt/format.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/cli/policy/policy_common.h"

namespace leotwin::cli::policy_cli {
namespace {

struct KeygenFlags {
  std::string name, out, pub;
};

Status RunKeygen(const KeygenFlags& f) {
  LEOTWIN_ASSIGN_OR_RETURN(const auto key, lg::GenerateOperatorKey(f.name));
  const std::string out = f.out.empty() ? f.name + ".key" : f.out;
  const std::string pub = f.pub.empty() ? f.name + ".pub" : f.pub;
  LEOTWIN_RETURN_IF_ERROR(lg::WriteSecretKeyFile(out, key));
  LEOTWIN_RETURN_IF_ERROR(lg::WritePublicKeyFile(pub, lg::PublicHalf(key)));
  fmt::print("wrote {} (secret key, mode 0600: keep it private) and {} (public key: share it)\n",
             out, pub);
  fmt::print("{}\n", lg::PublicKeyJson(lg::PublicHalf(key)));
  return absl::OkStatus();
}

}  // namespace

void AddKeygen(CLI::App* policy) {
  auto f = std::make_shared<KeygenFlags>();
  auto* c = policy->add_subcommand(
      "keygen",
      "Create an operator's Ed25519 key pair: <name>.key (secret, mode 0600) and <name>.pub.\n"
      "Example: leotwin policy keygen --name alice");
  c->add_option("--name", f->name, "Operator name ([A-Za-z0-9._-], 1..64)")->required();
  c->add_option("--out", f->out, "Secret key file (default <name>.key; never overwritten)")
      ->check(kNonEmptyPath);
  c->add_option("--pub", f->pub, "Public key file (default <name>.pub)")->check(kNonEmptyPath);
  c->callback(Runs([f] { return RunKeygen(*f); }));
}

}  // namespace leotwin::cli::policy_cli
