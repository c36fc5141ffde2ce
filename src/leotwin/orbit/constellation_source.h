// One way for every front end (CLI, HTTP API, benchmarks) to turn a user's "--constellation X"
// into a Constellation: X is either a preset name (orbit/walker.h: starlink-gen1, kuiper, ...) or
// the path of an element file (TLE 2/3-line, OMM JSON/CSV/XML; format sniffed).
#pragma once

#include <string>
#include <string_view>

#include "leotwin/base/status.h"
#include "leotwin/orbit/constellation.h"
#include "leotwin/orbit/element_loader.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::orbit {

struct ConstellationSourceOptions {
  // Epoch given to preset element sets (real element files carry their own epochs).
  SimTime preset_epoch = SimTime::FromCivil(2025, 9, 23);
  LoadOptions load;  // For element files: strict mode, checksum verification, format.
};

struct LoadedConstellation {
  Constellation constellation;
  // For element files: records skipped in lenient mode (count and the first descriptions).
  int64_t skipped_count = 0;
  std::vector<SkippedRecord> skipped;
  bool from_preset = false;
};

// A preset name when it names one, else a file path. NotFound names both possibilities when
// neither exists.
StatusOr<LoadedConstellation> LoadConstellation(std::string_view preset_or_path,
                                                const ConstellationSourceOptions& options = {});

}  // namespace leotwin::orbit
