#include "leotwin/activity/sessions.h"

#include <algorithm>
#include <cmath>

#include "fmt/format.h"
#include "leotwin/activity/internal/random.h"
#include "leotwin/base/constants.h"
#include "leotwin/geo/territories.h"
#include "leotwin/policy/compiled_index.h"

namespace leotwin::activity {

Status SessionOptions::Check() const {
  auto bad = [](std::string_view what, double v, std::string_view expected) {
    return absl::InvalidArgumentError(
        fmt::format("sessions: {} = {} out of range: expected {}", what, v, expected));
  };
  if (!(sessions_per_day > 0 && sessions_per_day <= 1000)) {
    return bad("sessions_per_day", sessions_per_day, "(0, 1000]");
  }
  if (!(max_session_min > 0 && max_session_min <= 1440)) {
    return bad("max_session_min", max_session_min, "(0, 1440]");
  }
  if (!(mean_session_min > 0 && mean_session_min <= max_session_min)) {
    return bad("mean_session_min", mean_session_min, "(0, max_session_min]");
  }
  if (!(median_mbps > 0 && median_mbps < 1e5)) return bad("median_mbps", median_mbps, "(0, 1e5)");
  if (!(mbps_sigma >= 0 && mbps_sigma <= 3)) return bad("mbps_sigma", mbps_sigma, "[0, 3]");
  if (!(peak_hour >= 0 && peak_hour < 24)) return bad("peak_hour", peak_hour, "[0, 24)");
  return absl::OkStatus();
}

double DiurnalFactor(double local_hour, double peak_hour) {
  return 0.4 + 0.6 * (1.0 + std::cos(kTwoPi * (local_hour - peak_hour) / 24.0));
}

StatusOr<SessionReport> SimulateSessions(const Population& population, SimTime start, SimTime end,
                                         const SessionOptions& options,
                                         const policy::Policy* policy) {
  LEOTWIN_RETURN_IF_ERROR(options.Check());
  if (!(start < end) || end - start > 31 * SimTime::kNanosPerDay) {
    return absl::InvalidArgumentError(
        fmt::format("sessions: window {} .. {}: expected start < end and at most 31 days",
                    start.ToIso8601(), end.ToIso8601()));
  }
  const int64_t max_ns = static_cast<int64_t>(options.max_session_min * 60e9);
  // Sessions started up to max_ns before the window may overlap it.
  auto floor_day = [](int64_t ns) {
    return ns >= 0 ? ns / SimTime::kNanosPerDay
                   : -((-ns + SimTime::kNanosPerDay - 1) / SimTime::kNanosPerDay);
  };
  const int64_t first_day = floor_day((start - max_ns).unix_nanos());
  const int64_t last_day = floor_day((end - 1).unix_nanos());
  const double base_rate_per_s = options.sessions_per_day / 86400.0;
  const double peak_rate_per_s = base_rate_per_s * 1.6;  // max of DiurnalFactor
  const double log_median = std::log(options.median_mbps);
  const int64_t n = static_cast<int64_t>(population.terminals.size());

  std::vector<std::vector<Session>> per_terminal(n);
  std::vector<std::array<int64_t, 16>> denied_by_reason(n);
  std::vector<int64_t> attempted(n, 0);
#pragma omp parallel for schedule(dynamic, 256)
  for (int64_t i = 0; i < n; ++i) {
    const SyntheticTerminal& term = population.terminals[i];
    std::optional<policy::Terminal> pterm;
    denied_by_reason[i].fill(0);
    auto attempt = [&](SimTime t0, SimTime t1, double mbps_n) {
      ++attempted[i];
      if (policy != nullptr) {
        if (!pterm) {
          pterm.emplace();
          pterm->id = population.TerminalId(term.index);
          pterm->kind = term.kind;
          pterm->service_lat_deg = term.lat_deg;
          pterm->service_lon_deg = term.lon_deg;
          const S2Point p = geo::PointFromDegrees(term.lat_deg, term.lon_deg);
          pterm->service_territory = policy->index().Territory(p, S2CellId(p));
        }
        const policy::Decision d =
            policy::Authorize(*policy, *pterm, term.lat_deg, term.lon_deg, 0.0, t0);
        if (!d.allowed) {
          ++denied_by_reason[i][std::min<int>(static_cast<int>(d.reason), 15)];
          return;
        }
      }
      per_terminal[i].push_back(
          {term.index, t0, t1, std::exp(log_median + options.mbps_sigma * mbps_n)});
    };
    // Each UTC day has its own random stream, so a terminal's sessions do not depend on the
    // window asked for: any window sees the same sessions, cut to it.
    for (int64_t day = first_day; day <= last_day; ++day) {
      internal::Random rng(population.options.seed,
                           /*stream=*/2 + static_cast<uint64_t>(day) * 7919,
                           static_cast<uint64_t>(i));
      const SimTime day_start = SimTime::FromUnixNanos(day * SimTime::kNanosPerDay);
      // Thinning (Lewis & Shedler 1979): candidates at the peak rate, kept with rate(t) / peak.
      double t_s = 0;
      while (true) {
        t_s += rng.Exponential() / peak_rate_per_s;
        if (t_s >= 86400.0) break;
        const SimTime t0 = day_start + static_cast<int64_t>(t_s * 1e9);
        const double local = std::fmod(t_s / 3600.0 + term.lon_deg / 15.0 + 48.0, 24.0);
        const double keep = rng.Uniform();
        const double duration_u = rng.Exponential();
        const double mbps_n = rng.Normal();
        if (keep * 1.6 >= DiurnalFactor(local, options.peak_hour)) continue;
        const double minutes =
            std::min(duration_u * options.mean_session_min, options.max_session_min);
        const SimTime t1 = t0 + std::max<int64_t>(1, static_cast<int64_t>(minutes * 60e9));
        if (t1 <= start || t0 >= end) continue;  // Does not overlap the window.
        attempt(t0, t1, mbps_n);
      }
    }
  }
  SessionReport report;
  size_t total = 0;
  for (const auto& v : per_terminal) total += v.size();
  report.sessions.reserve(total);
  for (int64_t i = 0; i < n; ++i) {
    report.attempted += attempted[i];
    int64_t denied = 0;
    for (int r = 0; r < 16; ++r) {
      report.denied_by_reason[r] += denied_by_reason[i][r];
      denied += denied_by_reason[i][r];
    }
    report.denied += denied;
    if (!per_terminal[i].empty()) ++report.terminals_with_sessions;
    if (attempted[i] > 0 && denied == attempted[i]) ++report.terminals_denied;
    report.sessions.insert(report.sessions.end(), per_terminal[i].begin(), per_terminal[i].end());
  }
  return report;
}

}  // namespace leotwin::activity
