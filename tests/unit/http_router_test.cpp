// Router matching and the error-response mapping (no sockets).
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include <boost/json/parse.hpp>

#include "http/error_response.hpp"
#include "http/router.hpp"

namespace rapport::http {
namespace {

Handler Named(std::string name) {
  return [name](Request& req) {
    Response res;
    res.body = name;
    for (const auto& [k, v] : req.path_params) res.body += " " + k + "=" + v;
    return res;
  };
}

Request Req(std::string method, std::string path) {
  Request req;
  req.method = std::move(method);
  req.path = std::move(path);
  return req;
}

boost::json::object ErrorOf(const Response& res) {
  return boost::json::parse(res.body).as_object().at("error").as_object();
}

const std::string* HeaderOf(const Response& res, std::string_view name) {
  for (const auto& [k, v] : res.headers) {
    if (k == name) return &v;
  }
  return nullptr;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/", Named("root"));
    router_.Add("GET", "/api/v1/customers", Named("list"));
    router_.Add("POST", "/api/v1/customers", Named("create"));
    router_.Add("GET", "/api/v1/customers/{id}", Named("get"));
    router_.Add("PATCH", "/api/v1/customers/{id}", Named("patch"));
    router_.Add("PUT", "/api/v1/customers/{id}/stage", Named("stage"));
    router_.Add("GET", "/api/v1/customers/{id}/notes/{note}", Named("note"));
    router_.Add("GET", "/api/v1/customers/search", Named("search"));  // after {id}: still wins
  }
  Router router_;
};

TEST_F(RouterTest, MatchesLiteralRoutes) {
  auto req = Req("GET", "/api/v1/customers");
  auto res = router_.Dispatch(req);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "list");
  req = Req("POST", "/api/v1/customers");
  EXPECT_EQ(router_.Dispatch(req).body, "create");
  req = Req("GET", "/");
  EXPECT_EQ(router_.Dispatch(req).body, "root");
}

TEST_F(RouterTest, FillsPathParams) {
  auto req = Req("GET", "/api/v1/customers/12");
  EXPECT_EQ(router_.Dispatch(req).body, "get id=12");
  EXPECT_EQ(req.path_params.at("id"), "12");

  req = Req("GET", "/api/v1/customers/7/notes/abc");
  EXPECT_EQ(router_.Dispatch(req).body, "note id=7 note=abc");

  req = Req("PUT", "/api/v1/customers/9/stage");
  EXPECT_EQ(router_.Dispatch(req).body, "stage id=9");
}

TEST_F(RouterTest, LiteralBeatsParameterWhateverTheOrder) {
  auto req = Req("GET", "/api/v1/customers/search");
  EXPECT_EQ(router_.Dispatch(req).body, "search");
  EXPECT_TRUE(req.path_params.empty());
}

TEST_F(RouterTest, NoMatchIs404) {
  for (const char* path : {"/nope", "/api/v1/customers/12/stage/x", "/api/v1/customers/",
                           "/api/v1//", "/api/v1/customers//stage", ""}) {
    auto req = Req("GET", path);
    auto res = router_.Dispatch(req);
    EXPECT_EQ(res.status, 404) << path;
    auto error = ErrorOf(res);
    EXPECT_EQ(error.at("code").as_string(), "not_found");
    EXPECT_EQ(error.at("message").as_string(), std::string("no route for ") + path);
  }
}

TEST_F(RouterTest, WrongMethodIs405WithAllow) {
  auto req = Req("DELETE", "/api/v1/customers/12");
  auto res = router_.Dispatch(req);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(ErrorOf(res).at("code").as_string(), "method_not_allowed");
  const std::string message(ErrorOf(res).at("message").as_string());
  EXPECT_NE(message.find("GET, PATCH"), std::string::npos) << message;
  ASSERT_NE(HeaderOf(res, "Allow"), nullptr);
  EXPECT_EQ(*HeaderOf(res, "Allow"), "GET, PATCH");
}

