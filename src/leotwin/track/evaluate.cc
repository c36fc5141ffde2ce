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

// Delay of the tree edge between u and its parent v at this snapshot.
double TreeEdgeMs(const net::Network& net, const net::Snapshot& s, int u, int v) {
  const int S = net.satellite_count();
  if (u < S && v < S) {
    for (int32_t k = net.IslSlotBegin(u); k < net.IslSlotBegin(u + 1); ++k) {
      if (net.isl_slot_node()[k] == v) return s.isl_slot_ms[k];
    }
    return kInfinity;
  }
  if (u < S) return s.GroundLinkMs(v - S, u);
  if (v < S) return s.GroundLinkMs(u - S, v);
  const auto to = net.FiberTargets(v - S);
  const auto it = std::lower_bound(to.begin(), to.end(), u - S);
  if (it == to.end() || *it != u - S) return kInfinity;
  return net.FiberDelays(v - S)[it - to.begin()];
}

// One-way delay from the terminal (ground link `gsl_ms` to satellite `sat`) to the root of tree
// i of `router`, accumulated in path order from the terminal as a route from it would; and the
// number of links. kInfinity when the satellite is not in the tree.
std::pair<double, int> ViaTree(const net::Network& net, const net::Snapshot& s,
                               const net::Router& router, int i, int sat, double gsl_ms) {
  const std::vector<int32_t>& parent = router.Parents(i);
  const int root = net.GroundNodeId(router.source(i));
  double ms = gsl_ms;
  int links = 1;
  for (int u = sat; u != root;) {
    const int v = parent[u];
    if (v < 0) return {kInfinity, 0};
    ms += TreeEdgeMs(net, s, u, v);
    ++links;
    u = v;
    if (links > net.node_count() + 1) return {kInfinity, 0};  // not a tree (never)
  }
  return {ms, links};
}

// RTT over the terminal's links (the best of them) at this snapshot, routed by `router` (tree 0:
// the destination; tree 1: the destination's PoP when NetSetup::egress_pop is set).
void RouteFrom(const NetSetup& setup, const net::Snapshot& s, const net::Router& router,
               const TerminalView& view, Sample* out) {
  const net::Network& net = *setup.network;
  double best = kInfinity;
  int best_links = 0;
  for (const Link& l : view.links) {
    const double gsl = net::VacuumMs(std::sqrt(l.r2));
    auto [ms, links] = ViaTree(net, s, router, 0, l.sat, gsl);
    if (setup.egress_pop >= 0) {
      auto [pms, plinks] = ViaTree(net, s, router, 1, l.sat, gsl);
      pms += setup.egress_ms;
      if (pms < ms) ms = pms, links = plinks + 1;
    }
    if (ms < best) best = ms, best_links = links;
  }
  out->rtt_ms = best < kInfinity ? 2.0 * best : kInfinity;
  out->hops = best < kInfinity ? best_links : 0;
}

std::vector<int> RouterSources(const NetSetup& setup) {
  std::vector<int> sources = {setup.destination};
  if (setup.egress_pop >= 0) sources.push_back(setup.egress_pop);
  return sources;
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
  std::string place = to;
  if (to == "internet") {
    double best = kInfinity;
    for (const net::GroundNode& g : scenario.infrastructure()) {
      if (g.kind != net::GroundKind::kPop) continue;
      const double km = orbit::GreatCircleKm(lat0_deg, lon0_deg, g.lat_deg, g.lon_deg);
      if (km < best) best = km, place = g.name;
    }
    if (!(best < kInfinity)) {
      return absl::FailedPreconditionError(
          "--to internet needs a PoP in the ground segment (gateways and PoPs: --gateways "
          "default, or a --ground file with PoPs)");
    }
  }
  std::vector<int> idx;
  LEOTWIN_ASSIGN_OR_RETURN(setup.network, scenario.BuildNetwork({place}, &idx));
  setup.destination = idx[0];
  const net::GroundNode& dest = setup.network->ground()[setup.destination];
  setup.destination_name = dest.name;
  setup.terminal = setup.network->options().ground[static_cast<int>(net::GroundKind::kTerminal)];
  if (setup.terminal.choice == net::SatelliteChoice::kLongestVisibility) {
    return absl::InvalidArgumentError(
        "track supports the terminal choices highest-elevation and nearest");
  }
  if (setup.network->options().egress == net::Egress::kPop && dest.kind != net::GroundKind::kPop) {
    const int pop = setup.network->nearest_pop(setup.destination);
    if (pop >= 0) {
      const auto to_nodes = setup.network->FiberTargets(pop);
      const auto it = std::lower_bound(to_nodes.begin(), to_nodes.end(), setup.destination);
      if (it != to_nodes.end() && *it == setup.destination) {
        setup.egress_pop = pop;
        setup.egress_ms = setup.network->FiberDelays(pop)[it - to_nodes.begin()];
      }
    }
  }
  setup.knot_ns = scenario.interpolation_knot_ns();
  return setup;
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
  int32_t unknown_index = -1;  // the registered terminal is not in this segment's policy
  int32_t last = -1;

  net::HermiteCursor cursor(setup.scenario->ephemeris(), setup.knot_ns);
  net::EcefStatesBuffer states;
  net::Snapshot snapshot;
  net::Router router(net, RouterSources(setup), {}, net::RoutingMethod::kIncremental);
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
          term = pol.FindTerminal(terminal.id);
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
    LEOTWIN_RETURN_IF_ERROR(cursor.StatesAt(s.time, &states));
    const net::EcefStatesView v = states.view();
    ViewFrom(setup.terminal, s.at, v, &view);
    s.in_view = view.in_view;
    if (view.in_view > 0) {
      s.serving = view.links.front().sat;
      s.elevation_deg = std::asin(std::clamp(view.sin_el_best, -1.0, 1.0)) * kRadToDeg;
      if (allowed) {
        net::BuildSnapshot(net, s.time, v, &snapshot);
        router.Route(snapshot);
        RouteFrom(setup, snapshot, router, view, &s);
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
      if (allowed) {
        net::Snapshot snapshot;
        net::BuildSnapshot(net, s.time, v, &snapshot);
        net::Router router(net, RouterSources(setup), {}, net::RoutingMethod::kReference);
        router.Route(snapshot);
        RouteFrom(setup, snapshot, router, view, &s);
        ++result.routed;
      }
    }
    SetState(&s, allowed);
    result.samples.push_back(s);
  }
  return result;
}

}  // namespace leotwin::track
