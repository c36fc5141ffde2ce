#include "leotwin/geo/territory_cache.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "fmt/format.h"
#include "leotwin/geo/cell_index.h"

namespace leotwin::geo {
namespace {

using Outcome = TerritoryCacheReport::Outcome;

// Three made-up territories (one with a hole) and open sea around them.
std::string Squares(double shift_lon = 0) {
  auto ring = [](double lon0, double lat0, double lon1, double lat1) {
    return fmt::format("[[{0},{1}],[{2},{1}],[{2},{3}],[{0},{3}],[{0},{1}]]", lon0, lat0, lon1,
                       lat1);
  };
  auto feature = [&](const char* a2, const char* a3, const char* name, const std::string& rings) {
    return fmt::format(
        R"({{"type":"Feature","properties":{{"iso_a2":"{}","iso_a3":"{}","name":"{}"}},)"
        R"("geometry":{{"type":"Polygon","coordinates":[{}]}}}})",
        a2, a3, name, rings);
  };
  return "{\"type\":\"FeatureCollection\",\"features\":[" +
         feature("AA", "AAA", "Alpha",
                 ring(0 + shift_lon, 0, 10 + shift_lon, 10) + "," +
                     ring(4 + shift_lon, 4, 6 + shift_lon, 6)) +
         "," + feature("BB", "BBB", "Beta", ring(20, 0, 30, 10)) + "," +
         feature("CC", "CCC", "Gamma", ring(-50, -20, -40, -10)) + "]}";
}

class TerritoryCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "territory_cache.XXXXXX");
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    data_ = dir_ + "/countries.geojson";
    cache_ = dir_ + "/cache";
    WriteData(Squares());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void WriteData(const std::string& text) { std::ofstream(data_, std::ios::binary) << text; }
  std::string CacheFile() const { return cache_ + "/territories.idx"; }
  std::string ReadCacheFile() const {
    std::ifstream in(CacheFile(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  void WriteCacheFile(const std::string& bytes) const {
    std::ofstream(CacheFile(), std::ios::binary | std::ios::trunc) << bytes;
  }

  std::shared_ptr<const TerritorySet> Load(TerritoryCacheReport* report) {
    auto set = LoadTerritoriesCached(data_, cache_, report);
    EXPECT_TRUE(set.ok()) << set.status();
    return set.ok() ? *set : nullptr;
  }

  // The set answers every seeded random point (many near the borders) like the set parsed
  // directly from the current data file.
  void ExpectSameAnswers(const TerritorySet& set, uint64_t seed) {
    auto direct = TerritorySet::LoadFile(data_);
    ASSERT_TRUE(direct.ok()) << direct.status();
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> lat(-25, 15), lon(-55, 35);
    for (int i = 0; i < 20000; ++i) {
      const double la = lat(rng), lo = lon(rng);
      ASSERT_EQ(set.Locate(PointFromDegrees(la, lo)), (*direct)->LocateDirect(la, lo))
          << "seed " << seed << " point " << la << ", " << lo;
    }
    ASSERT_EQ(set.size(), (*direct)->size());
    for (int i = 0; i < set.size(); ++i) {
      EXPECT_EQ(set.info(i).iso_a2, (*direct)->info(i).iso_a2);
      EXPECT_EQ(set.Find(set.info(i).iso_a3), i);
    }
  }

  std::string dir_, data_, cache_;
};

TEST_F(TerritoryCacheTest, WrittenOnFirstUseThenAnswersWithoutParsingGeometry) {
  TerritoryCacheReport report;
  auto built = Load(&report);
  EXPECT_EQ(report.outcome, Outcome::kMissing);
  EXPECT_TRUE(report.written) << report.problem;
  struct stat st {};
  ASSERT_EQ(stat(cache_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);

  auto cached = Load(&report);
  EXPECT_EQ(report.outcome, Outcome::kHit) << report.problem;
  EXPECT_FALSE(report.written);
  EXPECT_TRUE(cached->geometry_deferred());
  ExpectSameAnswers(*cached, 1);
  EXPECT_TRUE(cached->geometry_deferred()) << "point lookups must not parse the polygons";
  // Geometry on demand, from the same bytes.
  EXPECT_EQ(cached->at(0).iso_a2, "AA");
  ASSERT_NE(cached->at(0).region, nullptr);
  EXPECT_FALSE(cached->geometry_deferred());
  EXPECT_EQ(cached->LocateDirect(5.0, 5.0), TerritorySet::kOcean);  // the hole
  EXPECT_EQ(cached->LocateDirect(2.0, 2.0), 0);
}

TEST_F(TerritoryCacheTest, DisabledWithoutAFolder) {
  TerritoryCacheReport report;
  auto set = LoadTerritoriesCached(data_, "", &report);
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(report.outcome, Outcome::kDisabled);
  EXPECT_FALSE(std::filesystem::exists(cache_));
}

// The data changed: the cache is stale, rebuilt from the new data, and answers follow the data.
TEST_F(TerritoryCacheTest, StaleCacheIsRebuiltFromTheNewData) {
  TerritoryCacheReport report;
  Load(&report);
  const std::string old_cache = ReadCacheFile();
  WriteData(Squares(/*shift_lon=*/-3));
  auto set = Load(&report);
  EXPECT_EQ(report.outcome, Outcome::kStale);
  EXPECT_NE(report.problem.find("hash differs"), std::string::npos) << report.problem;
  EXPECT_TRUE(report.written);
  EXPECT_NE(ReadCacheFile(), old_cache);
  EXPECT_EQ(set->Locate(PointFromDegrees(2.0, -2.0)), 0);  // inside the moved square
  ExpectSameAnswers(*set, 2);
  Load(&report);
  EXPECT_EQ(report.outcome, Outcome::kHit);
}

// Any damaged byte (header, checksum, codes, index arrays) or a cut file is detected, the set is
// rebuilt from the data and the file replaced; the answers never change.
TEST_F(TerritoryCacheTest, CorruptCacheIsDetectedAndRebuilt) {
  TerritoryCacheReport report;
  Load(&report);
  const std::string good = ReadCacheFile();
  ASSERT_GT(good.size(), 200u);
  const uint64_t seed = 3;
  std::mt19937_64 rng(seed);
  std::vector<size_t> positions = {0, 8, 16, 30, 60, 70, 80, 100, 120, 150, good.size() - 1};
  for (int i = 0; i < 40; ++i) positions.push_back(rng() % good.size());
  for (const size_t pos : positions) {
    std::string bad = good;
    bad[pos] = static_cast<char>(bad[pos] ^ (1 + rng() % 255));
    WriteCacheFile(bad);
    auto set = Load(&report);
    EXPECT_NE(report.outcome, Outcome::kHit) << "seed " << seed << ": byte " << pos;
    EXPECT_TRUE(report.written) << report.problem;
    EXPECT_EQ(ReadCacheFile(), good) << "byte " << pos;
    ExpectSameAnswers(*set, pos);
  }
  for (const size_t keep : {size_t{0}, size_t{10}, good.size() / 2, good.size() - 1}) {
    WriteCacheFile(good.substr(0, keep));
    Load(&report);
    EXPECT_EQ(report.outcome, Outcome::kCorrupt) << "cut at " << keep;
    EXPECT_EQ(ReadCacheFile(), good);
  }
  Load(&report);
  EXPECT_EQ(report.outcome, Outcome::kHit);
}

// A cache folder that cannot be written costs the cache, not the answer.
TEST_F(TerritoryCacheTest, UnwritableFolderIsReportedNotFatal) {
  cache_ = data_ + "/not-a-folder";  // under a regular file: mkdir fails
  TerritoryCacheReport report;
  auto set = Load(&report);
  ASSERT_NE(set, nullptr);
  EXPECT_FALSE(report.written);
  EXPECT_FALSE(report.problem.empty());
  ExpectSameAnswers(*set, 4);
}

// The range checks behind FromBytes: whatever byte is damaged (the checksum aside), a query never
// reads outside the arrays (ASan would fail this test without them).
TEST(RegionCellIndexBytesTest, DamagedBytesNeverReadOutOfBounds) {
  auto set = TerritorySet::FromGeoJson(Squares(), "squares");
  ASSERT_TRUE(set.ok()) << set.status();
  std::string good;
  (*set)->cell_index().AppendTo(&good);
  auto back = RegionCellIndex::FromBytes(good, (*set)->size());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_FALSE(RegionCellIndex::FromBytes(good, (*set)->size() + 1).ok());
  EXPECT_FALSE(RegionCellIndex::FromBytes(good.substr(0, good.size() - 1), (*set)->size()).ok());
  const uint64_t seed = 5;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> lat(-25, 15), lon(-55, 35);
  int accepted = 0;
  for (size_t pos = 0; pos < good.size(); pos += 1 + pos / 64) {
    auto bad = std::make_shared<std::string>(good);
    (*bad)[pos] = static_cast<char>((*bad)[pos] ^ (1 + rng() % 255));
    // Both ways of reading: copied, and in place (the bytes kept alive by the index).
    auto index = (pos % 2 == 0) ? RegionCellIndex::FromBytes(*bad, (*set)->size())
                                : RegionCellIndex::FromBytes(*bad, (*set)->size(), bad);
    if (!index.ok()) continue;
    ++accepted;
    for (int i = 0; i < 200; ++i) {
      const int r = (*index)->FirstContaining(PointFromDegrees(lat(rng), lon(rng)));
      ASSERT_TRUE(r >= -1 && r < (*set)->size()) << "seed " << seed << " byte " << pos;
    }
  }
  std::printf("damaged copies accepted by the range checks (caught by the checksum): %d\n",
              accepted);
}

// Codes in a cache that do not match the data (a forgery that kept the checksum) stop the process
// at the first use of geometry rather than answer from it.
TEST(TerritoryCacheDeathTest, CodesThatDoNotMatchTheDataStopTheProcess) {
  auto set = TerritorySet::FromGeoJson(Squares(), "squares");
  ASSERT_TRUE(set.ok()) << set.status();
  std::string bytes;
  (*set)->cell_index().AppendTo(&bytes);
  std::vector<Territory> info;
  for (int i = 0; i < (*set)->size(); ++i) info.push_back((*set)->info(i));
  info[1].iso_a2 = "ZZ";
  auto index = RegionCellIndex::FromBytes(bytes, (*set)->size());
  ASSERT_TRUE(index.ok());
  auto forged = TerritorySet::FromCompiled(Squares(), "squares", info, std::move(*index));
  EXPECT_DEATH((void)forged->at(0), "does not describe this file");
}

}  // namespace
}  // namespace leotwin::geo
