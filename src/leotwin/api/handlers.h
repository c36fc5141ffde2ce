// Route handlers of the JSON API: plain functions from a parsed request to a reply, one per
// endpoint, unit-testable without sockets (handlers_test.cc). endpoints.cc binds them to paths.
//
// Conventions for every endpoint:
//   - instants are ISO 8601 UTC ("2025-09-23T12:00:00Z") or Unix seconds, within the twin's
//     query range (twin.h); `at` defaults to the twin's default time;
//   - positions are WGS84 geodetic degrees (lat, lon) and km above the ellipsoid (alt_km);
//     GeoJSON coordinates are [lon, lat] or [lon, lat, height in metres] (RFC 7946);
//   - unknown query parameters are rejected (400) so typos do not silently fall back to defaults;
//   - work per request is bounded: time series and exports cap their step counts (see each).
#pragma once

#include "leotwin/api/request_router.h"
#include "leotwin/api/twin.h"

namespace leotwin::api {

// Limits on per-request work.
inline constexpr int64_t kMaxSeriesSteps = 2001;  // /rtt
inline constexpr int64_t kMaxSeriesDurationNs = 2LL * 86400 * SimTime::kNanosPerSecond;
inline constexpr int64_t kMaxCzmlPositions = 600'000;  // satellites x samples, /czml
inline constexpr int64_t kMaxCities = 5000;

// GET /api/v1/info: scenario name, satellite count, epoch, time window, which layers have data.
StatusOr<ApiReply> GetInfo(const Twin& twin, const ApiRequest& request);
// GET /api/v1/constellation: shells and the name / catalog number of each satellite (by index).
StatusOr<ApiReply> GetConstellation(const Twin& twin, const ApiRequest& request);
// GET /api/v1/satellites?at=&format=json|geojson|f32: positions of every satellite at an instant.
// json: {"time","count","valid","lat":[],"lon":[],"alt_km":[]} (satellite order, null = no
// valid state); geojson: a FeatureCollection of Points with properties index, name, alt_km;
// f32: the map's binary form (a header, then float32 lat, lon, alt_km arrays; handlers.cc).
// json and f32 carry an ETag of their bytes (304 to a matching If-None-Match).
StatusOr<ApiReply> GetSatellites(const Twin& twin, const ApiRequest& request);
inline constexpr char kSatellitesF32ContentType[] = "application/vnd.leotwin.satellites-f32";
inline constexpr size_t kSatellitesF32HeaderBytes = 24;
// GET /api/v1/links?at=&format=json|geojson: laser links usable at an instant (+Grid, in range,
// line of sight above the atmosphere). json: {"time","count","a":[],"b":[],"length_km":[]}
// (satellite indices); geojson: LineStrings (split at the antimeridian into MultiLineStrings).
StatusOr<ApiReply> GetLinks(const Twin& twin, const ApiRequest& request);
// GET /api/v1/cities?limit=&q=: bundled cities, most populous first; q filters by name prefix.
StatusOr<ApiReply> GetCities(const Twin& twin, const ApiRequest& request);
// GET /api/v1/route?from=&to=&at=&format=json|geojson: the lowest-latency path between two places
// at an instant: RTT, hops, the nodes on the path with positions, and the fiber baseline.
StatusOr<ApiReply> GetRoute(const Twin& twin, const ApiRequest& request);
// GET /api/v1/rtt?from=&to=&start=&duration=&step=&paths=: RTT series over a window (at most
// kMaxSeriesSteps samples, kMaxSeriesDurationNs long), the document `leotwin route --json`
// writes (series_json.h RttSeriesJson: "t", "rtt_ms", "hops" columns, "fiber", "summary"; with
// paths=true the node names of every sample's path too).
StatusOr<ApiReply> GetRtt(const Twin& twin, const ApiRequest& request);
// GET /api/v1/czml?start=&duration=&step=: the constellation as a CZML document for Cesium.
StatusOr<ApiReply> GetCzml(const Twin& twin, const ApiRequest& request);

// ---- Coverage, territories and the policy (handlers_policy.cc). Policy endpoints take `at` on
// the policy's clock (wall clock by default; see policy_service.h).

inline constexpr int kMaxGlobalCellLevel = 6;           // 24,576 cells.
inline constexpr int kMaxLandCellLevel = 7;             // About 28,000 land cells.
inline constexpr int64_t kMaxCoverageWork = 4'000'000;  // cells x steps for a window.

// GET /api/v1/coverage?at=&level=&window=&step=: satellites in view per S2 cell (global grid,
// level 1..6, 25 deg mask). Instant: {"cells":[{"id","polygon","in_view"}],"max_in_view"}.
// With `window`: per-cell covered share, mean/min in view and longest gap over [at, at+window].
StatusOr<ApiReply> GetCoverage(const Twin& twin, const ApiRequest& request);
// GET /api/v1/availability?at=&level=: land cells with their availability state (available,
// waitlist, coming_soon, service_date_unknown, blocked) under the policy as of `at`.
StatusOr<ApiReply> GetAvailability(const Twin& twin, const ApiRequest& request);
// GET /api/v1/territories?at=: GeoJSON of every territory with its state under the policy.
StatusOr<ApiReply> GetTerritories(const Twin& twin, const ApiRequest& request);
// GET /api/v1/geofences?at=: GeoJSON of the geofences (active or not at `at`).
StatusOr<ApiReply> GetGeofences(const Twin& twin, const ApiRequest& request);
// GET /api/v1/activity?at=&level=: k-anonymous activity per S2 cell in the hour containing `at`
// (scenario clock): cells with at least k = 10 active terminals only (activity_service.h).
StatusOr<ApiReply> GetActivity(const Twin& twin, const ApiRequest& request);
// GET /api/v1/policy?at=: the policy as of `at` (states in force, geofences, terminals). Without
// admin access, terminals are counts only (no service address, sponsor or id).
StatusOr<ApiReply> GetPolicy(const Twin& twin, const ApiRequest& request);
// GET /api/v1/decide?terminal=&lat=&lon=&speed=&at=: the authorization decision, with the rule
// and ledger entry that decided it. Admin access only (401 otherwise): decisions for positions
// around a terminal would map its service address (the 50 km radius rule).
StatusOr<ApiReply> GetDecide(const Twin& twin, const ApiRequest& request);
// GET /api/v1/ledger?first=&limit=: ledger summary and entries (at most 500 per request).
// Without admin access, terminal registrations show neither service address nor sponsor (here
// and in /ledger/proposals).
StatusOr<ApiReply> GetLedger(const Twin& twin, const ApiRequest& request);
// GET /api/v1/ledger/verify: full verification of the chain, signatures and rules.
StatusOr<ApiReply> GetLedgerVerify(const Twin& twin, const ApiRequest& request);
// GET /api/v1/ledger/proposals: every proposal with its votes and status.
StatusOr<ApiReply> GetLedgerProposals(const Twin& twin, const ApiRequest& request);

// ---- The scenario's story (handlers_history.cc) ----
// GET /api/v1/timeline: the policy history as marks for the map's timeline: the span (scenario
// history, or the ledger's first and last entries) and every enacted change (its enactment time,
// entry, kind, one sentence, proposer, approvers). Terminal changes are redacted without admin
// access, as in /ledger.
StatusOr<ApiReply> GetTimeline(const Twin& twin, const ApiRequest& request);
// GET /api/v1/explain?territory=ISO|geofence=ID|terminal=ID&lat=&lon=[&speed=][&at=]: the state
// or decision at an instant and the ledger entries behind it, with "text" equal to what `leotwin
// policy explain` prints. Terminals need admin access (they are subscribers).
StatusOr<ApiReply> GetExplain(const Twin& twin, const ApiRequest& request);
// GET /api/v1/territory-states?at=: every territory's activation state and ledger entry at an
// instant, without geometry (the map recolours the territories it loaded once).
StatusOr<ApiReply> GetTerritoryStates(const Twin& twin, const ApiRequest& request);
// GET /api/v1/terminals?at=: admin only. Registered terminals at their service addresses with
// their kind, status and the decision there at `at` (reason, deciding rule, ledger entry).
StatusOr<ApiReply> GetTerminals(const Twin& twin, const ApiRequest& request);
// GET /api/v1/track?fixes=T,LAT,LON;...  or POST /api/v1/track with a GPX, CSV or GeoJSON body:
// a terminal along the track (terminal=ID | kind=KIND, to=PLACE|internet, step, format=json|
// geojson): per instant the decision, serving satellite and RTT, the transitions (track/export.h).
StatusOr<ApiReply> GetTrack(const Twin& twin, const ApiRequest& request);
// POST /api/v1/ledger/proposals: body = a signed proposal (messages.h JSON form). 201 + entry.
StatusOr<ApiReply> PostProposal(const Twin& twin, const ApiRequest& request);
// POST /api/v1/ledger/votes: body = a signed approval or rejection. 201 + entry.
StatusOr<ApiReply> PostVote(const Twin& twin, const ApiRequest& request);

// ---- Cost of heavy requests (admission.h): work units estimated from the query alone, before any
// work. One unit ~ one satellite propagated or one cell evaluated at one instant. A query that
// does not parse costs 0: its handler answers the precise 400 at once.
inline constexpr int64_t kRouteUnitsPerSatellite = 8;    // Graph build + search, per satellite.
inline constexpr int64_t kTerritoriesUnits = 200'000;    // Parse 2.3 MB of GeoJSON (first request).
inline constexpr int64_t kTerritoriesCopyUnits = 5'000;  // Copy it, new properties (later ones).
inline constexpr int64_t kActivityUnits = 1'000'000;     // 100,000 terminals' sessions.
inline constexpr int64_t kVerifyUnitsPerEntry = 200;     // Signature checks and replay.
// One track instant: ~60 us measured (bench/track_benchmark: 86,400 instants in 5.3 s of CPU).
inline constexpr int64_t kTrackUnitsPerInstant = 100;
inline constexpr int64_t kMaxTrackInstants = 86'401;  // 24 h at 1 s per request.
StatusOr<Cost> CostOfSatellites(const Twin& twin, const ApiRequest& request);
StatusOr<Cost> CostOfLinks(const Twin& twin, const ApiRequest& request);
StatusOr<Cost> CostOfRoute(const Twin& twin, const ApiRequest& request);
StatusOr<Cost> CostOfRtt(const Twin& twin, const ApiRequest& request);
StatusOr<Cost> CostOfTrack(const Twin& twin, const ApiRequest& request);
StatusOr<Cost> CostOfCzml(const Twin& twin, const ApiRequest& request);
StatusOr<Cost> CostOfCoverage(const Twin& twin, const ApiRequest& request);
StatusOr<Cost> CostOfAvailability(const Twin& twin, const ApiRequest& request);
StatusOr<Cost> CostOfTerritories(const Twin& twin, const ApiRequest& request);
StatusOr<Cost> CostOfActivity(const Twin& twin, const ApiRequest& request);
StatusOr<Cost> CostOfLedgerVerify(const Twin& twin, const ApiRequest& request);

}  // namespace leotwin::api
