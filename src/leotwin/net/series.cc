#include "leotwin/net/series.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <thread>

#include "fmt/format.h"
#include "leotwin/base/progress.h"
#include "leotwin/orbit/geodesy.h"

namespace leotwin::net {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

uint64_t HashPath(const std::vector<int32_t>& path) {
  uint64_t h = 1469598103934665603ull;
  for (int32_t v : path) {
    h ^= static_cast<uint32_t>(v);
    h *= 1099511628211ull;
  }
  return h;
}

struct WindowTimes {
  double propagation = 0, graph = 0, routing = 0;
};

// Runs the grid in contiguous windows, one per thread. `visit(window, step, snapshot, router)` is
// called for every step in order inside its window.
using Visit = std::function<void(int, int64_t, const Snapshot&, const Router&)>;
Status RunWindows(const Network& network, const Ephemeris& ephemeris, const Router& prototype,
                  const TimeGrid& grid, const RunOptions& options, int windows, const Visit& visit,
                  std::vector<WindowTimes>* times) {
  if (ephemeris.size() != network.satellite_count()) {
    return absl::InvalidArgumentError(fmt::format("ephemeris has {} satellites, network {}",
                                                  ephemeris.size(), network.satellite_count()));
  }
  ProgressBar bar("routing", std::max<int64_t>(grid.count, 1),
                  options.progress && StderrIsTerminal());
  std::vector<Status> status(windows);
  times->assign(windows, {});
  auto run = [&](int w) {
    const int64_t begin = grid.count * w / windows, end = grid.count * (w + 1) / windows;
    Router router = prototype;
    router.Reset();
    HermiteCursor cursor(ephemeris, options.interpolation_knot_ns);
    EcefStatesBuffer states;
    Snapshot snapshot;
    WindowTimes& tm = (*times)[w];
    for (int64_t k = begin; k < end; ++k) {
      const SimTime t = grid.At(k);
      const auto t0 = Clock::now();
      if (Status s = cursor.StatesAt(t, &states); !s.ok()) {
        status[w] = s;
        return;
      }
      const auto t1 = Clock::now();
      BuildSnapshot(network, t, states.view(), &snapshot);
      const auto t2 = Clock::now();
      router.Route(snapshot);
      const auto t3 = Clock::now();
      tm.propagation += Seconds(t0, t1);
      tm.graph += Seconds(t1, t2);
      tm.routing += Seconds(t2, t3);
      visit(w, k, snapshot, router);
      bar.Advance();
    }
  };
  if (windows == 1) {
    run(0);
  } else {
    std::vector<std::thread> pool;
    for (int w = 0; w < windows; ++w) pool.emplace_back(run, w);
    for (auto& th : pool) th.join();
  }
  bar.Finish();
  for (const auto& s : status) LEOTWIN_RETURN_IF_ERROR(s);
  return absl::OkStatus();
}

int WindowCount(const RunOptions& options, int64_t steps) {
  int threads = options.threads;
  if (threads <= 0) threads = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(threads, steps)));
}

}  // namespace

FiberBaseline FiberBaselineBetween(const GroundNode& a, const GroundNode& b, double inflation) {
  FiberBaseline f;
  f.great_circle_km = orbit::GreatCircleKm(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg);
  f.rtt_ms = 2.0 * FiberMs(f.great_circle_km);
  f.inflation = inflation;
  f.inflated_rtt_ms = f.rtt_ms * inflation;
  return f;
}

SeriesSummary Summarize(const std::vector<RouteSample>& samples) {
  SeriesSummary s;
  s.samples = static_cast<int64_t>(samples.size());
  std::vector<double> rtts;
  double sum = 0.0;
  const std::vector<int32_t>* last_path = nullptr;
  bool previous_reachable = true;
  for (const auto& x : samples) {
    if (x.rtt_ms < kInfinity) {
      rtts.push_back(x.rtt_ms);
      sum += x.rtt_ms;
      if (last_path && *last_path != x.path) ++s.path_changes;
      last_path = &x.path;
      previous_reachable = true;
    } else {
      if (previous_reachable) s.unreachable.push_back({x.time, x.time, 0});
      s.unreachable.back().last = x.time;
      ++s.unreachable.back().samples;
      previous_reachable = false;
    }
  }
  s.reachable = static_cast<int64_t>(rtts.size());
  if (!rtts.empty()) {
    std::sort(rtts.begin(), rtts.end());
    s.min_rtt_ms = rtts.front();
    s.max_rtt_ms = rtts.back();
    const size_t m = rtts.size() / 2;
    s.median_rtt_ms = rtts.size() % 2 ? rtts[m] : 0.5 * (rtts[m - 1] + rtts[m]);
    s.mean_rtt_ms = sum / static_cast<double>(rtts.size());
  }
  return s;
}

