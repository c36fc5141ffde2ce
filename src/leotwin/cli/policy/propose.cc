// `leotwin policy propose`: sign and record a proposed policy change (or print it signed, for
// offline signing). The change comes from --file or from exactly one action flag; either way it
// goes through the library's change parser, the one validation path.
#include <cmath>
#include <memory>
#include <optional>
#include <string>

#include "fmt/format.h"
#include "leotwin/base/input.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/cli/policy/policy_common.h"
#include "leotwin/ledger/batch.h"
#include "leotwin/ledger/encoding.h"
#include "leotwin/ledger/messages.h"
#include "nlohmann/json.hpp"

namespace leotwin::cli::policy_cli {
namespace {

using nlohmann::json;

struct ProposeFlags {
  std::string db, now, file, batch;
  SigningFlags signing;
  std::string add_operator, remove_operator, rotate_key, set_quorum;
  std::string set_territory, state, coming_soon_date, effective_at;
  std::string add_geofence, geometry, effect = "deny", name, from, to;
  // Optional, and passed on as given: the change parser is the one validation path (a negative,
  // zero or NaN cap must be refused, not silently dropped into an unconditional deny).
  std::optional<double> speed_cap;
  std::string remove_geofence;
  std::string register_terminal, kind, sponsor;
  std::optional<double> lat, lon;
  std::string suspend_terminal, activate_terminal;
};

// Accepts a GeoJSON geometry, a Feature, or a FeatureCollection with exactly one feature.
StatusOr<json> ReadGeometry(const std::string& path) {
  LEOTWIN_ASSIGN_OR_RETURN(const std::string text, ReadJsonFile(path));
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

StatusOr<json> GovernanceChange(const ProposeFlags& f) {
  if (!f.add_operator.empty() || !f.rotate_key.empty()) {
    // The operator's name and new key come from their public key file.
    const std::string& path = f.add_operator.empty() ? f.rotate_key : f.add_operator;
    LEOTWIN_ASSIGN_OR_RETURN(const lg::OperatorPublicKey pub, lg::ReadPublicKeyFile(path));
    return json{{"action", f.add_operator.empty() ? "rotate_key" : "add_operator"},
                {"name", pub.name},
                {"public_key", lg::ToHex(pub.public_key)}};
  }
  if (!f.remove_operator.empty()) {
    return json{{"action", "remove_operator"}, {"name", f.remove_operator}};
  }
  LEOTWIN_ASSIGN_OR_RETURN(const auto rule, ParseQuorumSpec("--set-quorum", f.set_quorum));
  return json{{"action", "set_quorum"}, {"action_kind", rule.first}, {"approvals", rule.second}};
}

StatusOr<json> GeofenceChange(const ProposeFlags& f) {
  if (f.geometry.empty()) {
    return absl::InvalidArgumentError("--add-geofence needs --geometry <GeoJSON file>");
  }
  LEOTWIN_ASSIGN_OR_RETURN(json geometry, ReadGeometry(f.geometry));
  json c = {{"action", "add_geofence"},
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
    // JSON has no NaN or infinity: say so here rather than let the encoder write null.
    if (!std::isfinite(*f.speed_cap)) {
      return absl::InvalidArgumentError(
          fmt::format("--speed-cap {}: must be a finite number of km/h", *f.speed_cap));
    }
    c["speed_cap_kmh"] = *f.speed_cap;
  }
  return c;
}

// The change described by the action flags; exactly one action must be given.
StatusOr<json> ChangeFromFlags(const ProposeFlags& f) {
  const int actions = !f.set_territory.empty() + !f.add_geofence.empty() +
                      !f.remove_geofence.empty() + !f.register_terminal.empty() +
                      !f.suspend_terminal.empty() + !f.activate_terminal.empty() + !f.file.empty() +
                      !f.add_operator.empty() + !f.remove_operator.empty() + !f.rotate_key.empty() +
                      !f.set_quorum.empty();
  if (actions != 1) {
    return absl::InvalidArgumentError(
        "give exactly one of --file, --set-territory, --add-geofence, --remove-geofence, "
        "--register-terminal, --suspend-terminal, --activate-terminal, --add-operator, "
        "--remove-operator, --rotate-key, --set-quorum");
  }
  if (!f.add_operator.empty() || !f.rotate_key.empty() || !f.remove_operator.empty() ||
      !f.set_quorum.empty()) {
    return GovernanceChange(f);
  }
  if (!f.add_geofence.empty()) return GeofenceChange(f);
  if (!f.set_territory.empty()) {
    if (f.state.empty()) return absl::InvalidArgumentError("--set-territory needs --state");
    json c = {{"action", "set_territory_state"}, {"iso", f.set_territory}, {"state", f.state}};
    if (!f.coming_soon_date.empty()) c["coming_soon_date"] = f.coming_soon_date;
    if (!f.effective_at.empty()) c["effective_at"] = f.effective_at;
    return c;
  }
  if (!f.remove_geofence.empty())
    return json{{"action", "remove_geofence"}, {"id", f.remove_geofence}};
  if (!f.register_terminal.empty()) {
    if (f.kind.empty() || !f.lat || !f.lon) {
      return absl::InvalidArgumentError(
          "--register-terminal needs --kind and the service address --lat and --lon");
    }
    return json{{"action", "register_terminal"},
                {"id", f.register_terminal},
                {"kind", f.kind},
                {"service_address", {{"lat", *f.lat}, {"lon", *f.lon}}},
                {"sponsor", f.sponsor}};
  }
  const bool suspend = !f.suspend_terminal.empty();
  return json{{"action", "set_terminal_status"},
              {"id", suspend ? f.suspend_terminal : f.activate_terminal},
              {"status", suspend ? "suspended" : "active"}};
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

Status Record(lg::Ledger& ledger, const lg::SignedProposal& proposal, SimTime now) {
  LEOTWIN_ASSIGN_OR_RETURN(const auto entry, ledger.Propose(proposal, now));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string id, lg::ProposalId(proposal.body));
  PrintProposalOutcome(ledger, id, entry.seq);
  PrintHead(ledger);
  return absl::OkStatus();
}

StatusOr<lg::SignedProposal> Sign(const ProposeFlags& f, const std::string& ledger_id, SimTime when,
                                  const json& change) {
  LEOTWIN_ASSIGN_OR_RETURN(const auto key, ReadSigningKey(f.signing.key));
  LEOTWIN_ASSIGN_OR_RETURN(
      auto body, lg::MakeProposalBody(ledger_id, key.name, when, change, f.signing.comment));
  LEOTWIN_ASSIGN_OR_RETURN(body.expires_at, ExpiryTime(f.signing.expires_in, when));
  return lg::SignProposal(std::move(body), key);
}

// One signed proposal for a whole file of terminal changes (ledger/batch.h).
Status RunProposeBatch(const ProposeFlags& f) {
  const int others = !f.file.empty() + !f.set_territory.empty() + !f.add_geofence.empty() +
                     !f.remove_geofence.empty() + !f.register_terminal.empty() +
                     !f.suspend_terminal.empty() + !f.activate_terminal.empty() +
                     !f.add_operator.empty() + !f.remove_operator.empty() + !f.rotate_key.empty() +
                     !f.set_quorum.empty();
  if (others != 0) return absl::InvalidArgumentError("--batch takes no other action flag");
  if (f.kind.empty()) {
    return absl::InvalidArgumentError(
        "--batch needs --kind register-terminals, suspend-terminals or activate-terminals");
  }
  if (f.signing.sign_only) {
    return absl::InvalidArgumentError(
        "--sign-only is not available for --batch (the items are stored with the proposal)");
  }
  if (f.signing.key.empty()) return absl::InvalidArgumentError("--key is required to sign");
  LEOTWIN_ASSIGN_OR_RETURN(const lg::BatchKind kind, lg::ParseBatchKind(f.kind));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string text,
                           ReadFileBounded(f.batch, lg::kMaxBatchFileBytes));
  LEOTWIN_ASSIGN_OR_RETURN(lg::Batch batch, lg::ParseBatchFile(text, f.batch, kind));
  const json change = lg::BatchChange(batch);
  LEOTWIN_ASSIGN_OR_RETURN(auto ledger, OpenForWrite(f.db));
  LEOTWIN_ASSIGN_OR_RETURN(const SimTime now, CommitTime(f.now, ledger));
  LEOTWIN_ASSIGN_OR_RETURN(const auto proposal, Sign(f, ledger.id(), now, change));
  const size_t count = batch.items.size();
  LEOTWIN_ASSIGN_OR_RETURN(const auto entry,
                           ledger.ProposeBatch(proposal, std::move(batch.items), now));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string id, lg::ProposalId(proposal.body));
  PrintProposalOutcome(ledger, id, entry.seq);
  fmt::print("  {} items, Merkle root {}\n", count, change["merkle_root"].get<std::string>());
  PrintHead(ledger);
  return absl::OkStatus();
}

Status RunPropose(const ProposeFlags& f) {
  if (!f.batch.empty()) return RunProposeBatch(f);
  std::optional<json> file;
  if (!f.file.empty()) {
    LEOTWIN_ASSIGN_OR_RETURN(const std::string text, ReadJsonFile(f.file));
    LEOTWIN_ASSIGN_OR_RETURN(file, lg::ParseJson(text, f.file));
  }
  if (file && file->is_object() && file->contains("leotwin_proposal")) {
    // A complete signed proposal (signed offline) is submitted as is.
    if (f.signing.sign_only) return absl::InvalidArgumentError("the file is already signed");
    LEOTWIN_ASSIGN_OR_RETURN(const auto proposal, lg::ProposalFromJson(*file, f.file));
    LEOTWIN_ASSIGN_OR_RETURN(auto ledger, OpenForWrite(f.db));
    LEOTWIN_ASSIGN_OR_RETURN(const SimTime now, CommitTime(f.now, ledger));
    return Record(ledger, proposal, now);
  }
  if (f.signing.key.empty()) return absl::InvalidArgumentError("--key is required to sign");
  json change;
  if (file) {
    change = *file;
  } else {
    LEOTWIN_ASSIGN_OR_RETURN(change, ChangeFromFlags(f));
  }
  if (f.signing.sign_only) {
    // Offline signing: needs only the ledger id (from --ledger-id or the ledger file).
    std::string ledger_id = f.signing.ledger_id;
    if (ledger_id.empty()) {
      LEOTWIN_ASSIGN_OR_RETURN(auto ledger, OpenForRead(f.db));
      ledger_id = ledger.id();
    }
    LEOTWIN_ASSIGN_OR_RETURN(const SimTime when, SigningTime(f.now));
    LEOTWIN_ASSIGN_OR_RETURN(const auto proposal, Sign(f, ledger_id, when, change));
    fmt::print("{}\n", lg::ProposalToJson(proposal).dump());
    return absl::OkStatus();
  }
  LEOTWIN_ASSIGN_OR_RETURN(auto ledger, OpenForWrite(f.db));
  LEOTWIN_ASSIGN_OR_RETURN(const SimTime now, CommitTime(f.now, ledger));
  LEOTWIN_ASSIGN_OR_RETURN(const auto proposal, Sign(f, ledger.id(), now, change));
  return Record(ledger, proposal, now);
}

}  // namespace

