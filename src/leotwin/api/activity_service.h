// Activity for the map: a synthetic terminal population (activity/population.h) generated once
// on first use, its sessions under the current policy, aggregated per S2 cell and hour with
// k-anonymity (activity/aggregate.h).
//
// The privacy configuration -- base level 6, one-hour buckets aligned to the POSIX epoch, k = 10 --
// and the population (100,000 terminals, seed 1) are deployment constants, never request options:
// answers computed under different configurations could be differenced (aggregate.h). A request
// picks only the bucket (the hour containing `at`) and an output level at or above the base level.
// Thread-safe; the last few answers are cached.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "leotwin/activity/aggregate.h"
#include "leotwin/activity/population.h"
#include "leotwin/base/status.h"
#include "leotwin/net/ground.h"
#include "leotwin/policy/policy.h"

namespace leotwin::api {

struct ActivityConfig {
  activity::PrivacyConfig privacy;  // Defaults: level 6, 1 h, k = 10.
  int64_t terminals = 100'000;
  uint64_t seed = 1;
};

class ActivityService {
 public:
  ActivityService(std::vector<net::GroundNode> cities, ActivityConfig config = {})
      : cities_(std::move(cities)), config_(config) {}

  const ActivityConfig& config() const { return config_; }

  // Rows of the bucket containing `at` at output `level` (<= base level) under `policy` (may be
  // null). `policy_version` identifies the policy's content for caching (PolicyService::Current):
  // a number never reused, not an address, which a later policy may reuse.
  StatusOr<std::shared_ptr<const activity::ActivityReport>> Report(
      SimTime at, int level, std::shared_ptr<const policy::Policy> policy, uint64_t policy_version);

 private:
  std::vector<net::GroundNode> cities_;
  ActivityConfig config_;
  std::mutex mutex_;
  std::shared_ptr<const activity::Population> population_;
  struct Cached {
    SimTime bucket;
    int level;
    uint64_t policy_version;
    std::shared_ptr<const activity::ActivityReport> report;
  };
  std::vector<Cached> cache_;
};

}  // namespace leotwin::api
