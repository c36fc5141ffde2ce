// Coverage, availability, territories, geofences, the policy, decisions and the ledger.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <memory>
#include <vector>

#include "fmt/format.h"
#include "leotwin/activity/aggregate.h"
#include "leotwin/api/geojson.h"
#include "leotwin/api/handlers.h"
#include "leotwin/api/policy_access.h"
#include "leotwin/coverage/availability.h"
#include "leotwin/coverage/coverage.h"
#include "leotwin/coverage/window.h"
#include "leotwin/geo/territories.h"
#include "leotwin/ledger/messages.h"

namespace leotwin::api {
namespace {

using nlohmann::json;

json EntryJson(const ledger::Entry& e) { return ledger::EntryToJson(e); }

ApiReply Created(json body) {
  ApiReply r;
  r.body = std::move(body);
  r.http_status = 201;
  return r;
}

}  // namespace

// The policy clock: `at` optional, any instant from 1970 to 2200.
StatusOr<std::optional<SimTime>> PolicyTime(const ApiRequest& request) {
  if (!request.query.Has("at")) return std::optional<SimTime>();
  LEOTWIN_ASSIGN_OR_RETURN(SimTime t, request.query.RequiredTime("at", SimTime::FromUnixNanos(0),
                                                                 SimTime::FromCivil(2200, 1, 1)));
  return std::optional<SimTime>(t);
}

// Subscriber data in ledger JSON (entries, proposals, changes): service addresses and sponsors
// become null, and a terminal registration's description (which repeats both) a generic one.
void RedactSubscriberData(json& j) {
  if (j.is_array()) {
    for (json& v : j) RedactSubscriberData(v);
    return;
  }
  if (!j.is_object()) return;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "service_address" || it.key() == "sponsor") {
      it.value() = nullptr;
    } else {
      RedactSubscriberData(it.value());
    }
  }
  if (j.contains("description") && j.value("action_kind", "").rfind("terminal.", 0) == 0) {
    j["description"] = "terminal change (details need admin access)";
  }
}

Status NeedAdmin(const ApiRequest& request, std::string_view what) {
  if (request.access == Access::kAdmin) return absl::OkStatus();
  return absl::UnauthenticatedError(fmt::format(
      "{} needs admin access (Authorization: Bearer <token of --admin-token-file>)", what));
}

StatusOr<TerminalAtPosition> TerminalQuery(const ApiRequest& request) {
  TerminalAtPosition q;
  LEOTWIN_ASSIGN_OR_RETURN(q.terminal, request.query.RequiredString("terminal", 128));
  LEOTWIN_ASSIGN_OR_RETURN(q.lat, request.query.RequiredDouble("lat", -90, 90));
  LEOTWIN_ASSIGN_OR_RETURN(q.lon, request.query.RequiredDouble("lon", -180, 180));
  LEOTWIN_ASSIGN_OR_RETURN(q.speed_kmh, request.query.Double("speed", 0, 0, 1e5));
  return q;
}

json TerritoryStateJson(const policy::TerritoryRule& rule) {
  json j = {{"state", std::string(policy::TerritoryStateName(rule.state))},
            {"ledger_entry", rule.ledger_entry_id}};
  if (rule.coming_soon_date) j["coming_soon_date"] = rule.coming_soon_date->ToIso8601();
  return j;
}

