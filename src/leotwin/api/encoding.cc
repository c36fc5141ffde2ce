#include "leotwin/api/encoding.h"

#include <zlib.h>

#include <cctype>
#include <cstdlib>
#include <functional>

#include "leotwin/base/check.h"

namespace leotwin::api {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// The q-value of one coding's parameters ("q=0.5"); 1 when absent or unreadable.
double QValue(std::string_view params) {
  while (!params.empty()) {
    const size_t semi = params.find(';');
    const std::string_view param = Trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      const std::string value(Trim(param.substr(2)));
      char* end = nullptr;
      const double q = std::strtod(value.c_str(), &end);
      if (end != value.c_str() && *end == '\0' && q >= 0 && q <= 1) return q;
    }
  }
  return 1.0;
}

}  // namespace

bool AcceptsGzip(std::string_view header) {
  bool gzip = false, star = false, gzip_listed = false;
  while (!header.empty()) {
    const size_t comma = header.find(',');
    const std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const size_t semi = item.find(';');
    const std::string_view coding = Trim(item.substr(0, semi));
    const double q = semi == std::string_view::npos ? 1.0 : QValue(item.substr(semi + 1));
    if (EqualsIgnoreCase(coding, "gzip") || EqualsIgnoreCase(coding, "x-gzip")) {
      gzip_listed = true;
      gzip = gzip || q > 0;
    } else if (coding == "*") {
      star = q > 0;
    }
  }
  // "*" covers gzip only when gzip is not named on its own (an explicit gzip;q=0 wins).
  return gzip || (star && !gzip_listed);
}

std::optional<std::string> Gzip(std::string_view data, int level) {
  LEOTWIN_DCHECK(level >= 1 && level <= 9);
  z_stream zs{};
  // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  // deflateBound leaves room for the whole stream: one call finishes it.
  const bool finished = deflate(&zs, Z_FINISH) == Z_STREAM_END;
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (!finished) return std::nullopt;
  return out;
}

std::optional<std::string> Gunzip(std::string_view gzip, size_t max_bytes) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + 15) != Z_OK) return std::nullopt;  // gzip wrapper only
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzip.data()));
  zs.avail_in = static_cast<uInt>(gzip.size());
  std::string out;
  char buffer[1 << 16];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof(buffer);
    rc = inflate(&zs, Z_NO_FLUSH);
    const size_t produced = sizeof(buffer) - zs.avail_out;
    if (out.size() + produced > max_bytes)
      rc = Z_BUF_ERROR;
    else
      out.append(buffer, produced);
  }
  const bool ok = rc == Z_STREAM_END && zs.avail_in == 0;  // One member, nothing after it.
  inflateEnd(&zs);
  if (!ok) return std::nullopt;
  return out;
}

std::shared_ptr<const std::string> GzipCache::Get(
    const std::string& path, const std::string& content,
    const std::function<std::optional<std::string>()>& read_precompressed) {
  const size_t hash = std::hash<std::string_view>()(content);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(path);
    if (it != entries_.end() && it->second.content_hash == hash &&
        it->second.content_size == content.size()) {
      return it->second.gzip;
    }
  }
  // Compressed outside the lock: two first requests may both compress; the result is the same.
  std::optional<std::string> compressed;
  if (read_precompressed) compressed = read_precompressed();
  if (!compressed || Gunzip(*compressed, content.size()) != content) {
    compressed = Gzip(content, 9);
  }
  if (!compressed) return nullptr;
  auto gzip = std::make_shared<const std::string>(*std::move(compressed));
  std::lock_guard<std::mutex> lock(mutex_);
  entries_[path] = Entry{hash, content.size(), gzip};
  return gzip;
}

}  // namespace leotwin::api
