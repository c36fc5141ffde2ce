// Cost estimates of the heavy endpoints (handlers.h, admission.h): the same query parsing as the
// handlers, the work counted before it is done.
#include <algorithm>

#include "fmt/format.h"
#include "leotwin/api/handlers.h"

namespace leotwin::api {
namespace {

constexpr int64_t kSecond = SimTime::kNanosPerSecond;

int64_t Satellites(const Twin& twin) { return static_cast<int64_t>(twin.constellation().size()); }

// S2 cells of a level on the whole globe: 6 faces x 4^level.
int64_t GlobalCells(int64_t level) { return 6LL << (2 * level); }

// Steps of [start, start + duration] at `step` (both > 0), saturating instead of overflowing.
int64_t Steps(int64_t duration, int64_t step) {
  return step <= 0 ? 1 : std::max<int64_t>(0, duration) / step + 1;
}

int64_t Mul(int64_t a, int64_t b) {
  if (a != 0 && b > INT64_MAX / a) return INT64_MAX;
  return a * b;
}

// A query that does not parse, or that breaks a handler's own cap: the handler answers its precise
// 400 at once, without work.
Cost Free() { return Cost{0, "refused by the handler"}; }

}  // namespace

StatusOr<Cost> CostOfSatellites(const Twin& twin, const ApiRequest&) {
  const int64_t n = Satellites(twin);
  return Cost{n, fmt::format("1 instant x {} satellites", n)};
}

StatusOr<Cost> CostOfLinks(const Twin& twin, const ApiRequest&) {
  const int64_t n = Satellites(twin);
  return Cost{2 * n, fmt::format("1 instant x {} satellites and their links", n)};
}

StatusOr<Cost> CostOfRoute(const Twin& twin, const ApiRequest&) {
  const int64_t n = Satellites(twin);
  return Cost{
      kRouteUnitsPerSatellite * n,
      fmt::format("1 instant x {} satellites x {} (graph and search)", n, kRouteUnitsPerSatellite)};
}

StatusOr<Cost> CostOfRtt(const Twin& twin, const ApiRequest& request) {
  auto duration = request.query.Duration("duration", 3600 * kSecond, 0, INT64_MAX);
  auto step = request.query.Duration("step", 60 * kSecond, kSecond / 10, INT64_MAX);
  if (!duration.ok() || !step.ok()) return Free();
  const int64_t steps = Steps(*duration, *step), n = Satellites(twin);
  if (steps > kMaxSeriesSteps || *duration > kMaxSeriesDurationNs) return Free();
  return Cost{Mul(steps, kRouteUnitsPerSatellite * n),
              fmt::format("{} steps x {} satellites x {} (graph and search)", steps, n,
                          kRouteUnitsPerSatellite)};
}

StatusOr<Cost> CostOfCzml(const Twin& twin, const ApiRequest& request) {
  auto duration = request.query.Duration("duration", 3600 * kSecond, 0, INT64_MAX);
  auto step = request.query.Duration("step", 60 * kSecond, kSecond, INT64_MAX);
  if (!duration.ok() || !step.ok()) return Free();
  const int64_t steps = Steps(*duration, *step), n = Satellites(twin);
  if (Mul(steps, n) > kMaxCzmlPositions || *duration > kMaxSeriesDurationNs) return Free();
  return Cost{Mul(steps, n), fmt::format("{} steps x {} satellites", steps, n)};
}

StatusOr<Cost> CostOfCoverage(const Twin& twin, const ApiRequest& request) {
  auto level = request.query.Int("level", 5, 1, kMaxGlobalCellLevel);
  auto window = request.query.Duration("window", 0, 0, INT64_MAX);
  auto step = request.query.Duration("step", 60 * kSecond, kSecond, INT64_MAX);
  if (!level.ok() || !window.ok() || !step.ok()) return Free();
  const int64_t steps = Steps(*window, *step), n = Satellites(twin), cells = GlobalCells(*level);
  if (Mul(steps, cells) > kMaxCoverageWork || *window > 86400 * kSecond) return Free();
  return Cost{Mul(steps, n + cells),
              fmt::format("{} steps x ({} satellites + {} cells)", steps, n, cells)};
}

StatusOr<Cost> CostOfAvailability(const Twin&, const ApiRequest& request) {
  auto level = request.query.Int("level", 5, 1, kMaxLandCellLevel);
  if (!level.ok()) return Free();
  const int64_t cells = GlobalCells(*level);
  return Cost{cells, fmt::format("{} cells (land cells of the level, with their policy)", cells)};
}

StatusOr<Cost> CostOfTerritories(const Twin& twin, const ApiRequest&) {
  // The first request parses the file; later ones copy its serialized geometry and write ~250
  // small property objects, light work that must not wait behind heavy requests.
  if (twin.TerritoryFeaturesLoaded()) return Cost{kTerritoriesCopyUnits, "territories (copied)"};
  return Cost{kTerritoriesUnits, "every territory as GeoJSON"};
}

StatusOr<Cost> CostOfActivity(const Twin&, const ApiRequest&) {
  return Cost{kActivityUnits, "sessions of the synthetic terminal population for one hour"};
}

StatusOr<Cost> CostOfLedgerVerify(const Twin& twin, const ApiRequest&) {
  auto summary = twin.policy().Summary();
  if (!summary.ok()) return Free();
  return Cost{Mul(std::max<int64_t>(1, summary->head_seq), kVerifyUnitsPerEntry),
              fmt::format("{} ledger entries to verify", summary->head_seq)};
}

}  // namespace leotwin::api
