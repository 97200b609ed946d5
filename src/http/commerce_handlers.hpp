// Routes of /api/v1/products, /deals, /pipeline, /orders and loyalty.
#pragma once

#include <boost/json.hpp>

#include "http/api.hpp"

namespace rapport::http {

void RegisterProductRoutes(Router& router, ApiContext& ctx);
void RegisterDealRoutes(Router& router, ApiContext& ctx);
void RegisterOrderRoutes(Router& router, ApiContext& ctx);
void RegisterLoyaltyRoutes(Router& router, ApiContext& ctx);
void RegisterUsageRoutes(Router& router, ApiContext& ctx);

// {"data": [...], "next_cursor": ...}
Response PageResponse(boost::json::array data, const std::optional<std::string>& next_cursor);
// The resource with its version as ETag (and Location for 201).
Response VersionedResponse(int status, boost::json::object body, std::int64_t version, std::string_view location);

}  // namespace rapport::http
