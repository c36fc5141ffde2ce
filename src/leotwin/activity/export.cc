#include "leotwin/activity/export.h"

#include "fmt/format.h"
#include "leotwin/coverage/export.h"
#include "s2/s2latlng.h"

namespace leotwin::activity {

namespace {

struct RowText {
  std::string cell, bucket;
  double lat, lon;
};

RowText Common(const ActivityRow& r) {
  const S2LatLng c = r.cell.ToLatLng();
  return {r.cell.ToToken(), r.bucket_start.ToIso8601(), c.lat().degrees(), c.lng().degrees()};
}

}  // namespace

StatusOr<size_t> WriteActivityCsv(std::ostream& out, const ActivityReport& report) {
  out << "cell,level,bucket_start,bucket_s,lat,lon,terminals,sessions,session_hours,gigabytes,"
         "mean_concurrent\n";
  const int64_t d = report.privacy.bucket_ns;
  for (const ActivityRow& r : report.rows) {
    const RowText t = Common(r);
    out << fmt::format("{},{},{},{},{:.6f},{:.6f},{},{},{:.3f},{:.4f},{:.3f}\n", t.cell,
                       report.level, t.bucket, d / SimTime::kNanosPerSecond, t.lat, t.lon,
                       r.terminals, r.sessions, r.session_hours, r.gigabytes, r.mean_concurrent(d));
  }
  if (!out) return absl::DataLossError("activity export: write failed");
  return report.rows.size();
}

StatusOr<size_t> WriteActivityGeoJson(std::ostream& out, const ActivityReport& report) {
  const int64_t d = report.privacy.bucket_ns;
  out << fmt::format(
      "{{\"type\":\"FeatureCollection\",\"k\":{},\"level\":{},\"base_level\":{},\"bucket_s\":{},"
      "\"start\":\"{}\",\"end\":\"{}\",\"features\":[",
      report.privacy.k, report.level, report.privacy.base_level, d / SimTime::kNanosPerSecond,
      report.start.ToIso8601(), report.end.ToIso8601());
  std::string buf;
  for (size_t i = 0; i < report.rows.size(); ++i) {
    const ActivityRow& r = report.rows[i];
    const RowText t = Common(r);
    buf = fmt::format(
        "{}\n{{\"type\":\"Feature\",\"id\":\"{}@{}\",\"properties\":{{\"cell\":\"{}\",\"level\":{},"
        "\"bucket_start\":\"{}\",\"lat\":{:.6f},\"lon\":{:.6f},\"terminals\":{},\"sessions\":{},"
        "\"session_hours\":{:.3f},\"gigabytes\":{:.4f},\"mean_concurrent\":{:.3f}}},",
        i ? "," : "", t.cell, t.bucket, t.cell, report.level, t.bucket, t.lat, t.lon, r.terminals,
        r.sessions, r.session_hours, r.gigabytes, r.mean_concurrent(d));
    const auto rings = coverage::CellRingsLonLat(r.cell);
    buf += rings.size() == 1 ? "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                             : "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[";
    for (size_t k = 0; k < rings.size(); ++k) {
      buf += k ? ",[[" : "[[";
      for (size_t j = 0; j < rings[k].size(); ++j) {
        buf +=
            fmt::format("{}[{:.6f},{:.6f}]", j ? "," : "", rings[k][j].first, rings[k][j].second);
      }
      buf += "]]";
    }
    buf += rings.size() == 1 ? "}}" : "]}}";
    out << buf;
  }
  out << "\n]}\n";
  if (!out) return absl::DataLossError("activity export: write failed");
  return report.rows.size();
}

}  // namespace leotwin::activity
