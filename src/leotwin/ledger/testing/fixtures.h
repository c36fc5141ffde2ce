// What the ledger's unit tests share: a fixed start instant, deterministic operator keys and a
// one-territory policy (fast to build; the bundled territory set is tested by the CLI test).
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>

#include "leotwin/geo/territories.h"
#include "leotwin/ledger/crypto.h"
#include "leotwin/ledger/keys.h"
#include "leotwin/policy/policy.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::ledger::testing {

inline const SimTime kT0 = SimTime::FromCivil(2025, 9, 23, 12, 0, 0);

// kT0 plus `minutes`.
inline SimTime At(int minutes) { return kT0 + minutes * SimTime::kNanosPerMinute; }

// An operator whose key comes from a seed of 32 bytes `n`: the same key in every run.
inline OperatorKey FixedKey(const std::string& name, uint8_t n) {
  std::array<uint8_t, kSeedBytes> seed{};
  seed.fill(n);
  return OperatorKey{name, *SigningKey::FromSeed(seed)};
}

// A policy over one made-up square territory, UA (30-40 E, 45-52 N).
inline policy::Policy UkrainePolicy() {
  const std::string geojson =
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":)"
      R"({"iso_a2":"UA","iso_a3":"UKR","name":"Ukraine"},"geometry":{"type":"Polygon",)"
      R"("coordinates":[[[30,45],[40,45],[40,52],[30,52],[30,45]]]}}]})";
  auto set = geo::TerritorySet::FromGeoJson(geojson, "test territories");
  EXPECT_TRUE(set.ok()) << set.status();
  return policy::Policy(*set);
}

}  // namespace leotwin::ledger::testing
