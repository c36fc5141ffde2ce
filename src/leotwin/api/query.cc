#include "leotwin/api/query.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "fmt/format.h"

namespace leotwin::api {
namespace {

// Shortens a value for quoting in an error message (values can be up to max_value_bytes long).
std::string Quote(std::string_view value) {
  constexpr size_t kMax = 48;
  std::string out;
  out.reserve(std::min(value.size(), kMax) + 5);
  out += '"';
  for (size_t i = 0; i < value.size() && i < kMax; ++i) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
  }
  if (value.size() > kMax) out += "...";
  out += '"';
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsKeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

// Percent-decodes `in` ('+' -> ' '). `what` names the part for error messages.
StatusOr<std::string> Decode(std::string_view in, size_t max_bytes, std::string_view what) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      c = ' ';
    } else if (c == '%') {
      if (i + 2 >= in.size()) {
        return absl::InvalidArgumentError(
            fmt::format("query: {} has a truncated %-escape at byte {}", what, i));
      }
      const int hi = HexValue(in[i + 1]);
      const int lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) {
        return absl::InvalidArgumentError(fmt::format(
            "query: {} has a malformed %-escape at byte {} (expected two hex digits)", what, i));
      }
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      return absl::InvalidArgumentError(
          fmt::format("query: {} contains a control byte 0x{:02x}", what, static_cast<int>(u)));
    }
    out += c;
    if (out.size() > max_bytes) {
      return absl::InvalidArgumentError(
          fmt::format("query: {} is longer than {} bytes", what, max_bytes));
    }
  }
  return out;
}

}  // namespace

std::pair<std::string_view, std::string_view> QueryParams::SplitTarget(std::string_view target) {
  const size_t q = target.find('?');
  if (q == std::string_view::npos) return {target, std::string_view()};
  return {target.substr(0, q), target.substr(q + 1)};
}

StatusOr<QueryParams> QueryParams::Parse(std::string_view raw, const QueryLimits& limits) {
  if (raw.size() > limits.max_query_bytes) {
    return absl::InvalidArgumentError(
        fmt::format("query: the query string has {} bytes, more than "
                    "the limit of {}",
                    raw.size(), limits.max_query_bytes));
  }
  // A fragment never reaches a server, but a client may still send one: ignore it.
  if (const size_t hash = raw.find('#'); hash != std::string_view::npos) raw = raw.substr(0, hash);
  QueryParams out;
  size_t start = 0;
  while (start <= raw.size()) {
    size_t end = raw.find('&', start);
    if (end == std::string_view::npos) end = raw.size();
    const std::string_view pair = raw.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    const std::string_view raw_key = pair.substr(0, eq);
    const std::string_view raw_value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    LEOTWIN_ASSIGN_OR_RETURN(std::string key, Decode(raw_key, limits.max_key_bytes, "a key"));
    if (key.empty()) {
      return absl::InvalidArgumentError("query: a parameter has an empty name");
    }
    for (char c : key) {
      if (!IsKeyChar(c)) {
        return absl::InvalidArgumentError(fmt::format(
            "query: parameter name {} has a character outside [A-Za-z0-9_.-]", Quote(key)));
      }
    }
    LEOTWIN_ASSIGN_OR_RETURN(std::string value, Decode(raw_value, limits.max_value_bytes,
                                                       fmt::format("the value of '{}'", key)));
    if (out.values_.count(key) != 0) {
      return absl::InvalidArgumentError(fmt::format("query: parameter '{}' is given twice", key));
    }
    if (out.values_.size() >= limits.max_params) {
      return absl::InvalidArgumentError(
          fmt::format("query: more than {} parameters", limits.max_params));
    }
    out.values_.emplace(std::move(key), std::move(value));
  }
  return out;
}

