// The network: a scenario from the same options as `leotwin route` / `leotwin routes`, and RTT
// series as arrays. The options are parsed by the CLI's own flag definitions (cli/net_flags.h,
// CLI11), so every option, default, range check and error message is the CLI's; the series come
// from net::NetScenario::Route and net::RouteSeries, the functions behind both commands.
#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"
#include "common.h"
#include "fmt/format.h"
#include "leotwin/cli/common.h"
#include "leotwin/cli/net_flags.h"
#include "leotwin/net/scenario.h"
#include "leotwin/net/series.h"

namespace leotwin::python {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct PyNetwork {
  cli::NetFlags flags;
  std::shared_ptr<const net::NetScenario> scenario;
  std::vector<std::string> argv;  // the flags as given (for repr and reproducibility)
};

// Parses CLI flags ("--lasers", "plus-grid", ...) with the CLI's definitions. Usage errors carry
// CLI11's message, the one `leotwin route` prints.
cli::NetFlags ParseNetFlags(const std::vector<std::string>& argv) {
  CLI::App app{"leotwin network (Python)"};
  cli::NetFlags flags;
  flags.Add(&app);
  std::vector<std::string> reversed(argv.rbegin(), argv.rend());  // CLI11 takes them reversed
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    ThrowInvalid(e.what());
  }
  return flags;
}

std::shared_ptr<PyNetwork> Load(const std::vector<std::string>& argv) {
  auto out = std::make_shared<PyNetwork>();
  out->argv = argv;
  out->flags = ParseNetFlags(argv);
  const net::NetScenarioOptions options = Unwrap(out->flags.Scenario());
  StatusOr<net::NetScenario> scenario;
  {
    py::gil_scoped_release release;
    scenario = net::NetScenario::Load(options);
  }
  out->scenario = std::make_shared<const net::NetScenario>(Unwrap(std::move(scenario)));
  return out;
}

// The series as arrays. path_changed is WriteSeriesCsv's column: a reachable sample whose path
// differs from the previous reachable sample's.
py::dict SeriesDict(const net::PairSeries& s, const net::Network& network, bool with_paths) {
  const auto n = static_cast<py::ssize_t>(s.samples.size());
  py::array_t<int64_t> times(n);
  py::array_t<double> rtt(n);
  py::array_t<int32_t> hops(n);
  py::array_t<bool> changed(n);
  py::list paths;
  const std::vector<int32_t>* last = nullptr;
  for (py::ssize_t k = 0; k < n; ++k) {
    const net::RouteSample& x = s.samples[static_cast<size_t>(k)];
    const bool reachable = x.rtt_ms < net::kInfinity;
    times.mutable_at(k) = x.time.unix_nanos();
    rtt.mutable_at(k) = reachable ? x.rtt_ms : kNaN;
    hops.mutable_at(k) = x.hops;
    changed.mutable_at(k) = reachable && last != nullptr && *last != x.path;
    if (reachable) last = &x.path;
    if (with_paths)
      paths.append(py::array_t<int32_t>(static_cast<py::ssize_t>(x.path.size()), x.path.data()));
  }
  py::dict summary;
  const auto& m = s.summary;
  auto ms = [](double v) { return v < net::kInfinity ? v : kNaN; };
  summary["samples"] = m.samples, summary["reachable"] = m.reachable;
  summary["min_rtt_ms"] = ms(m.min_rtt_ms), summary["median_rtt_ms"] = ms(m.median_rtt_ms);
  summary["max_rtt_ms"] = ms(m.max_rtt_ms), summary["mean_rtt_ms"] = ms(m.mean_rtt_ms);
  summary["path_changes"] = m.path_changes;
  py::list unreachable;
  for (const auto& u : m.unreachable) {
    unreachable.append(py::make_tuple(u.first.unix_nanos(), u.last.unix_nanos(), u.samples));
  }
  summary["unreachable"] = unreachable;
  py::dict fiber;
  fiber["great_circle_km"] = s.fiber.great_circle_km, fiber["rtt_ms"] = s.fiber.rtt_ms;
  fiber["inflation"] = s.fiber.inflation, fiber["inflated_rtt_ms"] = s.fiber.inflated_rtt_ms;
  py::dict out;
  out["from_name"] = s.from_name, out["to_name"] = s.to_name;
  out["from_node"] = network.satellite_count() + s.from;
  out["to_node"] = network.satellite_count() + s.to;
  out["times_ns"] = times, out["rtt_ms"] = rtt, out["hops"] = hops, out["path_changed"] = changed;
  out["paths"] = with_paths ? py::object(paths) : py::object(py::none());
  out["summary"] = summary, out["fiber"] = fiber;
  out["start_ns"] = s.grid.start.unix_nanos(), out["step_ns"] = s.grid.step_ns;
  return out;
}

