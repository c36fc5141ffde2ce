// Hypatia's input files, read as Hypatia writes them (Kassing et al., "Exploring the 'Internet
// from space' with Hypatia", IMC 2020; the formats of its satgenpy "satellite network state"
// folder), so a Hypatia user can run leotwin on the same constellation, ground stations and lasers.
//
// tles.txt
//   line 1      "<orbits> <satellites per orbit>" (two integers >= 1, blank separated)
//   then, per satellite, three lines: a name line "<name> <id>" (the second blank-separated token
//   is the satellite id, 0, 1, 2, ... in file order; other tokens are kept as the name) and the
//   two element lines of a TLE (orbit/tle.h, checksums verified). Order is orbit-major: satellite
//   id = orbit * <satellites per orbit> + index in orbit, so the file has exactly orbits x
//   satellites-per-orbit satellites. Every element set must have the same epoch (Hypatia's time 0).
//   Slots: with at least 3 orbits of at least 3 satellites (Hypatia's +Grid minimum), satellite id
//   gets shell 0, plane id / S, index id % S, and the laser rule is Hypatia's +Grid
//   (lasers.h LaserOptions::hypatia_grid). A header such as "1 <N>" (what Hypatia's own tests
//   write for a hand-picked subset) carries no grid: no slots, lasers come from an isls.txt.
// ground_stations.basic.txt / ground_stations.txt
//   "<gid>,<name>,<latitude deg>,<longitude deg>,<elevation m>" per line (basic, 5 fields) or the
//   same followed by ",<x m>,<y m>,<z m>" (extended, 8 fields; the Cartesian position is checked
//   to be numbers but recomputed from the geodetic one). gid is 0, 1, 2, ... in file order, so
//   ground station gid is network node S + gid, as in Hypatia. No quoting: a field is everything
//   between commas (the name is trimmed of blanks). Latitude [-90, 90], longitude [-180, 180],
//   elevation [-500, 9000] m above the ellipsoid; names non-empty, without control characters.
//   Nodes are of kind `city` unless the caller asks otherwise: endpoints that use every
//   satellite in range and never relay, Hypatia's ground stations over ISLs.
// isls.txt
//   "<a> <b>" per line: satellite indices, 0 <= a < b < satellites (Hypatia's rule), no link
//   twice. The list is used as given (LaserOptions::Topology::kExplicit), in file order, which
//   fixes the interface numbers of the forwarding state (hypatia.h).
// All three: LF or CRLF line ends; blank lines (spaces/tabs only) are skipped. Errors are
// InvalidArgument "source:line:column: what was expected" (base/input.h InputError); a bad file
// gives an error and nothing else. Fuzzed (fuzz/hypatia_input_fuzzer.cc).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/net/ground.h"
#include "leotwin/net/lasers.h"
#include "leotwin/orbit/constellation.h"

namespace leotwin::net {

// Whether `text` starts (after blank lines) with a Hypatia tles.txt header: two integers.
bool LooksLikeHypatiaTles(std::string_view text);
// Parses a Hypatia tles.txt. The constellation is named after the first name line's first token.
StatusOr<orbit::Constellation> ParseHypatiaTles(std::string_view text, std::string_view source);
StatusOr<orbit::Constellation> ReadHypatiaTlesFile(const std::string& path);

// Whether `text` looks like a Hypatia ground-station file: its first non-blank line has 5 or 8
// comma-separated fields, the first an integer (a leotwin ground CSV starts with a header line).
bool LooksLikeHypatiaGroundStations(std::string_view text);
StatusOr<std::vector<GroundNode>> ParseHypatiaGroundStations(std::string_view text,
                                                             std::string_view source,
                                                             GroundKind kind = GroundKind::kCity);

// Parses a Hypatia isls.txt for a constellation of `satellites` satellites.
StatusOr<std::vector<IslLink>> ParseHypatiaIsls(std::string_view text, std::string_view source,
                                                int64_t satellites);
StatusOr<std::vector<IslLink>> ReadHypatiaIslsFile(const std::string& path, int64_t satellites);

}  // namespace leotwin::net
