// log of the rising factorial (θ)_x = Γ(θ+x)/Γ(θ) for integer x, walked upward through sorted
// frequencies: the likelihoods need it for every distinct x at every evaluation, and summing
// log(θ+k) is both cheaper and more accurate than differencing two lgammas. Not thread-safe (it is
// a cursor); make one per evaluation.
#pragma once

#include <cstdint>

namespace rapport::analytics::clv {

class RisingFactorial {
 public:
  explicit RisingFactorial(double theta) : theta_(theta) {}

  // Moves to x (any x >= 0; moving upward by small steps is the fast path).
  void MoveTo(std::int64_t x);
  // log Γ(θ+x) − log Γ(θ)
  double Log() const { return log_; }
  // d/dθ of Log(): ψ(θ+x) − ψ(θ)
  double LogDerivative() const { return digamma_; }

 private:
  double theta_;
  std::int64_t x_ = 0;
  double log_ = 0;
  double digamma_ = 0;
};

}  // namespace rapport::analytics::clv