void AddPropose(CLI::App* policy) {
  auto f = std::make_shared<ProposeFlags>();
  auto* c = policy->add_subcommand(
      "propose",
      "Sign and record a proposed policy change. It takes effect when other operators approve "
      "it (quorum per action kind). The change comes from --file (a change or an offline-signed "
      "proposal, JSON) or from one action flag.\n"
      "Example: leotwin policy propose --key alice.key --set-territory UA --state blocked "
      "--comment \"licence withdrawn\"");
  AddSigningFlags(c, &f->signing, "proposer", "proposal");
  c->add_option("--file", f->file,
                "JSON file: a change ({\"action\":...}) or a signed proposal "
                "({\"leotwin_proposal\":1,...})")
      ->check(kNonEmptyPath);
  c->add_option("--set-territory", f->set_territory, "Territory ISO code (alpha-2 or alpha-3)");
  c->add_option("--state", f->state, "available | waitlist | coming_soon | unavailable | blocked");
  c->add_option("--coming-soon-date", f->coming_soon_date, "Date shown for coming_soon");
  c->add_option("--effective-at", f->effective_at,
                "Schedule the state change for a later instant (default: on approval)");
  c->add_option("--add-geofence", f->add_geofence, "New geofence id");
  c->add_option("--geometry", f->geometry,
                "GeoJSON file: Polygon/MultiPolygon geometry, Feature, or a one-feature "
                "FeatureCollection")
      ->check(kNonEmptyPath);
  c->add_option("--effect", f->effect, "deny (default) | allow");
  c->add_option("--name", f->name, "Human name of the geofence");
  c->add_option("--from", f->from, "Geofence active from (ISO 8601)");
  c->add_option("--to", f->to, "Geofence active until (ISO 8601, exclusive)");
  c->add_option("--speed-cap", f->speed_cap, "Geofence speed cap, km/h (> 0)");
  c->add_option("--remove-geofence", f->remove_geofence, "Geofence id to remove");
  c->add_option("--register-terminal", f->register_terminal, "New terminal id");
  c->add_option("--kind", f->kind,
                "Terminal kind with --register-terminal: fixed | roam | maritime | aviation | "
                "government; batch kind with --batch: register-terminals | suspend-terminals | "
                "activate-terminals");
  c->add_option("--batch", f->batch,
                "A file of many terminal changes of one kind, proposed, approved and recorded as "
                "one entry signed through its Merkle root: .csv (register-terminals: "
                "id,kind,lat,lon[,sponsor]; suspend-/activate-terminals: id) or .jsonl (one "
                "object per line with those fields); at most 100000 items, 32 MiB")
      ->check(kNonEmptyPath);
  c->add_option("--lat", f->lat, "Service address latitude, degrees")->check(FiniteIn(-90.0, 90.0));
  c->add_option("--lon", f->lon, "Service address longitude, degrees")
      ->check(FiniteIn(-180.0, 180.0));
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
  AddDbNow(c, f->db, &f->now);
  c->callback(Runs([f] { return RunPropose(*f); }));
}

}  // namespace leotwin::cli::policy_cli
