// The twin that `leotwin serve` serves: everything the API reads, built once at startup from the
// command-line options and immutable afterwards (the ledger, which changes, guards itself), so
// handlers may run on many threads at once. There is no process-wide twin: tests build their own.
//
// Time: the twin's clock is the scenario's, not the wall clock. `default_time()` is the preset
// epoch (or the latest element-set epoch of a file); the page's slider spans
// [window_start(), window_end()] = default_time() + [0, 24 h]; queries may ask for any instant in
// [min_time(), max_time()] = default_time() -/+ 30 days (SGP4 error grows by kilometres per day
// away from the epoch of real element sets; outside that range answers would mislead).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "leotwin/api/activity_service.h"
#include "leotwin/api/policy_service.h"
#include "leotwin/base/status.h"
#include "leotwin/coverage/cell_grid.h"
#include "leotwin/coverage/snapshot.h"
#include "leotwin/net/network.h"
#include "leotwin/net/scenario.h"
#include "leotwin/net/states.h"
#include "leotwin/scenario/scenario.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::api {

struct TwinOptions {
  std::string constellation = "starlink-gen1";  // Preset name or TLE/OMM file.
  std::string data_dir;                         // Bundled data ("" = default search).
  std::string db_path;      // Ledger database; "" = ledger::DefaultLedgerPath().
  bool require_db = false;  // Fail when db_path does not exist (else: default policy).
  // Without a ledger file: this policy instead of the default one (tests).
  std::shared_ptr<const policy::Policy> policy;
  // The scenario served (`serve --scenario`): its title and history span reach /info and the
  // map's timeline. Null: no scenario.
  std::shared_ptr<const scenario::Scenario> scenario;
  int64_t window_ns = 24 * 3600 * SimTime::kNanosPerSecond;
  int64_t query_range_ns = 30LL * 86400 * SimTime::kNanosPerSecond;
};

// Satellite states at one instant, ECEF and geodetic, shared by concurrent requests.
struct SatelliteFrame {
  SimTime time;
  net::EcefStatesBuffer ecef;                    // km, km/s; ecef.error[i] != 0: no valid state.
  std::vector<double> lat_deg, lon_deg, alt_km;  // WGS84 geodetic; NaN where invalid.
  int valid = 0;
};

class Twin {
 public:
  static StatusOr<std::shared_ptr<const Twin>> Load(const TwinOptions& options);

  const TwinOptions& options() const { return options_; }
  const net::NetScenario& scenario() const { return *scenario_; }
  const orbit::Constellation& constellation() const { return scenario_->constellation(); }
  // Infrastructure only (gateways, PoPs): for the laser links at an instant.
  const net::Network& base_network() const { return *base_network_; }

  SimTime default_time() const { return default_time_; }
  SimTime window_start() const { return default_time_; }
  SimTime window_end() const { return default_time_ + options_.window_ns; }
  SimTime min_time() const { return default_time_ - options_.query_range_ns; }
  SimTime max_time() const { return default_time_ + options_.query_range_ns; }

  // Satellite states at `t` (propagated, or from a small cache of recent instants: the page asks
  // for satellites and links at the same instant). Thread-safe.
  StatusOr<std::shared_ptr<const SatelliteFrame>> FrameAt(SimTime t) const;

  // The policy and its ledger (internally synchronized).
  PolicyService& policy() const { return *policy_; }

  // Activity aggregates (internally synchronized).
  ActivityService& activity() const { return *activity_; }

  // Territory polygons (data/territories/countries.geojson), loaded on first use (not at startup:
  // it is 2 MB) and kept as each feature's ISO code, properties and geometry already serialized,
  // so a request only writes the properties that change with the policy. Thread-safe.
  struct TerritoryFeature {
    std::string iso_a2;
    nlohmann::json properties;  // As stored in the file.
    std::string geometry_json;  // The geometry as JSON text.
    // For a flat map (map_geometry.h): unwrapped across the antimeridian, and its borders as a
    // MultiLineString ("null" when the geometry has no polygon).
    std::string map_geometry_json;
    std::string borders_json;
  };
  StatusOr<std::shared_ptr<const std::vector<TerritoryFeature>>> TerritoryFeatures() const;
  // Whether TerritoryFeatures() is loaded (a request then costs a copy, not a parse).
  bool TerritoryFeaturesLoaded() const;

  // A grid of service cells with its coverage engine, built on first use per (level, land).
  // land = false: every cell on the globe; true: cells whose centre is in some territory.
  struct CellLayer {
    std::unique_ptr<coverage::CellGrid> grid;          // Stable address: the engine points to it.
    std::unique_ptr<coverage::CoverageEngine> engine;  // Only for land == false.
    std::vector<std::string> polygons;  // JSON text of each cell's [[lon,lat] x 5] ring.
    std::vector<std::string> tokens;    // S2 cell id tokens.
  };
  StatusOr<std::shared_ptr<const CellLayer>> Cells(int level, bool land) const;

  // Seconds spent loading (for the startup line).
  double load_seconds() const { return load_seconds_; }

 private:
  Twin() = default;

  TwinOptions options_;
  std::unique_ptr<net::NetScenario> scenario_;
  std::shared_ptr<const net::Network> base_network_;
  SimTime default_time_;
  double load_seconds_ = 0;

  static constexpr size_t kCacheSize = 8;
  mutable std::mutex cache_mutex_;
  mutable std::vector<std::shared_ptr<const SatelliteFrame>> cache_;  // Most recent last.

  std::unique_ptr<PolicyService> policy_;
  std::unique_ptr<ActivityService> activity_;
  mutable std::mutex geo_mutex_;
  mutable std::shared_ptr<const std::vector<TerritoryFeature>> territory_features_;
  mutable std::map<std::pair<int, bool>, std::shared_ptr<const CellLayer>> cells_;
};

}  // namespace leotwin::api
