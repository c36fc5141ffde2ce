// Shared by the ledger tests in tests/: fixed operator keys and a small made-up territory set
// (fast to build under sanitizers; the bundled Natural Earth set is exercised by the CLI test).
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "fmt/format.h"
#include "leotwin/geo/territories.h"
#include "leotwin/ledger/keys.h"
#include "leotwin/policy/policy.h"

namespace leotwin::ledger::testutil {

inline OperatorKey FixedKey(const std::string& name, uint8_t n) {
  std::array<uint8_t, kSeedBytes> seed{};
  seed.fill(n);
  return OperatorKey{name, *SigningKey::FromSeed(seed)};
}

inline std::string Square(const char* a2, const char* a3, const char* name, double lon0,
                          double lat0, double lon1, double lat1) {
  return fmt::format(
      R"({{"type":"Feature","properties":{{"iso_a2":"{}","iso_a3":"{}","name":"{}"}},)"
      R"("geometry":{{"type":"Polygon","coordinates":[[[{},{}],[{},{}],[{},{}],[{},{}],[{},{}]]]}}}})",
      a2, a3, name, lon0, lat0, lon1, lat0, lon1, lat1, lon0, lat1, lon0, lat0);
}

inline StatusOr<policy::Policy> SmallPolicy() {
  const std::string geojson = "{\"type\":\"FeatureCollection\",\"features\":[" +
                              Square("UA", "UKR", "Ukraine", 30, 45, 40, 52) + "," +
                              Square("PL", "POL", "Poland", 14, 49, 24, 55) + "]}";
  LEOTWIN_ASSIGN_OR_RETURN(auto set, geo::TerritorySet::FromGeoJson(geojson, "test territories"));
  return policy::Policy(set);
}

}  // namespace leotwin::ledger::testutil
