#include "leotwin/geo/territories.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "fmt/format.h"
#include "leotwin/base/check.h"
#include "leotwin/base/input.h"
#include "leotwin/geo/territory_cache.h"
#include "s2/s2contains_point_query.h"
#include "s2/s2latlng.h"
#include "s2/s2pointutil.h"

namespace leotwin::geo {

namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool IsUpperAlpha(const std::string& s, size_t n) {
  if (s.size() != n) return false;
  for (char c : s) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

}  // namespace

Status TerritorySet::AddFeatures(TerritorySet* set, std::vector<GeoJsonFeature> features,
                                 std::string_view source) {
  set->index_ = std::make_unique<MutableS2ShapeIndex>();
  for (GeoJsonFeature& f : features) {
    const std::string where = fmt::format("{}: feature {}", source, f.index);
    if (!f.properties.is_object())
      return absl::InvalidArgumentError(where + ": missing properties");
    auto str = [&](const char* key) -> StatusOr<std::string> {
      auto it = f.properties.find(key);
      if (it == f.properties.end() || !it->is_string()) {
        return absl::InvalidArgumentError(
            fmt::format("{}: property \"{}\" missing or not a string", where, key));
      }
      return it->get<std::string>();
    };
    Territory t;
    LEOTWIN_ASSIGN_OR_RETURN(t.iso_a2, str("iso_a2"));
    LEOTWIN_ASSIGN_OR_RETURN(t.iso_a3, str("iso_a3"));
    LEOTWIN_ASSIGN_OR_RETURN(t.name, str("name"));
    if (!IsUpperAlpha(t.iso_a2, 2) || !IsUpperAlpha(t.iso_a3, 3)) {
      return absl::InvalidArgumentError(
          fmt::format("{}: iso_a2 \"{}\" / iso_a3 \"{}\" must be 2 / 3 upper-case letters", where,
                      t.iso_a2, t.iso_a3));
    }
    if (auto it = f.properties.find("iso_n3");
        it != f.properties.end() && it->is_number_integer()) {
      t.iso_numeric = it->get<int>();
    }
    if (auto it = f.properties.find("user_assigned");
        it != f.properties.end() && it->is_boolean()) {
      t.user_assigned = it->get<bool>();
    }
    if (set->Find(t.iso_a2) || set->Find(t.iso_a3)) {
      return absl::InvalidArgumentError(
          fmt::format("{}: duplicate territory code {} / {}", where, t.iso_a2, t.iso_a3));
    }
    t.region = std::make_shared<Region>(t.iso_a2, std::move(f.polygon));
    set->index_->Add(std::make_unique<S2Polygon::Shape>(&t.region->polygon()));
    set->territories_.push_back(std::move(t));
  }
  set->index_->ForceBuild();
  return absl::OkStatus();
}

StatusOr<std::shared_ptr<const TerritorySet>> TerritorySet::FromGeoJson(std::string_view text,
                                                                        std::string_view source) {
  LEOTWIN_ASSIGN_OR_RETURN(std::vector<GeoJsonFeature> features,
                           ParseGeoJsonFeatures(text, source));
  std::shared_ptr<TerritorySet> set(new TerritorySet());
  LEOTWIN_RETURN_IF_ERROR(AddFeatures(set.get(), std::move(features), source));
  set->geometry_loaded_ = true;
  return std::shared_ptr<const TerritorySet>(std::move(set));
}

std::shared_ptr<const TerritorySet> TerritorySet::FromCompiled(
    std::string text, std::string source, std::vector<Territory> info,
    std::unique_ptr<RegionCellIndex> index) {
  LEOTWIN_DCHECK(!text.empty());
  LEOTWIN_DCHECK(index != nullptr && index->num_regions() == static_cast<int>(info.size()));
  std::shared_ptr<TerritorySet> set(new TerritorySet());
  set->source_text_ = std::move(text);
  set->source_name_ = std::move(source);
  set->territories_ = std::move(info);
  set->cell_index_ = std::move(index);
  std::call_once(set->cell_index_once_, [] {});  // the index is already there
  return set;
}

void TerritorySet::EnsureGeometry() const {
  if (source_text_.empty()) return;  // built from GeoJSON: geometry is always there
  std::call_once(geometry_once_, [this] {
    TerritorySet parsed;
    auto features = ParseGeoJsonFeatures(source_text_, source_name_);
    Status status = features.ok() ? AddFeatures(&parsed, std::move(*features), source_name_)
                                  : features.status();
    bool same = status.ok() && parsed.territories_.size() == territories_.size();
    for (size_t i = 0; same && i < territories_.size(); ++i) {
      const Territory& a = parsed.territories_[i];
      const Territory& b = territories_[i];
      same = a.iso_a2 == b.iso_a2 && a.iso_a3 == b.iso_a3 && a.name == b.name &&
             a.iso_numeric == b.iso_numeric && a.user_assigned == b.user_assigned;
    }
    // The cache matched this text's hash and its checksum, so this cannot happen unless it was
    // forged; answering from it would risk a wrong decision.
    if (!same) {
      std::fprintf(stderr,
                   "%s: the compiled territory cache does not describe this file (%s); delete "
                   "the cache folder (see docs/ledger.md, \"Start-up\") and run again\n",
                   source_name_.c_str(), status.ok() ? "codes differ" : status.ToString().c_str());
      std::abort();
    }
    // In place: other threads may hold references to the codes (info()) meanwhile.
    for (size_t i = 0; i < territories_.size(); ++i) {
      territories_[i].region = std::move(parsed.territories_[i].region);
    }
    index_ = std::move(parsed.index_);
    geometry_loaded_.store(true, std::memory_order_release);
  });
}

StatusOr<std::shared_ptr<const TerritorySet>> TerritorySet::LoadFile(const std::string& path) {
  LEOTWIN_ASSIGN_OR_RETURN(const std::string text, ReadFileBounded(path, kDefaultMaxInputBytes));
  return FromGeoJson(text, path);
}

StatusOr<std::string> DefaultTerritoriesPath() {
  return FindBundledDataFile("territories/countries.geojson");
}

StatusOr<std::shared_ptr<const TerritorySet>> TerritorySet::Default() {
  static std::mutex mu;
  static std::shared_ptr<const TerritorySet> cached;
  std::lock_guard<std::mutex> lock(mu);
  if (cached) return cached;
  LEOTWIN_ASSIGN_OR_RETURN(const std::string path, DefaultTerritoriesPath());
  LEOTWIN_ASSIGN_OR_RETURN(cached, LoadTerritoriesCached(path, TerritoryCacheDir()));
  return cached;
}

std::optional<int> TerritorySet::Find(std::string_view iso) const {
  const std::string code = Upper(iso);
  for (size_t i = 0; i < territories_.size(); ++i) {
    if (territories_[i].iso_a2 == code || territories_[i].iso_a3 == code) {
      return static_cast<int>(i);
    }
  }
  return std::nullopt;
}

std::vector<const Region*> TerritorySet::Regions() const {
  EnsureGeometry();
  std::vector<const Region*> regions;
  regions.reserve(territories_.size());
  for (const Territory& t : territories_) regions.push_back(t.region.get());
  return regions;
}

const RegionCellIndex& TerritorySet::cell_index() const {
  std::call_once(cell_index_once_, [this] { cell_index_ = RegionCellIndex::Build(Regions()); });
  return *cell_index_;
}

const LatLngAnswerGrid& TerritorySet::answer_grid() const {
  std::call_once(answer_grid_once_, [this] {
    const RegionCellIndex& index = cell_index();
    answer_grid_ = LatLngAnswerGrid::BuildFirstContaining(
        Regions(), [&](const S2Point& p, std::vector<int>* out) {
          out->clear();
          index.VisitContaining(p, LeafCellId(p), [&](int r) {
            out->push_back(r);
            return true;
          });
        });
  });
  return *answer_grid_;
}

int TerritorySet::LocateDirect(const S2Point& p) const {
  LEOTWIN_DCHECK(S2::IsUnitLength(p));
  EnsureGeometry();
  // Exact tests, bounding rectangle first; the lowest index wins if regions ever overlapped.
  const S2LatLng ll(p);
  for (size_t i = 0; i < territories_.size(); ++i) {
    if (territories_[i].region->Contains(p, ll)) return static_cast<int>(i);
  }
  return kOcean;
}

int TerritorySet::LocateDirect(double lat_deg, double lon_deg) const {
  LEOTWIN_DCHECK(std::fabs(lat_deg) <= 90.0);
  LEOTWIN_DCHECK(std::isfinite(lon_deg));
  return LocateDirect(PointFromDegrees(lat_deg, lon_deg));
}

}  // namespace leotwin::geo
