// Forwarding header: the API's router is api::RequestRouter in request_router.h (renamed so it
// is not confused with net::Router, the satellite network's path finder). Remove once fuzz/ and
// tests/adversarial/ include request_router.h.
#pragma once

#include "leotwin/api/request_router.h"

namespace leotwin::api {

using Router = RequestRouter;  // Deprecated name.

}  // namespace leotwin::api
