#include "leotwin/orbit/passes.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "fmt/format.h"
#include "leotwin/orbit/tle.h"
#include "nlohmann/json.hpp"

namespace leotwin::orbit {
namespace {

// Runs tests/peers/skyfield_passes.py (Skyfield's find_events) and returns its JSON.
nlohmann::json SkyfieldPasses(const std::string& line1, const std::string& line2,
                              const Geodetic& site, SimTime start, SimTime end, double mask,
                              const std::vector<SimTime>& instants = {}) {
  std::string list;
  for (SimTime t : instants)
    list += fmt::format("{}{:.6f}", list.empty() ? "" : ",", t.unix_seconds());
  const std::string command = fmt::format(
      "/usr/bin/python3 tests/peers/skyfield_passes.py '{}' '{}' {} {} {} {} {} {} '{}'", line1,
      line2, site.latitude_deg, site.longitude_deg, site.height_km * 1000.0, start.unix_seconds(),
      end.unix_seconds(), mask, list);
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {};
  std::string output;
  std::array<char, 4096> buffer;
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  if (pclose(pipe) != 0) return {};
  return nlohmann::json::parse(output, nullptr, /*allow_exceptions=*/false);
}

struct Case {
  std::string line1, line2;
  Geodetic site;
  SimTime start;
  double hours;
  double mask;
};

// Compares leotwin's passes with Skyfield's: the same sequence of rises, culminations and sets;
// Skyfield's elevation at our rise and set instants equals the mask within 0.01 deg, and at our
// culminations equals our maximum within 0.01 deg; Skyfield's culminations are within 2 s of ours
// and its maxima within 0.01 deg. (Skyfield's own rise/set search is coarse: its event elevations
// miss the mask by up to 0.6 deg, i.e. several seconds, so its times are checked only loosely.)
// Returns the number of events compared.
size_t ExpectMatchesSkyfield(const Case& c) {
  const SimTime end = c.start + static_cast<int64_t>(c.hours * 3600) * SimTime::kNanosPerSecond;
  const nlohmann::json reference = SkyfieldPasses(c.line1, c.line2, c.site, c.start, end, c.mask);
  if (!(reference.is_object())) {
    ADD_FAILURE() << "Skyfield reference failed (python3-skyfield installed?)";
    return 0;
  }
  auto elements = ParseTleRecord(c.line1, c.line2);
  if (!(elements.ok())) {
    ADD_FAILURE() << elements.status();
    return 0;
  }
  auto sgp4 = Sgp4::Create(*elements);
  if (!(sgp4.ok())) {
    ADD_FAILURE() << sgp4.status();
    return 0;
  }
  PassOptions options;
  options.min_elevation_deg = c.mask;
  options.earth_orientation.ut1_minus_utc_s = reference["dut1"].get<double>();
  auto passes = FindPasses(*sgp4, c.site, c.start, end, options);
  if (!(passes.ok())) {
    ADD_FAILURE() << passes.status();
    return 0;
  }

  // Flatten ours into Skyfield's event list form (window-cut rises/sets are not Skyfield events).
  std::vector<std::array<double, 3>> ours;
  for (const Pass& p : *passes) {
    if (!p.rise_before_window) ours.push_back({0, p.rise.unix_seconds(), c.mask});
    ours.push_back({1, p.culmination.unix_seconds(), p.max_elevation_deg});
    if (!p.set_after_window) ours.push_back({2, p.set.unix_seconds(), c.mask});
  }
  const auto& events = reference["events"];
  std::string listing;
  for (const auto& e : ours) listing += fmt::format("ours {} {:.3f} {:.3f}\n", e[0], e[1], e[2]);
  for (const auto& e : events) {
    listing += fmt::format("skyfield {} {:.3f} {:.3f}\n", e[0].get<int>(), e[1].get<double>(),
                           e[2].get<double>());
  }
  SCOPED_TRACE(listing);
  if (ours.size() != events.size()) {
    ADD_FAILURE() << "count mismatch"
                  << "site " << c.site.latitude_deg << "," << c.site.longitude_deg << " mask "
                  << c.mask;
    return 0;
  }
  std::vector<SimTime> our_instants;
  for (const auto& e : ours) our_instants.push_back(SimTime::FromUnixSeconds(e[1]));
  const nlohmann::json at_ours =
      SkyfieldPasses(c.line1, c.line2, c.site, c.start, end, c.mask, our_instants);
  if (!(at_ours.is_object())) {
    ADD_FAILURE();
    return 0;
  }
  if (at_ours["elevations_at"].size() != ours.size()) {
    ADD_FAILURE() << "count mismatch";
    return 0;
  }
  for (size_t i = 0; i < ours.size(); ++i) {
    EXPECT_EQ(ours[i][0], events[i][0].get<int>()) << "event " << i;
    EXPECT_NEAR(at_ours["elevations_at"][i].get<double>(), ours[i][2], 0.01) << "event " << i;
    if (ours[i][0] == 1) {
      EXPECT_NEAR(ours[i][1], events[i][1].get<double>(), 2.0) << "event " << i;
      EXPECT_NEAR(ours[i][2], events[i][2].get<double>(), 0.01) << "event " << i;
    } else {
      EXPECT_NEAR(ours[i][1], events[i][1].get<double>(), 15.0) << "event " << i;
    }
  }
  // Our own crossings sit on the mask: 10 ms of bisection at < 1 deg/s of elevation rate.
  Topocentric topo(c.site);
  for (const Pass& p : *passes) {
    if (p.rise_before_window || p.set_after_window) continue;
    for (SimTime t : {p.rise, p.set}) {
      const Sgp4Result r = sgp4->PropagateAt(t);
      const double e =
          topo.ElevationDeg(TemeToEcefPosition(r.position, t, options.earth_orientation));
      EXPECT_NEAR(e, c.mask, 0.01);
    }
    EXPECT_LE(p.rise, p.culmination);
    EXPECT_LE(p.culmination, p.set);
  }
  return ours.size();
}

// ISS (ZARYA) element set from Kelso's "FAQs: Two-Line Element Set Format" (CelesTrak).
constexpr char kIssLine1[] =
    "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927";
constexpr char kIssLine2[] =
    "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537";

TEST(PassesTest, IssOverLondonMatchesSkyfield) {
  EXPECT_GE(ExpectMatchesSkyfield({kIssLine1,
                                   kIssLine2,
                                   {51.5074, -0.1278, 0.02},
                                   SimTime::FromCivil(2008, 9, 20, 0, 0, 0),
                                   24,
                                   10}),
            9u);
}

TEST(PassesTest, IssOverSydneyAtHighMaskMatchesSkyfield) {
  EXPECT_GE(ExpectMatchesSkyfield({kIssLine1,
                                   kIssLine2,
                                   {-33.8688, 151.2093, 0.05},
                                   SimTime::FromCivil(2008, 9, 21, 0, 0, 0),
                                   36,
                                   25}),
            3u);
}

TEST(PassesTest, StarlinkSnapshotMatchesSkyfield) {
  const std::string path = "../shared/data/starlink_20250923.tle";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " absent (../shared not beside)";
  std::ifstream in(path);
  std::string name, line1, line2;
  int checked = 0;
  size_t events = 0;
  const std::vector<Geodetic> sites = {
      {47.6062, -122.3321, 0.05}, {69.6492, 18.9553, 0.0}, {-1.2921, 36.8219, 1.7}};
  // Every 2000th object: a spread of shells (43, 53, 70, 97.6 deg).
  for (int index = 0; std::getline(in, name) && std::getline(in, line1) && std::getline(in, line2);
       ++index) {
    if (index % 2000 != 0) continue;
    while (!line1.empty() && (line1.back() == '\r' || line1.back() == ' ')) line1.pop_back();
    while (!line2.empty() && (line2.back() == '\r' || line2.back() == ' ')) line2.pop_back();
    const Geodetic& site = sites[checked % sites.size()];
    events += ExpectMatchesSkyfield({line1, line2, site, SimTime::FromCivil(2025, 9, 23), 12, 25});
    ++checked;
  }
  EXPECT_GE(checked, 4);
  EXPECT_GE(events, 6u);
}

TEST(PassesTest, RejectsBadWindowAndMask) {
  auto elements = ParseTleRecord(kIssLine1, kIssLine2);
  ASSERT_TRUE(elements.ok());
  auto sgp4 = Sgp4::Create(*elements);
  ASSERT_TRUE(sgp4.ok());
  const SimTime t = SimTime::FromCivil(2008, 9, 20);
  EXPECT_FALSE(FindPasses(*sgp4, {0, 0, 0}, t, t - 1).ok());
  PassOptions bad_mask;
  bad_mask.min_elevation_deg = 95;
  EXPECT_FALSE(FindPasses(*sgp4, {0, 0, 0}, t, t + 1, bad_mask).ok());
  EXPECT_FALSE(FindPasses(*sgp4, {91, 0, 0}, t, t + 1).ok());
}

}  // namespace
}  // namespace leotwin::orbit
