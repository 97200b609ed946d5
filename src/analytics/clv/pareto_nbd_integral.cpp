// The integrals in the Pareto/NBD likelihood: by the hypergeometric series (the usual case) or by
// quadrature (when the series argument is close to 1).
#include <boost/math/quadrature/gauss.hpp>
#include <cmath>

#include "analytics/clv/hypergeometric.hpp"
#include "analytics/clv/pareto_nbd.hpp"

namespace rapport::analytics::clv {

LogIntegral ParetoNbdLogTail(const ParetoNbdParams& p, std::int64_t frequency, double t) {
  // J(t) = (α+t)^{−m} / m · 2F1(m, s+1; m+1; (α−β)/(α+t))   with m = r+s+x   (α ≥ β)
  //      = (β+t)^{−m} / m · 2F1(m, r+x; m+1; (β−α)/(β+t))                    (α < β)
  // so the argument z is always in [0, 1). Euler's transformation 2F1(a,b;c;z) =
  // (1−z)^{c−a−b} 2F1(c−a, c−b; c; z) with c = a+1 gives 2F1(1, ·; m+1; z), whose terms are all
  // positive and decreasing, times a power of (1−z) = (β+t)/(α+t) that we fold into the logs:
  //   α ≥ β: J = (α+t)^{−(r+x)} (β+t)^{−s}     / m · 2F1(1, r+x; m+1; z)
  //   α < β: J = (α+t)^{1−(r+x)} (β+t)^{−(s+1)} / m · 2F1(1, s+1; m+1; z)
  const double rx = p.r + static_cast<double>(frequency), m = rx + p.s;
  const double at = p.alpha + t, bt = p.beta + t;
  const double log_at = std::log(at), log_bt = std::log(bt), log_m = std::log(m);
  LogIntegral out;
  double* g = out.gradient;  // d/d(r, alpha, s, beta)
  if (p.alpha >= p.beta) {
    const double z = (p.alpha - p.beta) / at;
    const LogSeries f = LogHyp2F1OneB(rx, m + 1, z);
    out.value = -rx * log_at - p.s * log_bt - log_m + f.value;
    // z depends on α and β: dz/dα = (β+t)/(α+t)², dz/dβ = −1/(α+t).
    g[0] = -log_at - 1 / m + f.d_b + f.d_c;
    g[1] = -rx / at + f.d_z * bt / (at * at);
    g[2] = -log_bt - 1 / m + f.d_c;
    g[3] = -p.s / bt - f.d_z / at;
  } else {
    const double z = (p.beta - p.alpha) / bt;
    const LogSeries f = LogHyp2F1OneB(p.s + 1, m + 1, z);
    out.value = (1 - rx) * log_at - (p.s + 1) * log_bt - log_m + f.value;
    // dz/dα = −1/(β+t), dz/dβ = (α+t)/(β+t)².
    g[0] = -log_at - 1 / m + f.d_c;
    g[1] = (1 - rx) / at - f.d_z / bt;
    g[2] = -log_bt - 1 / m + f.d_b + f.d_c;
    g[3] = -(p.s + 1) / bt + f.d_z * at / (bt * bt);
  }
  return out;
}

LogIntegral ParetoNbdLogDeath(const ParetoNbdParams& p, std::int64_t frequency, double recency,
                              double age) {
  const double z = std::abs(p.alpha - p.beta) / (std::max(p.alpha, p.beta) + recency);
  if (z > kMaxSeriesZ) return ParetoNbdLogDeathByQuadrature(p, frequency, recency, age);
  const LogIntegral jx = ParetoNbdLogTail(p, frequency, recency);
  const LogIntegral jT = ParetoNbdLogTail(p, frequency, age);
  LogIntegral out;
  const double delta = jT.value - jx.value;  // log(J(T)/J(t_x)) <= 0 since J decreases
  if (!(delta < 0)) {                        // t_x and T too close for doubles to separate
    out.value = -std::numeric_limits<double>::infinity();
    return out;
  }
  const double one_minus = -std::expm1(delta), ratio = std::exp(delta);
  out.value = jx.value + std::log(one_minus);
  for (int i = 0; i < 4; ++i)
    out.gradient[i] = (jx.gradient[i] - ratio * jT.gradient[i]) / one_minus;
  return out;
}

LogIntegral ParetoNbdLogDeathByQuadrature(const ParetoNbdParams& p, std::int64_t frequency,
                                          double recency, double age) {
  // With v = log(κ+τ), κ = min(α, β): D = ∫ g(v) dv, g = (κ+τ)·f(τ). The slope of log g,
  // 1 − (r+x)(κ+τ)/(α+τ) − (s+1)(κ+τ)/(β+τ), lies in [−(m+1), 1] and decreases with v, so log g is
  // concave: panels of width 4/(m+2) with 20 Gauss-Legendre nodes each resolve it, and once g has
  // fallen e^{-50} below its peak while decreasing, the rest of the interval is negligible.
  using Gauss = boost::math::quadrature::gauss<double, 20>;
  const double rx = p.r + static_cast<double>(frequency), s1 = p.s + 1,
               kappa = std::min(p.alpha, p.beta);
  const double v0 = std::log(kappa + recency), v1 = std::log(kappa + age);
  const double width = 4 / (rx + s1 + 1);
  const auto log_g = [&](double v, double& tau) {
    tau = std::exp(v) - kappa;
    return v - rx * std::log(p.alpha + tau) - s1 * std::log(p.beta + tau);
  };
  double tau0 = 0;
  const double reference = log_g(v0, tau0);  // sums are scaled by e^{-reference}: no underflow
  double sums[5] = {0, 0, 0, 0, 0};
  double peak = reference;
  LogIntegral out;
  for (double a = v0; a < v1;) {
    const double b = std::min(a + width, v1), half = (b - a) / 2, mid = (a + b) / 2;
    for (std::size_t i = 0; i < Gauss::abscissa().size(); ++i) {
      for (const double sign : {-1.0, 1.0}) {
        if (sign > 0 && Gauss::abscissa()[i] == 0) continue;
        double tau = 0;
        const double v = mid + sign * half * Gauss::abscissa()[i];
        const double lg = log_g(v, tau);
        peak = std::max(peak, lg);
        const double weight = Gauss::weights()[i] * half * std::exp(lg - reference);
        sums[0] += weight;
        sums[1] -= weight * std::log(p.alpha + tau);  // d log f / dr
        sums[2] -= weight * rx / (p.alpha + tau);     // d log f / dα
        sums[3] -= weight * std::log(p.beta + tau);   // d log f / ds
        sums[4] -= weight * s1 / (p.beta + tau);      // d log f / dβ
      }
    }
    double tau_b = 0;
    const double end = log_g(b, tau_b);
    const double slope =
        1 - rx * (kappa + tau_b) / (p.alpha + tau_b) - s1 * (kappa + tau_b) / (p.beta + tau_b);
    if (end < peak - 50 && slope < 0) break;
    a = b;
  }
  if (!(sums[0] > 0)) {
    out.value = -std::numeric_limits<double>::infinity();
    return out;
  }
  out.value = reference + std::log(sums[0]);
  for (int i = 0; i < 4; ++i) out.gradient[i] = sums[i + 1] / sums[0];
  return out;
}

}  // namespace rapport::analytics::clv
