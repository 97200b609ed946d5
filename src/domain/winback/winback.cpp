#include "domain/winback/winback.hpp"

#include <algorithm>

namespace rapport::domain {

std::int64_t WholeDaysBetween(Timestamp from, Timestamp to) {
  if (to.ms <= from.ms) return 0;
  return (to.ms - from.ms) / core::kMsPerDay;
}

std::int64_t YearlyMargin(std::int64_t net_margin_cents, std::int64_t days) {
  const std::int64_t d = std::max<std::int64_t>(365, days);
  // sum * 365 / d == (sum / d) * 365 + (sum % d) * 365 / d: both parts have the sum's sign, so
  // truncating each truncates the whole, and neither product can overflow (d >= 365).
  return net_margin_cents / d * 365 + net_margin_cents % d * 365 / d;
}

std::int64_t WinBackCap(std::int64_t expected_margin_cents, std::int64_t spent_cents) {
  return std::max<std::int64_t>(0, expected_margin_cents - spent_cents);
}

}  // namespace rapport::domain
