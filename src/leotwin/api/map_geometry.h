// Geometry for a flat (web-mercator) map, computed once on the server so the page hands MapLibre
// a URL and its worker fetches and parses it, off the page's main thread (issue 17: parsing and
// unwrapping 99,000 territory vertices in the page took 1.2 s before the map answered).
//
// GeoJSON keeps longitudes in [-180, 180], so a ring that crosses the antimeridian jumps from about
// +180 to about -180; drawn as given, that jump fills a band around the world. "Unwrapping" shifts
// each vertex by whole turns so that it lies within 180 degrees of the previous one (the short way
// round, as the sphere means it); MapLibre (renderWorldCopies) draws longitudes past +-180 where
// they belong. A ring around a pole (Antarctica) is closed along the map's edge through that pole.
// The same rules as web/src/lib/antimeridian.js, which the page keeps for its own layers.
#pragma once

#include <string>

#include "nlohmann/json.hpp"

namespace leotwin::api {

// The latitude that stands for a pole where a ring around it is closed on a flat map.
inline constexpr double kMapPoleLatitude = 90;

// A GeoJSON geometry (Polygon, MultiPolygon, LineString, MultiLineString, GeometryCollection) with
// every ring and line unwrapped, as JSON text; other values are written as they are. Vertices
// keep only longitude and latitude. The result is for drawing: longitudes may leave [-180, 180].
std::string UnwrapGeometryJson(const nlohmann::json& geometry);

// The borders of a (Multi)Polygon as one MultiLineString (JSON text): each ring unwrapped as
// UnwrapGeometryJson does, without the edges that only close a polar cap along the map's edge (a
// border drawn there would run down the antimeridian). "null" for any other geometry.
std::string OutlineGeometryJson(const nlohmann::json& geometry);

}  // namespace leotwin::api
