// Feeds raw bytes, as one client connection, through the server's whole request handling
// (HttpServer::ServeBytesForTesting: httplib's parser under our admission checks, then the
// RequestRouter): request lines, headers, Host, Transfer-/Content-Encoding, Content-Length, ranges,
// bodies, several pipelined requests. Any crash, hang or sanitizer report is a bug, and so is:
// a handler seeing a body longer than the limit, or bytes written that are not HTTP responses.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "leotwin/api/request_router.h"
#include "leotwin/api/server.h"

namespace {

using leotwin::StatusOr;
using leotwin::api::ApiReply;
using leotwin::api::ApiRequest;

constexpr size_t kMaxBody = 1024;

leotwin::api::HttpServer& TheServer() {
  static leotwin::api::HttpServer* server = [] {
    auto router = std::make_shared<leotwin::api::RequestRouter>();
    router->Get("/api/v1/ping", "", "", [](const ApiRequest& req) -> StatusOr<ApiReply> {
      LEOTWIN_RETURN_IF_ERROR(req.query.CheckAllowed({"n"}));
      LEOTWIN_ASSIGN_OR_RETURN(int64_t n, req.query.Int("n", 1, 0, 100));
      ApiReply reply;
      reply.body = {{"pong", n}, {"admin", req.access == leotwin::api::Access::kAdmin}};
      return reply;
    });
    router->Post("/api/v1/submit", "", "", [](const ApiRequest& req) -> StatusOr<ApiReply> {
      if (req.body.size() > kMaxBody) __builtin_trap();  // The body limit was bypassed.
      ApiReply reply;
      reply.body = {{"bytes", req.body.size()}};
      return reply;
    });
    // A small web root: the static file handler (ranges, paths) is part of the surface.
    const auto root = std::filesystem::temp_directory_path() /
                      ("leotwin_http_fuzz_" + std::to_string(::getpid()));
    std::filesystem::create_directories(root / "assets");
    std::ofstream(root / "index.html") << "<!doctype html><title>fuzz</title>";
    std::ofstream(root / "assets" / "app.js") << std::string(3000, 'x');
    leotwin::api::ServerOptions o;
    o.port = 0;
    o.rate_per_second = 0;
    o.max_body_bytes = kMaxBody;
    o.max_header_bytes = 8192;
    o.web_root = root.string();
    o.admin_token = "fuzz-admin-token-0123456789";
    o.cors_origins = {"https://map.example.org"};
    return new leotwin::api::HttpServer(router, o);
  }();
  return *server;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::string out = TheServer().ServeBytesForTesting(input);
  // Whatever the server wrote is a sequence of HTTP responses.
  if (!out.empty() && out.rfind("HTTP/1.1 ", 0) != 0) __builtin_trap();
  // At most one response per request line sent, and never more bytes than a bounded response
  // per input byte (no amplification: the largest file here is 3,000 bytes).
  if (out.size() > 8192 + 64 * size) __builtin_trap();
  return 0;
}
