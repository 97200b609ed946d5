// /api/v1/products: the catalogue.
#include "http/commerce/openapi_commerce.hpp"
#include "http/api.hpp"
#include "http/commerce/commerce_handlers.hpp"
#include "http/commerce/commerce_json.hpp"
#include "http/error_response.hpp"
#include "http/json_body.hpp"

namespace rapport::http {

namespace json = boost::json;

Response PageResponse(json::array data, const std::optional<std::string>& next_cursor) {
  return JsonResponse(200, json::object{{"data", std::move(data)},
                                        {"next_cursor", next_cursor ? json::value(*next_cursor) : json::value(nullptr)}});
}

Response VersionedResponse(int status, json::object body, std::int64_t version, std::string_view location) {
  Response r = JsonResponse(status, std::move(body));
  r.headers.emplace_back("ETag", "\"" + std::to_string(version) + "\"");
  if (status == 201) r.headers.emplace_back("Location", std::string(location));
  return r;
}

namespace {

using domain::Actor;

Response ProductReply(int status, const domain::Product& p, const ApiContext& ctx) {
  return VersionedResponse(status, ProductToJson(p, ctx.services.currency), p.version, "/api/v1/products/" + core::FormatId(p.id));
}

Response Create(ApiContext& ctx, Request& req, const Actor& actor) {
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto created = ctx.services.products.Create(actor, ProductInputFromJson(*body));
  if (!created) return ErrorResponse(created.error());
  return ProductReply(201, *created, ctx);
}

Response Get(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "product");
  if (!id) return ErrorResponse(id.error());
  auto p = ctx.services.products.Get(actor, *id);
  if (!p) return ErrorResponse(p.error());
  return ProductReply(200, *p, ctx);
}

Response Patch(ApiContext& ctx, Request& req, const Actor& actor) {
  auto id = PathId(req, "product");
  if (!id) return ErrorResponse(id.error());
  auto expected = ExpectedVersion(req);
  if (!expected) return ErrorResponse(expected.error());
  auto body = ParseJsonObjectBody(req);
  if (!body) return ErrorResponse(body.error());
  auto p = ctx.services.products.Update(actor, *id, ProductInputFromJson(*body), *expected);
  if (!p) return ErrorResponse(p.error());
  return ProductReply(200, *p, ctx);
}

Response List(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"active", "q", "limit", "cursor"});
  domain::ProductQuery query;
  if (auto v = q.Get("active")) {
    if (*v == "true" || *v == "false") query.active = *v == "true";
    else q.Fail("active", "must be true or false");
  }
  if (auto v = q.Get("q")) query.q = *v;
  query.limit = q.Limit(50, 500);
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  const auto cursor = q.Get("cursor");
  auto page = ctx.services.products.List(actor, query, cursor ? std::optional<std::string_view>(*cursor) : std::nullopt);
  if (!page) return ErrorResponse(page.error());
  json::array data;
  for (const auto& p : page->items) data.emplace_back(ProductToJson(p, ctx.services.currency));
  return PageResponse(std::move(data), page->next_cursor);
}

}  // namespace

void RegisterProductRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::commerce;  // NOLINT
  const json::object if_match{{"name", "If-Match"}, {"in", "header"}, {"required", false}, {"schema", Str()},
                              {"description", "The ETag of the version you edited: 412 if it changed since."}};
  auto patch = [&](std::string_view summary, std::string_view body, std::string_view schema, const char* more) {
    json::object op = OpWithBody(summary, body,
                                 Responses({{"200", Ok(schema, "Updated.")}},
                                           {{"401", kAuth}, {"403", more}, {"404", "Not found."}, {"409", "Not editable in its state."},
                                            {"412", "Changed since your version (If-Match)."}, {"422", kInvalid}}));
    op["parameters"] = json::array{if_match};
    return op;
  };
  routes.Add("POST", "/api/v1/products", Create,
             OpWithBody("Add a product (managers and admins).", "ProductInput",
                        Responses({{"201", Ok("Product", "The product.")}},
                                  {{"401", kAuth}, {"403", kManagers}, {"409", "The SKU is taken."}, {"422", kInvalid}})));
  routes.Add("GET", "/api/v1/products", List,
             WithQuery(Op("The catalogue, by id.", Responses({{"200", Ok("ProductList", "Products.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                       Params({QueryParam("active", Bool(), "Only active (true) or inactive (false)."),
                               QueryParam("q", Str(), "Part of the name or SKU, ignoring case."), Limit(), Cursor()})));
  routes.PathParameters("/api/v1/products/{id}", json::array{PathId("product")});
  routes.Add("GET", "/api/v1/products/{id}", Get,
             Op("One product.", Responses({{"200", Ok("Product", "The product.")}}, {{"401", kAuth}, {"404", "No such product."}})));
  routes.Add("PATCH", "/api/v1/products/{id}", Patch,
             patch("Change a product (managers and admins); active: false retires it.", "ProductInput", "Product", kManagers));
}

}  // namespace rapport::http
