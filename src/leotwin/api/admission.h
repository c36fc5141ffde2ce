// Admission of expensive requests by computed cost, so heavy work cannot starve light endpoints.
//
// A route may declare a cost function (request_router.h): from the parsed query it estimates the
// work in "work units" (one unit ~ one satellite propagated or one cell evaluated at one instant,
// about a microsecond of one core in a release build; see each route's cost in endpoints.cc). Then:
//   - a request costing more than `max_request_units` is refused at once (422, with its cost and
//     the limit), before any work;
//   - a request costing at least `heavy_threshold_units` runs on the heavy pool: a few threads at
//     the lowest CPU priority (SCHED_IDLE, else nice `heavy_nice`), so light requests, which run
//     on the connection threads at normal priority, keep their latency while heavy ones compute;
//     the connection thread of a heavy request only waits;
//   - the units of the requests admitted to the heavy pool (queued or running) never exceed
//     `capacity_units`; a request that cannot be admitted within `queue_wait` is refused (429,
//     Retry-After);
//   - heavy work has a deadline: the waiting request is answered 504 at `deadline`, and handlers
//     that loop over instants check ApiRequest::deadline and stop.
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace leotwin::api {

struct AdmissionOptions {
  int64_t max_request_units = 40'000'000;  // About 40 s of one core (release): beyond, refused.
  // From here on, the heavy pool. Below it (one instant of satellites, links, a route, an instant
  // of coverage) requests run inline: milliseconds each, and they must not queue behind windows.
  int64_t heavy_threshold_units = 50'000;
  int64_t capacity_units = 80'000'000;  // Admitted (queued + running) at once.
  int heavy_threads = 0;                // 0: one per core but one (at least one).
  int heavy_nice = 10;                  // Heavy threads' nice value (Linux, per thread).
  bool heavy_idle_class = true;         // Heavy threads in SCHED_IDLE (Linux; see Worker()).
  std::chrono::milliseconds queue_wait{2000};
  std::chrono::milliseconds deadline{60000};  // From admission; above the largest request's time.
};

class Admission {
 public:
  explicit Admission(AdmissionOptions options = {});
  ~Admission();  // Runs the queued work to the end, then joins.
  Admission(const Admission&) = delete;
  Admission& operator=(const Admission&) = delete;

  const AdmissionOptions& options() const { return options_; }

  // Reserves `units` of capacity, waiting until `give_up`; false if still full then. A request
  // larger than the whole capacity is admitted alone (when nothing else is admitted).
  bool Acquire(int64_t units, std::chrono::steady_clock::time_point give_up);
  // Queues `work` on the heavy pool; the pool releases `units` when it has run.
  void Run(int64_t units, std::function<void()> work);

  int64_t in_flight_units() const;

 private:
  void Worker();

  AdmissionOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable capacity_freed_;
  std::condition_variable work_queued_;
  int64_t in_flight_ = 0;
  bool stopping_ = false;
  std::deque<std::pair<int64_t, std::function<void()>>> queue_;
  std::vector<std::thread> threads_;
};

}  // namespace leotwin::api
