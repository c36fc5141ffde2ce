#include "leotwin/api/twin.h"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>

#include "fmt/format.h"
#include "leotwin/api/geojson.h"
#include "leotwin/api/map_geometry.h"
#include "leotwin/api/request_router.h"
#include "leotwin/base/input.h"
#include "leotwin/coverage/availability.h"
#include "leotwin/geo/territories.h"
#include "leotwin/orbit/frames.h"

namespace leotwin::api {

StatusOr<std::shared_ptr<const Twin>> Twin::Load(const TwinOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  std::shared_ptr<Twin> twin(new Twin());
  twin->options_ = options;
  net::NetScenarioOptions net_options;
  net_options.constellation = options.constellation;
  net_options.data_dir = options.data_dir;
  LEOTWIN_ASSIGN_OR_RETURN(net::NetScenario scenario, net::NetScenario::Load(net_options));
  twin->scenario_ = std::make_unique<net::NetScenario>(std::move(scenario));
  twin->default_time_ = twin->scenario_->default_start();
  twin->activity_ = std::make_unique<ActivityService>(twin->scenario_->cities());
  const std::string db = options.db_path.empty() ? ledger::DefaultLedgerPath() : options.db_path;
  std::error_code ec;
  if (options.policy && !std::filesystem::exists(db, ec)) {
    twin->policy_ = PolicyService::WithoutLedger(*options.policy);
  } else {
    LEOTWIN_ASSIGN_OR_RETURN(twin->policy_, PolicyService::Open(db, options.require_db));
  }
  std::vector<int> no_places;
  LEOTWIN_ASSIGN_OR_RETURN(twin->base_network_, twin->scenario_->BuildNetwork({}, &no_places));
  twin->load_seconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return std::shared_ptr<const Twin>(std::move(twin));
}

StatusOr<std::shared_ptr<const SatelliteFrame>> Twin::FrameAt(SimTime t) const {
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    for (const auto& f : cache_) {
      if (f->time == t) return f;
    }
  }
  auto frame = std::make_shared<SatelliteFrame>();
  frame->time = t;
  LEOTWIN_RETURN_IF_ERROR(scenario_->ephemeris().StatesAt(t, &frame->ecef));
  const size_t n = frame->ecef.size();
  frame->lat_deg.resize(n);
  frame->lon_deg.resize(n);
  frame->alt_km.resize(n);
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  for (size_t i = 0; i < n; ++i) {
    const EcefVector r{frame->ecef.x[i], frame->ecef.y[i], frame->ecef.z[i]};
    if (frame->ecef.error[i] != 0 || !std::isfinite(r.x) || !std::isfinite(r.y) ||
        !std::isfinite(r.z)) {
      frame->lat_deg[i] = frame->lon_deg[i] = frame->alt_km[i] = kNaN;
      continue;
    }
    const orbit::Geodetic g = orbit::EcefToGeodetic(r);
    frame->lat_deg[i] = g.latitude_deg;
    frame->lon_deg[i] = g.longitude_deg;
    frame->alt_km[i] = g.height_km;
    ++frame->valid;
  }
  std::lock_guard<std::mutex> lock(cache_mutex_);
  for (const auto& f : cache_) {
    if (f->time == t) return f;  // Another thread got there first.
  }
  if (cache_.size() >= kCacheSize) cache_.erase(cache_.begin());
  cache_.push_back(frame);
  return std::shared_ptr<const SatelliteFrame>(std::move(frame));
}

StatusOr<std::shared_ptr<const std::vector<Twin::TerritoryFeature>>> Twin::TerritoryFeatures()
    const {
  std::lock_guard<std::mutex> lock(geo_mutex_);
  if (territory_features_) return territory_features_;
  LEOTWIN_ASSIGN_OR_RETURN(const std::string path, geo::DefaultTerritoriesPath());
  LEOTWIN_ASSIGN_OR_RETURN(const std::string text, ReadFileBounded(path, kDefaultMaxInputBytes));
  auto j = ParseJson(text, path);
  // The file is the server's own: one that does not parse is DataLoss (a 5xx), not a client error.
  if (!j.ok()) return absl::DataLossError(j.status().message());
  if (!j->contains("features") || !(*j)["features"].is_array()) {
    return absl::DataLossError(fmt::format("{}: not a GeoJSON FeatureCollection", path));
  }
  auto features = std::make_shared<std::vector<TerritoryFeature>>();
  for (const nlohmann::json& f : (*j)["features"]) {
    TerritoryFeature feature;
    feature.properties = f.value("properties", nlohmann::json::object());
    if (!feature.properties.is_object()) feature.properties = nlohmann::json::object();
    feature.iso_a2 = feature.properties.value("iso_a2", "");
    static const nlohmann::json kNoGeometry;
    const nlohmann::json& geometry = f.contains("geometry") ? f["geometry"] : kNoGeometry;
    feature.geometry_json = DumpJson(geometry);
    feature.map_geometry_json = UnwrapGeometryJson(geometry);
    feature.borders_json = OutlineGeometryJson(geometry);
    features->push_back(std::move(feature));
  }
  territory_features_ = std::move(features);
  return territory_features_;
}

bool Twin::TerritoryFeaturesLoaded() const {
  std::lock_guard<std::mutex> lock(geo_mutex_);
  return territory_features_ != nullptr;
}

StatusOr<std::shared_ptr<const Twin::CellLayer>> Twin::Cells(int level, bool land) const {
  std::lock_guard<std::mutex> lock(geo_mutex_);
  const auto key = std::make_pair(level, land);
  if (auto it = cells_.find(key); it != cells_.end()) return it->second;
  auto layer = std::make_shared<CellLayer>();
  if (land) {
    LEOTWIN_ASSIGN_OR_RETURN(auto territories, geo::TerritorySet::Default());
    LEOTWIN_ASSIGN_OR_RETURN(coverage::CellGrid grid, coverage::LandGrid(level, *territories));
    layer->grid = std::make_unique<coverage::CellGrid>(std::move(grid));
  } else {
    LEOTWIN_ASSIGN_OR_RETURN(coverage::CellGrid grid, coverage::CellGrid::Global(level));
    layer->grid = std::make_unique<coverage::CellGrid>(std::move(grid));
    LEOTWIN_ASSIGN_OR_RETURN(coverage::CoverageEngine engine,
                             coverage::CoverageEngine::Create(layer->grid.get()));
    layer->engine = std::make_unique<coverage::CoverageEngine>(std::move(engine));
  }
  const size_t n = layer->grid->size();
  layer->polygons.reserve(n);
  layer->tokens.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const S2CellId id = layer->grid->id(i);
    layer->polygons.push_back(CellRingJson(id));
    layer->tokens.push_back(id.ToToken());
  }
  cells_[key] = layer;
  return std::shared_ptr<const CellLayer>(layer);
}

}  // namespace leotwin::api
