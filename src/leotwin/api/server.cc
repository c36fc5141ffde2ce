#include "leotwin/api/server.h"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <semaphore>
#include <thread>
#include <vector>

#include "fmt/format.h"
#include "leotwin/api/rate_limiter.h"

namespace leotwin::api {
namespace {

std::string CodeForHttpStatus(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "unauthenticated";
    case 403:
      return "permission_denied";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 408:
      return "request_timeout";
    case 413:
      return "payload_too_large";
    case 414:
      return "uri_too_long";
    case 415:
      return "unsupported_media_type";
    case 416:
      return "range_not_satisfiable";
    case 429:
      return "rate_limited";
    case 431:
      return "headers_too_large";
    case 501:
      return "unimplemented";
    case 503:
      return "unavailable";
    default:
      return status >= 500 ? "internal" : "bad_request";
  }
}

void Write(HttpResponse&& from, httplib::Response& to) {
  to.status = from.status;
  for (const auto& [k, v] : from.headers) to.set_header(k, v);
  // What set_content() does, without copying a body of megabytes.
  to.body = std::move(from.body);
  to.set_header("Content-Type", from.content_type);
}

}  // namespace

std::string DefaultWebRoot() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("LEOTWIN_WEB_ROOT"); env != nullptr && *env != '\0') {
    candidates.emplace_back(env);
  }
  candidates.emplace_back("web/dist");
#ifdef LEOTWIN_SOURCE_DIR
  candidates.emplace_back(std::string(LEOTWIN_SOURCE_DIR) + "/web/dist");
#endif
  for (const std::string& dir : candidates) {
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::path(dir) / "index.html", ec)) return dir;
  }
  return "";
}

struct HttpServer::Impl {
  std::shared_ptr<const Router> router;
  httplib::Server server;
  RateLimiter limiter;
  std::thread thread;
  bool bound = false;
  std::atomic<bool> serving{false};  // Inside Serve().
  // Handlers running at once: one per core. More connection threads than cores keep every
  // keep-alive client served, but running their work all at once only adds contention.
  std::counting_semaphore<> compute_slots;

  Impl(std::shared_ptr<const Router> r, const ServerOptions& o)
      : router(std::move(r)),
        limiter(o.rate_per_second, o.burst),
        compute_slots(std::max<ptrdiff_t>(1, std::thread::hardware_concurrency())) {}
};