Status QueryParams::CheckAllowed(std::initializer_list<std::string_view> allowed) const {
  for (const auto& [key, value] : values_) {
    bool ok = false;
    for (std::string_view a : allowed) ok = ok || key == a;
    if (!ok) {
      std::string list;
      for (std::string_view a : allowed) {
        if (!list.empty()) list += ", ";
        list += a;
      }
      return absl::InvalidArgumentError(
          fmt::format("query: unknown parameter '{}' (this endpoint takes: {})", key,
                      list.empty() ? std::string("none") : list));
    }
  }
  return absl::OkStatus();
}

const std::string* QueryParams::Find(const std::string& key) const {
  const auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

StatusOr<std::string> QueryParams::RequiredString(const std::string& key, size_t max_bytes) const {
  const std::string* v = Find(key);
  if (v == nullptr) {
    return absl::InvalidArgumentError(fmt::format("query: parameter '{}' is required", key));
  }
  if (v->empty()) {
    return absl::InvalidArgumentError(fmt::format("query: parameter '{}' is empty", key));
  }
  if (v->size() > max_bytes) {
    return absl::InvalidArgumentError(
        fmt::format("query: parameter '{}' is longer than {} bytes", key, max_bytes));
  }
  return *v;
}

StatusOr<std::string> QueryParams::String(const std::string& key, const std::string& fallback,
                                          size_t max_bytes) const {
  if (!Has(key)) return fallback;
  return RequiredString(key, max_bytes);
}

StatusOr<std::string> QueryParams::Choice(const std::string& key,
                                          std::initializer_list<std::string_view> choices,
                                          const std::string& fallback) const {
  const std::string* v = Find(key);
  if (v == nullptr) return fallback;
  std::string list;
  for (std::string_view c : choices) {
    if (*v == c) return *v;
    if (!list.empty()) list += "|";
    list += c;
  }
  return absl::InvalidArgumentError(
      fmt::format("query: parameter '{}' is {}, expected one of {}", key, Quote(*v), list));
}

StatusOr<double> ParseFiniteDouble(std::string_view text) {
  if (text.empty()) return absl::InvalidArgumentError("empty number");
  double value = 0.0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(first, last, value, std::chars_format::general);
  if (ec != std::errc() || ptr != last) {
    return absl::InvalidArgumentError(fmt::format("{} is not a number", Quote(text)));
  }
  if (!std::isfinite(value)) {
    return absl::InvalidArgumentError(fmt::format("{} is not a finite number", Quote(text)));
  }
  return value;
}

StatusOr<double> QueryParams::RequiredDouble(const std::string& key, double min, double max) const {
  const std::string* v = Find(key);
  if (v == nullptr) {
    return absl::InvalidArgumentError(fmt::format("query: parameter '{}' is required", key));
  }
  const StatusOr<double> value = ParseFiniteDouble(*v);
  if (!value.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("query: parameter '{}': {}", key, std::string(value.status().message())));
  }
  if (*value < min || *value > max) {
    return absl::InvalidArgumentError(
        fmt::format("query: parameter '{}' = {} is outside [{}, {}]", key, *value, min, max));
  }
  return *value;
}

StatusOr<double> QueryParams::Double(const std::string& key, double fallback, double min,
                                     double max) const {
  if (!Has(key)) return fallback;
  return RequiredDouble(key, min, max);
}

StatusOr<int64_t> QueryParams::Int(const std::string& key, int64_t fallback, int64_t min,
                                   int64_t max) const {
  const std::string* v = Find(key);
  if (v == nullptr) return fallback;
  int64_t value = 0;
  const char* first = v->data();
  const char* last = v->data() + v->size();
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (v->empty() || ec != std::errc() || ptr != last) {
    return absl::InvalidArgumentError(
        fmt::format("query: parameter '{}' is {}, expected an integer", key, Quote(*v)));
  }
  if (value < min || value > max) {
    return absl::InvalidArgumentError(
        fmt::format("query: parameter '{}' = {} is outside [{}, {}]", key, value, min, max));
  }
  return value;
}

