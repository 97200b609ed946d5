#include "domain/product/product.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace rapport::domain {
namespace {

void CheckText(std::map<std::string, std::string>& errors, const char* field,
               const std::string& value, std::size_t max_len) {
  if (!core::IsValidUtf8(value)) errors[field] = "must be valid UTF-8";
  else if (core::Trim(value).empty()) errors[field] = "must not be empty";
  else if (core::CodepointCount(value) > max_len)
    errors[field] = "too long: at most " + std::to_string(max_len) + " characters";
  else if (core::HasControlCharacters(value)) errors[field] = "must not contain control characters";
}

}  // namespace

core::Status ApplyProductInput(const ProductInput& in, bool creating, Product& p) {
  std::map<std::string, std::string> errors = in.decode_errors;
  auto required = [&](const char* field, bool present_with_value) {
    if (!errors.contains(field) && !present_with_value && creating) errors[field] = "required";
  };
  required("name", in.name && *in.name);
  required("sku", in.sku && *in.sku);
  required("price_cents", in.price_cents && *in.price_cents);
  if (in.name) {
    if (!*in.name) errors.emplace("name", "must not be null");
    else { CheckText(errors, "name", **in.name, 200); p.name = core::Trim(**in.name); }
  }
  if (in.sku) {
    if (!*in.sku) errors.emplace("sku", "must not be null");
    else { CheckText(errors, "sku", **in.sku, 64); p.sku = core::Trim(**in.sku); }
  }
  if (in.price_cents) {
    if (!*in.price_cents) errors.emplace("price_cents", "must not be null");
    else if (**in.price_cents < 0) errors.emplace("price_cents", "must be 0 or more");
    else p.price_cents = **in.price_cents;
  }
  if (in.margin_cents) p.margin_cents = in.margin_cents->value_or(0);
  if (!errors.contains("price_cents") && !errors.contains("margin_cents") && p.margin_cents > p.price_cents)
    errors["margin_cents"] = "must not exceed price_cents (" + std::to_string(p.price_cents) + ")";
  if (in.active) p.active = in.active->value_or(true);
  if (in.complements) {
    auto list = in.complements->value_or(std::vector<Id>{});
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    if (p.id && std::find(list.begin(), list.end(), p.id) != list.end())
      errors["complements"] = "a product cannot complement itself";
    else if (list.size() > 50) errors["complements"] = "at most 50 products";
    p.complements = std::move(list);
  }
  if (in.limits) {
    auto limits = in.limits->value_or(std::map<std::string, double>{});
    for (const auto& [metric, limit] : limits) {
      if (metric.empty() || metric.size() > 64 || !core::IsValidUtf8(metric))
        errors["limits"] = "metric names must be 1 to 64 characters";
      else if (!(limit > 0)) errors["limits." + metric] = "must be a number above 0";
    }
    p.limits = std::move(limits);
  }
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return {};
}

}  // namespace rapport::domain