Status CheckRouteSeriesSize(int64_t pairs, int64_t steps) {
  // Compared by division so that absurd requests cannot overflow the product.
  if (pairs <= 0 || steps <= kMaxRouteSamples / pairs) return absl::OkStatus();
  const double samples = static_cast<double>(pairs) * static_cast<double>(steps);
  return absl::OutOfRangeError(fmt::format(
      "{} pair(s) x {} steps = {:.0f} samples (~{:.1f} GB with their paths); the limit is {} "
      "samples (~{:.1f} GB): shorten the window, lengthen the step or route fewer pairs",
      pairs, steps, samples, samples * kRouteSampleBytes / 1e9, kMaxRouteSamples,
      static_cast<double>(kMaxRouteSamples) * kRouteSampleBytes / 1e9));
}

StatusOr<std::vector<PairSeries>> RouteSeries(const Network& network, const Ephemeris& ephemeris,
                                              const std::vector<std::pair<int, int>>& pairs,
                                              const TimeGrid& grid, const RunOptions& options) {
  // The bound belongs here, with the allocation it protects, so every caller gets it
  // (NetScenario::Route, the API, routes, bindings). The CLI also checks it before loading a
  // scenario, only so that an oversized request fails in milliseconds instead of seconds.
  LEOTWIN_RETURN_IF_ERROR(CheckRouteSeriesSize(static_cast<int64_t>(pairs.size()), grid.count));
  const int G = network.ground_count();
  // Group pairs by source.
  std::map<int, std::vector<int>> by_source;
  for (const auto& [a, b] : pairs) {
    if (a < 0 || a >= G || b < 0 || b >= G) {
      return absl::InvalidArgumentError(
          fmt::format("pair ({}, {}) outside the {} ground nodes", a, b, G));
    }
    if (a == b) {
      return absl::InvalidArgumentError(fmt::format(
          "pair ({0}, {0}): both ends are the same place ({1}); a route needs two places", a,
          network.ground()[a].name));
    }
    by_source[a].push_back(b);
  }
  std::vector<int> sources;
  std::vector<std::vector<int>> targets;
  for (auto& [s, t] : by_source) {
    std::sort(t.begin(), t.end());
    t.erase(std::unique(t.begin(), t.end()), t.end());
    sources.push_back(s);
    targets.push_back(t);
  }
  // Where each requested pair lands in the router.
  std::vector<std::pair<int, int>> slot(pairs.size());
  for (size_t p = 0; p < pairs.size(); ++p) {
    const int i = static_cast<int>(
        std::lower_bound(sources.begin(), sources.end(), pairs[p].first) - sources.begin());
    const int k =
        static_cast<int>(std::lower_bound(targets[i].begin(), targets[i].end(), pairs[p].second) -
                         targets[i].begin());
    slot[p] = {i, k};
  }
  Router prototype(network, sources, targets, options.method);
  std::vector<PairSeries> out(pairs.size());
  for (size_t p = 0; p < pairs.size(); ++p) {
    auto& s = out[p];
    s.from = pairs[p].first;
    s.to = pairs[p].second;
    s.from_name = network.ground()[s.from].name;
    s.to_name = network.ground()[s.to].name;
    s.fiber = FiberBaselineBetween(network.ground()[s.from], network.ground()[s.to],
                                   options.fiber_inflation);
    s.grid = grid;
    s.samples.resize(grid.count);
  }
  std::vector<WindowTimes> times;
  const int windows = WindowCount(options, grid.count);
  LEOTWIN_RETURN_IF_ERROR(RunWindows(
      network, ephemeris, prototype, grid, options, windows,
      [&](int, int64_t step, const Snapshot& snap, const Router& router) {
        for (size_t p = 0; p < pairs.size(); ++p) {
          RouteSample& x = out[p].samples[step];
          x.time = snap.time;
          const double one_way = router.OneWayMs(slot[p].first, slot[p].second);
          if (pairs[p].first == pairs[p].second) {
            x.rtt_ms = 0.0;
            x.path = {network.GroundNodeId(pairs[p].first)};
            continue;
          }
          if (one_way < kInfinity) {
            x.rtt_ms = 2.0 * one_way;
            router.Path(slot[p].first, slot[p].second, &x.path);
            x.hops = static_cast<int>(x.path.size()) - 1;
          }
        }
      },
      &times));
  for (auto& s : out) s.summary = Summarize(s.samples);
  return out;
}

uint64_t AllPairsRun::Digest() const {
  uint64_t h = 1469598103934665603ull;
  for (float v : rtt_ms) {
    const int64_t ns = std::isfinite(v) ? static_cast<int64_t>(std::llround(v * 1e6)) : -1;
    for (int b = 0; b < 8; ++b) {
      h ^= static_cast<uint64_t>((ns >> (8 * b)) & 0xFF);
      h *= 1099511628211ull;
    }
  }
  return h;
}

