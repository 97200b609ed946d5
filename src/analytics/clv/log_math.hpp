// Small log-space helpers shared by the models.
#pragma once

#include <cmath>
#include <limits>

namespace rapport::analytics::clv {

// log(e^x + e^y) without overflow; -inf when both are -inf.
inline double LogAddExp(double x, double y) {
  if (x < y) std::swap(x, y);
  if (x == -std::numeric_limits<double>::infinity()) return x;
  return x + std::log1p(std::exp(y - x));
}

// (1 − e^{−k·L}) / k, continuous at k = 0 where it is L. Used for the closed-form expectations
// whose textbook form divides by (s − 1) or (a − 1).
inline double OneMinusExpOverK(double k, double L) {
  if (std::abs(k * L) < 1e-12) return L * (1 - k * L / 2);
  return -std::expm1(-k * L) / k;
}

}  // namespace rapport::analytics::clv
