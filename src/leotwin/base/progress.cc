#include "leotwin/base/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "fmt/format.h"

namespace leotwin {

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

ProgressBar::ProgressBar(std::string label, int64_t total)
    : ProgressBar(std::move(label), total, StderrIsTerminal()) {}

ProgressBar::ProgressBar(std::string label, int64_t total, bool enabled)
    : label_(std::move(label)),
      total_(std::max<int64_t>(total, 1)),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { Finish(); }

std::string ProgressBar::Render(const std::string& label, int64_t done, int64_t total, int width,
                                double elapsed_seconds) {
  total = std::max<int64_t>(total, 1);
  done = std::clamp<int64_t>(done, 0, total);
  const double fraction = static_cast<double>(done) / static_cast<double>(total);
  const int filled = static_cast<int>(fraction * width);
  std::string bar(filled, '#');
  bar.append(width - filled, '-');
  std::string eta = "";
  if (done > 0 && done < total) {
    const double remaining = elapsed_seconds * (1.0 - fraction) / fraction;
    eta = fmt::format(" eta {:.0f}s", remaining);
  }
  return fmt::format("{} [{}] {:5.1f}% ({}/{}){}", label, bar, fraction * 100.0, done, total, eta);
}

void ProgressBar::Advance(int64_t units) {
  const int64_t done = done_.fetch_add(units) + units;
  if (!enabled_) return;
  const int64_t permille = done * 1000 / total_;
  int64_t last = last_drawn_permille_.load();
  if (permille > last && last_drawn_permille_.compare_exchange_strong(last, permille)) {
    Draw(done);
  }
}

void ProgressBar::Draw(int64_t done) {
  std::lock_guard<std::mutex> lock(draw_mutex_);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::fprintf(stderr, "\r%s\033[K", Render(label_, done, total_, 30, elapsed).c_str());
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  if (finished_) return;
  finished_ = true;
  if (!enabled_) return;
  Draw(done_.load());
  std::fputc('\n', stderr);
}

}  // namespace leotwin