StatusOr<bool> QueryParams::Bool(const std::string& key, bool fallback) const {
  const std::string* v = Find(key);
  if (v == nullptr) return fallback;
  if (*v == "true" || *v == "1") return true;
  if (*v == "false" || *v == "0") return false;
  return absl::InvalidArgumentError(
      fmt::format("query: parameter '{}' is {}, expected true|false|1|0", key, Quote(*v)));
}

StatusOr<SimTime> QueryParams::RequiredTime(const std::string& key, SimTime min,
                                            SimTime max) const {
  const std::string* v = Find(key);
  if (v == nullptr) {
    return absl::InvalidArgumentError(fmt::format("query: parameter '{}' is required", key));
  }
  SimTime t;
  const StatusOr<double> seconds = ParseFiniteDouble(*v);
  if (seconds.ok()) {
    // Unix seconds; bound before converting so the nanosecond count cannot overflow.
    if (std::fabs(*seconds) > 9.0e9) {
      return absl::InvalidArgumentError(
          fmt::format("query: parameter '{}' = {} s is not a plausible Unix time", key, *seconds));
    }
    t = SimTime::FromUnixSeconds(*seconds);
  } else {
    const StatusOr<SimTime> parsed = SimTime::Parse(*v);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(
          fmt::format("query: parameter '{}' is {}, expected an ISO 8601 instant such as "
                      "2025-09-23T12:00:00Z or Unix seconds ({})",
                      key, Quote(*v), std::string(parsed.status().message())));
    }
    t = *parsed;
  }
  if (t < min || t > max) {
    return absl::InvalidArgumentError(fmt::format("query: parameter '{}' = {} is outside [{}, {}]",
                                                  key, t.ToIso8601(), min.ToIso8601(),
                                                  max.ToIso8601()));
  }
  return t;
}

StatusOr<SimTime> QueryParams::Time(const std::string& key, SimTime fallback, SimTime min,
                                    SimTime max) const {
  if (!Has(key)) return fallback;
  return RequiredTime(key, min, max);
}

StatusOr<int64_t> QueryParams::Duration(const std::string& key, int64_t fallback_ns, int64_t min_ns,
                                        int64_t max_ns) const {
  const std::string* v = Find(key);
  if (v == nullptr) return fallback_ns;
  const StatusOr<int64_t> ns = ParseDuration(*v, /*allow_zero=*/min_ns <= 0);
  if (!ns.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("query: parameter '{}' is {}, expected a duration such as 90min, 600s, 1h ({})",
                    key, Quote(*v), std::string(ns.status().message())));
  }
  if (*ns < min_ns || *ns > max_ns) {
    return absl::InvalidArgumentError(
        fmt::format("query: parameter '{}' = {} s is outside [{}, {}] s", key, *ns * 1e-9,
                    min_ns * 1e-9, max_ns * 1e-9));
  }
  return *ns;
}

StatusOr<LatLonDeg> ParseLatLon(std::string_view text) {
  const size_t comma = text.find(',');
  if (comma == std::string_view::npos) {
    return absl::InvalidArgumentError(
        fmt::format("{} is not a place: expected \"lat,lon\" in degrees", Quote(text)));
  }
  const StatusOr<double> lat = ParseFiniteDouble(text.substr(0, comma));
  const StatusOr<double> lon = ParseFiniteDouble(text.substr(comma + 1));
  if (!lat.ok() || !lon.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("{} is not a place: expected \"lat,lon\" in degrees", Quote(text)));
  }
  if (*lat < -90.0 || *lat > 90.0 || *lon < -180.0 || *lon > 180.0) {
    return absl::InvalidArgumentError(
        fmt::format("place {} is outside lat [-90, 90], lon [-180, 180] degrees", Quote(text)));
  }
  return LatLonDeg{*lat, *lon};
}

}  // namespace leotwin::api
