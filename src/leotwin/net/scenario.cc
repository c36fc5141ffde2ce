#include "leotwin/net/scenario.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "fmt/format.h"
#include "leotwin/net/hypatia_input.h"
#include "leotwin/net/propagator_ephemeris.h"
#include "leotwin/net/slot_inference.h"
#include "leotwin/orbit/constellation_source.h"
#include "leotwin/orbit/walker.h"

namespace leotwin::net {
namespace {

// Whether `name` is a file (not a preset) that starts like a Hypatia tles.txt.
StatusOr<bool> IsHypatiaTlesFile(const std::string& name) {
  for (const auto& preset : orbit::ConstellationPresets()) {
    if (preset.name == name) return false;
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(name, ec)) return false;
  std::ifstream in(name, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return LooksLikeHypatiaTles(head);
}

}  // namespace

StatusOr<NetScenario> NetScenario::Load(const NetScenarioOptions& options) {
  NetScenario s;
  orbit::LoadedConstellation loaded;
  LEOTWIN_ASSIGN_OR_RETURN(const bool hypatia, IsHypatiaTlesFile(options.constellation));
  if (hypatia) {
    LEOTWIN_ASSIGN_OR_RETURN(loaded.constellation, ReadHypatiaTlesFile(options.constellation));
    s.hypatia_tles_ = true;
  } else {
    orbit::ConstellationSourceOptions source;
    source.preset_epoch = options.preset_epoch;
    LEOTWIN_ASSIGN_OR_RETURN(loaded, orbit::LoadConstellation(options.constellation, source));
  }
  if (loaded.constellation.size() == 0) {
    return absl::InvalidArgumentError(
        fmt::format("constellation '{}' has no satellites", options.constellation));
  }
  s.skipped_count_ = loaded.skipped_count;
  s.skipped_ = loaded.skipped;
  bool slotted = loaded.constellation.slots.size() == loaded.constellation.size();
  for (const auto& slot : loaded.constellation.slots) slotted &= slot.shell >= 0;
  s.network_options_ = options.network;
  s.network_options_.lasers.hypatia_grid = s.hypatia_tles_;
  // An explicit laser list (Hypatia's isls.txt) replaces the +Grid rule.
  const bool explicit_lasers = !options.isls_file.empty() && options.lasers != LaserMode::kNone;
  if (explicit_lasers) {
    LEOTWIN_ASSIGN_OR_RETURN(
        s.network_options_.lasers.explicit_links,
        ReadHypatiaIslsFile(options.isls_file,
                            static_cast<int64_t>(loaded.constellation.elements.size())));
    s.network_options_.lasers.topology = LaserOptions::Topology::kExplicit;
  }
  switch (explicit_lasers ? LaserMode::kNone : options.lasers) {
    case LaserMode::kAuto:
      s.network_options_.lasers.topology =
          slotted ? LaserOptions::Topology::kPlusGrid : LaserOptions::Topology::kNone;
      break;
    case LaserMode::kPlusGrid:
      if (!slotted) {
        // An element file: infer shells and planes (satellites outside them get no lasers).
        LEOTWIN_ASSIGN_OR_RETURN(SlotInference inferred,
                                 AssignInferredSlots(&loaded.constellation));
        if (inferred.shells.empty()) {
          return absl::InvalidArgumentError(fmt::format(
              "constellation '{}': no shell of planes could be inferred from its elements for "
              "+Grid lasers; use lasers = none for bent pipe",
              options.constellation));
        }
        s.network_options_.lasers.inferred_slots = true;
        s.inferred_ = std::move(inferred);
      }
      s.network_options_.lasers.topology = LaserOptions::Topology::kPlusGrid;
      break;
    case LaserMode::kNone:
      if (!explicit_lasers) s.network_options_.lasers.topology = LaserOptions::Topology::kNone;
      break;
  }
  const bool lasers = s.network_options_.lasers.topology != LaserOptions::Topology::kNone;
  s.network_options_.egress = options.egress.value_or(lasers ? Egress::kSatellite : Egress::kPop);
  LEOTWIN_ASSIGN_OR_RETURN(auto cities, LoadBundledCities(options.data_dir));
  s.cities_ = std::make_shared<const std::vector<GroundNode>>(std::move(cities));
  const bool gateways = options.gateways == GatewayMode::kDefault ||
                        (options.gateways == GatewayMode::kAuto && !lasers);
  if (gateways) {
    for (auto& g : PlaceSites(*s.cities_, GroundKind::kGateway, DefaultGatewayRule())) {
      s.infrastructure_.push_back(std::move(g));
    }
    for (auto& p : PlaceSites(*s.cities_, GroundKind::kPop, DefaultPopRule())) {
      s.infrastructure_.push_back(std::move(p));
    }
  }
  if (!options.ground_file.empty()) {
    LEOTWIN_ASSIGN_OR_RETURN(auto extra,
                             ReadGroundFile(options.ground_file, GroundKind::kTerminal));
    for (auto& n : extra) s.infrastructure_.push_back(std::move(n));
  }
  s.default_start_ = options.preset_epoch;
  if (!loaded.from_preset) {
    SimTime latest = loaded.constellation.elements[0].epoch;
    for (const auto& e : loaded.constellation.elements) latest = std::max(latest, e.epoch);
    s.default_start_ = latest;
  }
  LEOTWIN_ASSIGN_OR_RETURN(auto eph, PropagatorEphemeris::Create(loaded.constellation.elements));
  s.ephemeris_ = std::make_shared<const PropagatorEphemeris>(std::move(eph));
  s.constellation_ = std::make_shared<const orbit::Constellation>(std::move(loaded.constellation));
  s.knot_ns_ = options.interpolation_knot_ns;
  // Validate the options once (errors surface at load, not at the first request).
  LEOTWIN_RETURN_IF_ERROR(
      Network::Create(*s.constellation_, s.infrastructure_, s.network_options_).status());
  return s;
}

Status NetScenario::CheckPlace(const std::string& place) const {
  for (const GroundNode& node : infrastructure_) {
    if (node.name == place) return absl::OkStatus();
  }
  return ResolvePlace(*cities_, place, GroundKind::kCity).status();
}

StatusOr<std::shared_ptr<const Network>> NetScenario::BuildNetwork(
    const std::vector<std::string>& places, std::vector<int>* indices) const {
  std::vector<GroundNode> ground = infrastructure_;
  indices->clear();
  for (const auto& place : places) {
    // A place already in the infrastructure (by exact name) is used as it is.
    int found = -1;
    for (size_t g = 0; g < ground.size(); ++g) {
      if (ground[g].name == place) found = static_cast<int>(g);
    }
    if (found < 0) {
      // Coordinates become endpoints like cities (every visible satellite); single-link user
      // terminals come from a ground file with kind = terminal.
      auto node = ResolvePlace(*cities_, place, GroundKind::kCity);
      if (!node.ok()) return node.status();
      for (size_t g = 0; g < ground.size(); ++g) {
        if (ground[g].name == node->name && ground[g].lat_deg == node->lat_deg &&
            ground[g].lon_deg == node->lon_deg && ground[g].kind == node->kind) {
          found = static_cast<int>(g);
        }
      }
      if (found < 0) {
        ground.push_back(std::move(*node));
        found = static_cast<int>(ground.size()) - 1;
      }
    }
    indices->push_back(found);
  }
  LEOTWIN_ASSIGN_OR_RETURN(auto net,
                           Network::Create(*constellation_, std::move(ground), network_options_));
  return std::make_shared<const Network>(std::move(net));
}

StatusOr<RouteResult> NetScenario::Route(const RouteRequest& request, RunOptions run) const {
  if (request.step_ns <= 0 || request.duration_ns < 0) {
    return absl::InvalidArgumentError("step must be > 0 and duration >= 0");
  }
  // The series bound (CheckRouteSeriesSize) is RouteSeries' own, checked there for every caller.
  std::vector<int> idx;
  LEOTWIN_ASSIGN_OR_RETURN(auto network, BuildNetwork({request.from, request.to}, &idx));
  if (idx[0] == idx[1]) {
    return absl::InvalidArgumentError(
        fmt::format("\"{}\" and \"{}\" are the same place ({}); a route needs two places",
                    request.from, request.to, network->ground()[idx[0]].name));
  }
  const TimeGrid grid =
      TimeGrid::Over(request.start.value_or(default_start_), request.duration_ns, request.step_ns);
  if (run.interpolation_knot_ns == 0) run.interpolation_knot_ns = knot_ns_;
  LEOTWIN_ASSIGN_OR_RETURN(auto series,
                           RouteSeries(*network, *ephemeris_, {{idx[0], idx[1]}}, grid, run));
  RouteResult result;
  result.series = std::move(series[0]);
  result.network = std::move(network);
  return result;
}

}  // namespace leotwin::net
