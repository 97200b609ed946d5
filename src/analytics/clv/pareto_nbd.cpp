#include "analytics/clv/pareto_nbd.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analytics/clv/log_math.hpp"
#include "analytics/clv/rising_factorial.hpp"

namespace rapport::analytics::clv {

core::Status ValidateParams(const ParetoNbdParams& p) {
  for (double v : {p.r, p.alpha, p.s, p.beta})
    if (!(v > 0) || !std::isfinite(v))
      return core::Fail(core::Error::Invalid(
          "params", "Pareto/NBD parameters r, alpha, s, beta must be finite and > 0"));
  return {};
}

namespace {

// The parts of one customer's likelihood, L = e^{C} (e^{B1} + e^{E2}):
//   C  = log (r)_x + r log α + s log β
//   B1 = −(r+x) log(α+T) − s log(β+T)            (alive at T)
//   E2 = log s + log(J(t_x) − J(T))              (died between t_x and T)
// E2 is −inf when t_x = T. Gradients are d/d(r, alpha, s, beta).
struct Terms {
  double b1 = 0, e2 = -std::numeric_limits<double>::infinity();
  double g_b1[4] = {0, 0, 0, 0}, g_e2[4] = {0, 0, 0, 0};
};

Terms AliveAndDeadTerms(const ParetoNbdParams& p, const CustomerRfm& c, bool want_gradient) {
  Terms out;
  const double rx = p.r + static_cast<double>(c.frequency);
  const double log_aT = std::log(p.alpha + c.age), log_bT = std::log(p.beta + c.age);
  out.b1 = -rx * log_aT - p.s * log_bT;
  if (want_gradient) {
    out.g_b1[0] = -log_aT;
    out.g_b1[1] = -rx / (p.alpha + c.age);
    out.g_b1[2] = -log_bT;
    out.g_b1[3] = -p.s / (p.beta + c.age);
  }
  if (!(c.recency < c.age)) return out;
  const LogIntegral death = ParetoNbdLogDeath(p, c.frequency, c.recency, c.age);
  if (!std::isfinite(death.value)) return out;
  out.e2 = std::log(p.s) + death.value;
  if (want_gradient) {
    std::copy(death.gradient, death.gradient + 4, out.g_e2);
    out.g_e2[2] += 1 / p.s;
  }
  return out;
}

}  // namespace

double ParetoNbdLogLikelihood(const ParetoNbdParams& p, std::span<const RfmGroup> groups,
                              std::span<double> gradient) {
  const bool want_gradient = gradient.size() == 4;
  double ll = 0, g[4] = {0, 0, 0, 0};
  RisingFactorial rise_r(p.r);
  const double log_alpha = std::log(p.alpha), log_beta = std::log(p.beta);
  for (const auto& group : groups) {
    const auto& c = group.rfm;
    rise_r.MoveTo(c.frequency);
    const Terms terms = AliveAndDeadTerms(p, c, want_gradient);
    const double log_sum = LogAddExp(terms.b1, terms.e2);
    const double w = group.count;
    ll += w * (rise_r.Log() + p.r * log_alpha + p.s * log_beta + log_sum);
    if (want_gradient) {
      const double w1 = std::exp(terms.b1 - log_sum), w2 = std::exp(terms.e2 - log_sum);
      const double gc[4] = {rise_r.LogDerivative() + log_alpha, p.r / p.alpha, log_beta,
                            p.s / p.beta};
      for (int i = 0; i < 4; ++i) g[i] += w * (gc[i] + w1 * terms.g_b1[i] + w2 * terms.g_e2[i]);
    }
  }
  if (want_gradient) std::copy(g, g + 4, gradient.begin());
  return ll;
}

core::Result<ModelFit<ParetoNbdParams>> FitParetoNbd(std::span<const RfmGroup> groups,
                                                     const FitOptions& options) {
  auto sorted = NormalizeGroups(groups);
  if (!sorted) return core::Fail(sorted.error());
  const double customers = TotalCount(*sorted);
  if (!(customers > 0)) return core::Fail(core::Error::Invalid("data", "no customers to fit"));
  // α and β are time scales: start them at the mean age, in the data's unit.
  double mean_age = 0;
  for (const auto& g : *sorted) mean_age += g.count * g.rfm.age;
  mean_age = std::max(mean_age / customers, 1e-3);
  const auto ll = [&](std::span<const double> v, std::span<double> grad) {
    return ParetoNbdLogLikelihood({v[0], v[1], v[2], v[3]}, *sorted, grad);
  };
  auto mle = MaximizeLogLikelihood(ll, {1.0, mean_age, 1.0, mean_age}, customers, options);
  if (!mle) return core::Fail(mle.error());
  const auto& v = mle->params;
  return ModelFit<ParetoNbdParams>{
      {v[0], v[1], v[2], v[3]}, mle->log_likelihood, customers, sorted->size(), mle->evaluations};
}

double ParetoNbdProbabilityAlive(const ParetoNbdParams& p, const CustomerRfm& c) {
  const Terms terms = AliveAndDeadTerms(p, c, /*want_gradient=*/false);
  return std::exp(terms.b1 - LogAddExp(terms.b1, terms.e2));
}

double ParetoNbdExpectedTransactions(const ParetoNbdParams& p, const CustomerRfm& c, double t) {
  if (!(t > 0)) return 0;
  // (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^{s−1}] · P(alive), written with
  // (1 − e^{−(s−1)L})/(s−1), L = log(1 + t/(β+T)), which stays finite at s = 1.
  const double rx = p.r + static_cast<double>(c.frequency);
  const double L = std::log1p(t / (p.beta + c.age));
  return rx * (p.beta + c.age) / (p.alpha + c.age) * OneMinusExpOverK(p.s - 1, L) *
         ParetoNbdProbabilityAlive(p, c);
}

}  // namespace rapport::analytics::clv
