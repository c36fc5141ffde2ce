#include "leotwin/track/evaluate.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "fmt/format.h"
#include "leotwin/base/check.h"
#include "leotwin/base/constants.h"
#include "leotwin/base/progress.h"
#include "leotwin/geo/territories.h"
#include "leotwin/ledger/encoding.h"
#include "leotwin/ledger/ledger_state.h"
#include "leotwin/net/ephemeris.h"
#include "leotwin/net/router.h"
#include "leotwin/orbit/frames.h"
#include "leotwin/orbit/geodesy.h"
#include "leotwin/policy/compiled_index.h"

namespace leotwin::track {
namespace {

using net::kInfinity;

// ---------------------------------------------------------------------------------------------
// The terminal's view of the satellites: the predicate of net::BuildSnapshot for one ground node
// (same arithmetic, so the same satellites pass and the same one is chosen).

struct Link {
  double key;
  int32_t sat;
  double r2;
};

struct TerminalView {
  int32_t in_view = 0;
  std::vector<Link> links;  // the terminal's links (its max_links by its choice), best first
  double sin_el_best = 0;
};

double SinElevation(const EcefVector& g, const EcefVector& n, const EcefVector& sat) {
  const EcefVector d = sat - g;
  const double r = d.Norm();
  return r > 0.0 ? d.Dot(n) / r : 1.0;
}

void ViewFrom(const net::GroundLinkRules& r, const TrackPoint& at,
              const net::EcefStatesView& states, TerminalView* view) {
  const EcefVector p = orbit::GeodeticToEcef(at.lat_deg, at.lon_deg, at.alt_m * 1e-3);
  const EcefVector n = orbit::GeodeticUp(at.lat_deg, at.lon_deg);
  view->links.clear();
  view->in_view = 0;
  if (!r.satellite_links) return;
  const double sm = std::sin(r.min_elevation_deg * kDegToRad);
  const double s2 = sm * sm;
  const bool nonneg_mask = r.min_elevation_deg >= 0.0;
  const double range2 =
      r.max_slant_range_km > 0.0 ? r.max_slant_range_km * r.max_slant_range_km : kInfinity;
  const size_t S = states.size();
  for (size_t i = 0; i < S; ++i) {
    const double dx = states.x[i] - p.x, dy = states.y[i] - p.y, dz = states.z[i] - p.z;
    const double dn = dx * n.x + dy * n.y + dz * n.z;
    if (nonneg_mask && dn < 0.0) continue;
    const double r2 = dx * dx + dy * dy + dz * dz;
    const bool above = nonneg_mask ? dn * dn >= s2 * r2 : (dn >= 0.0 || dn * dn <= s2 * r2);
    if (!above || r2 > range2 || !states.valid(i)) continue;
    view->links.push_back({0.0, static_cast<int32_t>(i), r2});
  }
  view->in_view = static_cast<int32_t>(view->links.size());
  if (view->links.empty()) return;
  for (Link& c : view->links) {
    const EcefVector sat{states.x[c.sat], states.y[c.sat], states.z[c.sat]};
    c.key = r.choice == net::SatelliteChoice::kNearest ? c.r2 : -SinElevation(p, n, sat);
  }
  std::sort(view->links.begin(), view->links.end(), [](const Link& a, const Link& b) {
    return a.key < b.key || (a.key == b.key && a.sat < b.sat);
  });
  if (r.max_links > 0 && static_cast<int>(view->links.size()) > r.max_links) {
    view->links.resize(r.max_links);
  }
  const Link& best = view->links.front();
  view->sin_el_best =
      SinElevation(p, n, EcefVector{states.x[best.sat], states.y[best.sat], states.z[best.sat]});
}

// The terminal's links in the snapshot: the network's last ground node is the terminal, placed at
// the track's first fix when the network was built; its links are replaced by those of its
// position now (in increasing satellite order, as BuildSnapshot stores them). The by-satellite
// lists keep the placeholder's links: edges into the terminal, which is only ever the source of a
// route (it relays nothing), so they never shorten a path.
void SetTerminalLinks(const NetSetup& setup, const TerminalView& view, net::Snapshot* s) {
  const int g = setup.terminal_node;
  s->gsl_sat.resize(static_cast<size_t>(s->gsl_begin[g]));
  s->gsl_ms.resize(static_cast<size_t>(s->gsl_begin[g]));
  std::vector<Link> links = view.links;
  std::sort(links.begin(), links.end(), [](const Link& a, const Link& b) { return a.sat < b.sat; });
  for (const Link& l : links) {
    s->gsl_sat.push_back(l.sat);
    s->gsl_ms.push_back(net::VacuumMs(std::sqrt(l.r2)));
  }
  s->gsl_begin[g + 1] = static_cast<int32_t>(s->gsl_sat.size());
}

// Routes the terminal (source 0 of `router`) to the destination at this snapshot, as `leotwin
// route` routes a terminal ground node: RTT = 2 x the one-way shortest delay.
void RouteFrom(const NetSetup& setup, const TerminalView& view, net::Snapshot* s,
               net::Router* router, std::vector<int32_t>* path, Sample* out) {
  SetTerminalLinks(setup, view, s);
  router->Route(*s);
  const double ms = router->OneWayMs(0, 0);
  out->rtt_ms = ms < kInfinity ? 2.0 * ms : kInfinity;
  router->Path(0, 0, path);
  out->hops = path->empty() ? 0 : static_cast<int32_t>(path->size()) - 1;
}

// --- The local snapshot --------------------------------------------------------------------
// Every link's delay is at least its straight-line length over c (lasers and ground links travel
// in vacuum; fiber runs 1.47 times slower along a great circle longer than the chord), so a node
// at straight-line distance L from the terminal is at least L / c away along any path. A route
// whose one-way delay is at most `bound_ms` therefore settles only nodes within R = c * bound_ms
// of the terminal, and relaxes only the links of such nodes. The local snapshot computes exactly
// those (lasers with an end within R, ground links to satellites within R, by BuildSnapshot's
// arithmetic) and leaves the rest down. Dijkstra on it finds the true shortest delay whenever
// that delay is at most the bound (every node of the true path is then within R with its links);
// a longer or no route is recomputed on the full snapshot. Exact only when no ground node but the
// terminal chooses among its visible satellites (max_links), which NetSetup checks.
class LocalSnapshot {
 public:
  // Builds the links within `radius_km` of `terminal` into `s` (after SetTerminalLinks' layout).
  void Build(const NetSetup& setup, SimTime t, const net::EcefStatesView& st,
             const EcefVector& terminal, double radius_km, net::Snapshot* s) {
    const net::Network& net = *setup.network;
    const int S = net.satellite_count();
    const int G = net.ground_count();
    s->time = t;
    s->sat_valid.resize(S);
    for (int i = 0; i < S; ++i) s->sat_valid[i] = st.valid(i) ? 1 : 0;
    s->isl_ms.assign(net.isls().size(), kInfinity);  // not read by the router
    if (dirty_ || s->isl_slot_ms.size() != net.isl_slot_node().size()) {
      dirty_ = false;
      s->isl_slot_ms.assign(net.isl_slot_node().size(), kInfinity);
      set_slots_.clear();
    }
    for (const int32_t k : set_slots_) s->isl_slot_ms[k] = kInfinity;
    set_slots_.clear();
    near_.clear();
    const double r2max = radius_km * radius_km;
    for (int i = 0; i < S; ++i) {
      const double dx = st.x[i] - terminal.x, dy = st.y[i] - terminal.y, dz = st.z[i] - terminal.z;
      if (dx * dx + dy * dy + dz * dz <= r2max) near_.push_back(i);
    }
    // Lasers of near satellites (both slots of each link, as the router reads them).
    const auto& lo = net.options().lasers;
    const double max_range2 = lo.max_range_km * lo.max_range_km;
    const auto& isls = net.isls();
    for (const int u : near_) {
      for (int32_t k = net.IslSlotBegin(u); k < net.IslSlotBegin(u + 1); ++k) {
        const auto& link = isls[net.isl_slot_link()[k]];
        const int a = link.a, b = link.b;
        double ms = kInfinity;
        if (s->sat_valid[a] && s->sat_valid[b]) {
          const EcefVector pa{st.x[a], st.y[a], st.z[a]};
          const EcefVector pb{st.x[b], st.y[b], st.z[b]};
          const EcefVector d = pb - pa;
          const double r2 = d.Dot(d);
          if (r2 <= max_range2 && net::LineOfSightClears(pa, pb, lo.atmosphere_km)) {
            ms = net::VacuumMs(std::sqrt(r2));
          }
        }
        s->isl_slot_ms[k] = ms;
        set_slots_.push_back(k);
      }
    }
    // Ground links to near satellites (every candidate: no ground node here chooses).
    s->gsl_begin.assign(G + 1, 0);
    s->gsl_sat.clear();
    s->gsl_ms.clear();
    for (int g = 0; g < G; ++g) {
      s->gsl_begin[g] = static_cast<int32_t>(s->gsl_sat.size());
      const net::GroundLinkRules& r = net.rules(g);
      if (g == setup.terminal_node || !r.satellite_links) continue;
      const EcefVector& p = net.ground_ecef(g);
      const EcefVector& n = net.ground_up(g);
      const double sm = std::sin(r.min_elevation_deg * kDegToRad);
      const double s2 = sm * sm;
      const bool nonneg_mask = r.min_elevation_deg >= 0.0;
      const double range2 =
          r.max_slant_range_km > 0.0 ? r.max_slant_range_km * r.max_slant_range_km : kInfinity;
      for (const int i : near_) {
        const double dx = st.x[i] - p.x, dy = st.y[i] - p.y, dz = st.z[i] - p.z;
        const double dn = dx * n.x + dy * n.y + dz * n.z;
        if (nonneg_mask && dn < 0.0) continue;
        const double r2 = dx * dx + dy * dy + dz * dz;
        const bool above = nonneg_mask ? dn * dn >= s2 * r2 : (dn >= 0.0 || dn * dn <= s2 * r2);
        if (!above || r2 > range2 || !s->sat_valid[i]) continue;
        s->gsl_sat.push_back(i);
        s->gsl_ms.push_back(net::VacuumMs(std::sqrt(r2)));
      }
    }
    s->gsl_begin[G] = static_cast<int32_t>(s->gsl_sat.size());
    // By satellite (counting sort, ground nodes in increasing order).
    s->sat_gsl_begin.assign(S + 1, 0);
    for (const int32_t sat : s->gsl_sat) ++s->sat_gsl_begin[sat + 1];
    for (int i = 0; i < S; ++i) s->sat_gsl_begin[i + 1] += s->sat_gsl_begin[i];
    s->sat_gsl_ground.resize(s->gsl_sat.size());
    s->sat_gsl_ms.resize(s->gsl_sat.size());
    fill_.assign(s->sat_gsl_begin.begin(), s->sat_gsl_begin.end() - 1);
    for (int g = 0; g < G; ++g) {
      for (int32_t k = s->gsl_begin[g]; k < s->gsl_begin[g + 1]; ++k) {
        const int32_t sat = s->gsl_sat[k];
        s->sat_gsl_ground[fill_[sat]] = g;
        s->sat_gsl_ms[fill_[sat]++] = s->gsl_ms[k];
      }
    }
  }

