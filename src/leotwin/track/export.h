// Outputs of a track evaluation (one schema for the CLI and, later, the HTTP API):
//   table    the timeline of transitions and the time per state, for a terminal
//   CSV      one row per instant
//   JSON     the window, totals, transitions, the explained decisions and every instant
//   GeoJSON  the track as LineString features, one per run of the same state and decision,
//            coloured by state (simplestyle "stroke"): connected green, denied red, no_satellite
//            grey, no_route orange. Consecutive runs share their boundary instant's point so the
//            line stays continuous. A run crossing the antimeridian is cut there (RFC 7946
//            3.1.9): its geometry is then a MultiLineString whose parts end and start on +-180.
//            CSV and JSON give each instant's destination (the Internet: the nearest PoP).
// Time per state counts each instant as one grid step.
#pragma once

#include <ostream>
#include <string>

#include "leotwin/net/network.h"
#include "leotwin/track/evaluate.h"
#include "nlohmann/json.hpp"

namespace leotwin::track {

// What the header lines say about the inputs.
struct RunDescription {
  std::string track_source;
  int64_t fixes = 0;
  double length_km = 0;
  std::string constellation;
  int satellites = 0;
  std::string policy;  // "ledger leotwin.db (3 states in the window)" or "no policy"
};

// "sat 1234 STARLINK-1007", or "-".
std::string SatelliteName(const net::Network& network, int32_t sat);

void WriteTable(const TrackResult& r, const RunDescription& d, const net::Network& network,
                std::ostream& out);
void WriteCsv(const TrackResult& r, const net::Network& network, std::ostream& out);
nlohmann::json ToJson(const TrackResult& r, const RunDescription& d, const net::Network& network);
nlohmann::json ToGeoJson(const TrackResult& r, const net::Network& network);

}  // namespace leotwin::track
