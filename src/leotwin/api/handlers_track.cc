// GET/POST /api/v1/track: a terminal along a track (track/evaluate.h), the CLI's `leotwin track`
// over HTTP with the same JSON and GeoJSON (track/export.h).
#include <string>

#include "fmt/format.h"
#include "leotwin/api/handlers.h"
#include "leotwin/api/policy_access.h"
#include "leotwin/api/policy_service.h"
#include "leotwin/policy/change.h"
#include "leotwin/track/evaluate.h"
#include "leotwin/track/export.h"
#include "leotwin/track/track.h"

namespace leotwin::api {
namespace {

constexpr int64_t kSecond = SimTime::kNanosPerSecond;

// The track of a request: POST carries GPX, CSV or GeoJSON text (told apart by content, as
// `leotwin track` does for a file without a known extension); GET carries
// `fixes=TIME,LAT,LON;TIME,LAT,LON;...` (CSV rows joined by ';').
StatusOr<track::Track> RequestTrack(const ApiRequest& request) {
  if (request.method == "POST") return track::ParseTrack(request.body, "request body");
  LEOTWIN_ASSIGN_OR_RETURN(std::string fixes, request.query.RequiredString("fixes", 64 * 1024));
  for (char& c : fixes) c = c == ';' ? '\n' : c;
  return track::ParseTrackCsv(fixes, "fixes");
}

struct TrackQuery {
  track::Track path;
  TimeGrid grid;
};

StatusOr<TrackQuery> ParseTrackQuery(const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(
      request.query.CheckAllowed({"fixes", "terminal", "kind", "to", "step", "format"}));
  LEOTWIN_ASSIGN_OR_RETURN(track::Track path, RequestTrack(request));
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t step,
                           request.query.Duration("step", kSecond, kSecond / 10, 86400 * kSecond));
  const int64_t duration = path.end() - path.start();
  if (duration / step + 1 > kMaxTrackInstants) {
    return absl::InvalidArgumentError(
        fmt::format("{} instants (the track's {} s at {} s steps): at most {} per request; use a "
                    "larger step or `leotwin track`",
                    duration / step + 1, duration / kSecond, static_cast<double>(step) / kSecond,
                    kMaxTrackInstants));
  }
  const TimeGrid grid = TimeGrid::Over(path.start(), duration, step);
  return TrackQuery{std::move(path), grid};
}

}  // namespace

StatusOr<ApiReply> GetTrack(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_ASSIGN_OR_RETURN(const TrackQuery q, ParseTrackQuery(request));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string terminal, request.query.String("terminal", ""));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string kind_name, request.query.String("kind", ""));
  if (terminal.empty() == kind_name.empty()) {
    return absl::InvalidArgumentError(
        "give exactly one of terminal=ID (registered in the ledger) or kind=KIND (ad hoc)");
  }
  // A registered terminal's decisions are subscriber data (as /decide and /explain); an ad hoc
  // kind is not.
  if (!terminal.empty()) {
    LEOTWIN_RETURN_IF_ERROR(NeedAdmin(request, "the track of a registered terminal"));
  }
  track::TerminalSpec who = track::TerminalSpec::Registered(terminal);
  if (!kind_name.empty()) {
    LEOTWIN_ASSIGN_OR_RETURN(const policy::TerminalKind kind, policy::ParseTerminalKind(kind_name));
    who = track::TerminalSpec::AdHoc(kind);
  }
  LEOTWIN_ASSIGN_OR_RETURN(const std::string to, request.query.String("to", "internet"));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string format,
                           request.query.Choice("format", {"json", "geojson"}, "json"));
  LEOTWIN_ASSIGN_OR_RETURN(const track::PolicyHistory history,
                           twin.policy().HistoryOver(q.grid.start, q.grid.end()));
  const track::Fix& first = q.path.fixes().front();
  LEOTWIN_ASSIGN_OR_RETURN(
      const track::NetSetup setup,
      track::NetSetup::Create(twin.scenario(), to, first.lat_deg, first.lon_deg));
  LEOTWIN_RETURN_IF_ERROR(CheckDeadline(request));
  LEOTWIN_ASSIGN_OR_RETURN(const track::TrackResult result,
                           track::Evaluate(q.path, who, history, setup, {.grid = q.grid}));
  const net::Network& network = *setup.network;
  ApiReply reply;
  if (format == "geojson") {
    reply.content_type = "application/geo+json";
    reply.body = track::ToGeoJson(result, network);
    return reply;
  }
  const track::RunDescription d{
      .track_source = request.method == "POST" ? "request body" : "fixes",
      .fixes = static_cast<int64_t>(q.path.fixes().size()),
      .length_km = q.path.length_km(),
      .constellation = twin.constellation().name,
      .satellites = network.satellite_count(),
      .policy = history.enabled() ? fmt::format("ledger ({} state{} in the window)", history.size(),
                                                history.size() == 1 ? "" : "s")
                                  : "none (every instant allowed)"};
  reply.body = track::ToJson(result, d, network);
  return reply;
}

StatusOr<Cost> CostOfTrack(const Twin& twin, const ApiRequest& request) {
  auto q = ParseTrackQuery(request);
  if (!q.ok()) return Cost{};  // The handler answers the precise 400 at once.
  return Cost{q->grid.count * kTrackUnitsPerInstant,
              fmt::format("{} instants x {} (decision, satellites, route)", q->grid.count,
                          kTrackUnitsPerInstant)};
}

}  // namespace leotwin::api
