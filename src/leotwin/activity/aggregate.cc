#include "leotwin/activity/aggregate.h"

#include <algorithm>
#include <map>

#include "fmt/format.h"

namespace leotwin::activity {

Status PrivacyConfig::Check() const {
  if (base_level < 0 || base_level > 12) {
    return absl::InvalidArgumentError(
        fmt::format("activity: base level {} out of range: expected 0..12", base_level));
  }
  if (bucket_ns < SimTime::kNanosPerMinute || bucket_ns > SimTime::kNanosPerDay ||
      SimTime::kNanosPerDay % bucket_ns != 0) {
    return absl::InvalidArgumentError(
        fmt::format("activity: bucket of {} s: expected 1 min .. 1 day, dividing a day evenly",
                    bucket_ns / SimTime::kNanosPerSecond));
  }
  if (k < 2) {
    return absl::InvalidArgumentError(fmt::format("activity: k = {}: expected k >= 2", k));
  }
  return absl::OkStatus();
}

namespace {

struct Acc {
  int64_t terminals = 0;
  int64_t sessions = 0;
  double session_hours = 0;
  double gigabytes = 0;
};

}  // namespace

StatusOr<ActivityReport> Aggregate(const Population& population,
                                   const std::vector<Session>& sessions, SimTime start, SimTime end,
                                   const PrivacyConfig& privacy, int level) {
  LEOTWIN_RETURN_IF_ERROR(privacy.Check());
  if (level < 0) level = privacy.base_level;
  if (level > privacy.base_level) {
    return absl::InvalidArgumentError(fmt::format(
        "activity: level {} is finer than the base level {}: finer levels are never published",
        level, privacy.base_level));
  }
  const int64_t d = privacy.bucket_ns;
  auto aligned = [&](SimTime t) { return t.unix_nanos() % d == 0; };
  if (!(start < end) || !aligned(start) || !aligned(end)) {
    return absl::InvalidArgumentError(
        fmt::format("activity: window {} .. {} must be non-empty and start and end on {} s bucket "
                    "boundaries (aligned to 1970-01-01T00:00:00Z)",
                    start.ToIso8601(), end.ToIso8601(), d / SimTime::kNanosPerSecond));
  }
  const int64_t buckets = (end - start) / d;
  if (buckets > 100'000) {
    return absl::InvalidArgumentError(
        fmt::format("activity: {} buckets in the window: at most 100,000", buckets));
  }
  // One entry per (session, bucket it overlaps), sorted by (bucket, base cell, terminal) with
  // ties kept in session order: sums then run in a fixed order per (bucket, cell), independent of
  // every other key (so removing a terminal from one cell cannot change another cell's bits).
  struct Piece {
    int64_t bucket;
    uint64_t cell;
    uint32_t terminal;
    double hours, gigabytes;
  };
  std::vector<Piece> pieces;
  for (const Session& s : sessions) {
    if (s.terminal >= population.terminals.size()) {
      return absl::InvalidArgumentError(
          fmt::format("activity: session of terminal {} but the population has {}", s.terminal,
                      population.terminals.size()));
    }
    const SimTime a = std::max(s.start, start);
    const SimTime b = std::min(s.end, end);
    if (!(a < b)) continue;
    const uint64_t cell = population.terminals[s.terminal].leaf.parent(privacy.base_level).id();
    const int64_t first = (a - start) / d;
    const int64_t last = (b - start - 1) / d;
    for (int64_t m = first; m <= last; ++m) {
      const SimTime bs = start + m * d;
      const SimTime lo = std::max(a, bs), hi = std::min(b, bs + d);
      const double seconds = (hi - lo) * 1e-9;
      pieces.push_back({m, cell, s.terminal, seconds / 3600.0, s.mbps * seconds * 1e6 / 8.0 / 1e9});
    }
  }
  std::stable_sort(pieces.begin(), pieces.end(), [](const Piece& x, const Piece& y) {
    if (x.bucket != y.bucket) return x.bucket < y.bucket;
    if (x.cell != y.cell) return x.cell < y.cell;
    return x.terminal < y.terminal;
  });
  struct Key {
    int64_t bucket;
    uint64_t cell;
    bool operator<(const Key& o) const {
      return bucket != o.bucket ? bucket < o.bucket : cell < o.cell;
    }
  };
  std::vector<std::pair<Key, Acc>> base;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const Piece& p = pieces[i];
    if (base.empty() || base.back().first.bucket != p.bucket || base.back().first.cell != p.cell) {
      base.push_back({{p.bucket, p.cell}, {}});
    }
    Acc& acc = base.back().second;
    if (i == 0 || pieces[i - 1].bucket != p.bucket || pieces[i - 1].cell != p.cell ||
        pieces[i - 1].terminal != p.terminal) {
      ++acc.terminals;
    }
    ++acc.sessions;
    acc.session_hours += p.hours;
    acc.gigabytes += p.gigabytes;
  }
  ActivityReport report;
  report.privacy = privacy;
  report.level = level;
  report.start = start;
  report.end = end;
  std::map<Key, Acc> out;
  for (const auto& [key, acc] : base) {
    if (acc.terminals < privacy.k) {
      ++report.base_cells_suppressed;
      report.terminal_buckets_suppressed += acc.terminals;
      continue;  // Suppressed: contributes to nothing below.
    }
    ++report.base_cells_published;
    report.terminal_buckets_published += acc.terminals;
    Acc& o = out[{key.bucket, S2CellId(key.cell).parent(level).id()}];
    o.terminals += acc.terminals;
    o.sessions += acc.sessions;
    o.session_hours += acc.session_hours;
    o.gigabytes += acc.gigabytes;
  }
  report.rows.reserve(out.size());
  for (const auto& [key, acc] : out) {
    report.rows.push_back({S2CellId(key.cell), start + key.bucket * d, acc.terminals, acc.sessions,
                           acc.session_hours, acc.gigabytes});
  }
  return report;
}

}  // namespace leotwin::activity
