#include "leotwin/api/endpoints.h"

#include "leotwin/api/admission.h"
#include "leotwin/api/handlers.h"

namespace leotwin::api {

std::shared_ptr<RequestRouter> BuildRouter(std::shared_ptr<const Twin> twin,
                                           const AdmissionOptions& admission) {
  auto router = std::make_shared<RequestRouter>();
  router->SetAdmission(std::make_shared<Admission>(admission));
  RequestRouter* r = router.get();
  // Binds a handler taking (const Twin&, const ApiRequest&).
  const auto bind = [twin](StatusOr<ApiReply> (*fn)(const Twin&, const ApiRequest&)) {
    return [twin, fn](const ApiRequest& req) { return fn(*twin, req); };
  };
  // Binds a cost estimate of the same shape (handlers.h, "Cost of heavy requests").
  const auto cost = [twin](StatusOr<Cost> (*fn)(const Twin&, const ApiRequest&)) {
    return [twin, fn](const ApiRequest& req) { return fn(*twin, req); };
  };
  // Index and health: written here because they describe the router itself.
  r->Get("/api/v1", "this list of endpoints", "", [r](const ApiRequest& req) -> StatusOr<ApiReply> {
    LEOTWIN_RETURN_IF_ERROR(req.query.CheckAllowed({}));
    ApiReply reply;
    reply.body = {{"name", "leotwin"}, {"endpoints", r->Describe()}};
    return reply;
  });
  r->Get("/api/v1/health", "liveness probe", "", [](const ApiRequest& req) -> StatusOr<ApiReply> {
    LEOTWIN_RETURN_IF_ERROR(req.query.CheckAllowed({}));
    ApiReply reply;
    reply.body = {{"status", "ok"}};
    return reply;
  });
  r->Get("/api/v1/info", "scenario, time window and which layers have data", "", bind(GetInfo));
  r->Get("/api/v1/constellation", "shells and satellite names by index", "",
         bind(GetConstellation));
  r->Get("/api/v1/satellites", "positions of every satellite at an instant",
         "[at=ISO8601|unix_s] [format=json|geojson]", bind(GetSatellites), cost(CostOfSatellites));
  r->Get("/api/v1/links", "laser links usable at an instant", "[at] [format=json|geojson]",
         bind(GetLinks), cost(CostOfLinks));
  r->Get("/api/v1/cities", "bundled cities, most populous first", "[limit=1..5000] [q=prefix]",
         bind(GetCities));
  r->Get("/api/v1/route", "lowest-latency path between two places at an instant",
         "from=place to=place [at] [format=json|geojson]", bind(GetRoute), cost(CostOfRoute));
  r->Get("/api/v1/rtt", "RTT series between two places over a window",
         "from=place to=place [start] [duration=1h] [step=60s] [paths=false] (<= 2001 samples)",
         bind(GetRtt), cost(CostOfRtt));
  r->Get("/api/v1/czml", "the constellation as CZML for Cesium",
         "[start] [duration=1h] [step=60s] (<= 600k positions)", bind(GetCzml), cost(CostOfCzml));
  r->Get("/api/v1/coverage", "satellites in view per S2 cell, at an instant or over a window",
         "[at] [level=1..6] [window=duration step=60s]", bind(GetCoverage), cost(CostOfCoverage));
  r->Get("/api/v1/availability", "land cells with their availability state under the policy",
         "[at (policy clock)] [level=1..7]", bind(GetAvailability), cost(CostOfAvailability));
  r->Get("/api/v1/territories", "GeoJSON territories with their activation state",
         "[at] [shape=sphere|map|borders]", bind(GetTerritories), cost(CostOfTerritories));
  r->Get("/api/v1/geofences", "GeoJSON geofences of the policy", "[at]", bind(GetGeofences));
  r->Get("/api/v1/activity", "k-anonymous activity per cell in the hour containing an instant",
         "[at] [level=1..6]", bind(GetActivity), cost(CostOfActivity));
  r->Get("/api/v1/policy", "the policy as of an instant", "[at]", bind(GetPolicy));
  r->Get("/api/v1/decide", "authorization decision for a terminal at a position",
         "terminal=id lat=deg lon=deg [speed=km/h] [at]", bind(GetDecide));
  r->Get("/api/v1/ledger", "ledger head and entries", "[first=seq] [limit=1..500]",
         bind(GetLedger));
  r->Get("/api/v1/ledger/verify", "verify the chain, signatures and rules", "",
         bind(GetLedgerVerify), cost(CostOfLedgerVerify));
  r->Get("/api/v1/ledger/proposals", "proposals with their votes and status", "",
         bind(GetLedgerProposals));
  r->Get("/api/v1/timeline", "the policy history: its span and every enacted change", "",
         bind(GetTimeline));
  r->Get("/api/v1/explain", "who decided, since when: a territory, geofence or terminal",
         "territory=ISO | geofence=ID | terminal=ID lat= lon= [speed=] [at]", bind(GetExplain));
  r->Get("/api/v1/territory-states", "activation state of every territory (no geometry)", "[at]",
         bind(GetTerritoryStates));
  r->Get("/api/v1/terminals", "registered terminals and their decisions (admin)", "[at]",
         bind(GetTerminals));
  r->Get("/api/v1/track", "a terminal along a track: decision, satellite, RTT per instant",
         "fixes=T,lat,lon;... terminal=id|kind=K [to=place|internet] [step=1s] "
         "[format=json|geojson] (<= 86401 instants)",
         bind(GetTrack), cost(CostOfTrack));
  r->Post("/api/v1/track", "the same for an uploaded track (GPX, CSV or GeoJSON body)",
          "terminal=id|kind=K [to] [step] [format]", bind(GetTrack), cost(CostOfTrack));
  r->Post("/api/v1/ledger/proposals", "submit a signed proposal (JSON body)", "",
          bind(PostProposal));
  r->Post("/api/v1/ledger/votes", "submit a signed approval or rejection (JSON body)", "",
          bind(PostVote));
  return router;
}

}  // namespace leotwin::api
