#include "analytics/clv/lifetime_value.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::analytics::clv {

core::Status ValidateValueOptions(const ValueOptions& o) {
  if (!std::isfinite(o.horizon) || o.horizon < 0)
    return core::Fail(core::Error::Invalid("horizon", "must be a finite number >= 0"));
  if (!std::isfinite(o.step) || !(o.step > 0))
    return core::Fail(core::Error::Invalid("step", "must be a finite number > 0"));
  if (!std::isfinite(o.discount_rate) || !(o.discount_rate > -1))
    return core::Fail(core::Error::Invalid("discount_rate", "must be a finite number > -1"));
  if (!std::isfinite(o.margin)) return core::Fail(core::Error::Invalid("margin", "must be finite"));
  // A step count beyond this is a unit mix-up (a horizon in days with a step of one second).
  if (o.horizon / o.step > 1e6)
    return core::Fail(
        core::Error::Invalid("step", "too small for the horizon (over a million steps)"));
  return {};
}

double PredictedValue(const FrequencyParams& params, const CustomerRfm& customer,
                      double expected_spend, const ValueOptions& o) {
  const auto steps = static_cast<long>(std::ceil(o.horizon / o.step));
  double value = 0, previous = 0, discount = 1;
  for (long k = 1; k <= steps; ++k) {
    const double t = std::min(static_cast<double>(k) * o.step, o.horizon);
    const double expected = ExpectedTransactions(params, customer, t);
    discount /= 1 + o.discount_rate;
    value += (expected - previous) * discount;
    previous = expected;
  }
  return o.margin * expected_spend * value;
}

}  // namespace rapport::analytics::clv
