// A twin's API over real HTTP for tests: BuildRouter + HttpServer on 127.0.0.1 at a free port,
// no rate limit, an admin token, and a client for it. Members are destroyed client first.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>

#include "leotwin/api/admission.h"
#include "leotwin/api/endpoints.h"
#include "leotwin/api/server.h"
#include "leotwin/api/twin.h"

namespace leotwin::api::testing {

struct LocalApi {
  std::unique_ptr<HttpServer> server;
  std::unique_ptr<httplib::Client> client;
};

inline StatusOr<LocalApi> StartLocalApi(std::shared_ptr<const Twin> twin,
                                        const std::string& admin_token) {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.rate_per_second = 0;
  options.admin_token = admin_token;
  LocalApi api;
  api.server =
      std::make_unique<HttpServer>(BuildRouter(std::move(twin), AdmissionOptions{}), options);
  LEOTWIN_ASSIGN_OR_RETURN(const int port, api.server->Start());
  api.client = std::make_unique<httplib::Client>("127.0.0.1", port);
  api.client->set_connection_timeout(5);
  api.client->set_read_timeout(60);
  return api;
}

}  // namespace leotwin::api::testing
