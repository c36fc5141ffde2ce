#include "leotwin/api/admission.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

namespace leotwin::api {

Admission::Admission(AdmissionOptions options) : options_(options) {
  int n = options_.heavy_threads;
  if (n <= 0) n = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
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
  // Linux applies a nice value to one thread when given its thread id. Raising it needs no
  // privilege; failure only costs the priority, not correctness.
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), options_.heavy_nice);
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