  // The snapshot was overwritten in full (BuildSnapshot): every laser is reset at the next Build.
  void Invalidate() { dirty_ = true; }

 private:
  bool dirty_ = true;
  std::vector<int> near_;
  std::vector<int32_t> set_slots_;
  std::vector<int32_t> fill_;
};

net::Router MakeRouter(const NetSetup& setup, int destination, net::RoutingMethod method) {
  return net::Router(*setup.network, {setup.terminal_node}, {{destination}}, method);
}

// The ad hoc terminal over `policy`: service address at the track's first fix.
policy::Terminal AdHocTerminal(const policy::Policy& policy, const TerminalSpec& spec,
                               const Track& track) {
  policy::Terminal t;
  t.id = spec.Name();
  t.kind = *spec.kind;
  t.service_lat_deg = track.fixes().front().lat_deg;
  t.service_lon_deg = track.fixes().front().lon_deg;
  t.service_territory = policy.territories().LocateDirect(t.service_lat_deg, t.service_lon_deg);
  return t;
}

DecisionInfo Explained(const ledger::LedgerState& state, policy::Decision d) {
  DecisionInfo info;
  if (d.ledger_entry_id != policy::kNoLedgerEntry) {
    if (const ledger::ProposalRecord* r = state.FindProposalBySeq(d.ledger_entry_id)) {
      info.rule = ledger::Provenance::Of(*r, state.model());
    }
  }
  info.decision = std::move(d);
  return info;
}

void SetServingPosition(const net::EcefStatesView& v, Sample* s) {
  const orbit::Geodetic g =
      orbit::EcefToGeodetic(EcefVector{v.x[s->serving], v.y[s->serving], v.z[s->serving]});
  s->serving_lat_deg = static_cast<float>(g.latitude_deg);
  s->serving_lon_deg = static_cast<float>(g.longitude_deg);
  s->serving_alt_km = static_cast<float>(g.height_km);
}

void SetState(Sample* s, bool allowed) {
  if (!allowed) {
    s->state = State::kDenied;
  } else if (s->in_view == 0) {
    s->state = State::kNoSatellite;
  } else {
    s->state = s->rtt_ms < kInfinity ? State::kConnected : State::kNoRoute;
  }
}

Status CheckGrid(const Track& track, const TimeGrid& grid) {
  if (grid.count < 1 || grid.step_ns <= 0) return absl::InvalidArgumentError("empty time grid");
  if (grid.count > kMaxInstants) {
    return absl::OutOfRangeError(
        fmt::format("{} instants: more than the {} one evaluation holds (use a longer --step)",
                    grid.count, kMaxInstants));
  }
  if (grid.start < track.start() || grid.end() > track.end()) {
    return absl::OutOfRangeError(fmt::format(
        "the window {} .. {} is not within the track's {} .. {}", grid.start.ToIso8601(),
        grid.end().ToIso8601(), track.start().ToIso8601(), track.end().ToIso8601()));
  }
  return absl::OkStatus();
}

TrackResult NewResult(const TerminalSpec& terminal, const NetSetup& net, const TimeGrid& grid) {
  TrackResult r;
  r.terminal = terminal.Name();
  r.destination = net.destination_name;
  r.grid = grid;
  r.samples.reserve(static_cast<size_t>(grid.count));
  return r;
}

}  // namespace

std::string_view StateName(State s) {
  switch (s) {
    case State::kConnected:
      return "connected";
    case State::kDenied:
      return "denied";
    case State::kNoSatellite:
      return "no_satellite";
    case State::kNoRoute:
      return "no_route";
  }
  return "?";
}

std::string TerminalSpec::Name() const {
  if (!id.empty()) return id;
  return kind ? fmt::format("ad-hoc-{}", policy::TerminalKindName(*kind)) : "ad-hoc";
}

// ---------------------------------------------------------------------------------------------

StatusOr<PolicyHistory> PolicyHistory::FromLedger(ledger::Ledger& ledger, SimTime start,
                                                  SimTime end) {
  LEOTWIN_DCHECK(start <= end);
  LEOTWIN_ASSIGN_OR_RETURN(const std::vector<ledger::Entry> entries, ledger.Entries());
  std::vector<SimTime> changes = {start};
  for (const ledger::Entry& e : entries) {
    if (e.timestamp > start && e.timestamp <= end && e.timestamp != changes.back()) {
      changes.push_back(e.timestamp);
    }
  }
  PolicyHistory h;
  h.enabled_ = true;
  for (const SimTime t : changes) {
    LEOTWIN_ASSIGN_OR_RETURN(ledger::LedgerState state, ledger.StateAt(t));
    h.from_.push_back(t);
    h.states_.push_back(std::make_shared<const ledger::LedgerState>(std::move(state)));
  }
  return h;
}

int PolicyHistory::SegmentAt(SimTime t, int hint) const {
  int s = std::clamp(hint, 0, size() - 1);
  if (from_[s] > t) s = 0;
  while (s + 1 < size() && from_[s + 1] <= t) ++s;
  return s;
}

StatusOr<NetSetup> NetSetup::Create(const net::NetScenario& scenario, const std::string& to,
                                    double lat0_deg, double lon0_deg) {
  NetSetup setup;
  setup.scenario = &scenario;
  const bool internet = to == "internet";
  std::vector<net::GroundNode> ground;
  if (internet) {
    // The Internet is reached at a PoP. A scenario without PoPs (lasers, gateways off: the
    // server's) gets the default gateways and PoPs, placed as `--gateways default` places them,
    // in this network only.
    ground = scenario.infrastructure();
    const auto is_pop = [](const net::GroundNode& g) { return g.kind == net::GroundKind::kPop; };
    if (std::none_of(ground.begin(), ground.end(), is_pop)) {
      for (auto kind : {net::GroundKind::kGateway, net::GroundKind::kPop}) {
        const net::SitePlacementRule rule =
            kind == net::GroundKind::kPop ? net::DefaultPopRule() : net::DefaultGatewayRule();
        for (net::GroundNode& site : net::PlaceSites(scenario.cities(), kind, rule)) {
          ground.push_back(std::move(site));
        }
      }
    }
    for (int g = 0; g < static_cast<int>(ground.size()); ++g) {
      if (is_pop(ground[g])) setup.pops.push_back(g);
    }
    if (setup.pops.empty()) {
      return absl::FailedPreconditionError(
          "--to internet needs a PoP in the ground segment (gateways and PoPs: --gateways "
          "default, or a --ground file with PoPs)");
    }
  } else {
    std::vector<int> idx;
    LEOTWIN_ASSIGN_OR_RETURN(const std::shared_ptr<const net::Network> base,
                             scenario.BuildNetwork({to}, &idx));
    setup.destination = idx[0];
    ground = base->ground();
  }
  // The same network plus the terminal as its last ground node (a placeholder position: its
  // links are set per instant, see SetTerminalLinks).
  net::GroundNode terminal;
  terminal.name = "track terminal";
  terminal.kind = net::GroundKind::kTerminal;
  terminal.lat_deg = lat0_deg;
  terminal.lon_deg = lon0_deg;
  ground.push_back(terminal);
  LEOTWIN_ASSIGN_OR_RETURN(net::Network network,
                           net::Network::Create(scenario.constellation(), std::move(ground),
                                                scenario.network_options()));
  setup.network = std::make_shared<const net::Network>(std::move(network));
  setup.terminal_node = setup.network->ground_count() - 1;
  if (internet) setup.destination = setup.DestinationFor(lat0_deg, lon0_deg);
  setup.destination_name =
      internet ? "the Internet" : setup.network->ground()[setup.destination].name;
  setup.terminal = setup.network->rules(setup.terminal_node);
  setup.local_snapshots = true;
  for (int g = 0; g < setup.network->ground_count(); ++g) {
    const net::GroundLinkRules& r = setup.network->rules(g);
    if (g != setup.terminal_node && r.satellite_links && r.max_links > 0) {
      setup.local_snapshots = false;
    }
  }
  if (setup.terminal.choice == net::SatelliteChoice::kLongestVisibility) {
    return absl::InvalidArgumentError(
        "track supports the terminal choices highest-elevation and nearest");
  }
  setup.knot_ns = scenario.interpolation_knot_ns();
  return setup;
}

int NetSetup::DestinationFor(double lat_deg, double lon_deg) const {
  if (pops.empty()) return destination;
  const auto& ground = network->ground();
  int best = pops.front();
  double best_km = kInfinity;
  for (const int g : pops) {
    const double km = orbit::GreatCircleKm(lat_deg, lon_deg, ground[g].lat_deg, ground[g].lon_deg);
    if (km < best_km) best_km = km, best = g;
  }
  return best;
}

std::string DecisionInfo::Summary() const {
  const policy::Decision& d = decision;
  std::string rule = d.rule_id;
  if (const size_t colon = rule.find(':'); colon != std::string::npos) rule[colon] = ' ';
  std::string out = fmt::format("{}", policy::ReasonCodeName(d.reason));
  if (!rule.empty()) out += ", " + rule;
  if (d.ledger_entry_id != policy::kNoLedgerEntry) {
    out += fmt::format(", ledger entry {}", d.ledger_entry_id);
    if (this->rule) {
      out += fmt::format(": proposed by {}", ledger::EscapeForDisplay(this->rule->proposer));
      std::vector<std::string> approvers;
      for (const ledger::VoteRecord& v : this->rule->votes) {
        if (v.vote.body.verdict == ledger::Verdict::kApprove) {
          approvers.push_back(ledger::EscapeForDisplay(v.vote.body.voter));
        }
      }
      if (!approvers.empty()) out += fmt::format(", approved by {}", fmt::join(approvers, ", "));
    }
  } else if (!d.rule_id.empty()) {
    out += ", built-in default";
  }
  return out;
}

std::vector<Transition> TrackResult::Transitions() const {
  std::vector<Transition> out;
  for (size_t i = 1; i < samples.size(); ++i) {
    const Sample& a = samples[i - 1];
    const Sample& b = samples[i];
    const bool rule_changed =
        b.state == State::kDenied && a.state == State::kDenied && a.decision != b.decision &&
        decisions[a.decision].decision.rule_id != decisions[b.decision].decision.rule_id;
    if (a.state != b.state || rule_changed) out.push_back({b.time, a.state, b.state, b.decision});
  }
  return out;
}

std::array<int64_t, kStateCount> TrackResult::Counts() const {
  std::array<int64_t, kStateCount> c{};
  for (const Sample& s : samples) ++c[static_cast<int>(s.state)];
  return c;
}

// ---------------------------------------------------------------------------------------------
// The one-pass evaluation.

StatusOr<TrackResult> Evaluate(const Track& track, const TerminalSpec& terminal,
                               const PolicyHistory& policy, const NetSetup& setup,
                               const EvaluateOptions& options) {
  LEOTWIN_RETURN_IF_ERROR(CheckGrid(track, options.grid));
  const TimeGrid& grid = options.grid;
  TrackResult result = NewResult(terminal, setup, grid);
  const net::Network& net = *setup.network;

  // Policy cursor: the segment in force, its terminal, and the decisions met so far.
  struct Known {
    int segment;
    policy::FastDecision fast;
    int32_t index;
  };
  std::vector<Known> known;
  int segment = -1;
  const policy::Terminal* term = nullptr;
  policy::Terminal adhoc;
  std::optional<policy::Terminal> found;  // the registered terminal of the current segment
  int32_t unknown_index = -1;             // the registered terminal is not in this segment's policy
  int32_t last = -1;

  net::HermiteCursor cursor(setup.scenario->ephemeris(), setup.knot_ns);
  net::EcefStatesBuffer states;
  net::Snapshot snapshot;
  // The Internet's PoP follows the terminal: a router per destination, made when it changes.
  int router_destination = setup.destination;
  net::Router router = MakeRouter(setup, router_destination, net::RoutingMethod::kFromScratch);
  std::vector<int32_t> path;
  LocalSnapshot local;
  double last_ms = kInfinity;
  TerminalView view;
  ProgressBar bar("track", grid.count, options.progress && StderrIsTerminal());
  int hint = 0;
  for (int64_t i = 0; i < grid.count; ++i) {
    Sample s;
    s.time = grid.At(i);
    s.at = track.AtFrom(s.time, hint);
    hint = s.at.segment;
    bool allowed = true;
    if (policy.enabled()) {
      const int seg = policy.SegmentAt(s.time, std::max(segment, 0));
      if (seg != segment) {
        segment = seg;
        const policy::Policy& pol = ledger::PolicyOf(policy.state(seg));
        unknown_index = -1;
        if (terminal.kind) {
          adhoc = AdHocTerminal(pol, terminal, track);
          term = &adhoc;
        } else {
          found = pol.FindTerminal(terminal.id);
          term = found ? &*found : nullptr;
        }
        last = -1;
      }
      const ledger::LedgerState& state = policy.state(segment);
      const policy::Policy& pol = ledger::PolicyOf(state);
      if (term == nullptr) {
        if (unknown_index < 0) {
          unknown_index = static_cast<int32_t>(result.decisions.size());
          result.decisions.push_back(
              Explained(state, policy::Authorize(pol, terminal.id, s.at.lat_deg, s.at.lon_deg,
                                                 s.at.speed_kmh, s.time)));
        }
        s.decision = unknown_index;
      } else {
        const policy::FastDecision fast =
            policy::Decide(pol, *term, s.at.lat_deg, s.at.lon_deg, s.at.speed_kmh, s.time);
        if (last >= 0 && known[last].segment == segment && known[last].fast == fast) {
          s.decision = known[last].index;
        } else {
          last = -1;
          for (size_t k = 0; k < known.size(); ++k) {
            if (known[k].segment == segment && known[k].fast == fast) last = static_cast<int>(k);
          }
          if (last < 0) {
            known.push_back({segment, fast, static_cast<int32_t>(result.decisions.size())});
            last = static_cast<int>(known.size()) - 1;
            result.decisions.push_back(
                Explained(state, policy::Explain(pol, *term, fast, s.at.lat_deg, s.at.lon_deg,
                                                 s.at.speed_kmh, s.time)));
          }
          s.decision = known[last].index;
        }
      }
      allowed = result.decisions[s.decision].decision.allowed;
    }
    s.destination = setup.DestinationFor(s.at.lat_deg, s.at.lon_deg);
    LEOTWIN_RETURN_IF_ERROR(cursor.StatesAt(s.time, &states));
    const net::EcefStatesView v = states.view();
    ViewFrom(setup.terminal, s.at, v, &view);
    s.in_view = view.in_view;
    if (view.in_view > 0) {
      s.serving = view.links.front().sat;
      s.elevation_deg = std::asin(std::clamp(view.sin_el_best, -1.0, 1.0)) * kRadToDeg;
      SetServingPosition(v, &s);
      if (allowed) {
        if (s.destination != router_destination) {
          router_destination = s.destination;
          router = MakeRouter(setup, router_destination, net::RoutingMethod::kFromScratch);
          last_ms = kInfinity;  // another PoP: the last route's delay says nothing of this one
        }
        bool done = false;
        if (setup.local_snapshots) {
          // Bound: the last route's delay with a margin (it moves slowly), else 40 ms one way.
          const double bound_ms = last_ms < kInfinity ? last_ms * 1.25 + 2.0 : 40.0;
          const double radius_km = bound_ms * 1e-3 * kSpeedOfLightKmPerS * (1 + 1e-9) + 1e-3;
          local.Build(setup, s.time, v,
                      orbit::GeodeticToEcef(s.at.lat_deg, s.at.lon_deg, s.at.alt_m * 1e-3),
                      radius_km, &snapshot);
          RouteFrom(setup, view, &snapshot, &router, &path, &s);
          done = s.rtt_ms < kInfinity && s.rtt_ms * 0.5 <= bound_ms;
          if (done) ++result.local_routes;
        }
        if (!done) {
          net::BuildSnapshot(net, s.time, v, &snapshot);
          local.Invalidate();
          RouteFrom(setup, view, &snapshot, &router, &path, &s);
        }
        last_ms = s.rtt_ms * 0.5;
        ++result.routed;
      }
    }
    SetState(&s, allowed);
    result.samples.push_back(s);
    bar.Advance();
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// The reference: every instant from scratch.

StatusOr<TrackResult> EvaluateFromScratch(const Track& track, const TerminalSpec& terminal,
                                          ledger::Ledger* ledger, const NetSetup& setup,
                                          const EvaluateOptions& options) {
  LEOTWIN_RETURN_IF_ERROR(CheckGrid(track, options.grid));
  const TimeGrid& grid = options.grid;
  TrackResult result = NewResult(terminal, setup, grid);
  const net::Network& net = *setup.network;
  for (int64_t i = 0; i < grid.count; ++i) {
    Sample s;
    s.time = grid.At(i);
    s.at = track.At(s.time);
    bool allowed = true;
    if (ledger != nullptr) {
      LEOTWIN_ASSIGN_OR_RETURN(const ledger::LedgerState state, ledger->StateAt(s.time));
      const policy::Policy& pol = ledger::PolicyOf(state);
      policy::Decision d =
          terminal.kind
              ? policy::Authorize(pol, AdHocTerminal(pol, terminal, track), s.at.lat_deg,
                                  s.at.lon_deg, s.at.speed_kmh, s.time, policy::Evaluation::kDirect)
              : policy::Authorize(pol, terminal.id, s.at.lat_deg, s.at.lon_deg, s.at.speed_kmh,
                                  s.time, policy::Evaluation::kDirect);
      allowed = d.allowed;
      // The same decision (by rule, entry and place) shares its explanation.
      for (size_t k = 0; k < result.decisions.size(); ++k) {
        const policy::Decision& o = result.decisions[k].decision;
        if (o.allowed == d.allowed && o.reason == d.reason && o.rule_id == d.rule_id &&
            o.ledger_entry_id == d.ledger_entry_id && o.territory == d.territory) {
          s.decision = static_cast<int32_t>(k);
        }
      }
      if (s.decision < 0) {
        s.decision = static_cast<int32_t>(result.decisions.size());
        result.decisions.push_back(Explained(state, std::move(d)));
      }
    }
    s.destination = setup.DestinationFor(s.at.lat_deg, s.at.lon_deg);
    net::HermiteCursor cursor(setup.scenario->ephemeris(), setup.knot_ns);
    net::EcefStatesBuffer states;
    LEOTWIN_RETURN_IF_ERROR(cursor.StatesAt(s.time, &states));
    const net::EcefStatesView v = states.view();
    TerminalView view;
    ViewFrom(setup.terminal, s.at, v, &view);
    s.in_view = view.in_view;
    if (view.in_view > 0) {
      s.serving = view.links.front().sat;
      s.elevation_deg = std::asin(std::clamp(view.sin_el_best, -1.0, 1.0)) * kRadToDeg;
      SetServingPosition(v, &s);
      if (allowed) {
        net::Snapshot snapshot;
        net::BuildSnapshot(net, s.time, v, &snapshot);
        net::Router router = MakeRouter(setup, s.destination, net::RoutingMethod::kReference);
        std::vector<int32_t> path;
        RouteFrom(setup, view, &snapshot, &router, &path, &s);
        ++result.routed;
      }
    }
    SetState(&s, allowed);
    result.samples.push_back(s);
  }
  return result;
}

}  // namespace leotwin::track