StatusOr<ApiReply> GetCoverage(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({"at", "level", "window", "step"}));
  LEOTWIN_ASSIGN_OR_RETURN(const SimTime t, request.query.Time("at", twin.default_time(),
                                                               twin.min_time(), twin.max_time()));
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t level,
                           request.query.Int("level", 5, 1, kMaxGlobalCellLevel));
  LEOTWIN_ASSIGN_OR_RETURN(
      const int64_t window,
      request.query.Duration("window", 0, 0, 86400 * SimTime::kNanosPerSecond));
  LEOTWIN_ASSIGN_OR_RETURN(
      const int64_t step,
      request.query.Duration("step", 60 * SimTime::kNanosPerSecond, SimTime::kNanosPerSecond,
                             86400 * SimTime::kNanosPerSecond));
  LEOTWIN_ASSIGN_OR_RETURN(auto cells, twin.Cells(static_cast<int>(level), /*land=*/false));
  const size_t n = cells->grid->size();
  const TimeGrid grid = TimeGrid::Over(t, window, step);
  if (grid.count * static_cast<int64_t>(n) > kMaxCoverageWork) {
    return absl::InvalidArgumentError(
        fmt::format("coverage: {} steps x {} cells is more than {} per request (use a longer "
                    "step, a shorter window or a coarser level)",
                    grid.count, n, kMaxCoverageWork));
  }
  if (grid.end() > twin.max_time()) {
    return absl::InvalidArgumentError("coverage: the window ends after the twin's last instant");
  }
  // The same window and summary as `leotwin coverage --window` (coverage/coverage.h), with
  // positions from the twin's frame cache; the deadline is checked before each instant.
  std::shared_ptr<const SatelliteFrame> frame;
  std::vector<unsigned char> valid;
  const coverage::PositionSource from_frames =
      [&](SimTime at) -> StatusOr<coverage::SatellitePositions> {
    LEOTWIN_RETURN_IF_ERROR(CheckDeadline(request));
    LEOTWIN_ASSIGN_OR_RETURN(frame, twin.FrameAt(at));
    valid.resize(frame->ecef.size());
    for (size_t i = 0; i < valid.size(); ++i) valid[i] = frame->ecef.error[i] == 0;
    return coverage::SatellitePositions{frame->ecef.x, frame->ecef.y, frame->ecef.z, valid};
  };
  LEOTWIN_ASSIGN_OR_RETURN(const coverage::WindowAccumulator acc,
                           coverage::ComputeWindow(*cells->engine, from_frames, grid));
  LEOTWIN_ASSIGN_OR_RETURN(const coverage::CoverageSummary summary,
                           coverage::Summarize(*cells->grid, acc, /*worst=*/0));
  ApiReply reply;
  std::string& out = reply.raw_body;
  auto it = std::back_inserter(out);
  fmt::format_to(it, R"({{"time":"{}","level":{},"steps":{},"step_s":{},"mask_deg":{},"cells":[)",
                 t.ToIso8601(), level, grid.count, static_cast<double>(step) / 1e9,
                 cells->engine->options().min_elevation_deg);
  for (size_t i = 0; i < n; ++i) {
    const coverage::CellWindowStats s = acc.Stats(i);
    if (i) out.push_back(',');
    if (grid.count == 1) {
      fmt::format_to(it, R"({{"id":"{}","polygon":{},"in_view":{}}})", cells->tokens[i],
                     cells->polygons[i], s.min_in_view);
    } else {
      fmt::format_to(it,
                     R"({{"id":"{}","polygon":{},"in_view":{:.2f},"covered_share":{:.4f},)"
                     R"("min_in_view":{},"longest_gap_s":{}}})",
                     cells->tokens[i], cells->polygons[i], s.mean_in_view, s.covered_share,
                     s.min_in_view, static_cast<double>(acc.LongestGapNs(i)) / 1e9);
    }
  }
  fmt::format_to(it, R"(],"max_in_view":{},"covered_area_share":{:.5f},"mean_in_view":{:.4f}}})",
                 summary.max_in_view, summary.covered_area_share, summary.mean_in_view);
  return reply;
}

