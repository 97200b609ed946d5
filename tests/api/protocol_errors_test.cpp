// HTTP-level errors: 400, 401, 404, 405, 413, 415, all with the JSON error shape
// {"error":{"code","message","fields"}}, and a rejected request changes nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "http_client.hpp"
#include "server_process.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::At;
using rapport_test::Dump;
using rapport_test::HttpClient;
using rapport_test::RapportServer;
using rapport_test::ServerSuite;
using rapport_test::RawExchange;
using rapport_test::Reply;
using rapport_test::StrAt;

class ProtocolErrorsTest : public ServerSuite {
 protected:
  void SetUp() override {
    ServerSuite::SetUp();
    if (HasFatalFailure()) return;
    anon_ = std::make_unique<HttpClient>(server_->Client(""));
  }

  // Number of customers in lists (all pages).
  int Count() {
    HttpClient c = server_->Client();
    int n = 0;
    std::string cursor;
    for (int page = 0; page < 1000; ++page) {
      Reply r = c.Get("/api/v1/customers?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor));
      EXPECT_EQ(r.status, 200) << r.Summary();
      if (r.status != 200) return -1;
      json::value v = r.Json();
      n += static_cast<int>(v.at("data").as_array().size());
      if (v.at("next_cursor").is_null()) return n;
      cursor = rapport_test::UrlEncode(v.at("next_cursor").as_string());
    }
    return -1;
  }

  std::string CreateId(const std::string& name) {
    Reply r = client_->Post("/api/v1/customers", Dump(json::object{{"name", name}}));
    EXPECT_EQ(r.status, 201) << r.Summary();
    return r.status == 201 ? StrAt(r.Json(), "/id") : "0";
  }

  json::value Get(const std::string& id) {
    Reply r = client_->Get("/api/v1/customers/" + id);
    EXPECT_EQ(r.status, 200) << r.Summary();
    return r.status == 200 ? r.Json() : json::value();
  }

  // Checks status, the JSON error shape and the code.
  static void ExpectError(const Reply& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.Summary();
    EXPECT_NE(r.Header("content-type").find("application/json"), std::string::npos)
        << "content-type: " << r.Header("content-type");
    json::value v;
    try {
      v = r.Json();
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
      return;
    }
    EXPECT_EQ(StrAt(v, "/error/code"), code) << r.body;
    const json::value* message = At(v, "/error/message");
    EXPECT_TRUE(message && message->is_string() && !message->get_string().empty()) << r.body;
    const json::value* fields = At(v, "/error/fields");
    EXPECT_TRUE(fields && fields->is_object()) << "fields is always an object: " << r.body;
  }

  std::unique_ptr<HttpClient> anon_;
};

TEST_F(ProtocolErrorsTest, HealthzNeedsNoToken) {
  Reply r = anon_->Get("/healthz");
  EXPECT_EQ(r.status, 200) << r.Summary();
}

TEST_F(ProtocolErrorsTest, MalformedJsonIs400AndCreatesNothing) {
  const int before = Count();
  for (const char* body : {R"({"name": )", R"({"name": "x",})", "{name: 'x'}", "\x01\x02",
                           R"({"name": "x"} trailing)"}) {
    SCOPED_TRACE(body);
    ExpectError(client_->Post("/api/v1/customers", body), 400, "malformed");
  }
  EXPECT_EQ(Count(), before);

  const std::string id = CreateId("Malformed Patch Target");
  json::value original = Get(id);
  ExpectError(client_->Patch("/api/v1/customers/" + id, R"({"name": )"), 400, "malformed");
  EXPECT_EQ(Get(id), original);
}

TEST_F(ProtocolErrorsTest, MissingOrBadTokenIs401) {
  Reply none = anon_->Get("/api/v1/customers");
  ExpectError(none, 401, "unauthenticated");
  EXPECT_NE(none.Header("www-authenticate").find("Bearer"), std::string::npos)
      << "401 should carry WWW-Authenticate: Bearer";

  const std::string good = server_->token();
  for (const std::string& auth : std::vector<std::string>{
           "Bearer wrong-token", "Bearer " + good + "x",
           "Bearer " + good.substr(0, good.size() - 1), "Basic YWRtaW46cGFzc3dvcmQ=", "Bearer",
           "Bearer ", "bearer-" + good, good}) {
    SCOPED_TRACE(auth);
    ExpectError(anon_->Get("/api/v1/customers", {{"Authorization", auth}}), 401, "unauthenticated");
  }
  // Unknown ids do not leak past authentication.
  ExpectError(anon_->Get("/api/v1/customers/999999999"), 401, "unauthenticated");
}

TEST_F(ProtocolErrorsTest, UnauthenticatedWritesChangeNothing) {
  const std::string id = CreateId("Auth Target");
  json::value original = Get(id);
  const int before = Count();
  ExpectError(anon_->Post("/api/v1/customers", R"({"name": "Sneaky"})"), 401, "unauthenticated");
  ExpectError(anon_->Patch("/api/v1/customers/" + id, R"({"name": "Sneaky"})"), 401,
              "unauthenticated");
  ExpectError(anon_->Post("/api/v1/customers/" + id + "/stage", R"({"stage": "lead"})"), 401,
              "unauthenticated");
  ExpectError(anon_->Delete("/api/v1/customers/" + id), 401, "unauthenticated");
  HttpClient wrong = server_->Client("not-a-token");
  ExpectError(wrong.Post("/api/v1/customers", R"({"name": "Sneaky"})"), 401, "unauthenticated");
  EXPECT_EQ(Count(), before);
  EXPECT_EQ(Get(id), original);
}

TEST_F(ProtocolErrorsTest, UnknownRouteIs404) {
  // Other paths (GET /nope) are the web app's client routes when it is built: web_static_test.
  for (const char* target : {"/api/v1/nope", "/api/v1/customers/1/nope", "/api/v2/customers",
                             "/api/nope", "/api/v1/customers/1/stage/extra"}) {
    SCOPED_TRACE(target);
    ExpectError(client_->Get(target), 404, "not_found");
  }
  ExpectError(client_->Get("/api/v1/customers/999999999"), 404, "not_found");
}

TEST_F(ProtocolErrorsTest, WrongMethodIs405WithAllow) {
  const std::string id = CreateId("Method Target");
  json::value original = Get(id);
  struct Case {
    std::string method, target;
    std::vector<std::string> allow;
  };
  const std::vector<Case> cases = {
      {"PUT", "/api/v1/customers/" + id, {"GET", "PATCH", "DELETE"}},
      {"POST", "/api/v1/customers/" + id, {"GET", "PATCH", "DELETE"}},
      {"DELETE", "/api/v1/customers", {"GET", "POST"}},
      {"PATCH", "/api/v1/customers", {"GET", "POST"}},
      {"GET", "/api/v1/customers/" + id + "/stage", {"POST"}},
      {"POST", "/api/v1/customers/" + id + "/history", {"GET"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.method + " " + c.target);
    Reply r = client_->Send(c.method, c.target, R"({"name": "Replaced"})");
    ExpectError(r, 405, "method_not_allowed");
    const std::string allow = r.Header("allow");
    for (const auto& m : c.allow) {
      EXPECT_NE(allow.find(m), std::string::npos) << "Allow: " << allow << " lacks " << m;
    }
  }
  EXPECT_EQ(Get(id), original);
}

TEST_F(ProtocolErrorsTest, BodyOver1MiBIs413AndCreatesNothing) {
  const int before = Count();
  std::string big = R"({"name": "Huge", "custom": {"blob": ")" + std::string(2 << 20, 'a') + "\"}}";
  Reply r = client_->Post("/api/v1/customers", big);
  ExpectError(r, 413, "payload_too_large");
  // The client reconnects if the server closed; the server still works.
  Reply after = client_->Get("/api/v1/customers?limit=1");
  EXPECT_EQ(after.status, 200) << after.Summary();
  EXPECT_EQ(Count(), before);
}

TEST_F(ProtocolErrorsTest, ChunkedBodyOver1MiBIs413) {
  const int before = Count();
  std::string request = "POST /api/v1/customers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                        server_->token() +
                        "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  std::string payload =
      R"({"name": "Huge chunked", "custom": {"blob": ")" + std::string(2 << 20, 'b') + "\"}}";
  constexpr std::size_t kChunk = 64 * 1024;
  for (std::size_t i = 0; i < payload.size(); i += kChunk) {
    std::string part = payload.substr(i, kChunk);
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", part.size());
    request += size + part + "\r\n";
  }
  request += "0\r\n\r\n";
  std::string response = RawExchange(server_->host(), server_->port(), request);
  EXPECT_EQ(response.rfind("HTTP/1.1 413", 0), 0u) << response.substr(0, 300);
  EXPECT_EQ(Count(), before);
}

