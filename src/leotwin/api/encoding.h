// Response compression, owned by leotwin rather than left to cpp-httplib.
//
// Why: cpp-httplib (Debian's 0.11, built with brotli) compresses every compressible response with
// brotli at the encoder's default quality, 11, whenever the client accepts "br", as browsers do.
// Measured with a release server on a 2-core VM: the map's 1.8 MB script took 4.2 s to its first
// byte, a 330 KB availability reply 0.71 s instead of 0.02 s. gzip at level 1 costs a few
// milliseconds per megabyte and still shrinks our JSON 4-10x; static files are compressed once,
// at the best level, and kept.
//
// The server marks every body it writes so that cpp-httplib never compresses it again (API replies
// carry "; charset=utf-8", static files go out through a content provider); see server.cc.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace leotwin::api {

// Bodies smaller than this go out as they are (compression would not pay for its header).
inline constexpr size_t kMinCompressedBodyBytes = 1024;

// Whether an Accept-Encoding header value accepts gzip: a "gzip" or "*" token whose q-value is not
// zero (RFC 9110 12.5.3). Case-insensitive; malformed parts are ignored.
bool AcceptsGzip(std::string_view accept_encoding);

// `data` as a gzip member (RFC 1952) compressed by zlib at `level` (1 fastest .. 9 smallest);
// nullopt when zlib fails (out of memory): the caller sends the body as it is.
std::optional<std::string> Gzip(std::string_view data, int level);

// The data of a gzip stream, if it decompresses to at most `max_bytes`; nullopt when it is not
// gzip, is truncated or corrupt, or would be larger.
std::optional<std::string> Gunzip(std::string_view gzip, size_t max_bytes);

// Compressed static files, computed once per content: keyed by path, and recomputed when the
// file's bytes change (a rebuilt page). A file compressed at build time (`read_precompressed`
// gives the bytes of FILE.gz beside it, written by the page's build; called on a miss only) is
// used when it decompresses to exactly
// the file's bytes, so the first visitor does not wait while the server compresses 1.8 MB of
// script; otherwise the server compresses. Null when compression failed. Thread-safe.
class GzipCache {
 public:
  std::shared_ptr<const std::string> Get(
      const std::string& path, const std::string& content,
      const std::function<std::optional<std::string>()>& read_precompressed = nullptr);

 private:
  struct Entry {
    size_t content_hash = 0;
    size_t content_size = 0;
    std::shared_ptr<const std::string> gzip;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace leotwin::api