StatusOr<AllPairsRun> RouteAllPairs(const Network& network, const Ephemeris& ephemeris,
                                    const std::vector<int>& endpoints, const TimeGrid& grid,
                                    const RunOptions& options) {
  for (int e : endpoints) {
    if (e < 0 || e >= network.ground_count()) {
      return absl::InvalidArgumentError(fmt::format("endpoint {} is not a ground node", e));
    }
  }
  AllPairsRun run;
  run.endpoints = endpoints;
  run.grid = grid;
  const int K = static_cast<int>(endpoints.size());
  for (int i = 0; i < K; ++i) {
    for (int j = i + 1; j < K; ++j) run.pairs.push_back({i, j});
  }
  run.pair_count = static_cast<int64_t>(run.pairs.size());
  const int64_t P = run.pair_count;
  run.rtt_ms.assign(static_cast<size_t>(grid.count * P), std::numeric_limits<float>::infinity());
  run.hops.assign(static_cast<size_t>(grid.count * P), 0);
  run.path_changes.assign(P, 0);
  Router prototype = Router::AllPairs(network, endpoints, options.method);
  const int windows = WindowCount(options, grid.count);
  // Per window and pair: first and last reachable path hash, changes inside the window.
  constexpr uint64_t kNone = 0;
  std::vector<std::vector<uint64_t>> first(windows, std::vector<uint64_t>(P, kNone)),
      last(windows, std::vector<uint64_t>(P, kNone));
  std::vector<std::vector<int64_t>> changes(windows, std::vector<int64_t>(P, 0));
  std::vector<std::vector<int32_t>> path_buffers(windows);
  std::vector<WindowTimes> times;
  LEOTWIN_RETURN_IF_ERROR(RunWindows(
      network, ephemeris, prototype, grid, options, windows,
      [&](int w, int64_t step, const Snapshot&, const Router& router) {
        auto& path = path_buffers[w];
        int64_t p = 0;
        for (int i = 0; i + 1 < K; ++i) {
          for (int k = 0; k < K - 1 - i; ++k, ++p) {
            const double one_way = router.OneWayMs(i, k);
            if (!(one_way < kInfinity)) continue;
            router.Path(i, k, &path);
            const size_t at = static_cast<size_t>(step * P + p);
            run.rtt_ms[at] = static_cast<float>(2.0 * one_way);
            run.hops[at] = static_cast<uint8_t>(std::min<size_t>(255, path.size() - 1));
            uint64_t h = HashPath(path);
            if (h == kNone) h = 1;
            if (first[w][p] == kNone) first[w][p] = h;
            if (last[w][p] != kNone && last[w][p] != h) ++changes[w][p];
            last[w][p] = h;
          }
        }
      },
      &times));
  for (int64_t p = 0; p < P; ++p) {
    uint64_t carry = kNone;
    for (int w = 0; w < windows; ++w) {
      run.path_changes[p] += changes[w][p];
      if (first[w][p] != kNone) {
        if (carry != kNone && carry != first[w][p]) ++run.path_changes[p];
        carry = last[w][p];
      }
    }
  }
  for (const auto& t : times) {
    run.seconds_propagation += t.propagation;
    run.seconds_graph += t.graph;
    run.seconds_routing += t.routing;
  }
  return run;
}

namespace {

std::string PathText(const std::vector<int32_t>& path, const Network& network) {
  std::string out;
  for (size_t k = 0; k < path.size(); ++k) {
    if (k) out += '>';
    out += network.NodeName(path[k]);
  }
  return out;
}

std::string CsvQuote(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void WriteRows(const PairSeries& series, const Network& network, std::ostream& out,
               bool with_pair) {
  const std::vector<int32_t>* last = nullptr;
  for (const auto& x : series.samples) {
    const bool reachable = x.rtt_ms < kInfinity;
    const bool changed = reachable && last && *last != x.path;
    if (reachable) last = &x.path;
    if (with_pair) out << CsvQuote(series.from_name) << ',' << CsvQuote(series.to_name) << ',';
    out << x.time.ToIso8601() << ',' << fmt::format("{:.3f}", (x.time - series.grid.start) * 1e-9)
        << ',' << (reachable ? fmt::format("{:.6f}", x.rtt_ms) : std::string()) << ',' << x.hops
        << ',' << (changed ? 1 : 0) << ',' << CsvQuote(PathText(x.path, network)) << '\n';
  }
}

}  // namespace

void WriteSeriesCsv(const PairSeries& series, const Network& network, std::ostream& out) {
  out << "time_utc,t_s,rtt_ms,hops,path_changed,path\n";
  WriteRows(series, network, out, false);
}

void WriteSeriesLongCsv(const std::vector<PairSeries>& series, const Network& network,
                        std::ostream& out, bool header) {
  if (header) out << "from,to,time_utc,t_s,rtt_ms,hops,path_changed,path\n";
  for (const auto& s : series) WriteRows(s, network, out, true);
}

}  // namespace leotwin::net
