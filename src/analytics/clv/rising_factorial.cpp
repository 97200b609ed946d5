#include "analytics/clv/rising_factorial.hpp"

#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>

namespace rapport::analytics::clv {

namespace {
// Beyond this many steps the two special-function calls are cheaper than the running sum.
constexpr std::int64_t kMaxSteps = 64;
}  // namespace

void RisingFactorial::MoveTo(std::int64_t x) {
  if (x >= x_ && x - x_ <= kMaxSteps) {
    for (std::int64_t k = x_; k < x; ++k) {
      const double v = theta_ + static_cast<double>(k);
      log_ += std::log(v);
      digamma_ += 1.0 / v;
    }
  } else {
    // boost::math::lgamma, not std::lgamma: glibc's writes the global signgam (not thread-safe).
    const double xd = static_cast<double>(x);
    log_ = boost::math::lgamma(theta_ + xd) - boost::math::lgamma(theta_);
    digamma_ = boost::math::digamma(theta_ + xd) - boost::math::digamma(theta_);
  }
  x_ = x;
}

}  // namespace rapport::analytics::clv
