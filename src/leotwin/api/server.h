// The HTTP wiring of the API (cpp-httplib): static files of the web page from `web_root`, every
// /api/... request dispatched through a Router, and the request bounds:
//   - body size (max_body_bytes, larger -> 413),
//   - rate per client address (token bucket, over -> 429 with Retry-After),
//   - URI and header size (httplib's 8 KiB limits -> 414/400), read/write timeouts of 5 s.
// Every error the server produces itself (404 outside the API, 413, 429, ...) has the JSON body of
// http_error.h. httplib appears only in server.cc.
#pragma once

#include <memory>
#include <string>

#include "leotwin/api/router.h"
#include "leotwin/base/status.h"

namespace leotwin::api {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;       // 0 = any free port (see HttpServer::port()).
  std::string web_root;  // Directory holding index.html; empty = API only.
  size_t max_body_bytes = 64 * 1024;
  double rate_per_second = 100.0;  // Per client address; <= 0 disables the limit.
  double burst = 200.0;
  // Worker threads; each serves one keep-alive connection at a time (browsers open ~6).
  int threads = 16;
  bool log_requests = false;  // One line per request on stderr.
};

// Where the built page is looked for when --web-root is not given: $LEOTWIN_WEB_ROOT, then
// ./web/dist, then the source tree's web/dist (as compiled in). Returns the first that has an
// index.html, or "" when none has.
std::string DefaultWebRoot();

class HttpServer {
 public:
  HttpServer(std::shared_ptr<const Router> router, ServerOptions options);
  ~HttpServer();  // Stops and joins.
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the listening socket; returns the port (the chosen one when options.port == 0).
  // Fails (Unavailable) if the address is in use or invalid, and (NotFound) if web_root is set
  // but has no index.html.
  StatusOr<int> Bind();
  // Serves until Stop(). REQUIRES: Bind() succeeded.
  void Serve();
  // Bind() then Serve() on a background thread; returns the port once accepting connections.
  StatusOr<int> Start();
  // Stops accepting and returns once in-flight requests are answered. Safe to call twice.
  void Stop();

  int port() const { return port_; }
  const ServerOptions& options() const { return options_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  ServerOptions options_;
  int port_ = -1;
};

}  // namespace leotwin::api
