// JSON shapes of products, deals, orders, the pipeline and loyalty; decoding their requests.
#pragma once

#include <boost/json.hpp>

#include "domain/deal/deal_service.hpp"
#include "domain/loyalty/loyalty_service.hpp"
#include "domain/order/order_service.hpp"
#include "domain/product/product_service.hpp"

namespace rapport::http {

boost::json::object ProductToJson(const domain::Product& p, std::string_view currency);
boost::json::object DealToJson(const domain::Deal& d);
boost::json::object OrderToJson(const domain::Order& o);
boost::json::object AdjustmentToJson(const domain::OrderAdjustment& a);
boost::json::object PipelineToJson(const domain::Pipeline& p, std::string_view currency);
boost::json::object LedgerEntryToJson(const domain::LedgerEntry& e);
boost::json::object LoyaltyConfigJson(const domain::LoyaltyConfig& c);
boost::json::object LoyaltyStatusToJson(const domain::LoyaltyStatus& s);

// Bodies. Each reports every bad or unknown field (kInvalidArgument), except where the service
// adds its own checks (decode_errors are merged there).
domain::ProductInput ProductInputFromJson(const boost::json::object& body);
domain::DealInput DealInputFromJson(const boost::json::object& body);
core::Result<domain::DealStageRequest> DealStageFromJson(const boost::json::object& body);
domain::OrderInput OrderInputFromJson(const boost::json::object& body);
core::Result<domain::RefundRequest> RefundFromJson(const boost::json::object& body);
core::Result<domain::LoyaltyConfig> LoyaltyConfigFromBody(const boost::json::object& body);

}  // namespace rapport::http
