#include "leotwin/orbit/constellation_source.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace leotwin::orbit {
namespace {

TEST(ConstellationSourceTest, PresetByName) {
  auto loaded = LoadConstellation("kuiper");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE(loaded->from_preset);
  // Kuiper's first shell: 34 planes x 34 satellites (DESIGN.md facts).
  EXPECT_EQ(loaded->constellation.size(), 34u * 34u);
  EXPECT_EQ(loaded->constellation.slots.size(), loaded->constellation.size());
}

TEST(ConstellationSourceTest, ElementFileWithSkippedRecordCounted) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "leotwin_constellation_source_test.tle").string();
  {
    std::ofstream f(path);
    // ISS (ZARYA) from Kelso's TLE format FAQ (CelesTrak), checksums valid.
    f << "ISS (ZARYA)\n"
         "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927\n"
         "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537\n"
         // Same record with a wrong checksum on line 2: skipped and counted.
         "BROKEN\n"
         "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927\n"
         "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563538\n";
  }
  auto loaded = LoadConstellation(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_FALSE(loaded->from_preset);
  ASSERT_EQ(loaded->constellation.size(), 1u);
  EXPECT_EQ(loaded->constellation.elements[0].catalog_number, 25544);
  EXPECT_EQ(loaded->constellation.slots[0].shell, -1);
  EXPECT_EQ(loaded->skipped_count, 1);
  std::filesystem::remove(path);
}

TEST(ConstellationSourceTest, UnknownNameListsPresets) {
  auto loaded = LoadConstellation("no-such-constellation");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(loaded.status().message().find("starlink-gen1"), absl::string_view::npos);
}

}  // namespace
}  // namespace leotwin::orbit
