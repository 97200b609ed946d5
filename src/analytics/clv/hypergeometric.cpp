#include "analytics/clv/hypergeometric.hpp"

#include <cmath>

namespace rapport::analytics::clv {

LogSeries LogHyp2F1OneB(double b, double c, double z) {
  // t_n = Π_{k<n} (b+k)/(c+k) z. Alongside the sum S = Σ t_n we accumulate Σ t_n·Σ_{k<n} 1/(b+k),
  // Σ t_n·Σ_{k<n} 1/(c+k) and Σ n·t_n, which are S times the log-derivatives in b, c and z.
  double term = 1, sum = 1, sum_db = 0, sum_dc = 0, sum_n = 0;
  double inv_b = 0, inv_c = 0;  // Σ_{k<n} 1/(b+k), Σ_{k<n} 1/(c+k)
  LogSeries out;
  const double one_minus_z = 1 - z;
  int n = 0;
  if (z > 0) {
    for (; n < kMaxSeriesTerms; ++n) {
      const double bn = b + n, cn = c + n;
      inv_b += 1 / bn;
      inv_c += 1 / cn;
      term *= bn / cn * z;
      sum += term;
      sum_db += term * inv_b;
      sum_dc += term * inv_c;
      sum_n += (n + 1) * term;
      // Every later ratio is below z, so the tails of Σ t_k and Σ k·t_k are below
      // term·(n+2)/(1-z)^2; the other two accumulators' tails are smaller relative to theirs.
      if (term * (n + 2) <= 1e-17 * sum * one_minus_z * one_minus_z) {
        out.converged = true;
        break;
      }
    }
  } else {
    out.converged = true;
  }
  out.terms = n + 1;
  out.value = std::log(sum);
  out.d_b = sum_db / sum;
  out.d_c = -sum_dc / sum;
  // d/dz Σ t_n = Σ n t_n / z; at z = 0 it is the first coefficient b/c.
  out.d_z = z > 0 ? sum_n / (z * sum) : b / c;
  return out;
}

}  // namespace rapport::analytics::clv
