// Query-string parsing for the HTTP API: the raw "a=1&b=x%20y" of a request target becomes a
// validated map, and typed getters turn values into numbers, instants and durations with ranges.
// Every failure is an InvalidArgument naming the parameter and what was expected, so the API can
// answer 400 with a message a person can act on. This parser takes outside input: it has a fuzz
// target (fuzz/api_query_fuzzer.cc).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::api {

struct QueryLimits {
  size_t max_query_bytes = 4096;  // Whole raw query string.
  size_t max_params = 32;
  size_t max_key_bytes = 64;
  size_t max_value_bytes = 1024;  // After percent-decoding.
};

class QueryParams {
 public:
  QueryParams() = default;

  // Parses a raw query string (the part after '?', without it): pairs separated by '&', key and
  // value by the first '=', '+' means space, %XX is a byte. Keys are [A-Za-z0-9_.-]+. A key given
  // twice, a malformed escape, a value with a NUL or control byte, or anything past `limits`
  // -> InvalidArgument. Empty pairs ("a=1&&b=2") are ignored; "a" alone means a="".
  static StatusOr<QueryParams> Parse(std::string_view raw, const QueryLimits& limits = {});

  // Splits a request target "/path?query" at the first '?'. Returns {path, raw query}.
  static std::pair<std::string_view, std::string_view> SplitTarget(std::string_view target);

  bool Has(const std::string& key) const { return values_.count(key) != 0; }
  size_t size() const { return values_.size(); }
  const std::map<std::string, std::string>& values() const { return values_; }
  void Set(const std::string& key, const std::string& value) { values_[key] = value; }

  // Fails with InvalidArgument naming the first key not in `allowed` (catches typos such as
  // "lng" for "lon" instead of silently using a default).
  Status CheckAllowed(std::initializer_list<std::string_view> allowed) const;

  // Typed getters. The Required* forms fail when the key is absent; the others return `fallback`.
  // Numbers must be finite, fully consumed and in [min, max].
  StatusOr<std::string> RequiredString(const std::string& key, size_t max_bytes = 256) const;
  StatusOr<std::string> String(const std::string& key, const std::string& fallback,
                               size_t max_bytes = 256) const;
  // One of `choices` (exact match).
  StatusOr<std::string> Choice(const std::string& key,
                               std::initializer_list<std::string_view> choices,
                               const std::string& fallback) const;
  StatusOr<double> RequiredDouble(const std::string& key, double min, double max) const;
  StatusOr<double> Double(const std::string& key, double fallback, double min, double max) const;
  StatusOr<int64_t> Int(const std::string& key, int64_t fallback, int64_t min, int64_t max) const;
  StatusOr<bool> Bool(const std::string& key, bool fallback) const;  // true/false/1/0
  // An instant: ISO 8601 / RFC 3339 (SimTime::Parse) or "now" is NOT accepted (the twin's clock is
  // the scenario's, not the wall clock); a bare number is Unix seconds. Must lie in [min, max].
  StatusOr<SimTime> Time(const std::string& key, SimTime fallback, SimTime min, SimTime max) const;
  StatusOr<SimTime> RequiredTime(const std::string& key, SimTime min, SimTime max) const;
  // A duration ("90min", "600s", "1h", bare seconds; see ParseDuration), in [min_ns, max_ns].
  StatusOr<int64_t> Duration(const std::string& key, int64_t fallback_ns, int64_t min_ns,
                             int64_t max_ns) const;

 private:
  const std::string* Find(const std::string& key) const;
  std::map<std::string, std::string> values_;
};

// Parses a whole string as a finite double (no leading/trailing junk, no hex, no inf/nan).
StatusOr<double> ParseFiniteDouble(std::string_view text);

// A place given as "lat,lon" in degrees (lat in [-90, 90], lon in [-180, 180]).
struct LatLonDeg {
  double lat = 0.0;
  double lon = 0.0;
};
StatusOr<LatLonDeg> ParseLatLon(std::string_view text);

}  // namespace leotwin::api