py::list NodeNames(const net::Network& network) {
  py::list names;
  for (int i = 0; i < network.node_count(); ++i) names.append(network.NodeName(i));
  return names;
}

struct Window {
  int64_t duration_ns, step_ns;
  std::optional<SimTime> start;
};

// The route window exactly as RunRoute / RunRoutes parse it (errors name the CLI's flags).
Window ParseWindow(const std::string& start, const std::string& duration, const std::string& step,
                   int64_t pairs) {
  Window w;
  w.duration_ns = Unwrap(cli::ParseDurationFlag("--duration", duration, /*allow_zero=*/true));
  w.step_ns = Unwrap(cli::ParseDurationFlag("--step", step));
  if (!start.empty()) w.start = Unwrap(cli::ParseInstantFlag("--start", start));
  Check(net::CheckRouteSeriesSize(pairs, w.duration_ns / w.step_ns + 1));
  return w;
}

py::dict Route(const PyNetwork& n, const std::string& from, const std::string& to,
               const std::string& start, const std::string& duration, const std::string& step,
               bool terminal_progress) {
  const Window w = ParseWindow(start, duration, step, 1);
  net::RouteRequest req;
  req.from = from, req.to = to, req.start = w.start;
  req.duration_ns = w.duration_ns, req.step_ns = w.step_ns;
  net::RunOptions run = n.flags.Run();
  run.progress = terminal_progress;
  StatusOr<net::RouteResult> result;
  {
    py::gil_scoped_release release;
    result = n.scenario->Route(req, run);
  }
  const net::RouteResult r = Unwrap(std::move(result));
  py::dict out = SeriesDict(r.series, *r.network, /*with_paths=*/true);
  out["node_names"] = NodeNames(*r.network);
  out["satellites"] = r.network->satellite_count();
  return out;
}

