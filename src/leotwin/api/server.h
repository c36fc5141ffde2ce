// The HTTP wiring of the API (cpp-httplib): static files of the web page from `web_root`, every
// /api/... request dispatched through a RequestRouter, and the defences against hostile requests
// (docs/security-http.md), all applied before a body byte is read:
//   - bodies: Content-Length required for POST/PUT/PATCH (else 411), at most max_body_bytes
//     (413); no Transfer-Encoding (chunked: 411) and no Content-Encoding (gzip, deflate, br: 415),
//     so what is read is exactly the declared length; the connection's reader refuses any byte
//     past the request line + headers (max_header_bytes) and the declared body;
//   - Range: ignored on the API, and multi-range requests ignored everywhere (no amplification);
//   - paths with NUL, control bytes or ".." segments -> 400;
//   - Host must name this server (localhost, 127.0.0.1, [::1], the --host address or one of
//     allowed_hosts), else 421: a DNS-rebinding page cannot reach a loopback server;
//   - CORS: same-origin only unless cors_origins lists the requesting origin; a cross-origin
//     write (Origin not this server's and not listed) -> 403;
//   - admin access (request_router.h Access) only with "Authorization: Bearer <admin_token>"; a
//   wrong
//     token -> 401;
//   - rate per client address (token bucket, over -> 429 with Retry-After),
//   - URI size (httplib's 8 KiB limit -> 414), read/write timeouts of 5 s.
// A refused request with a body closes its connection (the body is never read). Every error the
// server produces itself has the JSON body of http_error.h. httplib appears only in server.cc.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/api/request_router.h"
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
  // Request line plus headers; past it the connection is dropped.
  size_t max_header_bytes = 32 * 1024;
  // Host names accepted besides localhost, 127.0.0.1 and [::1] (any port); "*" accepts any.
  std::vector<std::string> allowed_hosts;
  // Origins ("https://map.example.org") whose pages may read the API; "*" any. Empty: same-origin.
  std::vector<std::string> cors_origins;
  // When not empty, requests with "Authorization: Bearer <admin_token>" get Access::kAdmin.
  std::string admin_token;
};

// Where the built page is looked for when --web-root is not given: $LEOTWIN_WEB_ROOT, then
// ./web/dist, then the source tree's web/dist (as compiled in). Returns the first that has an
// index.html, or "" when none has.
std::string DefaultWebRoot();

class HttpServer {
 public:
  HttpServer(std::shared_ptr<const RequestRouter> router, ServerOptions options);
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

  // Serves one connection whose bytes are `input` (no socket), returns what the server wrote.
  // For the fuzzer and tests: the same request handling as a socket connection.
  std::string ServeBytesForTesting(std::string_view input);

  int port() const { return port_; }
  const ServerOptions& options() const { return options_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  ServerOptions options_;
  int port_ = -1;
};

}  // namespace leotwin::api
