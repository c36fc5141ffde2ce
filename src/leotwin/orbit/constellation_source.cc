#include "leotwin/orbit/constellation_source.h"

#include <filesystem>

#include "fmt/format.h"
#include "leotwin/orbit/walker.h"

namespace leotwin::orbit {

StatusOr<LoadedConstellation> LoadConstellation(std::string_view preset_or_path,
                                                const ConstellationSourceOptions& options) {
  LoadedConstellation out;
  for (const ConstellationPresetInfo& preset : ConstellationPresets()) {
    if (preset.name == preset_or_path) {
      LEOTWIN_ASSIGN_OR_RETURN(out.constellation,
                               ConstellationPreset(preset_or_path, options.preset_epoch));
      out.from_preset = true;
      return out;
    }
  }
  const std::string path(preset_or_path);
  StatusOr<LoadResult> load = LoadElements(path, options.load);
  if (!load.ok() && load.status().code() == absl::StatusCode::kNotFound) {
    // The name may have been meant as a preset: say which exist (the code stays NotFound).
    std::string names;
    for (const ConstellationPresetInfo& preset : ConstellationPresets()) {
      names += names.empty() ? "" : ", ";
      names += preset.name;
    }
    return WithContext(load.status(), fmt::format("constellation \"{}\": not a preset ({}) and no "
                                                  "such element file",
                                                  path, names));
  }
  LEOTWIN_ASSIGN_OR_RETURN(LoadResult loaded, std::move(load));
  if (loaded.elements.empty()) {
    return absl::InvalidArgumentError(
        fmt::format("{}: no valid element sets ({} records skipped{}{})", path,
                    loaded.skipped_count, loaded.skipped.empty() ? "" : "; first: ",
                    loaded.skipped.empty() ? "" : loaded.skipped.front().message));
  }
  out.constellation.name = std::filesystem::path(path).filename().string();
  out.constellation.elements = std::move(loaded.elements);
  out.constellation.slots.assign(out.constellation.elements.size(), SatelliteSlot{});
  out.skipped_count = loaded.skipped_count;
  out.skipped = std::move(loaded.skipped);
  return out;
}

}  // namespace leotwin::orbit
