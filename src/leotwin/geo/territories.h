// Territories: Natural Earth admin-0 countries and dependencies with ISO 3166-1 codes, as S2
// polygons. The bundled set is data/territories/countries.geojson (see its PROVENANCE.md).
//
// Features without an ISO 3166-1 code carry a documented user-assigned code (ISO 3166-1 reserves
// AA, QM-QZ, XA-XZ, ZZ for user assignment): see data/territories/PROVENANCE.md.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/geo/cell_index.h"
#include "leotwin/geo/latlng_grid.h"
#include "leotwin/geo/region.h"
#include "s2/mutable_s2shape_index.h"
#include "s2/s2cell_id.h"
#include "s2/s2point.h"

namespace leotwin::geo {

struct Territory {
  std::string iso_a2;          // "UA" (upper case)
  std::string iso_a3;          // "UKR"
  int iso_numeric = 0;         // 804; 0 for user-assigned codes
  std::string name;            // "Ukraine"
  bool user_assigned = false;  // code is not an official ISO 3166-1 code
  std::shared_ptr<const Region> region;
};

// Path of the bundled territories file: $LEOTWIN_DATA_DIR/territories/countries.geojson, else
// data/territories/countries.geojson relative to the working directory, else in the source
// tree (base/input.h FindBundledDataFile). NotFound (naming where it looked) when none exists.
StatusOr<std::string> DefaultTerritoriesPath();

// An immutable set of pairwise-disjoint territories. Thread-safe for concurrent reads.
class TerritorySet {
 public:
  // Index returned when a point is in no territory (the open sea, or Antarctic shelf gaps).
  static constexpr int kOcean = -1;

  // From GeoJSON text: a FeatureCollection whose features have properties "iso_a2", "iso_a3",
  // "name" (and optionally "iso_n3", "user_assigned"). Errors name the feature.
  static StatusOr<std::shared_ptr<const TerritorySet>> FromGeoJson(std::string_view text,
                                                                   std::string_view source);
  static StatusOr<std::shared_ptr<const TerritorySet>> LoadFile(const std::string& path);
  // The bundled set, loaded once per process from $LEOTWIN_DATA_DIR/territories/countries.geojson
  // or data/territories/countries.geojson relative to the working directory or the source tree.
  static StatusOr<std::shared_ptr<const TerritorySet>> Default();

  int size() const { return static_cast<int>(territories_.size()); }
  const Territory& at(int index) const { return territories_[index]; }
  const std::vector<Territory>& territories() const { return territories_; }
  // Index of the territory with this alpha-2 or alpha-3 code (case-insensitive), or nullopt.
  std::optional<int> Find(std::string_view iso) const;

  // Direct (reference) evaluation: the territory containing `p` by exact S2 polygon tests over a
  // shape index of all territories, or kOcean. REQUIRES: p unit length.
  int LocateDirect(const S2Point& p) const;
  // Same from degrees (any finite longitude). REQUIRES: |lat_deg| <= 90.
  int LocateDirect(double lat_deg, double lon_deg) const;

  // The shape index of all territories (shape id == territory index).
  const MutableS2ShapeIndex& shape_index() const { return *index_; }

  // The compiled cell index of all territories (region i == territory i), built on first use
  // (about a second for the bundled set in a release build), thread-safe.
  const RegionCellIndex& cell_index() const;
  // Compiled lookup: same answer as LocateDirect(p) on every input. `leaf` must be
  // LeafCellId(p) (== S2CellId(p)).
  int Locate(const S2Point& p, S2CellId leaf) const {
    return cell_index().FirstContaining(p, leaf);
  }
  int Locate(const S2Point& p) const { return Locate(p, LeafCellId(p)); }

  // The latitude/longitude answer grid in front of cell_index(): a pure cell holds the territory
  // index + 1 (0 at sea), a mixed cell LatLngAnswerGrid::kMixed. Built on first use, thread-safe.
  const LatLngAnswerGrid& answer_grid() const;

 private:
  TerritorySet() = default;
  // Region i == territory i, for the compiled indexes.
  std::vector<const Region*> Regions() const;
  std::vector<Territory> territories_;
  std::unique_ptr<MutableS2ShapeIndex> index_;
  mutable std::once_flag cell_index_once_;
  mutable std::unique_ptr<RegionCellIndex> cell_index_;
  mutable std::once_flag answer_grid_once_;
  mutable std::unique_ptr<LatLngAnswerGrid> answer_grid_;
};

}  // namespace leotwin::geo
