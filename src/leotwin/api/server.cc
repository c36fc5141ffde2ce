#include "leotwin/api/server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "fmt/format.h"
#include "leotwin/api/encoding.h"
#include "leotwin/api/rate_limiter.h"
#include "leotwin/base/check.h"
#include "leotwin/base/input.h"

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
    case 411:
      return "length_required";
    case 413:
      return "payload_too_large";
    case 414:
      return "uri_too_long";
    case 415:
      return "unsupported_media_type";
    case 416:
      return "range_not_satisfiable";
    case 421:
      return "misdirected_request";
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

// Text replies get a charset and may be gzipped; binary forms (satellites as f32) go out as they
// are: they would shrink by a few percent at most, and cpp-httplib never compresses a type it does
// not know as text.
bool IsText(const std::string& type) {
  return type.rfind("text/", 0) == 0 || type == "application/json" ||
         type == "application/geo+json" || type.ends_with("+json");
}

void Write(HttpResponse&& from, httplib::Response& to) {
  to.status = from.status;
  for (const auto& [k, v] : from.headers) to.set_header(k, v);
  // What set_content() does, without copying a body of megabytes. Every reply is UTF-8 text; the
  // parameter also keeps cpp-httplib from compressing it (it matches bare media types only, and
  // would use brotli at quality 11: encoding.h).
  to.body = std::move(from.body);
  to.set_header("Content-Type",
                IsText(from.content_type) && from.content_type.find(';') == std::string::npos
                    ? from.content_type + "; charset=utf-8"
                    : from.content_type);
}

// Whether a body of `size` bytes goes out as gzip (encoding.h); a body large enough to be
// compressed varies by Accept-Encoding either way. Ranges are served from the identity body (a
// range of compressed bytes would not decode).
bool SendsGzip(const httplib::Request& req, size_t size, httplib::Response& res) {
  if (size < kMinCompressedBodyBytes) return false;
  res.set_header("Vary", "Accept-Encoding");
  return !req.has_header("Range") && AcceptsGzip(req.get_header_value("Accept-Encoding"));
}

// Whether If-None-Match (RFC 9110 13.1.2: "*" or a list of entity tags, weak ones compared
// weakly) names the reply's ETag.
bool IfNoneMatchHits(std::string_view header,
                     const std::vector<std::pair<std::string, std::string>>& reply_headers) {
  if (header.empty()) return false;
  std::string_view etag;
  for (const auto& [name, value] : reply_headers) {
    if (absl::EqualsIgnoreCase(name, "ETag")) etag = value;
  }
  if (etag.empty()) return false;
  const auto opaque = [](std::string_view tag) {
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    return tag;
  };
  // Debian's abseil has its own string_view, so its splitting helpers do not take ours.
  size_t start = 0;
  while (start <= header.size()) {
    size_t comma = header.find(',', start);
    if (comma == std::string_view::npos) comma = header.size();
    std::string_view tag = header.substr(start, comma - start);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag == "*" || (!tag.empty() && opaque(tag) == opaque(etag))) return true;
    start = comma + 1;
  }
  return false;
}

// gzip at level 1 for an API reply the client accepts it for.
void CompressReply(const httplib::Request& req, httplib::Response& res) {
  if (!SendsGzip(req, res.body.size(), res)) return;
  if (std::optional<std::string> gzip = Gzip(res.body, 1)) {
    res.body = *std::move(gzip);
    res.set_header("Content-Encoding", "gzip");
  }
}

// Outside text for a log line: control bytes escaped, so a request cannot write to the terminal.
std::string ForLog(std::string_view s, size_t max = 200) {
  std::string out;
  for (unsigned char c : s.substr(0, max)) {
    if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The host name of a Host header value ("name", "name:port", "[v6]:port"), lower case, without a
// trailing dot; nullopt when malformed.
std::optional<std::string> HostName(std::string_view value) {
  if (value.empty()) return std::nullopt;
  std::string_view name = value;
  std::string_view port;
  if (value.front() == '[') {
    const size_t close = value.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    name = value.substr(0, close + 1);
    std::string_view rest = value.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      port = rest.substr(1);
    }
  } else if (const size_t colon = value.rfind(':'); colon != std::string_view::npos) {
    name = value.substr(0, colon);
    port = value.substr(colon + 1);
  }
  if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    return std::nullopt;
  }
  std::string out = Lower(std::string(name));
  if (out.size() > 1 && out.back() == '.') out.pop_back();
  for (unsigned char c : out) {
    if (c <= 0x20 || c >= 0x7f || c == '/' || c == '@') return std::nullopt;
  }
  return out;
}

