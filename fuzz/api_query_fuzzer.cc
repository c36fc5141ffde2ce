// Feeds arbitrary bytes to the API's request-target handling: QueryParams::Parse, every typed
// getter on every key, ParseLatLon, and RequestRouter::Handle (path split, lookup, error bodies).
// Any crash, sanitizer report or exception escaping is a bug; every outcome must be a Status or a
// response with a JSON body.
#include <cstddef>
#include <cstdint>
#include <string>

#include "leotwin/api/query.h"
#include "leotwin/api/request_router.h"
#include "nlohmann/json.hpp"

namespace {

using leotwin::SimTime;
using leotwin::StatusOr;
using leotwin::api::ApiReply;
using leotwin::api::ApiRequest;
using leotwin::api::QueryParams;

const leotwin::api::RequestRouter& TheRouter() {
  static const auto* router = [] {
    auto* r = new leotwin::api::RequestRouter();
    r->Get("/api/v1/x", "", "", [](const ApiRequest& req) -> StatusOr<ApiReply> {
      LEOTWIN_RETURN_IF_ERROR(req.query.CheckAllowed({"at", "lat", "lon", "n", "d", "f"}));
      LEOTWIN_ASSIGN_OR_RETURN(SimTime t,
                               req.query.Time("at", SimTime(), SimTime::FromCivil(1900, 1, 1),
                                              SimTime::FromCivil(2200, 1, 1)));
      LEOTWIN_ASSIGN_OR_RETURN(double lat, req.query.Double("lat", 0, -90, 90));
      LEOTWIN_ASSIGN_OR_RETURN(int64_t n, req.query.Int("n", 0, -5, 5));
      ApiReply reply;
      reply.body = {{"t", t.ToIso8601()}, {"lat", lat}, {"n", n}};
      return reply;
    });
    return r;
  }();
  return *router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  StatusOr<QueryParams> q = QueryParams::Parse(text);
  if (q.ok()) {
    const SimTime lo = SimTime::FromCivil(1900, 1, 1);
    const SimTime hi = SimTime::FromCivil(2200, 1, 1);
    for (const auto& [key, value] : q->values()) {
      (void)q->RequiredDouble(key, -1e300, 1e300);
      (void)q->Int(key, 0, INT64_MIN, INT64_MAX);
      (void)q->Bool(key, false);
      (void)q->RequiredTime(key, lo, hi);
      (void)q->Duration(key, 0, 0, INT64_MAX);
      (void)q->Choice(key, {"json", "geojson"}, "json");
      (void)q->RequiredString(key, 64);
      (void)leotwin::api::ParseLatLon(value);
    }
    (void)q->CheckAllowed({"a", "b"});
  }
  const auto r = TheRouter().Handle("GET", "/api/v1/x?" + text, "", "fuzz");
  // Every response body is valid JSON.
  if (nlohmann::json::parse(r.body, nullptr, false).is_discarded()) __builtin_trap();
  if (r.status < 200 || r.status >= 600) __builtin_trap();
  return 0;
}