StatusOr<ApiReply> GetAvailability(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({"at", "level"}));
  LEOTWIN_ASSIGN_OR_RETURN(const auto at, PolicyTime(request));
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t level,
                           request.query.Int("level", 5, 1, kMaxLandCellLevel));
  LEOTWIN_ASSIGN_OR_RETURN(auto policy, twin.policy().PolicyAt(at));
  LEOTWIN_ASSIGN_OR_RETURN(auto cells, twin.Cells(static_cast<int>(level), /*land=*/true));
  const SimTime t = at.value_or(PolicyService::Now());
  LEOTWIN_ASSIGN_OR_RETURN(coverage::AvailabilityMap map,
                           coverage::ComputeAvailability(*cells->grid, *policy, t));
  const geo::TerritorySet& territories = policy->territories();
  ApiReply reply;
  std::string& out = reply.raw_body;
  auto it = std::back_inserter(out);
  fmt::format_to(it, R"({{"time":"{}","level":{},"cells":[)", t.ToIso8601(), level);
  for (size_t i = 0; i < map.cells.size(); ++i) {
    const coverage::CellAvailability& c = map.cells[i];
    const std::string iso = c.territory >= 0 ? territories.info(c.territory).iso_a2 : "";
    const coverage::AvailabilityRule* rule = c.rule >= 0 ? &map.rules[c.rule] : nullptr;
    fmt::format_to(it, R"({}{{"id":"{}","polygon":{},"state":"{}","territory":"{}","rule":{})",
                   i ? "," : "", cells->tokens[i], cells->polygons[i],
                   coverage::AvailabilityName(c.state), iso,
                   DumpJson(json(rule ? rule->id : std::string())));
    if (rule && rule->coming_soon_date) {
      fmt::format_to(it, R"(,"coming_soon_date":"{}")", rule->coming_soon_date->ToIso8601());
    }
    if (c.speed_capped) out.append(R"(,"speed_capped":true)");
    out.push_back('}');
  }
  out.append(R"(],"count":{)");
  for (int s = 0; s < coverage::kNumAvailabilityStates; ++s) {
    fmt::format_to(it, R"({}"{}":{})", s ? "," : "",
                   coverage::AvailabilityName(static_cast<coverage::Availability>(s)),
                   map.count[s]);
  }
  out.append("}}");
  return reply;
}

StatusOr<ApiReply> GetTerritories(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({"at", "shape"}));
  LEOTWIN_ASSIGN_OR_RETURN(const auto at, PolicyTime(request));
  // sphere: the geometry as stored (RFC 7946); map: unwrapped across the antimeridian for a flat
  // map; borders: the polygons' edges as lines, polar caps open at the map's edge (map_geometry.h).
  LEOTWIN_ASSIGN_OR_RETURN(const std::string shape,
                           request.query.Choice("shape", {"sphere", "map", "borders"}, "sphere"));
  LEOTWIN_ASSIGN_OR_RETURN(auto features, twin.TerritoryFeatures());
  LEOTWIN_ASSIGN_OR_RETURN(auto policy, twin.policy().PolicyAt(at));
  const SimTime t = at.value_or(PolicyService::Now());
  const geo::TerritorySet& territories = policy->territories();
  ApiReply reply;
  reply.content_type = "application/geo+json";
  std::string& out = reply.raw_body;
  auto it = std::back_inserter(out);
  fmt::format_to(it, R"({{"type":"FeatureCollection","time":"{}","features":[)", t.ToIso8601());
  bool first = true;
  for (const Twin::TerritoryFeature& f : *features) {
    const std::string& geometry = shape == "map"       ? f.map_geometry_json
                                  : shape == "borders" ? f.borders_json
                                                       : f.geometry_json;
    if (shape == "borders" && geometry == "null") continue;  // No polygon, no border.
    json props = f.properties;
    if (const auto index = territories.Find(f.iso_a2)) {
      props.update(TerritoryStateJson(policy->TerritoryRuleAt(*index, t)));
    }
    if (!first) out.push_back(',');
    first = false;
    // Geometry is copied as serialized once; only the properties change.
    out.append(R"({"type":"Feature","properties":)");
    out.append(DumpJson(props));
    out.append(R"(,"geometry":)");
    out.append(geometry);
    out.push_back('}');
  }
  out.append("]}");
  return reply;
}

