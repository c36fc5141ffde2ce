// A per-client token bucket: each client (keyed by remote address) may make `rate_per_second`
// requests per second on average with bursts of up to `burst`. Memory is bounded: at most
// `max_clients` buckets are kept; when full, buckets that have refilled completely (idle clients)
// are dropped, and if none has, the new client is refused (so a flood of spoofed addresses cannot
// grow memory). Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace leotwin::api {

class RateLimiter {
 public:
  using Clock = std::function<double()>;  // Seconds on a monotonic clock.

  // rate_per_second <= 0 disables limiting (Allow always returns true).
  // A burst below 1 counts as 1.
  RateLimiter(double rate_per_second, double burst, size_t max_clients = 10000,
              Clock clock = nullptr);

  // Takes one token from `client`'s bucket; false when it is empty (answer 429).
  bool Allow(const std::string& client);
  // Seconds until `client` has a token again (for Retry-After); 0 if it has one.
  double RetryAfterSeconds(const std::string& client);

  bool enabled() const { return rate_ > 0.0; }
  size_t tracked_clients();

 private:
  struct Bucket {
    double tokens;
    double updated;  // Clock seconds.
  };
  void Refill(Bucket& b, double now) const;

  double rate_;
  double burst_;
  size_t max_clients_;
  Clock clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace leotwin::api
