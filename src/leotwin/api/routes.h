// Forwarding header: the endpoint table is in endpoints.h (renamed so it is not confused with
// cli/routes.cc). Remove once cli/serve.cc and tests/adversarial/ include endpoints.h.
#pragma once

#include "leotwin/api/endpoints.h"
#include "leotwin/api/router.h"