StatusOr<ApiReply> GetGeofences(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({"at"}));
  LEOTWIN_ASSIGN_OR_RETURN(const auto at, PolicyTime(request));
  LEOTWIN_ASSIGN_OR_RETURN(auto policy, twin.policy().PolicyAt(at));
  const SimTime t = at.value_or(PolicyService::Now());
  json features = json::array();
  for (const auto& [id, g] : policy->geofences()) {
    json props = {{"id", g.id},
                  {"name", g.name},
                  {"effect", std::string(policy::GeofenceEffectName(g.effect))},
                  {"active", g.ActiveAt(t)},
                  {"ledger_entry", g.ledger_entry_id}};
    if (g.active_from) props["active_from"] = g.active_from->ToIso8601();
    if (g.active_until) props["active_until"] = g.active_until->ToIso8601();
    if (g.speed_cap_kmh) props["speed_cap_kmh"] = *g.speed_cap_kmh;
    json geometry = g.geometry;
    if (geometry.is_object() && geometry.value("type", "") == "Feature") {
      geometry = geometry.value("geometry", json());
    }
    features.push_back({{"type", "Feature"}, {"properties", props}, {"geometry", geometry}});
  }
  ApiReply reply;
  reply.content_type = "application/geo+json";
  reply.body = {{"type", "FeatureCollection"}, {"time", t.ToIso8601()}, {"features", features}};
  return reply;
}

StatusOr<ApiReply> GetActivity(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({"at", "level"}));
  LEOTWIN_ASSIGN_OR_RETURN(const SimTime t, request.query.Time("at", twin.default_time(),
                                                               twin.min_time(), twin.max_time()));
  const activity::PrivacyConfig& privacy = twin.activity().config().privacy;
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t level,
                           request.query.Int("level", privacy.base_level, 1, privacy.base_level));
  LEOTWIN_ASSIGN_OR_RETURN(const PolicyService::Versioned current, twin.policy().Current());
  LEOTWIN_ASSIGN_OR_RETURN(auto report, twin.activity().Report(t, static_cast<int>(level),
                                                               current.policy, current.version));
  ApiReply reply;
  std::string& out = reply.raw_body;
  auto it = std::back_inserter(out);
  int64_t max_terminals = 0;
  fmt::format_to(it, R"({{"bucket_start":"{}","bucket_s":{},"level":{},"k":{},"cells":[)",
                 report->start.ToIso8601(), privacy.bucket_ns / SimTime::kNanosPerSecond,
                 report->level, privacy.k);
  for (size_t i = 0; i < report->rows.size(); ++i) {
    const activity::ActivityRow& r = report->rows[i];
    max_terminals = std::max(max_terminals, r.terminals);
    fmt::format_to(it,
                   R"({}{{"id":"{}","polygon":{},"terminals":{},"sessions":{},"gigabytes":{:.3f},)"
                   R"("mean_concurrent":{:.2f}}})",
                   i ? "," : "", r.cell.ToToken(), CellRingJson(r.cell), r.terminals, r.sessions,
                   r.gigabytes, r.mean_concurrent(privacy.bucket_ns));
  }
  fmt::format_to(it,
                 R"(],"max_terminals":{},"world":{{"cells_published":{},"cells_suppressed":{}}}}})",
                 max_terminals, report->base_cells_published, report->base_cells_suppressed);
  return reply;
}

StatusOr<ApiReply> GetPolicy(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({"at"}));
  LEOTWIN_ASSIGN_OR_RETURN(const auto at, PolicyTime(request));
  LEOTWIN_ASSIGN_OR_RETURN(auto policy, twin.policy().PolicyAt(at));
  ApiReply reply;
  reply.body = policy->ToJson(at.value_or(PolicyService::Now()));
  if (request.access != Access::kAdmin) {
    // Terminals are subscribers: their service addresses and sponsors stay private.
    json by_kind = json::object(), by_status = json::object();
    int64_t count = 0;
    for (const json& t : reply.body["terminals"]) {
      ++count;
      by_kind[t.value("kind", "?")] = by_kind.value(t.value("kind", "?"), 0) + 1;
      by_status[t.value("status", "?")] = by_status.value(t.value("status", "?"), 0) + 1;
    }
    reply.body["terminals"] = {
        {"count", count},
        {"by_kind", by_kind},
        {"by_status", by_status},
        {"redacted", "terminal ids, service addresses and sponsors need admin access"}};
  }
  return reply;
}

