#include "leotwin/api/request_router.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace leotwin::api {
namespace {

using nlohmann::json;

RequestRouter MakeRouter() {
  RequestRouter r;
  r.Get("/api/v1/echo", "echoes x", "x=number", [](const ApiRequest& req) -> StatusOr<ApiReply> {
    LEOTWIN_RETURN_IF_ERROR(req.query.CheckAllowed({"x"}));
    LEOTWIN_ASSIGN_OR_RETURN(double x, req.query.RequiredDouble("x", -10, 10));
    ApiReply reply;
    reply.body = {{"x", x}};
    return reply;
  });
  r.Post("/api/v1/echo", "echoes the body", "", [](const ApiRequest& req) -> StatusOr<ApiReply> {
    ApiReply reply;
    reply.body = {{"body", req.body}};
    reply.http_status = 201;
    return reply;
  });
  r.Get("/api/v1/throws", "", "",
        [](const ApiRequest&) -> StatusOr<ApiReply> { throw std::runtime_error("boom"); });
  r.Get("/api/v1/missing", "", "", [](const ApiRequest&) -> StatusOr<ApiReply> {
    return absl::NotFoundError("no such thing");
  });
  r.Get("/api/v1/todo", "", "", [](const ApiRequest&) -> StatusOr<ApiReply> {
    return absl::UnimplementedError("not yet");
  });
  return r;
}

json Body(const HttpResponse& r) { return json::parse(r.body); }

void ExpectError(const HttpResponse& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.content_type, "application/json");
  const json j = Body(r);
  ASSERT_TRUE(j.contains("error")) << r.body;
  EXPECT_EQ(j["error"]["code"], code) << r.body;
  EXPECT_EQ(j["error"]["status"], status) << r.body;
  EXPECT_TRUE(j["error"]["message"].is_string());
}

TEST(RouterTest, DispatchesByPathAndMethod) {
  const RequestRouter r = MakeRouter();
  HttpResponse ok = r.Handle("GET", "/api/v1/echo?x=2.5", "", "1.2.3.4");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(Body(ok)["x"], 2.5);
  // Trailing slash and HEAD map to the same GET route.
  EXPECT_EQ(r.Handle("GET", "/api/v1/echo/?x=1", "", "").status, 200);
  EXPECT_EQ(r.Handle("HEAD", "/api/v1/echo?x=1", "", "").status, 200);
  HttpResponse post = r.Handle("POST", "/api/v1/echo", "hello", "");
  EXPECT_EQ(post.status, 201);
  EXPECT_EQ(Body(post)["body"], "hello");
}

TEST(RouterTest, MapsErrorsToStatusCodes) {
  const RequestRouter r = MakeRouter();
  ExpectError(r.Handle("GET", "/api/v1/nope", "", ""), 404, "not_found");
  HttpResponse m = r.Handle("DELETE", "/api/v1/echo", "", "");
  ExpectError(m, 405, "method_not_allowed");
  ASSERT_EQ(m.headers.size(), 1u);
  EXPECT_EQ(m.headers[0].first, "Allow");
  EXPECT_EQ(m.headers[0].second, "GET, POST");
  ExpectError(r.Handle("GET", "/api/v1/echo?x=11", "", ""), 400, "invalid_argument");
  ExpectError(r.Handle("GET", "/api/v1/echo", "", ""), 400, "invalid_argument");
  ExpectError(r.Handle("GET", "/api/v1/echo?x=1&y=2", "", ""), 400, "invalid_argument");
  ExpectError(r.Handle("GET", "/api/v1/echo?x=%zz", "", ""), 400, "invalid_argument");
  ExpectError(r.Handle("GET", "/api/v1/throws", "", ""), 500, "internal");
  ExpectError(r.Handle("GET", "/api/v1/missing", "", ""), 404, "not_found");
  ExpectError(r.Handle("GET", "/api/v1/todo", "", ""), 501, "unimplemented");
}

TEST(RouterTest, InvalidUtf8InMessagesIsReplacedNotThrown) {
  const RequestRouter r = MakeRouter();
  // %C3%28 is an invalid UTF-8 sequence echoed in the error message.
  HttpResponse bad = r.Handle("GET", "/api/v1/echo?x=%C3%28", "", "");
  ExpectError(bad, 400, "invalid_argument");
}

TEST(RouterTest, DescribesEveryRoute) {
  const RequestRouter r = MakeRouter();
  const json d = r.Describe();
  ASSERT_EQ(d.size(), 5u);
  EXPECT_EQ(d[0]["method"], "GET");
  EXPECT_EQ(d[0]["path"], "/api/v1/echo");
  EXPECT_EQ(d[0]["params"], "x=number");
}

TEST(RouterTest, DuplicateRouteIsAProgrammingError) {
  RequestRouter r = MakeRouter();
  EXPECT_THROW(r.Get("/api/v1/echo", "", "", nullptr), std::logic_error);
}

}  // namespace
}  // namespace leotwin::api
