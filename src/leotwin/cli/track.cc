// `leotwin track`: a terminal's-eye view along a track (GPX, CSV, GeoJSON): per instant the
// policy decision and the ledger entry behind it, the serving satellite and the route to a
// destination, and one state (connected, denied, no_satellite, no_route).
//
//   leotwin track --track drive.gpx --terminal UA-R-0417 --db state/demo/ledger.db --to Kyiv
//   leotwin track --track ship.csv --kind maritime --no-policy --format geojson -o ship.geojson
#include "leotwin/track/track.h"

#include <omp.h>

#include <chrono>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "CLI/CLI.hpp"
#include "fmt/format.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/cli/net_flags.h"
#include "leotwin/cli/policy/policy_common.h"
#include "leotwin/net/scenario.h"
#include "leotwin/track/evaluate.h"
#include "leotwin/track/export.h"

namespace leotwin::cli {
namespace {

struct TrackFlags {
  NetFlags net;
  std::string track, terminal, kind, to = "internet", db, format = "table", output;
  bool no_policy = false;
  std::string refused_threads, refused_method;  // given: refused (see the registration)
};

Status RunTrack(const TrackFlags& f) {
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& [name, value] :
       {std::pair{"--threads", &f.refused_threads}, std::pair{"--method", &f.refused_method}}) {
    if (!value->empty()) {
      return absl::InvalidArgumentError(
          fmt::format("{} is not an option of track: it evaluates the track in one pass on one "
                      "thread, routing each instant with its own exact router (docs/track.md)",
                      name));
    }
  }
  if (f.terminal.empty() == f.kind.empty()) {
    return absl::InvalidArgumentError(
        "give exactly one of --terminal ID (registered in the ledger) or --kind KIND (ad hoc)");
  }
  if (!f.terminal.empty() && f.no_policy) {
    return absl::InvalidArgumentError("--terminal needs the ledger; --no-policy takes --kind");
  }
  track::TerminalSpec who = track::TerminalSpec::Registered(f.terminal);
  if (!f.kind.empty()) {
    LEOTWIN_ASSIGN_OR_RETURN(const policy::TerminalKind kind, policy::ParseTerminalKind(f.kind));
    who = track::TerminalSpec::AdHoc(kind);
  }
  // Inputs first (cheap), then the ledger, then the constellation (seconds).
  LEOTWIN_ASSIGN_OR_RETURN(const track::Track path, track::ReadTrackFile(f.track));
  SimTime start = path.start();
  if (!f.net.start.empty()) {
    LEOTWIN_ASSIGN_OR_RETURN(start, ParseInstantFlag("--start", f.net.start));
  }
  int64_t step = SimTime::kNanosPerSecond;
  if (!f.net.step.empty()) {
    LEOTWIN_ASSIGN_OR_RETURN(step, ParseDurationFlag("--step", f.net.step));
  }
  int64_t duration = path.end() - start;
  if (!f.net.duration.empty()) {
    LEOTWIN_ASSIGN_OR_RETURN(duration, ParseDurationFlag("--duration", f.net.duration, true));
  }
  if (duration < 0) {
    return absl::OutOfRangeError(fmt::format("--start {} is after the track's last fix {}",
                                             start.ToIso8601(), path.end().ToIso8601()));
  }
  LEOTWIN_RETURN_IF_ERROR(CheckWorkBound(duration / step + 1, track::kMaxInstants, "instants"));
  const TimeGrid grid = TimeGrid::Over(start, duration, step);
  if (grid.start < path.start() || grid.end() > path.end()) {
    return absl::OutOfRangeError(fmt::format(
        "the window {} .. {} is not within the track's {} .. {}", grid.start.ToIso8601(),
        grid.end().ToIso8601(), path.start().ToIso8601(), path.end().ToIso8601()));
  }
  std::optional<ledger::Ledger> ledger;
  track::PolicyHistory history = track::PolicyHistory::None();
  std::string policy_text = "none (every instant allowed)";
  if (!f.no_policy) {
    LEOTWIN_ASSIGN_OR_RETURN(ledger, policy_cli::OpenForRead(f.db));
    LEOTWIN_ASSIGN_OR_RETURN(history,
                             track::PolicyHistory::FromLedger(*ledger, grid.start, grid.end()));
    policy_text = fmt::format("ledger {} ({} state{} in the window)", policy_cli::DbPath(f.db),
                              history.size(), history.size() == 1 ? "" : "s");
  }
  LEOTWIN_ASSIGN_OR_RETURN(net::NetScenarioOptions options, f.net.Scenario());
  // The Internet is reached at a PoP: gateways and PoPs are needed even with lasers.
  if (f.to == "internet" && f.net.gateways == "auto") options.gateways = net::GatewayMode::kDefault;
  LEOTWIN_ASSIGN_OR_RETURN(const net::NetScenario scenario, net::NetScenario::Load(options));
  ReportSkipped(f.net.constellation, scenario.skipped_count(), scenario.skipped());
  LEOTWIN_ASSIGN_OR_RETURN(
      const track::NetSetup setup,
      track::NetSetup::Create(scenario, f.to, path.fixes()[0].lat_deg, path.fixes()[0].lon_deg));
  // One thread: a knot propagates the constellation every ten or so instants, too little work to
  // pay for waking an OpenMP team each time (on a busy machine the team's spinning costs several
  // times the work: 56 s instead of 18 s for 86,400 instants under a load of 7 on 2 cores).
  omp_set_num_threads(1);
  LEOTWIN_ASSIGN_OR_RETURN(
      const track::TrackResult result,
      track::Evaluate(path, who, history, setup, {.grid = grid, .progress = true}));
  const track::RunDescription d{.track_source = f.track,
                                .fixes = static_cast<int64_t>(path.fixes().size()),
                                .length_km = path.length_km(),
                                .constellation = scenario.constellation().name,
                                .satellites = setup.network->satellite_count(),
                                .policy = policy_text};
  const net::Network& network = *setup.network;
  const auto write = [&](std::ostream& out) -> Status {
    if (f.format == "table") track::WriteTable(result, d, network, out);
    if (f.format == "csv") track::WriteCsv(result, network, out);
    if (f.format == "json") out << track::ToJson(result, d, network).dump() << '\n';
    if (f.format == "geojson") out << track::ToGeoJson(result, network).dump() << '\n';
    return absl::OkStatus();
  };
  if (f.output.empty() || f.output == "-") {
    std::ostringstream text;
    LEOTWIN_RETURN_IF_ERROR(write(text));
    fmt::print("{}", text.str());
  } else {
    LEOTWIN_RETURN_IF_ERROR(WriteOutput(f.output, write));
    if (f.format != "table") {
      std::ostringstream table;
      track::WriteTable(result, d, network, table);
      fmt::print("{}", table.str());
    }
    fmt::print("wrote {} ({} instants, {})\n", f.output, result.samples.size(), f.format);
  }
  if (f.format == "table" || !f.output.empty()) PrintElapsed(t0);
  return absl::OkStatus();
}

LEOTWIN_REGISTER_COMMAND(62, [](CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "track",
      "A terminal's-eye view along a track (GPX 1.1, CSV time,lat,lon[,alt], or GeoJSON "
      "LineString with times): per instant the policy decision and the ledger entry behind it, "
      "the serving satellite, the route and RTT to a destination, and one state (connected, "
      "denied, no_satellite, no_route); the timeline of transitions and the time per state.\n"
      "Example: leotwin track --track drive.gpx --terminal UA-R-0417 --db "
      "state/demo/ledger.db --to Kyiv --step 1s");
  auto f = std::make_shared<TrackFlags>();
  cmd->add_option("--track", f->track, "Track file: .gpx, .csv or .geojson/.json")
      ->required()
      ->check(kNonEmptyPath);
  cmd->add_option("--terminal", f->terminal, "A terminal registered in the ledger");
  cmd->add_option("--kind", f->kind,
                  "Instead: an ad hoc terminal of this kind (fixed, roam, maritime, aviation, "
                  "government), its service address the track's first fix");
  cmd->add_option("--to", f->to,
                  "Destination: a place (\"Kyiv\", \"lat,lon\") or internet (the PoP nearest the "
                  "terminal at each instant; turns the default gateways and PoPs on)")
      ->capture_default_str();
  cmd->add_option("--db,--ledger", f->db, policy_cli::kDbHelp)->check(kNonEmptyPath);
  cmd->add_flag("--no-policy", f->no_policy,
                "No ledger: every instant allowed (the network-only view; needs --kind)");
  // The window defaults to the whole track at 1 s (empty = default).
  f->net.duration.clear();
  f->net.step.clear();
  f->net.Add(cmd);
  // The evaluation is one pass on one thread with its own router (docs/track.md): route's
  // --threads and --method would be silently ignored, so RunTrack refuses them with the reason.
  for (auto [name, value] :
       {std::pair{"--threads", &f->refused_threads}, std::pair{"--method", &f->refused_method}}) {
    cmd->remove_option(cmd->get_option(name));
    cmd->add_option(name, *value, "Not taken by track")->group("");  // hidden from --help
  }
  cmd->get_option("--start")->description("First instant (default: the track's first fix)");
  cmd->get_option("--duration")->description("Window length (default: to the track's last fix)");
  cmd->get_option("--step")->description("Time step (default 1s)");
  cmd->add_option("--format", f->format, "table | csv | json | geojson")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "csv", "json", "geojson"}));
  cmd->add_option("-o,--output", f->output,
                  "Write the output here (written whole or not at all); default stdout")
      ->check(kNonEmptyPath);
  cmd->callback(Runs([f] { return RunTrack(*f); }));
});

}  // namespace
}  // namespace leotwin::cli
