// JSON shapes of customers and stage transitions.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "domain/customer/customer.hpp"
#include "domain/customer/customer_service.hpp"

namespace rapport::http {

boost::json::object CustomerToJson(const domain::Customer& c, std::string_view currency);
boost::json::object TransitionToJson(const domain::StageTransition& t);
// Body of POST/PATCH /customers: kInvalidArgument naming every bad or unknown field.
core::Result<domain::CustomerInput> CustomerInputFromJson(const boost::json::object& body);
core::Result<domain::StageChangeRequest> StageChangeFromJson(const boost::json::object& body);

}  // namespace rapport::http