// Compares without leaking, through timing, how long a matching prefix is.
bool SameSecret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  }
  return diff == 0;
}

// Per connection, on the thread that serves it: what the admission checks decided for the
// request being served (httplib's hooks see the request, not the connection).
struct Connection {
  bool request_parsed = false;          // Request line and headers were read and checked.
  bool close = false;                   // Close after this response.
  std::optional<HttpResponse> refusal;  // Answer without reading the body.
  std::string origin;                   // Origin header, for CORS.
  std::string host;                     // Host header (validated), for same-origin checks.
  // When the request's first bytes were readable: the reply's Server-Timing counts from here.
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};
thread_local Connection* tls_connection = nullptr;

// A connection's bytes for httplib, from a socket or from memory (fuzzer). Hands httplib at most
// `budget` bytes per request: the request line and headers first, then exactly the body that the
// admission checks accepted. Past it reads fail, so no body is read past the limit whatever the
// headers say.
class LimitedStream : public httplib::Stream {
 public:
  LimitedStream(int fd, time_t read_timeout_s, time_t write_timeout_s)
      : fd_(fd),
        read_timeout_ms_(static_cast<int>(read_timeout_s * 1000)),
        write_timeout_ms_(static_cast<int>(write_timeout_s * 1000)) {}
  explicit LimitedStream(std::string_view input) : input_(input) {}

  void SetBudget(size_t bytes) { budget_ = bytes; }
  bool exceeded() const { return exceeded_; }
  const std::string& output() const { return output_; }

  // True when request bytes are waiting (buffered or on the socket) within `timeout_ms`.
  bool WaitReadable(int timeout_ms) {
    if (buffered() > 0) return true;
    if (fd_ < 0) return false;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, timeout_ms) > 0;
  }

  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }

  ssize_t read(char* ptr, size_t size) override {
    if (budget_ == 0) {
      exceeded_ = true;
      return -1;
    }
    if (buffered() == 0 && !Fill()) return fd_ < 0 ? 0 : -1;
    const size_t n = std::min({size, buffered(), budget_});
    if (fd_ >= 0) {
      std::memcpy(ptr, buffer_ + pos_, n);
    } else {
      std::memcpy(ptr, input_.data() + pos_, n);
    }
    pos_ += n;
    budget_ -= n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (fd_ < 0) {
      output_.append(ptr, size);
      return static_cast<ssize_t>(size);
    }
    size_t done = 0;
    while (done < size) {
      pollfd p{fd_, POLLOUT, 0};
      if (::poll(&p, 1, write_timeout_ms_) <= 0) return -1;
      const ssize_t n = ::send(fd_, ptr + done, size - done, MSG_NOSIGNAL);
      if (n <= 0) return -1;
      done += static_cast<size_t>(n);
    }
    return static_cast<ssize_t>(size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    Address(true, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    Address(false, ip, port);
  }
  socket_t socket() const override { return fd_ < 0 ? 0 : fd_; }

 private:
  size_t buffered() const { return fd_ >= 0 ? end_ - pos_ : input_.size() - pos_; }

  bool Fill() {
    if (fd_ < 0) return false;  // Memory: all input is "buffered" from the start.
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, read_timeout_ms_) <= 0) return false;
    const ssize_t n = ::recv(fd_, buffer_, sizeof(buffer_), 0);
    if (n <= 0) return false;
    pos_ = 0;
    end_ = static_cast<size_t>(n);
    return true;
  }

  void Address(bool remote, std::string& ip, int& port) const {
    ip = "127.0.0.1";
    port = 0;
    if (fd_ < 0) return;
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    const int rc = remote ? ::getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len)
                          : ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    if (rc != 0) return;
    char text[INET6_ADDRSTRLEN] = {};
    if (addr.ss_family == AF_INET) {
      const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
      ::inet_ntop(AF_INET, &a->sin_addr, text, sizeof(text));
      port = ntohs(a->sin_port);
    } else if (addr.ss_family == AF_INET6) {
      const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
      ::inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof(text));
      port = ntohs(a->sin6_port);
    }
    ip = text;
  }

  int fd_ = -1;
  int read_timeout_ms_ = 5000;
  int write_timeout_ms_ = 5000;
  std::string_view input_;
  std::string output_;
  char buffer_[4096];
  size_t pos_ = 0, end_ = 0;
  size_t budget_ = 0;
  bool exceeded_ = false;
};

}  // namespace

