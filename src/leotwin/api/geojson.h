// Small GeoJSON (RFC 7946) helpers for the API: lines split at the antimeridian, S2 cells as
// polygons, and rounding of coordinates for compact output.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "nlohmann/json.hpp"
#include "s2/s2cell_id.h"

namespace leotwin::api {

// Rounds to `decimals` places (for output size; 4 decimals of a degree is about 11 m).
double RoundTo(double value, int decimals);

// A line through (lon, lat) points in degrees, longitudes in [-180, 180]. Consecutive points whose
// longitudes differ by more than 180 degrees are taken to cross the antimeridian (the short way
// round); the line is split there, with the crossing latitude interpolated linearly in degrees,
// giving a MultiLineString as RFC 7946 section 3.1.9 asks. Otherwise a LineString. Coordinates are
// rounded to 4 decimals. Returns a geometry object.
nlohmann::json AntimeridianSafeLine(const std::vector<std::pair<double, double>>& lon_lat);

// The same points with longitudes unwrapped (each within 180 degrees of the previous one, so a
// renderer that repeats the world draws the short way round). For map clients.
std::vector<std::pair<double, double>> UnwrapLongitudes(
    const std::vector<std::pair<double, double>>& lon_lat);

// The boundary of an S2 cell as the JSON text of a closed ring [[lon,lat] x 5] (4 decimals),
// longitudes unwrapped so a cell straddling the antimeridian is drawn as one small quadrilateral
// (edges drawn straight in lon/lat; S2 edges are geodesics, a difference well below a pixel at
// the levels the map uses).
std::string CellRingJson(S2CellId id);

}  // namespace leotwin::api
