// Territories: Natural Earth admin-0 countries and dependencies with ISO 3166-1 codes, as S2
// polygons. The bundled set is data/territories/countries.geojson (see its PROVENANCE.md).
//
// Features without an ISO 3166-1 code carry a documented user-assigned code (ISO 3166-1 reserves
// AA, QM-QZ, XA-XZ, ZZ for user assignment): see data/territories/PROVENANCE.md.
#pragma once

#include <atomic>
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
//
// Two ways to build one, with the same answers: from GeoJSON (geometry parsed and validated, the
// compiled cell index built on first use), or from a compiled cache (geo/territory_cache.h: the
// codes and names plus the compiled cell index, so Locate() and Find() answer at once); then the
// polygons are parsed from the source text, which the set keeps, only when something needs them
// (at(), territories(), LocateDirect(), shape_index(), answer_grid()).
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
  // or data/territories/countries.geojson relative to the working directory or the source tree,
  // through the compiled cache (geo/territory_cache.h) when a cache folder is available.
  static StatusOr<std::shared_ptr<const TerritorySet>> Default();
  // A set whose codes and cell index come from a compiled cache and whose geometry is parsed
  // from `text` (named `source`) on first need. REQUIRES: `info` are the territories of `text`
  // in order (regions null) and `index` was compiled from them; the lazy parse checks the codes
  // and stops the process if they differ (a cache that passed its checksum but not this check
  // was forged, and no answer may come from it).
  static std::shared_ptr<const TerritorySet> FromCompiled(std::string text, std::string source,
                                                          std::vector<Territory> info,
                                                          std::unique_ptr<RegionCellIndex> index);

  int size() const { return static_cast<int>(territories_.size()); }
  // Codes and name of territory `index` without loading geometry (`region` may be null).
  const Territory& info(int index) const { return territories_[index]; }
  // With geometry (parsed now if the set came from a compiled cache).
  const Territory& at(int index) const {
    EnsureGeometry();
    return territories_[index];
  }
  const std::vector<Territory>& territories() const {
    EnsureGeometry();
    return territories_;
  }
  // Index of the territory with this alpha-2 or alpha-3 code (case-insensitive), or nullopt.
  std::optional<int> Find(std::string_view iso) const;

  // Direct (reference) evaluation: the territory containing `p` by exact S2 polygon tests over a
  // shape index of all territories, or kOcean. REQUIRES: p unit length.
  int LocateDirect(const S2Point& p) const;
  // Same from degrees (any finite longitude). REQUIRES: |lat_deg| <= 90.
  int LocateDirect(double lat_deg, double lon_deg) const;

  // The shape index of all territories (shape id == territory index).
  const MutableS2ShapeIndex& shape_index() const {
    EnsureGeometry();
    return *index_;
  }

  // The compiled cell index of all territories (region i == territory i), built on first use
  // (about a second for the bundled set in a release build), thread-safe; read from the cache for
  // a set built by FromCompiled.
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

  // True while the polygons have not been parsed (a compiled set before its first geometry use).
  bool geometry_deferred() const { return !source_text_.empty() && !geometry_loaded_; }

 private:
  TerritorySet() = default;
  // Region i == territory i, for the compiled indexes.
  std::vector<const Region*> Regions() const;
  // Parses the kept source text into regions and the shape index (compiled sets only).
  void EnsureGeometry() const;
  // Fills `set` from parsed features (codes, regions, shape index).
  static Status AddFeatures(TerritorySet* set, std::vector<GeoJsonFeature> features,
                            std::string_view source);

  // Mutable only inside EnsureGeometry's call_once (regions filled in, codes unchanged).
  mutable std::vector<Territory> territories_;
  mutable std::unique_ptr<MutableS2ShapeIndex> index_;
  std::string source_text_;  // compiled sets: the GeoJSON, parsed on first geometry use
  std::string source_name_;
  mutable std::once_flag geometry_once_;
  mutable std::atomic<bool> geometry_loaded_{false};
  mutable std::once_flag cell_index_once_;
  mutable std::unique_ptr<RegionCellIndex> cell_index_;
  mutable std::once_flag answer_grid_once_;
  mutable std::unique_ptr<LatLngAnswerGrid> answer_grid_;
};

}  // namespace leotwin::geo