// httplib's server with our own connection loop: httplib parses each request and calls the
// handlers, we own the socket reads (LimitedStream) and decide when a connection closes.
// (process_and_close_socket is httplib's private virtual hook; overriding it is allowed.)
class GuardedServer : public httplib::Server {
 public:
  explicit GuardedServer(ServerOptions options) : options_(std::move(options)) {}

  bool process_and_close_socket(socket_t sock) override {
    LimitedStream stream(sock, read_timeout_sec_, write_timeout_sec_);
    const bool ok = ServeConnection(stream, /*socket=*/true);
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ok;
  }

  // Every request of one connection, until it closes, fails or must close.
  bool ServeConnection(LimitedStream& stream, bool socket) {
    Connection connection;
    tls_connection = &connection;
    bool ok = true;
    for (size_t left = keep_alive_max_count_; left > 0; --left) {
      if (socket && !WaitForRequest(stream)) break;
      if (!socket && !stream.WaitReadable(0)) break;
      connection = Connection{};
      stream.SetBudget(options_.max_header_bytes);
      bool connection_closed = false;
      ok = process_request(stream, /*close_connection=*/left == 1, connection_closed,
                           [this, &stream](httplib::Request& req) { Admit(req, stream); });
      // A request that failed before its headers were checked, or left bytes unread, leaves the
      // stream at an unknown place: the next bytes are not a request.
      if (!ok || connection_closed || connection.close || !connection.request_parsed ||
          stream.exceeded()) {
        break;
      }
    }
    tls_connection = nullptr;
    return ok;
  }

  std::function<bool(const std::string& host)> host_allowed;

 private:
  bool WaitForRequest(LimitedStream& stream) {
    const auto give_up =
        std::chrono::steady_clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
    while (svr_sock_ != INVALID_SOCKET) {
      if (stream.WaitReadable(50)) return true;
      if (std::chrono::steady_clock::now() >= give_up) return false;
    }
    return false;
  }

  void Refuse(httplib::Request& req, int status, const std::string& message) {
    Connection& c = *tls_connection;
    c.refusal = ErrorResponse(status, CodeForHttpStatus(status), message);
    // The body (if any) stays unread: this response is the connection's last.
    c.close = true;
    req.headers.erase("Connection");
    req.headers.emplace("Connection", "close");
  }

