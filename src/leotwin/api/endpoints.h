// The endpoint table of the API: binds the handlers (handlers.h) to paths under /api/v1.
// GET /api/v1 lists every endpoint with its parameters.
#pragma once

#include <memory>

#include "leotwin/api/admission.h"
#include "leotwin/api/request_router.h"
#include "leotwin/api/twin.h"

namespace leotwin::api {

// A router serving `twin` (kept alive by the router's handlers), with heavy routes admitted by
// cost under `admission` (admission.h).
std::shared_ptr<RequestRouter> BuildRouter(std::shared_ptr<const Twin> twin,
                                           const AdmissionOptions& admission = {});

}  // namespace leotwin::api
