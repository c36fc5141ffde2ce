// Regions on the sphere: S2 polygons parsed from GeoJSON (RFC 7946), with validation.
//
// Geometry model (stated once, used everywhere):
// - Coordinates are WGS84 geodetic [longitude, latitude] in degrees, treated as points on the unit
//   sphere (the geodetic latitude is used directly; S2 is spherical). Edges are great-circle arcs
//   (S2), not straight lines in longitude/latitude: for Natural Earth 1:50m data (edges of a few
//   km) the two differ by well under 100 m; long user edges should be densified by the author.
// - Rings may cross the antimeridian (a vertex at 179.9 followed by -179.9 takes the short arc);
//   parts split at +/-180 (as RFC 7946 recommends) are merged back where they share edges.
// - Winding order is not significant (RFC 7946 says parsers should not reject on it): every ring
//   bounds the smaller of the two regions it divides the sphere into, so a single region cannot
//   exceed a hemisphere. Polar caps are rings around the pole: a ring cut along the antimeridian
//   down to the pole (Natural Earth's Antarctica) is recognised and the cut removed.
// - Containment follows S2's semi-open model: every point of the sphere is inside exactly one of
//   two regions that share a boundary, so adjacent territories never both claim a point.
#pragma once

#include <cmath>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/check.h"
#include "leotwin/base/status.h"
#include "nlohmann/json.hpp"
#include "s2/s2latlng.h"
#include "s2/s2latlng_rect.h"
#include "s2/s2point.h"
#include "s2/s2polygon.h"

namespace leotwin::geo {

// Unit-sphere point from WGS84 degrees (latitude in [-90, 90], longitude any finite value;
// -180 is taken as 180 so both give the same bits). The same formula as
// S2LatLng::FromDegrees(lat, lon).ToPoint(), inline; bit-identical on every machine (no FMA
// contraction in this build).
inline S2Point PointFromDegrees(double lat_deg, double lon_deg) {
  if (lon_deg == -180.0) lon_deg = 180.0;
  const double phi = (M_PI / 180) * lat_deg;
  const double theta = (M_PI / 180) * lon_deg;
  const double cos_phi = std::cos(phi);
  return S2Point(std::cos(theta) * cos_phi, std::sin(theta) * cos_phi, std::sin(phi));
}

// An immutable, validated polygon with its bounding rectangle. Thread-safe for concurrent reads.
class Region {
 public:
  // REQUIRES: polygon is valid (S2Polygon::IsValid()).
  Region(std::string label, std::unique_ptr<S2Polygon> polygon);

  const std::string& label() const { return label_; }
  const S2Polygon& polygon() const { return *polygon_; }
  const S2LatLngRect& bound() const { return bound_; }
  // Exact S2 containment (bounding-rectangle rejection first). REQUIRES: p is unit length.
  bool Contains(const S2Point& p) const {
    LEOTWIN_DCHECK(std::fabs(p.Norm2() - 1.0) < 1e-9);
    return Contains(p, S2LatLng(p));
  }
  // Same, with ll == S2LatLng(p) computed once by a caller testing many regions.
  bool Contains(const S2Point& p, const S2LatLng& ll) const {
    return bound_.Contains(ll) && polygon_->Contains(p);
  }
  int num_vertices() const { return polygon_->num_vertices(); }

 private:
  std::string label_;
  std::unique_ptr<S2Polygon> polygon_;
  S2LatLngRect bound_;
};

// Converts a GeoJSON geometry object of type "Polygon" or "MultiPolygon" into a valid S2Polygon.
// `where` names the object in error messages (e.g. "feature 12 (id \"UA\")"). Errors
// (InvalidArgument) name the polygon/ring/position and what was wrong: wrong type, missing or
// malformed "coordinates", non-finite or out-of-range coordinates (|lat| > 90, |lon| > 180),
// unclosed rings, fewer than 3 distinct vertices, antipodal consecutive vertices,
// self-intersections, holes outside their shell or crossing it, overlapping parts.
StatusOr<std::unique_ptr<S2Polygon>> PolygonFromGeoJson(const nlohmann::json& geometry,
                                                        std::string_view where);

struct GeoJsonFeature {
  int index = 0;      // position in the collection
  nlohmann::json id;  // the feature's "id" member (null when absent)
  nlohmann::json properties;
  std::unique_ptr<S2Polygon> polygon;
};

// Parses a FeatureCollection (or a single Feature, or a bare Polygon/MultiPolygon geometry) whose
// geometries are Polygon or MultiPolygon; features with a null geometry are refused. `source`
// names the input in errors ("countries.geojson: feature 12 (id \"UA\"): ring 0 ...").
// A JSON syntax error reads "source:line:column: invalid JSON: ..." (base/input.h ParseJson).
StatusOr<std::vector<GeoJsonFeature>> ParseGeoJsonFeatures(std::string_view text,
                                                           std::string_view source);

}  // namespace leotwin::geo
