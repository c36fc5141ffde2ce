// The compiled territory index cached on disk, so a command that needs only codes and point
// lookups (every `leotwin policy` and `leotwin ledger` call) does not parse and index the
// bundled territories on every run (about 0.6 s of a 0.7 s call before this cache).
//
// One file, `territories.idx`, in the cache folder (TerritoryCacheDir(): outside the checkout).
// Layout (integers in this machine's byte order; the header's sizes and byte-order marker make a
// file from another machine or build read as stale, never misread):
//   header   "LTTERIDX" | format version (u32) | 0 (u32) | BLAKE2b-256 of the GeoJSON bytes (32)
//            | GeoJSON size (u64) | payload size (u64) | checksum (u64)
//   payload  territory count (u32), per territory: iso_numeric (i32), user_assigned (u8),
//            iso_a2, iso_a3, name (u32 length + bytes each); then the compiled cell index
//            (geo::RegionCellIndex::AppendTo, with its own header and range checks)
//   checksum over the header before the checksum field, then the payload: a 64-bit four-lane
//            multiply-rotate hash (territory_cache.cc), fast enough to check 16 MB on every
//            start; it detects damage, and no checksum could stop a forgery (see below).
// The cache is keyed by the hash of the data: a file whose format version or data hash differs
// from the GeoJSON being loaded is stale; one whose size, checksum or structure is wrong is
// corrupt. Either way the set is rebuilt from the GeoJSON and the file replaced (written to a
// temporary file in the same folder, then renamed, so readers see the old file or the new one,
// never half of one). A cache that cannot be written is reported, never an error: the command
// answers from the set it built.
//
// Why a corrupt cache cannot change a decision: answers come only from a file whose checksum
// matches and whose every offset, count and region number is in range (an accident cannot pass
// both), for the very bytes of the GeoJSON being loaded (re-hashed on every load). Geometry,
// when a command needs it, is parsed from those bytes and its codes checked against the cache.
// What the checksum does not stop is a deliberate forgery by someone who can write the cache
// folder (they could equally replace the GeoJSON or the program); `LEOTWIN_CACHE_DIR=off`
// ignores the cache, e.g. for an audit that trusts nothing but the data.
#pragma once

#include <memory>
#include <string>

#include "leotwin/base/status.h"
#include "leotwin/geo/territories.h"

namespace leotwin::geo {

inline constexpr uint32_t kTerritoryCacheFormat = 2;

// The cache folder: $LEOTWIN_CACHE_DIR when set and not empty ("off" disables the cache), else
// $XDG_CACHE_HOME/leotwin, else $HOME/.cache/leotwin; "" (no cache) when none of these is set.
std::string TerritoryCacheDir();

struct TerritoryCacheReport {
  enum class Outcome { kDisabled, kHit, kMissing, kStale, kCorrupt };
  Outcome outcome = Outcome::kDisabled;
  std::string path;      // the cache file ("" when disabled)
  std::string problem;   // why the file was not used (stale, corrupt), or why writing failed
  bool written = false;  // a new cache file was written
};
std::string_view TerritoryCacheOutcomeName(TerritoryCacheReport::Outcome outcome);

// The territories of the GeoJSON file at `geojson_path` (as TerritorySet::LoadFile), through the
// cache in `cache_dir` ("" for none; the folder is created, mode 0700, when missing). Errors are
// those of reading or parsing the GeoJSON; cache problems only show in `report`.
StatusOr<std::shared_ptr<const TerritorySet>> LoadTerritoriesCached(
    const std::string& geojson_path, const std::string& cache_dir,
    TerritoryCacheReport* report = nullptr);

}  // namespace leotwin::geo
