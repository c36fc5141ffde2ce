// Activity per S2 cell and time bucket, with k-anonymity: a (cell, bucket) with fewer than k
// distinct active terminals is never output, and nothing derived from it is either.
//
// The release rule (what is guaranteed):
//   1. Privacy configuration: a base cell level B, a bucket length D and k. Time is cut into
//      fixed buckets [m D, (m+1) D) aligned to the POSIX epoch; a window must start and end on
//      bucket boundaries. Every row is one (cell, bucket) -- windows are never merged into one
//      row, so a longer window adds rows and never changes one.
//   2. At level B, a (cell, bucket) is published iff it has >= k distinct terminals with a
//      session overlapping the bucket ("active"); otherwise it is suppressed.
//   3. A row at a coarser level L < B is the sum of the published level-B rows below it (each
//      terminal is in exactly one level-B cell, so distinct counts add up); suppressed level-B
//      cells contribute nothing. Levels finer than B are refused.
//   Consequences (tested in aggregate_test.cc): every published row aggregates >= k distinct
//   terminals; a coarse row minus the fine rows under it is exactly zero (no differencing across
//   levels); a window's rows equal the rows of its buckets computed separately (no differencing
//   across windows); and removing any terminal of a suppressed (cell, bucket) leaves the output
//   unchanged, so such a terminal cannot be located or even detected from the rows.
//
// What is NOT guaranteed (the server must hold these fixed, see docs/coverage.md):
//   - Outputs made under different (B, D, k) can be differenced: a 2 h bucket minus a published
//     1 h bucket can isolate terminals. B, D and k are deployment constants, not request options.
//   - k-anonymity protects membership in a crowd, not values: sessions and bytes of a row with
//     k terminals may be dominated by one of them; and background knowledge (the attacker knows
//     k - 1 of the terminals) defeats any k.
//   - Runs under different policies, populations or seeds are different data sets and can be
//     differenced (e.g. a geofence that denies one terminal changes a row by one).
//   - The global totals (all terminals, suppressed terminals) are world-wide aggregates; they
//     must not be recomputed per map viewport (a viewport holding one suppressed cell would
//     reveal that cell's count).
#pragma once

#include <cstdint>
#include <vector>

#include "leotwin/activity/population.h"
#include "leotwin/activity/sessions.h"
#include "leotwin/base/status.h"
#include "leotwin/time/sim_time.h"
#include "s2/s2cell_id.h"

namespace leotwin::activity {

inline constexpr int kDefaultActivityLevel = 6;  // ~20,000 km2 (S2 level 6 average 20,600 km2)
inline constexpr int kDefaultK = 10;

struct PrivacyConfig {
  int base_level = kDefaultActivityLevel;               // B, 0..12
  int64_t bucket_ns = 3600 * SimTime::kNanosPerSecond;  // D, 1 min .. 1 day
  int k = kDefaultK;                                    // >= 2
  Status Check() const;
};

struct ActivityRow {
  S2CellId cell;             // At the requested output level.
  SimTime bucket_start;      // Bucket [bucket_start, bucket_start + D).
  int64_t terminals = 0;     // Distinct active terminals (>= k).
  int64_t sessions = 0;      // Sessions overlapping the bucket.
  double session_hours = 0;  // Session time inside the bucket.
  double gigabytes = 0;      // Traffic inside the bucket (10^9 bytes).
  // Mean concurrent sessions over the bucket = session_hours / bucket hours.
  double mean_concurrent(int64_t bucket_ns) const { return session_hours * 3.6e12 / bucket_ns; }
};

struct ActivityReport {
  PrivacyConfig privacy;
  int level = 0;  // Output level (<= base_level).
  SimTime start, end;
  std::vector<ActivityRow> rows;  // By bucket, then cell id.
  // World-wide totals over all buckets (see the header comment before showing them per region).
  int64_t base_cells_published = 0;         // (cell, bucket) pairs at the base level.
  int64_t base_cells_suppressed = 0;        // (cell, bucket) pairs with 1..k-1 active terminals.
  int64_t terminal_buckets_published = 0;   // Sum of terminals over published base rows.
  int64_t terminal_buckets_suppressed = 0;  // ... over suppressed ones.
};

// Aggregates `sessions` (of `population`) over [start, end) at `level` (<= base_level; -1 =
// base_level). InvalidArgument for an unaligned window, a bad config or level, or a session whose
// terminal index is out of range.
StatusOr<ActivityReport> Aggregate(const Population& population,
                                   const std::vector<Session>& sessions, SimTime start, SimTime end,
                                   const PrivacyConfig& privacy, int level = -1);

}  // namespace leotwin::activity
