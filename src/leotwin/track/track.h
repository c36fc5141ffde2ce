// A terminal's track: timed fixes read from GPX 1.1, CSV or GeoJSON, and the position and ground
// speed at any instant between the first and the last fix.
//
// Formats (each reader is bounded: at most kMaxTrackBytes of text, kMaxTrackFixes fixes):
//   GPX 1.1   <trkpt lat=".." lon=".."><ele>m</ele><time>ISO 8601</time></trkpt> in every <trk>
//             and <trkseg>, in document order (namespace prefixes ignored); <rtept> when a file has
//             no <trkpt>. Every point needs a <time>.
//   CSV       time,lat,lon[,alt] (base/input.h ParseCsv: quotes, '#' comments, blank lines).
//             A header naming the columns (time|timestamp, lat|latitude, lon|lng|longitude,
//             alt|alt_m|ele|elevation, any order, case-insensitive) is optional; without one the
//             columns are positional. Times: ISO 8601 (UTC if no zone) or Unix seconds.
//   GeoJSON   a LineString geometry, Feature or FeatureCollection (its LineString features in
//             order), coordinates [lon, lat] or [lon, lat, alt_m], times in the feature's
//             properties as `times` or `coordTimes` (geojson.io / togeojson): one per coordinate,
//             ISO 8601 strings or numbers (Unix seconds; milliseconds when above 1e11).
// Checks: times strictly increasing, latitude in [-90, 90], longitude in [-180, 180], altitude in
// [-1000, 100000] m, finite numbers, at least one fix. Errors are InvalidArgument
// "source:line[:column]: what" (GeoJSON semantic errors name the feature and coordinate index
// instead of a line: nlohmann-json keeps no positions after parsing).
//
// Interpolation (Track::At): between consecutive fixes the position moves at constant angular
// rate along the great circle joining them (latitude/longitude taken as a point of the unit
// sphere: geodetic latitude used as spherical, which is what GPX tracks are drawn with; the
// difference from the WGS84 geodesic is below 0.5 % of the segment length), altitude linearly;
// the ground speed is the segment's great-circle length (orbit/geodesy.h GreatCircleKm, mean Earth
// radius) over its duration, constant along the segment. At a fix the segment that starts there
// is used (the last fix uses the last segment). A single fix is a terminal at rest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::track {

inline constexpr size_t kMaxTrackBytes = size_t{256} << 20;
inline constexpr int64_t kMaxTrackFixes = 4'000'000;

struct Fix {
  SimTime time;
  double lat_deg = 0, lon_deg = 0;  // WGS84 degrees
  double alt_m = 0;                 // above the ellipsoid (GPX <ele>; 0 when absent)
  int line = 0;                     // 1-based source line (0 when unknown)
};

// Where a terminal is at an instant.
struct TrackPoint {
  double lat_deg = 0, lon_deg = 0, alt_m = 0;
  double speed_kmh = 0;  // ground speed of the enclosing segment
  int segment = 0;       // fixes[segment] .. fixes[segment + 1]
};

class Track {
 public:
  // Checks the contract above (times, ranges); errors name source:line of the offending fix.
  static StatusOr<Track> FromFixes(std::vector<Fix> fixes, std::string source);

  const std::vector<Fix>& fixes() const { return fixes_; }
  const std::string& source() const { return source_; }
  SimTime start() const { return fixes_.front().time; }
  SimTime end() const { return fixes_.back().time; }
  // Total great-circle length, km.
  double length_km() const;

  // The position at `t`. REQUIRES: start() <= t <= end(). Binary search over the fixes.
  TrackPoint At(SimTime t) const;
  // The same from segment `hint` onwards (a forward cursor: O(1) amortized for increasing t).
  // REQUIRES: start() <= t <= end(), 0 <= hint < max(1, size - 1), fixes[hint].time <= t.
  TrackPoint AtFrom(SimTime t, int hint) const;

 private:
  TrackPoint InSegment(SimTime t, int segment) const;
  std::vector<Fix> fixes_;
  std::string source_;
};

// Parsers: `source` names the input in errors.
StatusOr<Track> ParseGpx(std::string_view text, std::string_view source);
StatusOr<Track> ParseTrackCsv(std::string_view text, std::string_view source);
StatusOr<Track> ParseTrackGeoJson(std::string_view text, std::string_view source);
// Picks the parser by content: a '<' first (after blanks): GPX; a '{': GeoJSON; otherwise CSV.
StatusOr<Track> ParseTrack(std::string_view text, std::string_view source);
// Reads a file (bounded) and picks the parser by extension (.gpx, .csv, .geojson/.json), else by
// content (ParseTrack).
StatusOr<Track> ReadTrackFile(const std::string& path);

}  // namespace leotwin::track