// Many pairs in one network (as `leotwin routes`): `pairs` as given, then every pair among the
// `top_cities` most populous cities. Progress (if any) is reported per group of pairs; each pair's
// series is independent of the others, so grouping does not change a number.
py::tuple Routes(const PyNetwork& n, const std::vector<std::pair<std::string, std::string>>& given,
                 int top_cities, const std::string& start, const std::string& duration,
                 const std::string& step, bool with_paths, py::object progress_callback) {
  if (top_cities < 0 || top_cities > 200) {
    ThrowInvalid(fmt::format("--top-cities: Value {} not in range 0 to 200", top_cities));
  }
  const int64_t top_pairs = int64_t{top_cities} * (top_cities - 1) / 2;
  Window w = ParseWindow(start, duration, step, std::max<int64_t>(top_pairs, 1));
  const net::NetScenario& scenario = *n.scenario;
  std::vector<std::pair<std::string, std::string>> named = given;
  for (const auto& [a, b] : given) {
    for (const std::string* place : {&a, &b}) Check(scenario.CheckPlace(*place));
  }
  const auto& cities = scenario.cities();
  const int top = std::min<int>(top_cities, static_cast<int>(cities.size()));
  for (int i = 0; i < top; ++i) {
    for (int j = i + 1; j < top; ++j) {
      named.emplace_back(fmt::format("{}, {}", cities[i].name, cities[i].country),
                         fmt::format("{}, {}", cities[j].name, cities[j].country));
    }
  }
  if (named.empty()) ThrowInvalid("no pairs: give pairs and/or top_cities");
  const TimeGrid grid =
      TimeGrid::Over(w.start.value_or(scenario.default_start()), w.duration_ns, w.step_ns);
  Check(net::CheckRouteSeriesSize(static_cast<int64_t>(named.size()), grid.count));
  std::vector<std::string> places;
  for (const auto& [a, b] : named) places.push_back(a), places.push_back(b);
  std::vector<int> idx;
  StatusOr<std::shared_ptr<const net::Network>> network;
  {
    py::gil_scoped_release release;
    network = scenario.BuildNetwork(places, &idx);
  }
  const std::shared_ptr<const net::Network> net_ptr = Unwrap(std::move(network));
  std::vector<std::pair<int, int>> pairs;
  for (size_t p = 0; p < named.size(); ++p) pairs.emplace_back(idx[2 * p], idx[2 * p + 1]);
  net::RunOptions run = n.flags.Run();
  run.interpolation_knot_ns = scenario.interpolation_knot_ns();
  run.progress = false;
  const Progress progress(std::move(progress_callback), static_cast<int64_t>(pairs.size()));
  const size_t group = progress.enabled() ? std::max<size_t>(1, pairs.size() / 20) : pairs.size();
  std::vector<net::PairSeries> series;
  for (size_t first = 0; first < pairs.size(); first += group) {
    const std::vector<std::pair<int, int>> part(
        pairs.begin() + static_cast<std::ptrdiff_t>(first),
        pairs.begin() + static_cast<std::ptrdiff_t>(std::min(pairs.size(), first + group)));
    StatusOr<std::vector<net::PairSeries>> done;
    {
      py::gil_scoped_release release;
      done = net::RouteSeries(*net_ptr, scenario.ephemeris(), part, grid, run);
    }
    for (auto& s : Unwrap(std::move(done))) series.push_back(std::move(s));
    progress.Report(static_cast<int64_t>(series.size()));
  }
  py::list out;
  for (const auto& s : series) out.append(SeriesDict(s, *net_ptr, with_paths));
  return py::make_tuple(out, with_paths ? py::object(NodeNames(*net_ptr)) : py::object(py::none()));
}

}  // namespace

void RegisterNetwork(py::module_& m) {
  py::class_<PyNetwork, std::shared_ptr<PyNetwork>>(
      m, "NetScenario", "A loaded network scenario (build with leotwin.Network(...)).")
      .def_readonly("argv", &PyNetwork::argv)
      .def_property_readonly("constellation_name",
                             [](const PyNetwork& n) { return n.scenario->constellation().name; })
      .def_property_readonly("satellites",
                             [](const PyNetwork& n) { return n.scenario->constellation().size(); })
      .def_property_readonly("lasers", [](const PyNetwork& n) { return n.scenario->lasers(); })
      .def_property_readonly(
          "default_start_ns",
          [](const PyNetwork& n) { return n.scenario->default_start().unix_nanos(); })
      .def_property_readonly("skipped_count",
                             [](const PyNetwork& n) { return n.scenario->skipped_count(); })
      .def_property_readonly("infrastructure",
                             [](const PyNetwork& n) {
                               py::list out;
                               for (const auto& g : n.scenario->infrastructure()) {
                                 out.append(py::make_tuple(g.name, g.lat_deg, g.lon_deg));
                               }
                               return out;
                             })
      .def("check_place", [](const PyNetwork& n, const std::string& place) {
        Check(n.scenario->CheckPlace(place));
      });
  m.def("load_network", &Load, py::arg("argv"));
  m.def("route", &Route, py::arg("network"), py::arg("from_place"), py::arg("to_place"),
        py::arg("start"), py::arg("duration"), py::arg("step"), py::arg("terminal_progress"));
  m.def("routes", &Routes, py::arg("network"), py::arg("pairs"), py::arg("top_cities"),
        py::arg("start"), py::arg("duration"), py::arg("step"), py::arg("with_paths"),
        py::arg("progress"));
}

}  // namespace leotwin::python