  // Runs once the request line and headers are parsed, before any body byte is read.
  void Admit(httplib::Request& req, LimitedStream& stream) {
    Connection& c = *tls_connection;
    c.request_parsed = true;
    c.origin = req.get_header_value("Origin");
    stream.SetBudget(0);
    // Path: httplib has percent-decoded it; a NUL would cut the file name the static handler
    // opens ("/index.html%00.js" served index.html), ".." could climb out of the web root.
    for (unsigned char ch : req.path) {
      if (ch < 0x20 || ch == 0x7f) {
        return Refuse(req, 400, "the request path has a NUL or control character");
      }
    }
    for (unsigned char ch : req.target) {
      if (ch < 0x20 || ch == 0x7f) {
        return Refuse(req, 400, "the request target has a control character");
      }
    }
    if (req.path.empty() || req.path.front() != '/') {
      return Refuse(req, 400, "the request path must start with /");
    }
    for (size_t i = 0; (i = req.path.find("..", i)) != std::string::npos; i += 2) {
      const bool start = i == 0 || req.path[i - 1] == '/' || req.path[i - 1] == '\\';
      const bool end =
          i + 2 == req.path.size() || req.path[i + 2] == '/' || req.path[i + 2] == '\\';
      if (start && end) return Refuse(req, 400, "the request path has a '..' segment");
    }
    // Host: a page on another name (DNS rebinding to 127.0.0.1) sends its own name here.
    if (req.get_header_value_count("Host") != 1) {
      return Refuse(req, 400, "the request needs exactly one Host header");
    }
    const std::string host_value = req.get_header_value("Host");
    const std::optional<std::string> host = HostName(host_value);
    if (!host || !host_allowed(*host)) {
      return Refuse(req, 421,
                    fmt::format("this server does not answer for host \"{}\" (start it with "
                                "--allow-host NAME to add a name)",
                                ForLog(host_value, 100)));
    }
    c.host = host_value;
    // Bodies: only what we can bound before reading it.
    if (req.has_header("Transfer-Encoding")) {
      return Refuse(req, 411,
                    "Transfer-Encoding (chunked) bodies are not accepted: send the body with a "
                    "Content-Length");
    }
    if (req.has_header("Content-Encoding") &&
        Lower(req.get_header_value("Content-Encoding")) != "identity") {
      return Refuse(req, 415,
                    "Content-Encoding (gzip, deflate, br) is not accepted: send the body "
                    "uncompressed");
    }
    const bool takes_body = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
    size_t length = 0;
    if (req.has_header("Content-Length")) {
      const std::string value = req.get_header_value("Content-Length");
      if (req.get_header_value_count("Content-Length") != 1 || value.empty() || value.size() > 18 ||
          !std::all_of(value.begin(), value.end(),
                       [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); })) {
        return Refuse(req, 400, "Content-Length must be one decimal number");
      }
      length = static_cast<size_t>(std::stoull(value));
      if (length > options_.max_body_bytes) {
        return Refuse(req, 413,
                      fmt::format("request body of {} bytes is over the limit of {} bytes", length,
                                  options_.max_body_bytes));
      }
      if (length > 0 && !takes_body) {
        return Refuse(req, 400, fmt::format("{} takes no body", ForLog(req.method, 16)));
      }
    } else if (takes_body) {
      return Refuse(req, 411, "a request body needs a Content-Length");
    }
    // Writes from another site's page: a browser sends its Origin; only ours and listed ones.
    if (takes_body || req.method == "DELETE") {
      if (!c.origin.empty() && !SameOrigin(c.origin, host_value) && !CorsAllowed(c.origin)) {
        return Refuse(
            req, 403,
            fmt::format("cross-origin writes are refused (Origin {})", ForLog(c.origin, 100)));
      }
    }
    // Ranges: API bodies are generated (a range of one is pointless), and several ranges of one
    // file multiply the response (bytes=0-,0-,... is a multipart of N copies).
    if (req.ranges.size() > 1 || req.path.rfind("/api", 0) == 0) {
      req.ranges.clear();
      req.headers.erase("Range");  // httplib's file handler answers 206 on the header alone.
    }
    stream.SetBudget(length);
  }

 public:
  static bool SameOrigin(const std::string& origin, const std::string& host) {
    return Lower(origin) == "http://" + Lower(host) || Lower(origin) == "https://" + Lower(host);
  }
  bool CorsAllowed(const std::string& origin) const {
    for (const std::string& o : options_.cors_origins) {
      if (o == "*" || o == origin) return true;
    }
    return false;
  }

 private:
  const ServerOptions options_;
};

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
  std::shared_ptr<const RequestRouter> router;
  GuardedServer server;
  RateLimiter limiter;
  std::thread thread;
  bool bound = false;
  std::atomic<bool> serving{false};                                       // Inside Serve().
  std::shared_ptr<GzipCache> gzip_cache = std::make_shared<GzipCache>();  // Static files.

  Impl(std::shared_ptr<const RequestRouter> r, const ServerOptions& o)
      : router(std::move(r)), server(o), limiter(o.rate_per_second, o.burst) {}
};

