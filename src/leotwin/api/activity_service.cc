#include "leotwin/api/activity_service.h"

#include "leotwin/activity/sessions.h"

namespace leotwin::api {

StatusOr<std::shared_ptr<const activity::ActivityReport>> ActivityService::Report(
    SimTime at, int level, std::shared_ptr<const policy::Policy> policy, uint64_t policy_version) {
  const int64_t d = config_.privacy.bucket_ns;
  int64_t ns = at.unix_nanos();
  const int64_t floor_ns = (ns >= 0 ? ns / d : -((-ns + d - 1) / d)) * d;
  const SimTime bucket = SimTime::FromUnixNanos(floor_ns);
  // One request computes at a time: the work is heavy and the cache makes repeats cheap.
  std::lock_guard<std::mutex> lock(mutex_);
  for (const Cached& c : cache_) {
    if (c.bucket == bucket && c.level == level && c.policy_version == policy_version) {
      return c.report;
    }
  }
  if (!population_) {
    activity::PopulationOptions options;
    options.terminals = config_.terminals;
    options.seed = config_.seed;
    LEOTWIN_ASSIGN_OR_RETURN(
        activity::Population p,
        activity::GeneratePopulation(activity::CitiesFromGroundNodes(cities_), options));
    population_ = std::make_shared<const activity::Population>(std::move(p));
  }
  LEOTWIN_ASSIGN_OR_RETURN(activity::SessionReport sessions,
                           activity::SimulateSessions(*population_, bucket, bucket + d,
                                                      activity::SessionOptions{}, policy.get()));
  LEOTWIN_ASSIGN_OR_RETURN(activity::ActivityReport report,
                           activity::Aggregate(*population_, sessions.sessions, bucket, bucket + d,
                                               config_.privacy, level));
  auto shared = std::make_shared<const activity::ActivityReport>(std::move(report));
  if (cache_.size() >= 6) cache_.erase(cache_.begin());
  cache_.push_back({bucket, level, policy_version, shared});
  return shared;
}

}  // namespace leotwin::api
