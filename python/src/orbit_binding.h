// The Python-side constellation (shared by the orbit, network and coverage bindings).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "leotwin/orbit/batch_propagator.h"
#include "leotwin/orbit/constellation.h"

namespace leotwin::python {

// Element sets plus their batch propagator (SGP4 initialized once). Immutable once built, so one
// value may serve concurrent calls from several Python threads (every call releases the GIL).
struct PyConstellation {
  std::string source;  // the preset name or file path it was loaded from
  std::shared_ptr<const orbit::Constellation> constellation;
  std::shared_ptr<const orbit::BatchPropagator> propagator;
  int64_t skipped_count = 0;
  std::vector<std::string> skipped;  // first skipped records, as the CLI reports them
  bool from_preset = false;

  void MakePropagator();
  // The satellites with these catalog numbers, in constellation order (as `propagate --catalog`).
  std::shared_ptr<PyConstellation> Select(const std::vector<int64_t>& catalog_numbers) const;
};

}  // namespace leotwin::python
