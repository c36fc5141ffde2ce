#include "leotwin/api/rate_limiter.h"

#include <gtest/gtest.h>

namespace leotwin::api {
namespace {

TEST(RateLimiterTest, BurstThenSteadyRate) {
  double now = 100.0;
  RateLimiter limiter(/*rate_per_second=*/8.0, /*burst=*/5.0, 100, [&] { return now; });
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Allow("a")) << i;
  EXPECT_FALSE(limiter.Allow("a"));
  EXPECT_NEAR(limiter.RetryAfterSeconds("a"), 0.125, 1e-12);
  // Another client has its own bucket.
  EXPECT_TRUE(limiter.Allow("b"));
  now += 0.125;  // One token refilled (times are exact binary fractions).
  EXPECT_TRUE(limiter.Allow("a"));
  EXPECT_FALSE(limiter.Allow("a"));
  now += 100.0;  // Refill caps at the burst.
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Allow("a")) << i;
  EXPECT_FALSE(limiter.Allow("a"));
}

TEST(RateLimiterTest, MemoryIsBoundedAndIdleClientsAreForgotten) {
  double now = 0.0;
  RateLimiter limiter(1.0, 2.0, /*max_clients=*/3, [&] { return now; });
  EXPECT_TRUE(limiter.Allow("a"));
  EXPECT_TRUE(limiter.Allow("b"));
  EXPECT_TRUE(limiter.Allow("c"));
  // Table full and nobody idle: a new address is refused, existing ones still served.
  EXPECT_FALSE(limiter.Allow("d"));
  EXPECT_TRUE(limiter.Allow("a"));
  EXPECT_EQ(limiter.tracked_clients(), 3u);
  now += 10.0;  // Everyone refilled: forgetting them is harmless.
  EXPECT_TRUE(limiter.Allow("d"));
  EXPECT_LE(limiter.tracked_clients(), 3u);
}

TEST(RateLimiterTest, DisabledAllowsEverything) {
  RateLimiter limiter(0.0, 1.0);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.Allow("x"));
  EXPECT_FALSE(limiter.enabled());
}

}  // namespace
}  // namespace leotwin::api
