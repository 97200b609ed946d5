// Every route the server serves must be described in the OpenAPI document.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/clock.hpp"
#include "domain/services.hpp"
#include "analytics/clv/clv_engine.hpp"
#include "http/api.hpp"
#include "store/database.hpp"

namespace rapport::http {
namespace {

TEST(OpenApi, DescribesEveryServedRoute) {
  // The services are never called: only the route table is inspected.
  auto db = store::OpenDatabase(":memory:");
  ASSERT_TRUE(db);
  core::SystemClock clock;
  analytics::clv::ClvEngine clv_engine;
  domain::Services services(**db, clock, clv_engine, {});
  ApiContext ctx{services};
  Router router;
  RegisterApiRoutes(router, ctx);

  const auto doc = boost::json::parse(OpenApiDocument()).as_object();
  EXPECT_TRUE(doc.at("openapi").as_string().starts_with("3.1"));
  const auto& paths = doc.at("paths").as_object();
  ASSERT_FALSE(router.Routes().empty());
  for (const auto& route : router.Routes()) {
    std::string method = route.method;
    for (auto& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const auto* path = paths.if_contains(route.pattern);
    ASSERT_NE(path, nullptr) << "path missing from OpenAPI: " << route.pattern;
    EXPECT_TRUE(path->as_object().contains(method))
        << "method missing from OpenAPI: " << route.method << " " << route.pattern;
  }
}

}  // namespace
}  // namespace rapport::http
