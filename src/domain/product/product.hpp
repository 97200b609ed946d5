// Products: what we sell, at what price and margin, what goes well with it, and the plan limits
// usage signals compare against. Plain values, no I/O.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/patch.hpp"

namespace rapport::domain {

using core::Id;
using core::Timestamp;

struct Product {
  Id id = 0;
  std::string name, sku;
  std::int64_t price_cents = 0;
  std::int64_t margin_cents = 0;  // gross profit per unit at list price
  bool active = true;
  std::vector<Id> complements;             // products that go well with it
  std::map<std::string, double> limits;    // plan limits per usage metric (e.g. "seats" -> 25)
  Timestamp created_at, updated_at;
  std::int64_t version = 1;
};

struct ProductInput {
  Patch<std::string> name, sku;
  Patch<std::int64_t> price_cents, margin_cents;
  Patch<bool> active;
  Patch<std::vector<Id>> complements;
  Patch<std::map<std::string, double>> limits;
  std::map<std::string, std::string> decode_errors;
};

struct ProductQuery {
  std::optional<bool> active;
  std::optional<std::string> q;  // folded substring of name or sku
  int limit = 50;
  Id after_id = 0;
};

// Applies `in` to `p` (creating: required fields must be present); kInvalidArgument naming every
// bad field. References (complements exist) are checked by the service.
core::Status ApplyProductInput(const ProductInput& in, bool creating, Product& p);

}  // namespace rapport::domain
