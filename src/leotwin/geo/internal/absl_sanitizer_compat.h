// Force-included (-include) into every translation unit that uses leotwin_geo; see
// src/leotwin/geo/CMakeLists.txt.
//
// Debian's libs2 is built without sanitizers. Under AddressSanitizer, absl's btree.h adds
// "generation" fields to its nodes and iterators, so code compiled here (inline S2 code such as
// MutableS2ShapeIndex, whose cell map is an absl::btree_map) would disagree with libs2 about the
// layout, and the executable's instantiations would even interpose on libs2's own: S2 then loops
// forever. Undefining absl's sanitizer flag right after absl's config keeps one btree layout; the
// sanitizer itself stays on (only absl's optional hardening is off).
#pragma once
#ifdef __cplusplus
#include "absl/base/config.h"
#undef ABSL_HAVE_ADDRESS_SANITIZER
#undef ABSL_HAVE_MEMORY_SANITIZER
#endif
