// Routes of /api/v1/products, /deals, /pipeline, /orders and loyalty.
#pragma once

#include <boost/json.hpp>

#include "http/api.hpp"

namespace rapport::http {

void RegisterProductRoutes(ApiRoutes& routes);
void RegisterDealRoutes(ApiRoutes& routes);
void RegisterOrderRoutes(ApiRoutes& routes);
void RegisterLoyaltyRoutes(ApiRoutes& routes);
void RegisterUsageRoutes(ApiRoutes& routes);

// {"data": [...], "next_cursor": ...}
Response PageResponse(boost::json::array data, const std::optional<std::string>& next_cursor);
// The resource with its version as ETag (and Location for 201).
Response VersionedResponse(int status, boost::json::object body, std::int64_t version, std::string_view location);

}  // namespace rapport::http
