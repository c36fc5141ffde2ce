#include "leotwin/activity/population.h"

#include <algorithm>
#include <cmath>

#include "fmt/format.h"
#include "leotwin/activity/internal/random.h"
#include "leotwin/base/constants.h"
#include "leotwin/net/ground.h"
#include "s2/s2latlng.h"

namespace leotwin::activity {

std::vector<City> CitiesFromGroundNodes(std::span<const net::GroundNode> nodes) {
  std::vector<City> out;
  out.reserve(nodes.size());
  for (const net::GroundNode& n : nodes) {
    out.push_back({n.name, n.country, n.lat_deg, n.lon_deg, n.population});
  }
  return out;
}

Status PopulationOptions::Check() const {
  auto bad = [](std::string_view what, double v, std::string_view expected) {
    return absl::InvalidArgumentError(
        fmt::format("population: {} = {} out of range: expected {}", what, v, expected));
  };
  if (terminals < 1 || terminals > 10'000'000) return bad("terminals", terminals, "1..10,000,000");
  if (!(rural_share >= 0 && rural_share <= 1)) return bad("rural_share", rural_share, "[0, 1]");
  if (!(roam_share >= 0 && roam_share <= 1)) return bad("roam_share", roam_share, "[0, 1]");
  if (!(rural_sigma_km > 0 && rural_sigma_km < 5000)) {
    return bad("rural_sigma_km", rural_sigma_km, "(0, 5000)");
  }
  return absl::OkStatus();
}

std::string Population::TerminalId(uint32_t index) const {
  return fmt::format("syn-{}-{}", options.seed, index);
}

StatusOr<Population> GeneratePopulation(std::vector<City> cities,
                                        const PopulationOptions& options) {
  LEOTWIN_RETURN_IF_ERROR(options.Check());
  std::vector<double> cumulative;
  double total = 0;
  for (size_t c = 0; c < cities.size(); ++c) {
    const City& city = cities[c];
    if (!(std::abs(city.lat_deg) <= 90) || !(std::abs(city.lon_deg) <= 180) ||
        city.population < 0) {
      return absl::InvalidArgumentError(fmt::format(
          "population: city #{} \"{}\" has position ({}, {}) / population {}: expected |lat| <= "
          "90, |lon| <= 180, population >= 0",
          c, city.name, city.lat_deg, city.lon_deg, city.population));
    }
    total += static_cast<double>(city.population);
    cumulative.push_back(total);
  }
  if (!(total > 0)) {
    return absl::InvalidArgumentError("population: no city with a population > 0");
  }
  Population pop;
  pop.options = options;
  pop.cities = std::move(cities);
  pop.terminals.resize(options.terminals);
  const int64_t n = options.terminals;
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < n; ++i) {
    internal::Random rng(options.seed, /*stream=*/1, static_cast<uint64_t>(i));
    SyntheticTerminal& t = pop.terminals[i];
    t.index = static_cast<uint32_t>(i);
    const double pick = rng.Uniform() * total;
    const size_t c = std::min<size_t>(
        std::upper_bound(cumulative.begin(), cumulative.end(), pick) - cumulative.begin(),
        cumulative.size() - 1);
    t.city = static_cast<int32_t>(c);
    const City& city = pop.cities[c];
    const bool rural = rng.Uniform() < options.rural_share;
    const double sigma =
        rural ? options.rural_sigma_km
              : std::min(30.0, 2.0 + 4.0 * std::sqrt(static_cast<double>(city.population) / 1e6));
    const double north = sigma * rng.Normal();
    const double east = sigma * rng.Normal();
    double lat = city.lat_deg + north / kEarthMeanRadiusKm * kRadToDeg;
    lat = std::clamp(lat, -89.9, 89.9);
    double lon = city.lon_deg + east / (kEarthMeanRadiusKm * std::cos(lat * kDegToRad)) * kRadToDeg;
    lon = std::remainder(lon, 360.0);
    if (lon >= 180.0) lon -= 360.0;
    t.lat_deg = lat;
    t.lon_deg = lon;
    t.leaf = S2CellId(S2LatLng::FromDegrees(lat, lon));
    t.kind = rng.Uniform() < options.roam_share ? policy::TerminalKind::kRoam
                                                : policy::TerminalKind::kFixed;
  }
  return pop;
}

}  // namespace leotwin::activity