TEST_F(RouterTest, HeadIsNotDerivedFromGet) {
  auto req = Req("HEAD", "/api/v1/customers");
  auto res = router_.Dispatch(req);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(*HeaderOf(res, "Allow"), "GET, POST");
}

TEST_F(RouterTest, MethodsAreCaseSensitive) {
  auto req = Req("get", "/api/v1/customers");
  EXPECT_EQ(router_.Dispatch(req).status, 405);
}

TEST_F(RouterTest, RoutesListsEveryRoute) {
  auto routes = router_.Routes();
  ASSERT_EQ(routes.size(), 8u);
  EXPECT_EQ(routes[0].method, "GET");
  EXPECT_EQ(routes[0].pattern, "/");
  EXPECT_EQ(routes[5].method, "PUT");
  EXPECT_EQ(routes[5].pattern, "/api/v1/customers/{id}/stage");
}

TEST(RouterAddTest, RejectsBadPatterns) {
  Router router;
  router.Add("GET", "/a/{id}", Named("a"));
  EXPECT_THROW(router.Add("GET", "/a/{id}", Named("dup")), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "a", Named("x")), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "/b/{}", Named("x")), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "/b/{id", Named("x")), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "/b/{id}/{id}", Named("x")), std::invalid_argument);
  EXPECT_THROW(router.Add("", "/c", Named("x")), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "/c", Handler{}), std::invalid_argument);
  EXPECT_NO_THROW(router.Add("POST", "/a/{id}", Named("ok")));
}

TEST(RequestTest, HeaderLookup) {
  Request req;
  req.headers = {{"content-type", "text/plain"}, {"x-a", "1"}, {"x-a", "2"}};
  ASSERT_NE(req.Header("x-a"), nullptr);
  EXPECT_EQ(*req.Header("x-a"), "1");
  EXPECT_EQ(req.Header("missing"), nullptr);
}

TEST(ErrorResponseTest, StatusMapping) {
  using core::ErrorCode;
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInvalidArgument), 422);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kMalformed), 400);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kPreconditionFailed), 412);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInternal), 500);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kMethodNotAllowed), 405);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnsupportedMediaType), 415);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kHeadersTooLarge), 431);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kRequestTimeout), 408);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kTooManyRequests), 429);
}

TEST(ErrorResponseTest, BodyShape) {
  auto res = ErrorResponse(core::Error::NotFound("customer 12 not found"));
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.content_type, "application/json");
  EXPECT_EQ(res.body,
            R"({"error":{"code":"not_found","message":"customer 12 not found","fields":{}}})");

  res = ErrorResponse(core::Error::Invalid({{"email", "is not an address"}, {"name", "is empty"}}));
  EXPECT_EQ(res.status, 422);
  auto error = ErrorOf(res);
  EXPECT_EQ(error.at("code").as_string(), "invalid_argument");
  EXPECT_EQ(error.at("fields").as_object().at("email").as_string(), "is not an address");
  EXPECT_EQ(error.at("fields").as_object().at("name").as_string(), "is empty");
  EXPECT_EQ(HeaderOf(res, "WWW-Authenticate"), nullptr);
}

TEST(ErrorResponseTest, UnauthenticatedAsksForBearer) {
  auto res = ErrorResponse(core::Error::Unauthenticated("missing token"));
  EXPECT_EQ(res.status, 401);
  ASSERT_NE(HeaderOf(res, "WWW-Authenticate"), nullptr);
  EXPECT_EQ(*HeaderOf(res, "WWW-Authenticate"), "Bearer");
}

TEST(ErrorResponseTest, JsonResponseSerializes) {
  auto res = JsonResponse(201, boost::json::object{{"id", 5}, {"name", "Ann \"A\""}});
  EXPECT_EQ(res.status, 201);
  EXPECT_EQ(res.content_type, "application/json");
  EXPECT_EQ(res.body, R"({"id":5,"name":"Ann \"A\""})");
}

}  // namespace
}  // namespace rapport::http
