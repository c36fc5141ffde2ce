// libFuzzer target: Hypatia's input readers (net/hypatia_input.h: tles.txt with its
// "<orbits> <per orbit>" header, ground_stations(.basic).txt, isls.txt; the first input byte picks
// the reader) must return a Status (never crash, hang or read out of bounds) on any bytes, and
// whatever they accept must satisfy the documented rules and, where leotwin writes the format
// too, read back the same after writing (net/hypatia.h).
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string_view>

#include "leotwin/net/hypatia.h"
#include "leotwin/net/hypatia_input.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace leotwin::net;
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      (void)LooksLikeHypatiaTles(text);
      auto c = ParseHypatiaTles(text, "tles.txt");
      if (c.ok()) {
        Check(c->slots.size() == c->size() && c->size() > 0);
        for (const auto& e : c->elements) Check(e.epoch == c->elements[0].epoch);
        for (const auto& s : c->slots) {
          Check(s.shell == -1 || (s.shell == 0 && s.plane >= 0 && s.index_in_plane >= 0));
        }
        std::ostringstream out;
        // A value the parser accepts may not fit the writer's fixed columns (a mean motion of
        // 115.09 rev/day needs 12 characters of an 11-column field): the writer refuses it with a
        // Status, and only what it writes must read back.
        if (!WriteHypatiaTles(*c, out).ok()) break;
        auto again = ParseHypatiaTles(out.str(), "rt.txt");
        Check(again.ok() && again->size() == c->size() && again->slots.size() == c->slots.size());
      }
      break;
    }
    case 1: {
      (void)LooksLikeHypatiaGroundStations(text);
      auto g = ParseHypatiaGroundStations(text, "ground_stations.txt");
      if (g.ok()) {
        Check(!g->empty());
        for (const auto& n : *g) {
          Check(!n.name.empty() && n.lat_deg >= -90 && n.lat_deg <= 90 && n.lon_deg >= -180 &&
                n.lon_deg <= 180 && std::isfinite(n.alt_m));
          for (const char c : n.name) Check(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
        }
      }
      break;
    }
    case 2: {
      const int64_t satellites = 64;
      auto l = ParseHypatiaIsls(text, "isls.txt", satellites);
      if (l.ok()) {
        std::set<std::pair<int, int>> seen;
        for (const auto& link : *l) {
          Check(link.a >= 0 && link.a < link.b && link.b < satellites);
          Check(seen.insert({link.a, link.b}).second);
        }
      }
      break;
    }
  }
  return 0;
}
