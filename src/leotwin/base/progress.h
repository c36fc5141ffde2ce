// A progress bar for long work. It draws on stderr only when stderr is a terminal and stays
// silent otherwise (pipes, CI logs, tests), so output files and logs never contain it.
// Thread-safe: Advance() may be called from OpenMP workers.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace leotwin {

class ProgressBar {
 public:
  // `label` names the work; `total` is the number of units (> 0). `enabled` overrides terminal
  // detection (tests use it); by default the bar is enabled iff stderr is a terminal.
  ProgressBar(std::string label, int64_t total);
  ProgressBar(std::string label, int64_t total, bool enabled);
  ~ProgressBar();  // Finishes the line if anything was drawn.

  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void Advance(int64_t units = 1);
  void Finish();
  bool enabled() const { return enabled_; }
  // Renders the bar as text for `done` of `total` units (no terminal codes); exposed for tests.
  static std::string Render(const std::string& label, int64_t done, int64_t total, int width,
                            double elapsed_seconds);

 private:
  void Draw(int64_t done);

  std::string label_;
  int64_t total_;
  bool enabled_;
  std::atomic<int64_t> done_{0};
  std::atomic<int64_t> last_drawn_permille_{-1};
  std::chrono::steady_clock::time_point start_;
  std::mutex draw_mutex_;
  bool finished_ = false;
};

// True iff stderr is attached to a terminal.
bool StderrIsTerminal();

}  // namespace leotwin
