// CZML (Cesium's JSON time-dynamic format, https://github.com/AnalyticalGraphicsInc/czml-writer
// wiki "CZML Structure" and "Packet") for a constellation over a time grid: a document packet with
// the clock, then one packet per satellite with its ECEF positions (referenceFrame FIXED, metres,
// seconds since the grid start, Lagrange interpolation of degree 5) and a point graphic.
// Satellites without a valid state at an instant skip that sample; a satellite with no valid
// sample is left out. Output is streamed into a string (no DOM), so large exports stay cheap.
#pragma once

#include <string>

#include "leotwin/base/status.h"
#include "leotwin/net/ephemeris.h"
#include "leotwin/orbit/constellation.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::api {

struct CzmlOptions {
  std::string document_name = "leotwin";
  int pixel_size = 3;
  int clock_multiplier = 60;  // Seconds of simulation per second of playback.
};

// Appends the CZML document to `out`. InvalidArgument when grid.count < 1 or ephemeris.size() !=
// constellation.size().
Status WriteCzml(const orbit::Constellation& constellation, const net::Ephemeris& ephemeris,
                 const TimeGrid& grid, const CzmlOptions& options, std::string* out);

}  // namespace leotwin::api