StatusOr<ApiReply> GetDecide(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({"terminal", "lat", "lon", "speed", "at"}));
  LEOTWIN_RETURN_IF_ERROR(NeedAdmin(request, "a decision for a terminal"));
  LEOTWIN_ASSIGN_OR_RETURN(const TerminalAtPosition q, TerminalQuery(request));
  LEOTWIN_ASSIGN_OR_RETURN(const auto at, PolicyTime(request));
  LEOTWIN_ASSIGN_OR_RETURN(json decision,
                           twin.policy().Decide(q.terminal, q.lat, q.lon, q.speed_kmh, at));
  ApiReply reply;
  reply.body = std::move(decision);
  return reply;
}

StatusOr<ApiReply> GetLedger(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({"first", "limit"}));
  LEOTWIN_ASSIGN_OR_RETURN(const auto summary, twin.policy().Summary());
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t limit, request.query.Int("limit", 100, 1, 500));
  LEOTWIN_ASSIGN_OR_RETURN(
      const int64_t first,
      request.query.Int("first", std::max<int64_t>(1, summary.head_seq - limit + 1), 1,
                        INT64_MAX / 2));
  json entries = json::array();
  if (summary.head_seq >= first) {
    LEOTWIN_ASSIGN_OR_RETURN(auto list, twin.policy().Entries(first, first + limit - 1));
    for (const ledger::Entry& e : list) entries.push_back(EntryJson(e));
  }
  ApiReply reply;
  reply.body = {{"ledger", summary.id},
                {"head",
                 {{"seq", summary.head_seq},
                  {"hash", summary.head_hash},
                  {"time", summary.head_time.ToIso8601()}}},
                {"operators", summary.operators},
                {"proposals", summary.proposals},
                {"pending", summary.pending},
                {"entries", entries}};
  if (request.access != Access::kAdmin) RedactSubscriberData(reply.body["entries"]);
  return reply;
}

StatusOr<ApiReply> GetLedgerVerify(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({}));
  LEOTWIN_ASSIGN_OR_RETURN(const ledger::VerifyReport r, twin.policy().Verify());
  ApiReply reply;
  reply.body = {{"ok", r.ok},
                {"entries", r.entries},
                {"verified", r.verified},
                {"first_bad_seq", r.first_bad_seq},
                {"problem", r.problem},
                {"head", {{"seq", r.head.seq}, {"hash", r.head.hash}}},
                {"ledger", r.ledger_id}};
  return reply;
}

StatusOr<ApiReply> GetLedgerProposals(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({}));
  LEOTWIN_ASSIGN_OR_RETURN(json proposals, twin.policy().Proposals());
  ApiReply reply;
  reply.body = {{"proposals", std::move(proposals)}};
  if (request.access != Access::kAdmin) RedactSubscriberData(reply.body);
  return reply;
}

StatusOr<ApiReply> PostProposal(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({}));
  LEOTWIN_ASSIGN_OR_RETURN(ledger::SignedProposal p,
                           ledger::ParseSignedProposal(request.body, "request body"));
  LEOTWIN_ASSIGN_OR_RETURN(ledger::Entry e, twin.policy().Propose(p));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string id, ledger::ProposalId(p.body));
  return Created({{"proposal", id}, {"entry", EntryJson(e)}});
}

StatusOr<ApiReply> PostVote(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({}));
  LEOTWIN_ASSIGN_OR_RETURN(ledger::SignedVote v,
                           ledger::ParseSignedVote(request.body, "request body"));
  LEOTWIN_ASSIGN_OR_RETURN(ledger::Entry e, twin.policy().Vote(v));
  return Created({{"entry", EntryJson(e)}});
}

}  // namespace leotwin::api
