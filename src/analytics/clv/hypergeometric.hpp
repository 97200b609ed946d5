// The Gauss hypergeometric series the Pareto/NBD likelihood needs, in the one form where every
// term is positive and no term can overflow: 2F1(1, b; c; z) = Σ_n (b)_n / (c)_n · z^n with
// 0 < b < c and 0 <= z < 1. (The likelihood's 2F1(r+s+x, ·; r+s+x+1; z) is brought to this form by
// Euler's transformation; see pareto_nbd.cpp.) Pure functions, thread-safe.
#pragma once

namespace rapport::analytics::clv {

// log 2F1(1, b; c; z) and its partial derivatives, d log F / d b, d/d c, d/d z.
struct LogSeries {
  double value = 0;
  double d_b = 0;
  double d_c = 0;
  double d_z = 0;
  int terms = 0;           // terms summed
  bool converged = false;  // false only if kMaxSeriesTerms was reached (z extremely close to 1)
};

// About 40/(1−z) terms are needed; callers switch to another method long before this cap.
inline constexpr int kMaxSeriesTerms = 1'000'000;

// Requires 0 < b < c and 0 <= z < 1. The remainder after the last term is bounded by the
// geometric series (every term ratio is below z) and is below 1e-16 of the sum.
LogSeries LogHyp2F1OneB(double b, double c, double z);

}  // namespace rapport::analytics::clv