TEST_F(ProtocolErrorsTest, BodyJustUnder1MiBIsNot413) {
  std::string body = R"({"name": "Almost huge", "custom": {"blob": ")";
  body += std::string((1 << 20) - body.size() - 10, 'c') + "\"}}";
  ASSERT_LT(body.size(), 1u << 20);
  Reply r = client_->Post("/api/v1/customers", body);
  EXPECT_NE(r.status, 413) << r.Summary().substr(0, 300);
  EXPECT_LT(r.status, 500) << r.Summary().substr(0, 300);
}

TEST_F(ProtocolErrorsTest, NonJsonContentTypeIs415AndChangesNothing) {
  const int before = Count();
  Reply r = client_->Post("/api/v1/customers", R"({"name": "Plain Text"})",
                          {{"Content-Type", "text/plain"}});
  ExpectError(r, 415, "unsupported_media_type");
  ExpectError(client_->Post("/api/v1/customers", R"({"name": "Form"})",
                            {{"Content-Type", "application/x-www-form-urlencoded"}}),
              415, "unsupported_media_type");
  EXPECT_EQ(Count(), before);

  const std::string id = CreateId("Media Target");
  json::value original = Get(id);
  ExpectError(client_->Patch("/api/v1/customers/" + id, R"({"name": "Changed"})",
                             {{"Content-Type", "text/plain"}}),
              415, "unsupported_media_type");
  ExpectError(client_->Post("/api/v1/customers/" + id + "/stage", R"({"stage": "lead"})",
                            {{"Content-Type", "text/plain"}}),
              415, "unsupported_media_type");
  EXPECT_EQ(Get(id), original);

  // Media type parameters and case do not matter.
  Reply ok = client_->Post("/api/v1/customers", R"({"name": "Charset Charlie"})",
                           {{"Content-Type", "Application/JSON; charset=utf-8"}});
  EXPECT_EQ(ok.status, 201) << ok.Summary();
}