HttpServer::HttpServer(std::shared_ptr<const RequestRouter> router, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(router), options)), options_(std::move(options)) {
  GuardedServer& svr = impl_->server;
  const int threads = std::max(1, options_.threads);
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  // Also enforced before reading (GuardedServer::Admit); kept as a second bound.
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

  // Names this server answers for: loopback, the address it listens on, and the configured ones.
  std::vector<std::string> hosts = {"localhost", "127.0.0.1", "[::1]"};
  if (options_.host != "0.0.0.0" && options_.host != "::" && !options_.host.empty()) {
    hosts.push_back(
        Lower(options_.host.find(':') != std::string::npos && options_.host.front() != '['
                  ? "[" + options_.host + "]"
                  : options_.host));
  }
  bool any_host = false;
  for (const std::string& h : options_.allowed_hosts) {
    if (h == "*") any_host = true;
    if (auto name = HostName(h)) hosts.push_back(*name);
  }
  svr.host_allowed = [hosts, any_host](const std::string& host) {
    return any_host || std::find(hosts.begin(), hosts.end(), host) != hosts.end();
  };

  Impl* impl = impl_.get();
  // A request refused by the admission checks is answered here, before routing reads a body; so
  // is one over the rate limit.
  svr.set_pre_routing_handler([impl](const httplib::Request& req, httplib::Response& res) {
    Connection* c = tls_connection;
    if (c != nullptr && c->refusal) {
      Write(std::move(*c->refusal), res);
      c->refusal.reset();
      return httplib::Server::HandlerResponse::Handled;
    }
    if (impl->limiter.Allow(req.remote_addr)) return httplib::Server::HandlerResponse::Unhandled;
    const double retry = impl->limiter.RetryAfterSeconds(req.remote_addr);
    HttpResponse r = ErrorResponse(
        429, "rate_limited",
        fmt::format("too many requests from {}: retry in {:.2f} s", req.remote_addr, retry));
    r.headers.emplace_back("Retry-After",
                           fmt::format("{}", std::max<long>(1, std::lround(std::ceil(retry)))));
    // The body, if any, is not read: this is the connection's last response.
    if (c != nullptr && req.get_header_value("Content-Length") != "" &&
        req.get_header_value("Content-Length") != "0") {
      c->close = true;
      r.headers.emplace_back("Connection", "close");
    }
    Write(std::move(r), res);
    return httplib::Server::HandlerResponse::Handled;
  });
  // "Expect: 100-continue" of a refused body: the refusal instead of "100 Continue".
  svr.set_expect_100_continue_handler([](const httplib::Request&, httplib::Response& res) {
    Connection* c = tls_connection;
    if (c == nullptr || !c->refusal) return 100;
    const int status = c->refusal->status;
    Write(std::move(*c->refusal), res);
    c->refusal.reset();
    return status;
  });

  const std::string admin_token = options_.admin_token;
  const std::vector<std::string> cors = options_.cors_origins;
  const auto dispatch = [impl, admin_token, cors](const httplib::Request& req,
                                                  httplib::Response& res) {
    const auto started =
        tls_connection ? tls_connection->started : std::chrono::steady_clock::now();
    Access access = Access::kPublic;
    if (req.has_header("Authorization")) {
      const std::string auth = req.get_header_value("Authorization");
      constexpr std::string_view kBearer = "Bearer ";
      if (admin_token.empty() || auth.rfind(kBearer, 0) != 0 ||
          !SameSecret(std::string_view(auth).substr(kBearer.size()), admin_token)) {
        HttpResponse r = ErrorResponse(401, "unauthenticated",
                                       admin_token.empty()
                                           ? "this server has no admin token (--admin-token-file)"
                                           : "the admin token is not valid");
        r.headers.emplace_back("WWW-Authenticate", "Bearer");
        Write(std::move(r), res);
        return;
      }
      access = Access::kAdmin;
    }
    const std::string origin = req.get_header_value("Origin");
    const bool cors_ok = !origin.empty() &&
                         std::any_of(cors.begin(), cors.end(),
                                     [&](const std::string& o) { return o == "*" || o == origin; });
    HttpResponse r;
    if (req.method == "OPTIONS" && cors_ok) {
      // Preflight of a listed origin: reads only, with the admin token if it has one.
      r.status = 204;
      r.headers.emplace_back("Access-Control-Allow-Methods", "GET, HEAD");
      r.headers.emplace_back("Access-Control-Allow-Headers", "Authorization, Accept");
      r.headers.emplace_back("Access-Control-Max-Age", "600");
    } else {
      r = impl->router->Handle(req.method, req.target, req.body, req.remote_addr, access);
    }
    if (req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS") {
      // Same-origin unless the origin is listed (--cors-origin).
      if (cors_ok) {
        const bool any = std::find(cors.begin(), cors.end(), "*") != cors.end();
        r.headers.emplace_back("Access-Control-Allow-Origin", any ? "*" : origin);
        r.headers.emplace_back("Vary", "Origin");
      }
      // Nothing is stored unless the reply says how (an ETag'd reply revalidates: handlers.cc).
      const bool has_cache_control = std::any_of(
          r.headers.begin(), r.headers.end(),
          [](const auto& h) { return absl::EqualsIgnoreCase(h.first, "Cache-Control"); });
      if (!has_cache_control) r.headers.emplace_back("Cache-Control", "no-store");
      if (r.status == 200 && IfNoneMatchHits(req.get_header_value("If-None-Match"), r.headers)) {
        r.status = 304;  // RFC 9110 15.4.5: the same headers, no body.
        r.body.clear();
      }
    }
    const bool text = IsText(r.content_type);
    Write(std::move(r), res);
    if (text) CompressReply(req, res);
    // The server's own time for the reply (W3C Server Timing), apart from the network and the
    // client: what bench/load.sh compares idle and under heavy load, and what a browser's tools
    // show beside each request.
    const std::chrono::duration<double, std::milli> spent =
        std::chrono::steady_clock::now() - started;
    res.set_header("Server-Timing", fmt::format("app;dur={:.4f}", spent.count()));
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
    // A static file goes out through a content provider, which cpp-httplib never compresses:
    // gzip at the best level computed once per file content (or the file as it is), never
    // brotli at quality 11 on every request (encoding.h).
    auto cache = impl_->gzip_cache;
    const std::string web_root = options_.web_root;
    svr.set_file_request_handler(
        [cache, web_root](const httplib::Request& req, httplib::Response& res) {
          if (res.status != 200 || req.has_header("Range")) return;
          auto body = std::make_shared<const std::string>(std::move(res.body));
          res.body.clear();
          // The page's build writes FILE.gz beside each large file (web/vite.config.js); the path
          // was checked before the file was read (Admit), and the cache checks what the .gz holds.
          const auto read_precompressed = [&]() -> std::optional<std::string> {
            std::filesystem::path file = std::filesystem::path(web_root) / req.path.substr(1);
            std::error_code ec;
            if (std::filesystem::is_directory(file, ec)) file /= "index.html";
            file += ".gz";
            StatusOr<std::string> gzip = ReadFileBounded(file.string(), body->size() + (1 << 20));
            if (!gzip.ok()) return std::nullopt;
            return *std::move(gzip);
          };
          if (SendsGzip(req, body->size(), res)) {
            if (auto gzip = cache->Get(req.path, *body, read_precompressed)) {
              body = std::move(gzip);
              res.set_header("Content-Encoding", "gzip");
            }
          }
          const std::string type = res.get_header_value("Content-Type");
          res.set_content_provider(body->size(), type,
                                   [body](size_t offset, size_t length, httplib::DataSink& sink) {
                                     return sink.write(body->data() + offset, length);
                                   });
        });
  }

  // A 304 carries no Content-Length (as nginx sends it): cpp-httplib adds "0", which RFC 9110
  // 8.6 forbids (only the 200's length may appear there), and the 200's length makes clients
  // built on cpp-httplib or http_parser (wrk) wait for a body that never comes.
  svr.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.status == 304) res.headers.erase("Content-Length");
  });

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
        // The detail stays in the log (it may name files); the client gets a generic 500.
        Write(ErrorResponse(absl::InternalError(what)), res);
      });
  if (options_.log_requests) {
    svr.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      std::fprintf(stderr, "%s %s %s -> %d (%zu bytes)\n", req.remote_addr.c_str(),
                   ForLog(req.method, 16).c_str(), ForLog(req.target).c_str(), res.status,
                   res.body.size());
    });
  }
}

std::string HttpServer::ServeBytesForTesting(std::string_view input) {
  LimitedStream stream(input);
  impl_->server.ServeConnection(stream, /*socket=*/false);
  return stream.output();
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
  LEOTWIN_DCHECK_MSG(port_ >= 0, "Serve() before a successful Bind()");
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
