#include "leotwin/api/czml.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "fmt/format.h"
#include "leotwin/api/request_router.h"
#include "nlohmann/json.hpp"

namespace leotwin::api {

Status WriteCzml(const orbit::Constellation& constellation, const net::Ephemeris& ephemeris,
                 const TimeGrid& grid, const CzmlOptions& options, std::string* out) {
  if (grid.count < 1) return absl::InvalidArgumentError("czml: the time grid is empty");
  const size_t n = constellation.size();
  if (static_cast<size_t>(ephemeris.size()) != n) {
    return absl::InvalidArgumentError(
        fmt::format("czml: ephemeris has {} satellites, constellation {}", ephemeris.size(), n));
  }
  // Positions by time step, then written per satellite.
  const auto steps = static_cast<size_t>(grid.count);
  std::vector<double> xyz(n * steps * 3);
  std::vector<uint8_t> ok(n * steps);
  net::EcefStatesBuffer states;
  for (size_t k = 0; k < steps; ++k) {
    LEOTWIN_RETURN_IF_ERROR(ephemeris.StatesAt(grid.At(static_cast<int64_t>(k)), &states));
    for (size_t i = 0; i < n; ++i) {
      const bool valid = states.error[i] == 0 && std::isfinite(states.x[i]) &&
                         std::isfinite(states.y[i]) && std::isfinite(states.z[i]);
      ok[i * steps + k] = valid;
      double* p = &xyz[(i * steps + k) * 3];
      p[0] = states.x[i] * 1e3;
      p[1] = states.y[i] * 1e3;
      p[2] = states.z[i] * 1e3;
    }
  }
  const std::string start = grid.start.ToIso8601();
  const std::string interval = fmt::format("{}/{}", start, grid.end().ToIso8601());
  const double step_s = static_cast<double>(grid.step_ns) * 1e-9;

  nlohmann::json document = {{"id", "document"},
                             {"name", options.document_name},
                             {"version", "1.0"},
                             {"clock",
                              {{"interval", interval},
                               {"currentTime", start},
                               {"multiplier", options.clock_multiplier},
                               {"range", "LOOP_STOP"},
                               {"step", "SYSTEM_CLOCK_MULTIPLIER"}}}};
  out->append("[");
  out->append(DumpJson(document));
  auto it = std::back_inserter(*out);
  for (size_t i = 0; i < n; ++i) {
    size_t valid_samples = 0;
    for (size_t k = 0; k < steps; ++k) valid_samples += ok[i * steps + k];
    if (valid_samples == 0) continue;
    const orbit::ElementSet& e = constellation.elements[i];
    const std::string name = e.name.empty() ? fmt::format("{}", e.catalog_number) : e.name;
    out->append(",\n");
    fmt::format_to(it,
                   R"({{"id":"sat-{}-{}","name":{},"availability":"{}","position":{{"epoch":"{}",)"
                   R"("referenceFrame":"FIXED","interpolationAlgorithm":"LAGRANGE",)"
                   R"("interpolationDegree":{},"cartesian":[)",
                   i, e.catalog_number, DumpJson(nlohmann::json(name)), interval, start,
                   std::clamp<int>(static_cast<int>(valid_samples) - 1, 1, 5));
    bool first = true;
    for (size_t k = 0; k < steps; ++k) {
      if (!ok[i * steps + k]) continue;
      const double* p = &xyz[(i * steps + k) * 3];
      fmt::format_to(it, "{}{},{:.1f},{:.1f},{:.1f}", first ? "" : ",",
                     static_cast<double>(k) * step_s, p[0], p[1], p[2]);
      first = false;
    }
    fmt::format_to(it, R"(]}},"point":{{"pixelSize":{},"color":{{"rgba":[255,214,102,255]}}}}}})",
                   options.pixel_size);
  }
  out->append("]\n");
  return absl::OkStatus();
}

}  // namespace leotwin::api
