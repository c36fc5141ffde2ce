#include <algorithm>

#include "fmt/format.h"
#include "leotwin/net/ground.h"
#include "leotwin/net/internal/ground_text.h"
#include "leotwin/orbit/geodesy.h"

// Ground nodes as places: kind names, resolving a place query, and the default site placement.
// The file formats are in ground_io.cc.
namespace leotwin::net {

using internal::Lower;
using internal::ParseDouble;
using internal::Trim;

std::string_view GroundKindName(GroundKind kind) {
  switch (kind) {
    case GroundKind::kGateway:
      return "gateway";
    case GroundKind::kPop:
      return "pop";
    case GroundKind::kTerminal:
      return "terminal";
    case GroundKind::kCity:
      return "city";
  }
  return "?";
}

StatusOr<GroundKind> ParseGroundKind(std::string_view text) {
  const std::string t = Lower(Trim(text));
  if (t == "gateway" || t == "gw") return GroundKind::kGateway;
  if (t == "pop") return GroundKind::kPop;
  if (t == "terminal" || t == "user" || t == "ut") return GroundKind::kTerminal;
  if (t == "city") return GroundKind::kCity;
  return absl::InvalidArgumentError(
      fmt::format("unknown ground node kind '{}': expected gateway, pop, terminal or city", t));
}

StatusOr<GroundNode> ResolvePlace(std::span<const GroundNode> nodes, std::string_view query,
                                  GroundKind coordinate_kind) {
  const std::string_view q = Trim(query);
  if (q.empty()) return absl::InvalidArgumentError("empty place name");
  // Coordinates "lat,lon".
  if (const size_t comma = q.find(','); comma != std::string_view::npos) {
    double lat, lon;
    if (ParseDouble(q.substr(0, comma), &lat) && ParseDouble(q.substr(comma + 1), &lon)) {
      if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
        return absl::InvalidArgumentError(fmt::format(
            "coordinates '{}' out of range: expected lat in [-90, 90], lon in [-180, 180]", q));
      }
      GroundNode node;
      node.name = std::string(q);
      node.kind = coordinate_kind;
      node.lat_deg = lat;
      node.lon_deg = lon;
      return node;
    }
  }
  std::string name = Lower(q), country;
  if (const size_t comma = name.rfind(','); comma != std::string::npos) {
    country = std::string(Trim(name.substr(comma + 1)));
    name = std::string(Trim(name.substr(0, comma)));
  }
  const GroundNode* best_exact = nullptr;
  const GroundNode* best_prefix = nullptr;
  for (const GroundNode& n : nodes) {
    if (!country.empty() && Lower(n.country) != country) continue;
    const std::string lower = Lower(n.name);
    if (lower == name) {
      if (!best_exact || n.population > best_exact->population) best_exact = &n;
    } else if (lower.compare(0, name.size(), name) == 0) {
      if (!best_prefix || n.population > best_prefix->population) best_prefix = &n;
    }
  }
  if (best_exact) return *best_exact;
  if (best_prefix) return *best_prefix;
  // Suggest names sharing the first three letters.
  std::string suggestions;
  int shown = 0;
  for (const GroundNode& n : nodes) {
    if (shown >= 5) break;
    const std::string lower = Lower(n.name);
    if (name.size() >= 3 && lower.compare(0, 3, name.substr(0, 3)) == 0) {
      suggestions += fmt::format("{}{}", shown ? ", " : "", n.name);
      ++shown;
    }
  }
  return absl::NotFoundError(
      fmt::format("no place named '{}'{}{}", q, shown ? "; did you mean: " : "", suggestions));
}

std::vector<GroundNode> PlaceSites(std::span<const GroundNode> cities, GroundKind kind,
                                   const SitePlacementRule& rule) {
  std::vector<const GroundNode*> order;
  for (const auto& c : cities) order.push_back(&c);
  std::stable_sort(order.begin(), order.end(), [](const GroundNode* a, const GroundNode* b) {
    return a->population > b->population;
  });
  std::vector<GroundNode> sites;
  for (const GroundNode* c : order) {
    if (static_cast<int>(sites.size()) >= rule.count) break;
    if (std::find(rule.excluded_countries.begin(), rule.excluded_countries.end(), c->country) !=
        rule.excluded_countries.end()) {
      continue;
    }
    bool far = true;
    for (const GroundNode& s : sites) {
      if (orbit::GreatCircleKm(s.lat_deg, s.lon_deg, c->lat_deg, c->lon_deg) <
          rule.min_spacing_km) {
        far = false;
        break;
      }
    }
    if (!far) continue;
    GroundNode site = *c;
    site.kind = kind;
    site.name = fmt::format("{} {}", kind == GroundKind::kPop ? "PoP" : "GW", c->name);
    site.population = 0;
    sites.push_back(std::move(site));
  }
  return sites;
}

SitePlacementRule DefaultGatewayRule() { return SitePlacementRule{}; }

SitePlacementRule DefaultPopRule() {
  SitePlacementRule rule;
  rule.count = 40;
  rule.min_spacing_km = 1500.0;
  return rule;
}

}  // namespace leotwin::net
