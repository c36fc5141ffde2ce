#include "leotwin/api/encoding.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <string>

namespace leotwin::api {
namespace {

// RFC 9110 12.5.3: codings are case-insensitive, q=0 means "not acceptable", "*" matches any
// coding not listed.
TEST(AcceptsGzip, FollowsTheHeadersGrammar) {
  for (const char* yes : {"gzip", "GZip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.5", "*",
                          "x-gzip", " deflate ,  gzip ; q=0.001 ", "br, *;q=0.1"}) {
    EXPECT_TRUE(AcceptsGzip(yes)) << yes;
  }
  for (const char* no : {"", "identity", "br", "deflate, br", "gzip;q=0", "gzip; q=0.0, br",
                         "*;q=0", "gzip;q=0, *", "gzipx", "gzip;q=0, *;q=1"}) {
    EXPECT_FALSE(AcceptsGzip(no)) << no;
  }
}

// Decodes with zlib's inflate in gzip mode (RFC 1952 member with CRC-32 and length trailer).
std::string ZlibGunzip(const std::string& data) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

TEST(Gzip, RoundTripsEveryLevelAndKind) {
  const uint32_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  std::string random(100'000, '\0');
  for (char& c : random) c = static_cast<char>(rng());
  std::string json;
  for (int i = 0; i < 5000; ++i) json += "{\"id\":" + std::to_string(i) + ",\"lat\":48.5},";
  for (const std::string& data : {std::string(), std::string("x"), random, json}) {
    for (int level : {1, 6, 9}) {
      const auto gz = Gzip(data, level);
      ASSERT_TRUE(gz.has_value());
      ASSERT_GE(gz->size(), 18u);  // 10-byte header + 8-byte trailer
      EXPECT_EQ(static_cast<unsigned char>((*gz)[0]), 0x1f);
      EXPECT_EQ(static_cast<unsigned char>((*gz)[1]), 0x8b);
      EXPECT_EQ(ZlibGunzip(*gz), data);
      EXPECT_EQ(Gunzip(*gz, data.size()), data);  // Ours, bounded by the size.
    }
  }
  EXPECT_LT(Gzip(json, 1)->size(), json.size() / 4);
}

TEST(GzipCache, RecompressesWhenTheFileChanges) {
  GzipCache cache;
  const std::string a(5000, 'a'), b(5000, 'b');
  auto first = cache.Get("/assets/app.js", a);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(cache.Get("/assets/app.js", a), first);  // the same bytes: kept
  auto rebuilt = cache.Get("/assets/app.js", b);
  ASSERT_NE(rebuilt, nullptr);
  EXPECT_NE(rebuilt, first);
  EXPECT_EQ(ZlibGunzip(*rebuilt), b);
}

TEST(Gunzip, RefusesWhatIsNotOneWholeGzipMemberWithinTheBound) {
  const std::string data(10'000, 'x');
  const std::string gz = *Gzip(data, 9);
  EXPECT_EQ(Gunzip(gz, data.size()), data);
  EXPECT_FALSE(Gunzip(gz, data.size() - 1).has_value());  // Larger than the bound.
  EXPECT_FALSE(Gunzip(gz.substr(0, gz.size() - 4), data.size()).has_value());  // Truncated.
  EXPECT_FALSE(Gunzip(gz + "junk", data.size()).has_value());  // Bytes after the member.
  EXPECT_FALSE(Gunzip(data, data.size()).has_value());         // Not gzip at all.
  std::string flipped = gz;
  flipped[flipped.size() - 6] ^= 1;  // The CRC-32 no longer matches.
  EXPECT_FALSE(Gunzip(flipped, data.size()).has_value());
}

// The page's build writes FILE.gz beside each file (web/vite.config.js): the cache sends those
// bytes when they decompress to the file, and compresses the file itself when they do not (a
// stale or foreign .gz must never be served for a rebuilt file).
TEST(GzipCache, UsesTheBuildsCompressedFileOnlyWhenItIsThisFile) {
  const std::string script(20'000, 's');
  const std::string built = *Gzip(script, 6);
  int reads = 0;
  GzipCache cache;
  auto served = cache.Get("/assets/app.js", script, [&]() -> std::optional<std::string> {
    ++reads;
    return built;
  });
  ASSERT_NE(served, nullptr);
  EXPECT_EQ(*served, built);
  // Kept: a second request reads nothing.
  EXPECT_EQ(cache.Get("/assets/app.js", script,
                      [&]() -> std::optional<std::string> {
                        ++reads;
                        return built;
                      }),
            served);
  EXPECT_EQ(reads, 1);
  const std::string rebuilt(20'000, 'r');
  auto fresh = cache.Get("/assets/app.js", rebuilt, [&]() -> std::optional<std::string> {
    return built;  // Stale: the old script's .gz.
  });
  ASSERT_NE(fresh, nullptr);
  EXPECT_EQ(ZlibGunzip(*fresh), rebuilt);
  auto missing = cache.Get("/other.js", script, []() -> std::optional<std::string> { return {}; });
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(ZlibGunzip(*missing), script);
}

}  // namespace
}  // namespace leotwin::api
