#include "leotwin/api/admission.h"

#include <omp.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

namespace leotwin::api {

namespace {

// Cores left to heavy work: all but one, so a light request always finds a core free (on one
// core, that core).
int HeavyCores() { return std::max(1, static_cast<int>(std::thread::hardware_concurrency()) - 1); }

}  // namespace

Admission::Admission(AdmissionOptions options) : options_(options) {
  int n = options_.heavy_threads;
  if (n <= 0) n = HeavyCores();
  for (int i = 0; i < n; ++i) threads_.emplace_back([this] { Worker(); });
}

Admission::~Admission() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  work_queued_.notify_all();
  for (std::thread& t : threads_) t.join();
}

bool Admission::Acquire(int64_t units, std::chrono::steady_clock::time_point give_up) {
  std::unique_lock<std::mutex> lock(mutex_);
  const auto fits = [&] {
    return in_flight_ == 0 || in_flight_ + units <= options_.capacity_units;
  };
  if (!capacity_freed_.wait_until(lock, give_up, fits)) return false;
  in_flight_ += units;
  return true;
}

void Admission::Run(int64_t units, std::function<void()> work) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.emplace_back(units, std::move(work));
  }
  work_queued_.notify_one();
}

int64_t Admission::in_flight_units() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return in_flight_;
}

void Admission::Worker() {
  // SCHED_IDLE (Linux): a normal thread that wakes up preempts this one at once, so a light
  // request never waits out a heavy thread's time slice (with nice 10 alone, health's p99 rose
  // from 0.13 to 3 ms while two heavy requests ran). Lowering the policy needs no privilege; the
  // nice value stays as the fallback where SCHED_IDLE is refused. Threads this one creates
  // (OpenMP teams) inherit both.
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), options_.heavy_nice);
  if (options_.heavy_idle_class) {
    sched_param param{};
    param.sched_priority = 0;
    (void)sched_setscheduler(0, SCHED_IDLE, &param);
  }
  // Parallel regions of heavy work (coverage windows) use the heavy cores only: this sets the
  // team size for regions this thread starts, not for the rest of the process.
  omp_set_num_threads(HeavyCores());
  for (;;) {
    std::pair<int64_t, std::function<void()>> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      work_queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // Stopping, nothing left.
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job.second();  // Never throws: the router wraps handlers.
    {
      std::lock_guard<std::mutex> lock(mutex_);
      in_flight_ -= job.first;
    }
    capacity_freed_.notify_all();
  }
}

}  // namespace leotwin::api
