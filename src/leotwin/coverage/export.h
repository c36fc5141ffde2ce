// Cell tables out: CSV and GeoJSON (RFC 7946) for cells with any of the per-cell results.
//
// Geometry: each cell is a polygon through its four S2 vertices, longitude/latitude in degrees
// (S2 latitude read as geodetic, as everywhere in leotwin). S2 cell edges are geodesics; edges
// longer than about one degree (cells of level <= 6) are densified with points along the geodesic
// so that maps drawing straight lon/lat segments stay within ~0.01 deg of the true edge. S2 grid
// lines run along the antimeridian at every level >= 1, so cells touching it keep +180 on their
// west side and -180 on their east side; the level-0 face straddling it is split into a
// MultiPolygon at +-180 (RFC 7946 section 3.1.9). A vertex on a pole becomes two points at the
// longitudes of its neighbours. Limitation: the two level-0 faces that contain a pole in their
// interior (faces 2 and 5) have no faithful lon/lat ring; they are written as the ring of their
// vertices.
//
// Columns (CSV header / GeoJSON properties), present when the matching input is given:
//   cell (S2 token), level, lat, lon (centre, degrees, 6 decimals)
//   in_view                                      snapshot: satellites in view
//   covered_share, mean_in_view, min_in_view, max_in_view, longest_gap_s     window
//   availability, territory (ISO alpha-2, "" at sea), rule, ledger_entry, coming_soon_date,
//   speed_capped                                 availability map
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/coverage/availability.h"
#include "leotwin/coverage/cell_grid.h"
#include "leotwin/coverage/snapshot.h"
#include "leotwin/coverage/window.h"

namespace leotwin::geo {
class TerritorySet;
}

namespace leotwin::coverage {

struct CellColumns {
  const CellCounts* in_view = nullptr;             // Parallel to the grid.
  const WindowAccumulator* window = nullptr;       // Same cells as the grid.
  const AvailabilityMap* availability = nullptr;   // Parallel to the grid.
  const geo::TerritorySet* territories = nullptr;  // Names territories; needed with availability.
  // Rows to write: empty = every cell; otherwise called per cell index, true keeps the row.
  std::function<bool(size_t)> keep;
};

// Writes a header line and one row per kept cell. InvalidArgument when a column's size does not
// match the grid. Returns the number of rows written.
StatusOr<size_t> WriteCellsCsv(std::ostream& out, const CellGrid& grid, const CellColumns& columns);
// Writes a FeatureCollection with one Feature per kept cell ("id" = S2 token).
StatusOr<size_t> WriteCellsGeoJson(std::ostream& out, const CellGrid& grid,
                                   const CellColumns& columns);

// The polygon rings of a cell as [lon, lat] degrees (closed: last == first), one ring per part
// (two for a cell split at the antimeridian). For tests and for other exporters.
std::vector<std::vector<std::pair<double, double>>> CellRingsLonLat(S2CellId cell);

}  // namespace leotwin::coverage
