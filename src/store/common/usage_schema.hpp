// Schema of migration 6 (both backends; tokens as in commerce_schema.hpp).
#pragma once

#include <string_view>

namespace rapport::store {

inline constexpr std::string_view kUsageSchema = R"SQL(
CREATE TABLE usage_measurements (
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  product_id  BIGINT NOT NULL REFERENCES products(id),
  metric      TEXT NOT NULL,
  period      TEXT NOT NULL,  -- first day of the period, YYYY-MM-DD
  value       @REAL@ NOT NULL,
  recorded_at BIGINT NOT NULL,
  PRIMARY KEY (customer_id, product_id, metric, period)
);
)SQL";

}  // namespace rapport::store