HttpServer::HttpServer(std::shared_ptr<const Router> router, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(router), options)), options_(std::move(options)) {
  httplib::Server& svr = impl_->server;
  const int threads = std::max(1, options_.threads);
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  svr.set_payload_max_length(options_.max_body_bytes);
  svr.set_keep_alive_max_count(1000);
  // A worker serves one keep-alive connection at a time: idle connections give their worker
  // back after a second.
  svr.set_keep_alive_timeout(1);
  // Small responses go out at once: with Nagle's algorithm, a response written in two parts
  // waits for the client's delayed ACK (40 ms) before its second part.
  svr.set_tcp_nodelay(true);
  svr.set_read_timeout(5, 0);
  svr.set_write_timeout(5, 0);
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, which would let a second server
  // bind the same port and silently share its connections.
  svr.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof(yes));
  });
  svr.set_default_headers({{"X-Content-Type-Options", "nosniff"}});

  Impl* impl = impl_.get();
  svr.set_pre_routing_handler([impl](const httplib::Request& req, httplib::Response& res) {
    if (impl->limiter.Allow(req.remote_addr)) return httplib::Server::HandlerResponse::Unhandled;
    const double retry = impl->limiter.RetryAfterSeconds(req.remote_addr);
    HttpResponse r = ErrorResponse(
        429, "rate_limited",
        fmt::format("too many requests from {}: retry in {:.2f} s", req.remote_addr, retry));
    r.headers.emplace_back("Retry-After",
                           fmt::format("{}", std::max<long>(1, std::lround(std::ceil(retry)))));
    Write(std::move(r), res);
    return httplib::Server::HandlerResponse::Handled;
  });

  const auto dispatch = [impl](const httplib::Request& req, httplib::Response& res) {
    HttpResponse r;
    {
      // Released on return or throw (the exception handler then answers 500).
      struct Slot {
        std::counting_semaphore<>& slots;
        explicit Slot(std::counting_semaphore<>& s) : slots(s) { slots.acquire(); }
        ~Slot() { slots.release(); }
      } slot(impl->compute_slots);
      r = impl->router->Handle(req.method, req.target, req.body, req.remote_addr);
    }
    if (req.method == "GET" || req.method == "HEAD") {
      // Reading is open to any origin; changes go through signed ledger requests.
      r.headers.emplace_back("Access-Control-Allow-Origin", "*");
      r.headers.emplace_back("Cache-Control", "no-store");
    }
    Write(std::move(r), res);
  };
  const std::string pattern = "/api(/.*)?";
  svr.Get(pattern, dispatch);
  svr.Post(pattern, dispatch);
  svr.Put(pattern, dispatch);
  svr.Patch(pattern, dispatch);
  svr.Delete(pattern, dispatch);
  svr.Options(pattern, dispatch);

  if (!options_.web_root.empty()) {
    svr.set_mount_point("/", options_.web_root);
    svr.set_file_extension_and_mimetype_mapping("js", "text/javascript");
    svr.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");
    svr.set_file_extension_and_mimetype_mapping("wasm", "application/wasm");
    svr.set_file_extension_and_mimetype_mapping("geojson", "application/geo+json");
  }

  svr.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string message;
        switch (res.status) {
          case 404:
            message = fmt::format("nothing at {}", req.path.substr(0, 200));
            break;
          case 413:
            message = "request body too large";
            break;
          case 414:
            message = "request URI too long";
            break;
          default:
            message = fmt::format("HTTP {}", res.status);
            break;
        }
        Write(ErrorResponse(res.status, CodeForHttpStatus(res.status), message), res);
        return httplib::Server::HandlerResponse::Handled;
      }));
  svr.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        Write(ErrorResponse(500, "internal", fmt::format("internal error: {}", what)), res);
      });
  if (options_.log_requests) {
    svr.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      std::fprintf(stderr, "%s %s %s -> %d (%zu bytes)\n", req.remote_addr.c_str(),
                   req.method.c_str(), req.target.substr(0, 200).c_str(), res.status,
                   res.body.size());
    });
  }
}

HttpServer::~HttpServer() { Stop(); }

StatusOr<int> HttpServer::Bind() {
  if (impl_->bound) return port_;
  if (!options_.web_root.empty()) {
    std::error_code ec;
    if (!std::filesystem::exists(std::filesystem::path(options_.web_root) / "index.html", ec)) {
      return absl::NotFoundError(fmt::format(
          "web root {} has no index.html (build the page: cd web && npm ci && npm run build)",
          options_.web_root));
    }
  }
  int port = -1;
  if (options_.port == 0) {
    port = impl_->server.bind_to_any_port(options_.host);
  } else if (options_.port > 0 && options_.port < 65536) {
    port = impl_->server.bind_to_port(options_.host, options_.port) ? options_.port : -1;
  } else {
    return absl::InvalidArgumentError(fmt::format("port {} is not in 0..65535", options_.port));
  }
  if (port < 0) {
    return absl::UnavailableError(fmt::format(
        "cannot listen on {}:{} (address in use or not local?)", options_.host, options_.port));
  }
  impl_->bound = true;
  port_ = port;
  return port;
}

void HttpServer::Serve() {
  impl_->serving = true;
  impl_->server.listen_after_bind();
  impl_->serving = false;
}

StatusOr<int> HttpServer::Start() {
  LEOTWIN_ASSIGN_OR_RETURN(const int port, Bind());
  impl_->serving = true;  // Set before the thread runs so Stop() waits for its accept loop.
  impl_->thread = std::thread([this] { Serve(); });
  // The socket is listening since Bind(): connections queue in the backlog until the accept loop
  // starts, so callers may connect right away.
  return port;
}

void HttpServer::Stop() {
  // httplib's stop() does nothing until the accept loop runs: wait for it if Serve() is starting.
  while (impl_->serving && !impl_->server.is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (impl_->bound) impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace leotwin::api
