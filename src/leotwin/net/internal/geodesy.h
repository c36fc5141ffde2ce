// Forwarding header: these helpers are public now, in orbit/geodesy.h (shared with coverage/).
// Include that header and call orbit::GeodeticToEcef / GeodeticUp / GreatCircleKm instead; this
// one goes once its remaining includers (net/ground*, network, series, their tests) have moved.
#pragma once

#include "leotwin/orbit/geodesy.h"

namespace leotwin::net::internal {

using orbit::GeodeticToEcef;
using orbit::GeodeticUp;
using orbit::GreatCircleKm;

}  // namespace leotwin::net::internal
