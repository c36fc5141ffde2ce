// Sessions and traffic of a synthetic population over a time window, subject to the policy.
//
// Model (synthetic, per terminal, independent across terminals):
//   - session starts form a Poisson process whose rate follows local solar time (longitude / 15
//     hours from UTC): rate(t) = sessions_per_day / 86400 s * d(h), with
//     d(h) = 0.4 + 0.6 * (1 + cos(2 pi (h - peak_hour) / 24)), mean 1 over a day, peak 1.6 at
//     `peak_hour` (evening), trough 0.4 twelve hours earlier;
//   - durations are exponential (mean `mean_session_min`), cut at `max_session_min`;
//   - each session has a constant throughput, log-normal with median `median_mbps` and log-sd
//     `mbps_sigma`; bytes = throughput x time.
// Sessions overlapping [start, end) are returned (including those started up to
// max_session_min before `start`). Each terminal's sessions of a UTC day are drawn from a random
// stream of (seed, terminal, day) alone, so every window sees the same sessions, cut to it
// (window-independence is part of the k-anonymity argument in aggregate.h).
//
// Policy: each session is authorized at its start instant with policy::Authorize for a terminal
// of the synthetic kind standing at the terminal's position (service address = position, speed
// 0). A denied session does not happen; the denials are counted by reason. Without a policy every
// session happens.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "leotwin/activity/population.h"
#include "leotwin/base/status.h"
#include "leotwin/policy/policy.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::activity {

struct SessionOptions {
  double sessions_per_day = 6.0;   // (0, 1000]
  double mean_session_min = 40.0;  // (0, max_session_min]
  double max_session_min = 240.0;  // (0, 1440]
  double median_mbps = 3.0;        // > 0
  double mbps_sigma = 1.0;         // [0, 3]
  double peak_hour = 20.5;         // Local solar hour of the busiest time, [0, 24).
  Status Check() const;
};

struct Session {
  uint32_t terminal = 0;  // Index into Population::terminals.
  SimTime start, end;     // end > start.
  double mbps = 0;        // Mean throughput, Mbit/s.
};

struct SessionReport {
  std::vector<Session> sessions;  // Allowed sessions, by terminal then start.
  int64_t attempted = 0;          // Sessions overlapping the window, before policy.
  int64_t denied = 0;
  // Denied sessions by policy::ReasonCode (index = static_cast<int>(code)).
  std::array<int64_t, 16> denied_by_reason = {};
  int64_t terminals_with_sessions = 0;  // Distinct terminals with >= 1 allowed session.
  int64_t terminals_denied = 0;         // Terminals whose every attempt was denied (>= 1 attempt).
};

// InvalidArgument unless start < end and end - start <= 31 days. `policy` may be null (none).
StatusOr<SessionReport> SimulateSessions(const Population& population, SimTime start, SimTime end,
                                         const SessionOptions& options,
                                         const policy::Policy* policy);

// The diurnal factor d(h) above (mean 1 over 24 h). Exposed for tests.
double DiurnalFactor(double local_hour, double peak_hour);

}  // namespace leotwin::activity
