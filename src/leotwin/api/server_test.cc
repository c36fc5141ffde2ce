// The HTTP wiring over real sockets on localhost: a server on an ephemeral port, requests from
// httplib's client. Checks that every bound (body size, rate, URI length) answers a 4xx with the
// JSON error body, and that static files and the API share one port.
#include "leotwin/api/server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "leotwin/api/encoding.h"

namespace leotwin::api {
namespace {

using nlohmann::json;

std::shared_ptr<RequestRouter> TestRouter() {
  auto r = std::make_shared<RequestRouter>();
  r->Get("/api/v1/ping", "ping", "", [](const ApiRequest& req) -> StatusOr<ApiReply> {
    LEOTWIN_RETURN_IF_ERROR(req.query.CheckAllowed({"n"}));
    LEOTWIN_ASSIGN_OR_RETURN(int64_t n, req.query.Int("n", 1, 0, 100));
    ApiReply reply;
    reply.body = {{"pong", n}};
    return reply;
  });
  r->Get("/api/v1/big", "a 20 KB reply", "", [](const ApiRequest&) -> StatusOr<ApiReply> {
    ApiReply reply;
    reply.body = json::array();
    for (int i = 0; i < 1000; ++i) reply.body.push_back({{"i", i}, {"name", "satellite"}});
    return reply;
  });
  r->Get("/api/v1/tagged", "a reply with an ETag", "", [](const ApiRequest&) -> StatusOr<ApiReply> {
    ApiReply reply;
    reply.raw_body = "{\"positions\":[1,2,3]}";
    reply.headers = {{"ETag", "\"v1\""}, {"Cache-Control", "no-cache"}};
    return reply;
  });
  r->Get("/api/v1/slow", "a reply after 30 ms", "", [](const ApiRequest&) -> StatusOr<ApiReply> {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    return ApiReply{};
  });
  r->Post("/api/v1/submit", "", "", [](const ApiRequest& req) -> StatusOr<ApiReply> {
    ApiReply reply;
    reply.body = {{"bytes", req.body.size()}};
    return reply;
  });
  return r;
}

std::string PercentEncode(const std::string& in) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

void ExpectJsonError(const httplib::Result& res, int status, const std::string& code) {
  ASSERT_TRUE(res) << "no response";
  EXPECT_EQ(res->status, status) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
  const json j = json::parse(res->body, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(j.is_discarded()) << res->body;
  EXPECT_EQ(j["error"]["code"], code) << res->body;
  EXPECT_EQ(j["error"]["status"], status) << res->body;
}

class ServerTest : public ::testing::Test {
 protected:
  void StartServer(ServerOptions options) {
    options.host = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<HttpServer>(TestRouter(), options);
    auto port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.status();
    port_ = *port;
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_connection_timeout(5);
    client_->set_read_timeout(10);
  }
  void TearDown() override {
    client_.reset();
    if (server_) server_->Stop();
  }
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<httplib::Client> client_;
  int port_ = 0;
};

TEST_F(ServerTest, ServesApiOverHttp) {
  StartServer({});
  auto res = client_->Get("/api/v1/ping?n=7");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(json::parse(res->body)["pong"], 7);
  // Same-origin by default: no CORS grant (ServerOptions::cors_origins).
  EXPECT_FALSE(res->has_header("Access-Control-Allow-Origin"));
  ExpectJsonError(client_->Get("/api/v1/ping?n=1000"), 400, "invalid_argument");
  ExpectJsonError(client_->Get("/api/v1/ping?zz=1"), 400, "invalid_argument");
  ExpectJsonError(client_->Get("/api/v1/nothing"), 404, "not_found");
  ExpectJsonError(client_->Delete("/api/v1/ping"), 405, "method_not_allowed");
  // No web root: everything outside the API is a JSON 404 too.
  ExpectJsonError(client_->Get("/index.html"), 404, "not_found");
}

// The server's own time per reply (W3C Server Timing): bench/load.sh compares it idle and under
// heavy load, apart from the client's and the network's share.
TEST_F(ServerTest, EveryApiReplyCarriesTheServersOwnTime) {
  StartServer({});
  const auto duration_ms = [](const httplib::Result& res) {
    EXPECT_TRUE(res);
    if (!res) return -1.0;
    const std::string timing = res->get_header_value("Server-Timing");
    EXPECT_EQ(timing.rfind("app;dur=", 0), 0u) << timing;
    return std::stod(timing.substr(timing.find('=') + 1));
  };
  const double ping = duration_ms(client_->Get("/api/v1/ping?n=1"));
  EXPECT_GE(ping, 0.0);
  EXPECT_LT(ping, 30.0);
  const double slow = duration_ms(client_->Get("/api/v1/slow"));
  EXPECT_GE(slow, 30.0);
  EXPECT_LT(slow, 30000.0);
  // Errors too: the time of a refused request is the server's as well.
  EXPECT_GE(duration_ms(client_->Get("/api/v1/nothing")), 0.0);
}

// RFC 9110 13.1.2 and 15.4.5: a reply with an ETag is answered 304 without a body to a request
// naming it (in a list, weakly, or "*"), with its own Cache-Control instead of "no-store".
TEST_F(ServerTest, AnswersNotModifiedToAMatchingIfNoneMatch) {
  StartServer({});
  auto full = client_->Get("/api/v1/tagged");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->status, 200);
  EXPECT_EQ(full->get_header_value("ETag"), "\"v1\"");
  EXPECT_EQ(full->get_header_value("Cache-Control"), "no-cache");
  EXPECT_EQ(client_->Get("/api/v1/ping")->get_header_value("Cache-Control"), "no-store");
  for (const char* hit : {"\"v1\"", "W/\"v1\"", "\"v0\", \"v1\"", " \"x\" ,W/\"v1\" ", "*"}) {
    auto res = client_->Get("/api/v1/tagged", {{"If-None-Match", hit}});
    ASSERT_TRUE(res) << hit;
    EXPECT_EQ(res->status, 304) << hit;
    EXPECT_TRUE(res->body.empty()) << hit;
    EXPECT_EQ(res->get_header_value("ETag"), "\"v1\"") << hit;
    // No Content-Length: RFC 9110 8.6 allows only the 200's there, which some clients would
    // wait for as a body.
    EXPECT_FALSE(res->has_header("Content-Length")) << hit;
    // As bytes: the next response on the connection starts right after the 304's headers.
    const std::string out = server_->ServeBytesForTesting(
        std::string("GET /api/v1/tagged HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: ") + hit +
        "\r\n\r\nGET /api/v1/ping?n=3 HTTP/1.1\r\nHost: localhost\r\n\r\n");
    ASSERT_EQ(out.rfind("HTTP/1.1 304 Not Modified\r\n", 0), 0u) << hit << "\n" << out;
    const size_t end_of_headers = out.find("\r\n\r\n");
    ASSERT_NE(end_of_headers, std::string::npos);
    EXPECT_EQ(out.find("HTTP/1.1 200", end_of_headers), end_of_headers + 4) << out;
    EXPECT_NE(out.find("\"pong\":3"), std::string::npos) << out;
  }
  for (const char* miss : {"\"v2\"", "v1", "\"v1", ""}) {
    auto res = client_->Get("/api/v1/tagged", {{"If-None-Match", miss}});
    ASSERT_TRUE(res) << miss;
    EXPECT_EQ(res->status, 200) << miss;
    EXPECT_EQ(res->body, full->body) << miss;
  }
  // Without an ETag, If-None-Match changes nothing.
  auto untagged = client_->Get("/api/v1/ping", {{"If-None-Match", "*"}});
  ASSERT_TRUE(untagged);
  EXPECT_EQ(untagged->status, 200);
}

TEST_F(ServerTest, BoundsBodySize) {
  ServerOptions o;
  o.max_body_bytes = 1024;
  StartServer(o);
  auto ok = client_->Post("/api/v1/submit", std::string(1000, 'x'), "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(json::parse(ok->body)["bytes"], 1000);
  ExpectJsonError(client_->Post("/api/v1/submit", std::string(5000, 'x'), "application/json"), 413,
                  "payload_too_large");
}

TEST_F(ServerTest, BoundsUriLength) {
  StartServer({});
  // Beyond httplib's 8 KiB request-line limit: refused before routing.
  auto res = client_->Get("/api/v1/ping?n=1&pad=" + std::string(9000, 'a'));
  ASSERT_TRUE(res);
  EXPECT_GE(res->status, 400);
  EXPECT_LT(res->status, 500);
  // Within the line limit but past the query limit (4 KiB): our parser's 400.
  ExpectJsonError(client_->Get("/api/v1/ping?n=1&pad=" + std::string(5000, 'a')), 400,
                  "invalid_argument");
}

TEST_F(ServerTest, RateLimitsPerClientWithRetryAfter) {
  ServerOptions o;
  o.rate_per_second = 1.0;
  o.burst = 5.0;
  StartServer(o);
  int ok = 0, limited = 0;
  for (int i = 0; i < 12; ++i) {
    auto res = client_->Get("/api/v1/ping");
    ASSERT_TRUE(res);
    if (res->status == 200) ++ok;
    if (res->status == 429) {
      ++limited;
      ExpectJsonError(res, 429, "rate_limited");
      EXPECT_FALSE(res->get_header_value("Retry-After").empty());
    }
  }
  // Burst of 5, plus at most one refilled token if the loop took over a second (it takes ms).
  EXPECT_GE(ok, 5);
  EXPECT_LE(ok, 6);
  EXPECT_EQ(ok + limited, 12);
}

TEST_F(ServerTest, GarbageRequestsGetA4xxAndTheServerSurvives) {
  StartServer({});
  // Send malformed requests on raw sockets and check the server still answers afterwards.
  std::mt19937 rng(20250923);
  std::printf("seed 20250923\n");
  for (int i = 0; i < 30; ++i) {
    std::string junk;
    const int n = 1 + static_cast<int>(rng() % 200);
    for (int k = 0; k < n; ++k) junk += static_cast<char>(rng() % 256);
    httplib::Client raw("127.0.0.1", port_);
    raw.set_read_timeout(2);
    // A request target with random bytes percent-encoded by the client.
    auto res = raw.Get("/api/v1/ping?" + PercentEncode(junk));
    if (res) {
      EXPECT_GE(res->status, 200);
      EXPECT_LT(res->status, 500) << res->body;
    }
  }
  auto res = client_->Get("/api/v1/ping");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_F(ServerTest, ServesStaticFilesBesideTheApi) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("leotwin_web_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "assets");
  std::ofstream(dir / "index.html") << "<!doctype html><title>t</title>";
  std::ofstream(dir / "assets" / "app.js") << "console.log(1)";
  ServerOptions o;
  o.web_root = dir.string();
  StartServer(o);
  auto index = client_->Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_NE(index->body.find("<title>t</title>"), std::string::npos);
  auto js = client_->Get("/assets/app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript");
  ExpectJsonError(client_->Get("/assets/nope.js"), 404, "not_found");
  ExpectJsonError(client_->Get("/../etc/passwd"), 400, "bad_request");
  EXPECT_EQ(client_->Get("/api/v1/ping")->status, 200);
  client_.reset();
  server_->Stop();
  std::filesystem::remove_all(dir);
}

// cpp-httplib alone answers a browser's "br" with brotli at quality 11 (seconds for the map's
// script): replies and static files are gzip when accepted and as they are otherwise, never br.
TEST_F(ServerTest, CompressesWithGzipOnlyWhenAcceptedAndNeverWithBrotli) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("leotwin_gzip_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "assets");
  std::ofstream(dir / "index.html") << "<!doctype html><title>t</title>";
  std::string script;
  for (int i = 0; i < 2000; ++i) script += "console.log(" + std::to_string(i) + ");\n";
  std::ofstream(dir / "assets" / "app.js") << script;
  ServerOptions o;
  o.web_root = dir.string();
  StartServer(o);
  client_->set_decompress(false);  // Look at the bytes on the wire.
  auto identity = client_->Get("/api/v1/big", {{"Accept-Encoding", "identity"}});
  ASSERT_TRUE(identity);
  ASSERT_EQ(identity->status, 200);
  EXPECT_FALSE(identity->has_header("Content-Encoding"));
  for (const char* path : {"/api/v1/big", "/assets/app.js"}) {
    SCOPED_TRACE(path);
    const std::string plain = std::string(path) == "/assets/app.js" ? script : identity->body;
    auto browser = client_->Get(path, {{"Accept-Encoding", "gzip, deflate, br"}});
    ASSERT_TRUE(browser);
    ASSERT_EQ(browser->status, 200);
    EXPECT_EQ(browser->get_header_value("Content-Encoding"), "gzip");
    EXPECT_EQ(browser->get_header_value("Vary"), "Accept-Encoding");
    ASSERT_GE(browser->body.size(), 2u);
    EXPECT_EQ(static_cast<unsigned char>(browser->body[0]), 0x1f);  // RFC 1952 magic
    EXPECT_EQ(static_cast<unsigned char>(browser->body[1]), 0x8b);
    EXPECT_LT(browser->body.size(), plain.size() / 3);
    for (const char* refuses : {"br", "gzip;q=0, br", "identity"}) {
      auto other = client_->Get(path, {{"Accept-Encoding", refuses}});
      ASSERT_TRUE(other);
      EXPECT_FALSE(other->has_header("Content-Encoding")) << refuses;
      EXPECT_EQ(other->body, plain) << refuses;
    }
  }
  // The client's own decoding gives back the same bytes.
  client_->set_decompress(true);
  auto decoded = client_->Get("/assets/app.js", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->body, script);
  auto decoded_api = client_->Get("/api/v1/big", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(decoded_api);
  EXPECT_EQ(decoded_api->body, identity->body);
  client_.reset();
  server_->Stop();
  std::filesystem::remove_all(dir);
}

// A file the page's build compressed (FILE.gz beside it) goes out as those bytes; a .gz that is
// not this file's (stale, or planted) is never sent.
TEST_F(ServerTest, SendsTheBuildsCompressedFileOnlyWhenItMatches) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("leotwin_pregz_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "assets");
  std::ofstream(dir / "index.html") << "<!doctype html><title>t</title>";
  std::string script, other;
  for (int i = 0; i < 2000; ++i) script += "console.log(" + std::to_string(i) + ");\n";
  for (int i = 0; i < 2000; ++i) other += "console.warn(" + std::to_string(i) + ");\n";
  const std::string built = *Gzip(script, 1);  // Not what the server would make (level 9).
  std::ofstream(dir / "assets" / "app.js") << script;
  std::ofstream(dir / "assets" / "app.js.gz", std::ios::binary) << built;
  std::ofstream(dir / "assets" / "old.js") << script;
  std::ofstream(dir / "assets" / "old.js.gz", std::ios::binary) << *Gzip(other, 1);
  ServerOptions o;
  o.web_root = dir.string();
  StartServer(o);
  client_->set_decompress(false);
  auto fresh = client_->Get("/assets/app.js", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(fresh->body, built);
  auto stale = client_->Get("/assets/old.js", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(Gunzip(stale->body, 1 << 20), script);
  std::filesystem::remove_all(dir);
}

TEST_F(ServerTest, GrantsCorsToListedOriginsOnly) {
  ServerOptions o;
  o.cors_origins = {"https://map.example.org"};
  StartServer(o);
  auto listed = client_->Get("/api/v1/ping", {{"Origin", "https://map.example.org"}});
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->get_header_value("Access-Control-Allow-Origin"), "https://map.example.org");
  auto other = client_->Get("/api/v1/ping", {{"Origin", "https://evil.example"}});
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->has_header("Access-Control-Allow-Origin"));
  auto preflight = client_->Options("/api/v1/ping", {{"Origin", "https://map.example.org"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
}

TEST_F(ServerTest, PipelinedRequestsOnOneConnectionAreAllAnswered) {
  StartServer({});
  const std::string req = "GET /api/v1/ping?n=2 HTTP/1.1\r\nHost: localhost\r\n\r\n";
  const std::string out = server_->ServeBytesForTesting(req + req + req);
  size_t count = 0;
  for (size_t i = 0; (i = out.find("HTTP/1.1 200", i)) != std::string::npos; ++i) ++count;
  EXPECT_EQ(count, 3u) << out;
}

TEST(ServerBindTest, RefusesMissingWebRootAndBusyPort) {
  ServerOptions o;
  o.port = 0;
  o.web_root = "/nonexistent/leotwin/web";
  HttpServer missing(TestRouter(), o);
  EXPECT_EQ(missing.Bind().status().code(), absl::StatusCode::kNotFound);

  ServerOptions a;
  a.port = 0;
  HttpServer first(TestRouter(), a);
  auto port = first.Start();
  ASSERT_TRUE(port.ok());
  ServerOptions b;
  b.port = *port;
  HttpServer second(TestRouter(), b);
  EXPECT_EQ(second.Bind().status().code(), absl::StatusCode::kUnavailable);
  first.Stop();
}

}  // namespace
}  // namespace leotwin::api
