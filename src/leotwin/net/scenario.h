// The network twin's front door for the CLI and the HTTP API: load a constellation (preset name or
// element file), a ground segment, link rules, and answer "RTT between two places over a window".
//
//   NetScenarioOptions opt;                       // starlink-gen1, defaults of the issue
//   LEOTWIN_ASSIGN_OR_RETURN(auto scenario, NetScenario::Load(opt));
//   RouteRequest req{"London", "New York", start, 600 s, 1 s};
//   LEOTWIN_ASSIGN_OR_RETURN(RouteResult r, scenario.Route(req, RunOptions{}));
//   r.series.summary.median_rtt_ms;  // JSON: api/series_json.h RttSeriesJson(r.series, *r.network)
//
// A NetScenario is immutable after Load and may serve concurrent requests (each Route builds its
// own Network with the requested endpoints).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/net/ephemeris.h"
#include "leotwin/net/ground.h"
#include "leotwin/net/network.h"
#include "leotwin/net/series.h"
#include "leotwin/net/slot_inference.h"
#include "leotwin/orbit/constellation.h"
#include "leotwin/orbit/element_loader.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::net {

enum class LaserMode { kAuto, kPlusGrid, kNone };
enum class GatewayMode { kAuto, kDefault, kNone };

struct NetScenarioOptions {
  // Preset name, TLE/OMM file, or Hypatia tles.txt (hypatia_input.h; its "<orbits> <per orbit>"
  // header gives the slots, and the lasers follow Hypatia's +Grid rule).
  std::string constellation = "starlink-gen1";
  SimTime preset_epoch = SimTime::FromCivil(2025, 9, 23);
  // kAuto: +Grid when every satellite has a Walker slot (presets), else none (bent pipe).
  // kPlusGrid on an element file infers the slots (slot_inference.h).
  LaserMode lasers = LaserMode::kAuto;
  // Gateways and PoPs placed by the documented rule (ground.h PlaceSites). kAuto: only when
  // there are no lasers.
  GatewayMode gateways = GatewayMode::kAuto;
  // Extra ground nodes (gateways, PoPs, terminals) from CSV/GeoJSON or Hypatia's
  // ground_stations(.basic).txt (read as cities: endpoints over every satellite in range); "".
  std::string ground_file;
  // Hypatia isls.txt: the laser links exactly as listed (overrides +Grid; with lasers = none,
  // ignored); "" for none.
  std::string isls_file;
  // Link rules; lasers.topology and egress are set from `lasers` / `egress` below.
  NetworkOptions network;
  // kAuto (unset): via the PoP nearest the destination when there are no lasers, else satellite.
  std::optional<Egress> egress;
  // Interpolation knot spacing for the ephemeris (0 = propagate every step).
  int64_t interpolation_knot_ns = 10 * SimTime::kNanosPerSecond;
  std::string data_dir;  // For the bundled cities ("" = default search).
};

struct RouteRequest {
  std::string from, to;          // Place names ("London", "New York, US") or "lat,lon".
  std::optional<SimTime> start;  // Default: the scenario's default start.
  int64_t duration_ns = 600 * SimTime::kNanosPerSecond;
  int64_t step_ns = SimTime::kNanosPerSecond;
};

struct RouteResult {
  PairSeries series;
  std::shared_ptr<const Network> network;  // For node names in exports.
};

class NetScenario {
 public:
  static StatusOr<NetScenario> Load(const NetScenarioOptions& options);

  const orbit::Constellation& constellation() const { return *constellation_; }
  // Element-file records skipped in lenient loading (count, and the first descriptions).
  int64_t skipped_count() const { return skipped_count_; }
  const std::vector<orbit::SkippedRecord>& skipped() const { return skipped_; }
  const Ephemeris& ephemeris() const { return *ephemeris_; }
  const std::vector<GroundNode>& cities() const { return *cities_; }
  // Gateways, PoPs and file nodes every network of this scenario includes.
  const std::vector<GroundNode>& infrastructure() const { return infrastructure_; }
  const NetworkOptions& network_options() const { return network_options_; }
  bool lasers() const { return network_options_.lasers.topology != LaserOptions::Topology::kNone; }
  // Preset epoch, or the latest element-set epoch of a file.
  SimTime default_start() const { return default_start_; }
  int64_t interpolation_knot_ns() const { return knot_ns_; }
  // Set when the slots behind the lasers were inferred from an element file.
  const std::optional<SlotInference>& inferred_slots() const { return inferred_; }
  // True when the constellation was read from a Hypatia tles.txt.
  bool hypatia_tles() const { return hypatia_tles_; }

  // Resolves each place (by exact name in the infrastructure, else ground.h ResolvePlace against
  // the cities; coordinates become city-like endpoints that use every visible satellite) and
  // builds a Network of infrastructure + those places; `indices` receives their ground indices.
  StatusOr<std::shared_ptr<const Network>> BuildNetwork(const std::vector<std::string>& places,
                                                        std::vector<int>* indices) const;
  // Whether `place` resolves as BuildNetwork would resolve it (the error lists close candidates).
  Status CheckPlace(const std::string& place) const;
  // RTT series between two places.
  StatusOr<RouteResult> Route(const RouteRequest& request, RunOptions run) const;

 private:
  std::shared_ptr<const orbit::Constellation> constellation_;
  std::shared_ptr<const Ephemeris> ephemeris_;
  std::shared_ptr<const std::vector<GroundNode>> cities_;
  std::vector<GroundNode> infrastructure_;
  NetworkOptions network_options_;
  SimTime default_start_;
  int64_t knot_ns_ = 0;
  std::optional<SlotInference> inferred_;
  bool hypatia_tles_ = false;
  int64_t skipped_count_ = 0;
  std::vector<orbit::SkippedRecord> skipped_;
};

}  // namespace leotwin::net
