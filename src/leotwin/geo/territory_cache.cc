#include "leotwin/geo/territory_cache.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <random>

#include "fmt/format.h"
#include "leotwin/base/input.h"
#include "leotwin/geo/cell_index.h"

namespace leotwin::geo {
namespace {

using Hash = std::array<unsigned char, 32>;

struct CacheHeader {
  char magic[8];
  uint32_t format;
  uint32_t zero;
  unsigned char source_hash[32];
  uint64_t source_size;
  uint64_t payload_size;
  uint64_t checksum;
};
constexpr char kMagic[8] = {'L', 'T', 'T', 'E', 'R', 'I', 'D', 'X'};
constexpr size_t kChecksumOffset = offsetof(CacheHeader, checksum);
// Far above the bundled set's cache (about 16 MB); a larger file is refused unread.
constexpr size_t kMaxCacheBytes = size_t{1} << 30;

Hash Blake2b(std::string_view a) {
  Hash out{};
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, out.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(a.data()), a.size());
  crypto_generichash_final(&state, out.data(), out.size());
  return out;
}

// The checksum: four independent lanes of multiply-rotate over 8-byte words, folded and mixed.
// Not cryptographic (nothing here could be: whoever can write the file can recompute any
// checksum); it detects damage, at memory speed (the bundled set's cache is about 16 MB).
uint64_t Rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
uint64_t Checksum(std::string_view a, std::string_view b) {
  constexpr uint64_t kP1 = 0x9E3779B185EBCA87ull, kP2 = 0xC2B2AE3D27D4EB4Full;
  uint64_t lane[4] = {kP1 + kP2, kP2, 0, 0 - kP1};
  uint64_t total = 0;
  auto absorb = [&](std::string_view s) {
    size_t i = 0;
    for (; i + 32 <= s.size(); i += 32) {
      for (int k = 0; k < 4; ++k) {
        uint64_t w;
        std::memcpy(&w, s.data() + i + 8 * k, 8);
        lane[k] = Rotl(lane[k] + w * kP2, 31) * kP1;
      }
    }
    // The tail, one byte at a time into lane 0 (each with its position through `total`).
    for (; i < s.size(); ++i) {
      lane[0] = Rotl(lane[0] ^ (static_cast<unsigned char>(s[i]) * kP1), 11) * kP2;
    }
    total += s.size();
    lane[1] ^= s.size() * kP1;  // the split between the parts counts
  };
  absorb(a);
  absorb(b);
  uint64_t h = Rotl(lane[0], 1) + Rotl(lane[1], 7) + Rotl(lane[2], 12) + Rotl(lane[3], 18);
  for (uint64_t l : lane) h = (h ^ (Rotl(l * kP2, 31) * kP1)) * kP1 + kP2;
  h += total;
  h ^= h >> 33;
  h *= kP2;
  h ^= h >> 29;
  h *= kP1;
  h ^= h >> 32;
  return h;
}

void PutU32(uint32_t v, std::string* out) { out->append(reinterpret_cast<const char*>(&v), 4); }
void PutString(const std::string& s, std::string* out) {
  PutU32(static_cast<uint32_t>(s.size()), out);
  out->append(s);
}

// A bounded reader over the payload: every read checks the bytes left.
struct Reader {
  std::string_view bytes;
  size_t pos = 0;
  bool Take(size_t n, const char** p) {
    if (bytes.size() - pos < n) return false;
    *p = bytes.data() + pos;
    pos += n;
    return true;
  }
  template <typename T>
  bool Get(T* v) {
    const char* p = nullptr;
    if (!Take(sizeof(T), &p)) return false;
    std::memcpy(v, p, sizeof(T));
    return true;
  }
  bool GetString(std::string* s) {
    uint32_t n = 0;
    const char* p = nullptr;
    if (!Get(&n) || !Take(n, &p)) return false;
    s->assign(p, n);
    return true;
  }
};

std::string Payload(const TerritorySet& set) {
  std::string out;
  PutU32(static_cast<uint32_t>(set.size()), &out);
  for (int i = 0; i < set.size(); ++i) {
    const Territory& t = set.info(i);
    const int32_t numeric = t.iso_numeric;
    out.append(reinterpret_cast<const char*>(&numeric), 4);
    out.push_back(t.user_assigned ? 1 : 0);
    PutString(t.iso_a2, &out);
    PutString(t.iso_a3, &out);
    PutString(t.name, &out);
  }
  // The header is a multiple of 8 bytes: pad the payload so the index starts 8-byte aligned.
  static_assert(sizeof(CacheHeader) % 8 == 0);
  while (out.size() % 8 != 0) out.push_back('\0');
  set.cell_index().AppendTo(&out);
  return out;
}

// The set a cache file describes for `text`, or why the file cannot be used (`*stale` tells a
// stale file from a corrupt one).
// The cache file mapped read-only (a file replaced meanwhile keeps its old mapping: writers only
// ever rename a new file into place).
StatusOr<std::shared_ptr<const std::string_view>> MapFile(const std::string& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::NotFoundError(fmt::format("cannot open: {}", std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
      static_cast<uint64_t>(st.st_size) > kMaxCacheBytes) {
    ::close(fd);
    return absl::DataLossError("not a regular file of a plausible size");
  }
  const size_t size = static_cast<size_t>(st.st_size);
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED) return absl::DataLossError(fmt::format("mmap: {}", std::strerror(errno)));
  auto* view = new std::string_view(static_cast<const char*>(p), size);
  return std::shared_ptr<const std::string_view>(view, [](const std::string_view* v) {
    ::munmap(const_cast<char*>(v->data()), v->size());
    delete v;
  });
}

// The set a cache file describes for `text`, or why the file cannot be used (`*stale` tells a
// stale file from a corrupt one).
StatusOr<std::shared_ptr<const TerritorySet>> ReadCache(const std::string& file, std::string& text,
                                                        const Hash& source_hash,
                                                        const std::string& source, bool* stale) {
  *stale = false;
  LEOTWIN_ASSIGN_OR_RETURN(const auto mapping, MapFile(file));
  const std::string_view all = *mapping;
  CacheHeader h{};
  if (all.size() < sizeof(h)) return absl::DataLossError("shorter than its header");
  std::memcpy(&h, all.data(), sizeof(h));
  if (std::memcmp(h.magic, kMagic, sizeof(kMagic)) != 0) {
    return absl::DataLossError("not a leotwin territory cache");
  }
  if (h.format != kTerritoryCacheFormat || h.zero != 0) {
    *stale = true;
    return absl::FailedPreconditionError(
        fmt::format("format {} (this leotwin writes format {})", h.format, kTerritoryCacheFormat));
  }
  if (std::memcmp(h.source_hash, source_hash.data(), source_hash.size()) != 0 ||
      h.source_size != text.size()) {
    *stale = true;
    return absl::FailedPreconditionError("built from other territory data (hash differs)");
  }
  if (h.payload_size != all.size() - sizeof(h)) {
    return absl::DataLossError(fmt::format("{} payload bytes, the header says {}",
                                           all.size() - sizeof(h), h.payload_size));
  }
  if (h.checksum != Checksum(all.substr(0, kChecksumOffset), all.substr(sizeof(h)))) {
    return absl::DataLossError("checksum mismatch");
  }
  Reader r{all.substr(sizeof(h))};
  uint32_t count = 0;
  if (!r.Get(&count) || count > r.bytes.size()) return absl::DataLossError("bad territory count");
  std::vector<Territory> info(count);
  for (Territory& t : info) {
    int32_t numeric = 0;
    uint8_t user = 0;
    if (!r.Get(&numeric) || !r.Get(&user) || user > 1 || !r.GetString(&t.iso_a2) ||
        !r.GetString(&t.iso_a3) || !r.GetString(&t.name)) {
      return absl::DataLossError("truncated territory list");
    }
    t.iso_numeric = numeric;
    t.user_assigned = user != 0;
  }
  // Zero padding up to an 8-byte boundary of the file, so the index is used in place.
  while ((sizeof(h) + r.pos) % 8 != 0) {
    uint8_t zero = 1;
    if (!r.Get(&zero) || zero != 0) return absl::DataLossError("bad padding");
  }
  auto index = RegionCellIndex::FromBytes(r.bytes.substr(r.pos), static_cast<int>(count), mapping);
  if (!index.ok()) return absl::DataLossError(index.status().message());
  return TerritorySet::FromCompiled(std::move(text), source, std::move(info), std::move(*index));
}

// Writes `bytes` to `file` through a temporary file in the same folder and a rename.
Status WriteAtomically(const std::string& dir, const std::string& file, std::string_view bytes) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return absl::UnavailableError(fmt::format("cannot create {}: {}", dir, std::strerror(errno)));
  }
  std::random_device rd;
  const std::string tmp = fmt::format("{}.tmp.{}.{:08x}", file, ::getpid(), rd());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::UnavailableError(fmt::format("cannot create {}: {}", tmp, std::strerror(errno)));
  }
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  const int saved = errno;
  const bool closed = ::close(fd) == 0;
  if (done != bytes.size() || !closed || ::rename(tmp.c_str(), file.c_str()) != 0) {
    const int err = done != bytes.size() ? saved : errno;
    ::unlink(tmp.c_str());
    return absl::UnavailableError(fmt::format("cannot write {}: {}", file, std::strerror(err)));
  }
  return absl::OkStatus();
}

}  // namespace