TEST_F(ProtocolErrorsTest, GarbageRequestGets400AndServerKeepsServing) {
  for (const std::string& raw :
       {std::string("GARBAGE\r\n\r\n"), std::string("GET / HTTP/9.9\r\n\r\n"),
        std::string("GET /healthz HTTP/1.1\r\nHost x\r\n\r\n"),
        std::string("POST /api/v1/customers HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")}) {
    SCOPED_TRACE(raw);
    std::string response = RawExchange(server_->host(), server_->port(), raw);
    EXPECT_EQ(response.rfind("HTTP/1.1 400", 0), 0u) << response.substr(0, 300);
  }
  Reply r = client_->Get("/healthz");
  EXPECT_EQ(r.status, 200) << r.Summary();
}

TEST_F(ProtocolErrorsTest, ConnectionIsKeptAlive) {
  HttpClient c = server_->Client();
  for (int i = 0; i < 20; ++i) {
    Reply r = c.Get("/api/v1/customers?limit=1");
    ASSERT_EQ(r.status, 200) << r.Summary();
  }
  // Errors do not close the connection either (except 413, which may).
  ExpectError(c.Get("/api/v1/nope"), 404, "not_found");
  ExpectError(c.Post("/api/v1/customers", R"({"name": )"), 400, "malformed");
  ExpectError(c.Post("/api/v1/customers", R"({"name": ""})"), 422, "invalid_argument");
  EXPECT_EQ(c.Get("/healthz").status, 200);
  EXPECT_EQ(c.connections_opened(), 1);
}

TEST_F(ProtocolErrorsTest, DeeplyNestedJsonIsRejectedAndServerSurvives) {
  const int before = Count();
  const std::string deep = R"({"name": "Deep", "custom": {"x": )" + std::string(100000, '[') +
                           std::string(100000, ']') + "}}";
  Reply r = client_->Post("/api/v1/customers", deep);
  EXPECT_TRUE(r.status == 400 || r.status == 422) << r.Summary().substr(0, 300);
  EXPECT_EQ(client_->Get("/healthz").status, 200);
  EXPECT_EQ(Count(), before);
}

}  // namespace
