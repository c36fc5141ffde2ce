#include "leotwin/api/rate_limiter.h"

#include <algorithm>

namespace leotwin::api {

RateLimiter::RateLimiter(double rate_per_second, double burst, size_t max_clients, Clock clock)
    : rate_(rate_per_second),
      burst_(std::max(burst, 1.0)),
      max_clients_(max_clients),
      clock_(std::move(clock)) {
  if (!clock_) {
    clock_ = [] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
          .count();
    };
  }
}

void RateLimiter::Refill(Bucket& b, double now) const {
  if (now > b.updated) {
    b.tokens = std::min(burst_, b.tokens + (now - b.updated) * rate_);
    b.updated = now;
  }
}

bool RateLimiter::Allow(const std::string& client) {
  if (!enabled()) return true;
  const double now = clock_();
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = buckets_.find(client);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_clients_) {
      // Drop clients whose bucket is full again: forgetting them changes nothing.
      for (auto j = buckets_.begin(); j != buckets_.end();) {
        Refill(j->second, now);
        j = j->second.tokens >= burst_ ? buckets_.erase(j) : std::next(j);
      }
      if (buckets_.size() >= max_clients_) return false;
    }
    it = buckets_.emplace(client, Bucket{burst_, now}).first;
  }
  Bucket& b = it->second;
  Refill(b, now);
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

double RateLimiter::RetryAfterSeconds(const std::string& client) {
  if (!enabled()) return 0.0;
  const double now = clock_();
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = buckets_.find(client);
  if (it == buckets_.end()) return 0.0;
  Refill(it->second, now);
  return it->second.tokens >= 1.0 ? 0.0 : (1.0 - it->second.tokens) / rate_;
}

size_t RateLimiter::tracked_clients() {
  std::lock_guard<std::mutex> lock(mutex_);
  return buckets_.size();
}

}  // namespace leotwin::api