std::string TerritoryCacheDir() {
  const char* own = std::getenv("LEOTWIN_CACHE_DIR");
  if (own != nullptr && *own != '\0') return std::string(own) == "off" ? "" : std::string(own);
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg != nullptr && *xdg == '/') return std::string(xdg) + "/leotwin";
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home == '/') return std::string(home) + "/.cache/leotwin";
  return "";
}

std::string_view TerritoryCacheOutcomeName(TerritoryCacheReport::Outcome outcome) {
  switch (outcome) {
    case TerritoryCacheReport::Outcome::kDisabled:
      return "disabled";
    case TerritoryCacheReport::Outcome::kHit:
      return "hit";
    case TerritoryCacheReport::Outcome::kMissing:
      return "missing";
    case TerritoryCacheReport::Outcome::kStale:
      return "stale";
    case TerritoryCacheReport::Outcome::kCorrupt:
      return "corrupt";
  }
  return "?";
}

StatusOr<std::shared_ptr<const TerritorySet>> LoadTerritoriesCached(const std::string& geojson_path,
                                                                    const std::string& cache_dir,
                                                                    TerritoryCacheReport* report) {
  TerritoryCacheReport local;
  TerritoryCacheReport& rep = report != nullptr ? *report : local;
  rep = TerritoryCacheReport{};
  LEOTWIN_ASSIGN_OR_RETURN(std::string text, ReadFileBounded(geojson_path, kDefaultMaxInputBytes));
  if (cache_dir.empty()) return TerritorySet::FromGeoJson(text, geojson_path);
  if (sodium_init() < 0) {
    rep.problem = "libsodium failed to initialize";
    return TerritorySet::FromGeoJson(text, geojson_path);
  }
  rep.path = cache_dir + "/territories.idx";
  const Hash source_hash = Blake2b(text);
  if (::access(rep.path.c_str(), F_OK) != 0) {
    rep.outcome = TerritoryCacheReport::Outcome::kMissing;
  } else {
    bool stale = false;
    auto cached = ReadCache(rep.path, text, source_hash, geojson_path, &stale);
    if (cached.ok()) {
      rep.outcome = TerritoryCacheReport::Outcome::kHit;
      return cached;
    }
    rep.outcome =
        stale ? TerritoryCacheReport::Outcome::kStale : TerritoryCacheReport::Outcome::kCorrupt;
    rep.problem = std::string(cached.status().message());
  }
  // Build from the data, then (re)write the cache; a failed write leaves the answer unchanged.
  LEOTWIN_ASSIGN_OR_RETURN(auto set, TerritorySet::FromGeoJson(text, geojson_path));
  const std::string payload = Payload(*set);
  CacheHeader h{};
  std::memcpy(h.magic, kMagic, sizeof(kMagic));
  h.format = kTerritoryCacheFormat;
  std::memcpy(h.source_hash, source_hash.data(), source_hash.size());
  h.source_size = text.size();
  h.payload_size = payload.size();
  std::string bytes(reinterpret_cast<const char*>(&h), sizeof(h));
  const uint64_t checksum = Checksum(std::string_view(bytes).substr(0, kChecksumOffset), payload);
  std::memcpy(bytes.data() + kChecksumOffset, &checksum, sizeof(checksum));
  bytes += payload;
  Status written = WriteAtomically(cache_dir, rep.path, bytes);
  rep.written = written.ok();
  if (!written.ok()) {
    rep.problem += (rep.problem.empty() ? "" : "; ") + std::string(written.message());
  }
  return set;
}

}  // namespace leotwin::geo
