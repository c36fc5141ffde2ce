// libFuzzer target: the track reader for GeoJSON LineString with times (track/track.h
// ParseTrackGeoJson). Any bytes give a Status or a track that keeps its promises
// (track_fuzz_check.h), never a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "leotwin/track/track.h"
#include "track_fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  leotwin::track::CheckTrack(leotwin::track::ParseTrackGeoJson(text, "fuzz"));
  return 0;
}
