#include "analytics/clv/gamma_gamma.hpp"

#include <algorithm>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>

namespace rapport::analytics::clv {

core::Status ValidateParams(const GammaGammaParams& p) {
  for (double v : {p.p, p.q, p.gamma})
    if (!(v > 0) || !std::isfinite(v))
      return core::Fail(core::Error::Invalid(
          "params", "Gamma-Gamma parameters p, q, gamma must be finite and > 0"));
  return {};
}

core::Status ValidateSpend(const SpendObservation& s) {
  if (s.frequency < 1)
    return core::Fail(core::Error::Invalid("frequency", "must be at least 1 for the spend model"));
  if (!(s.mean_spend > 0) || !std::isfinite(s.mean_spend))
    return core::Fail(
        core::Error::Invalid("monetary_value", "must be a finite number > 0 for the spend model"));
  return {};
}

std::vector<SpendGroup> GroupSpend(std::span<const SpendObservation> observations) {
  std::vector<SpendObservation> sorted(observations.begin(), observations.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<SpendGroup> groups;
  for (const auto& o : sorted) {
    if (!groups.empty() && groups.back().spend == o)
      groups.back().count += 1;
    else
      groups.push_back({o, 1.0});
  }
  return groups;
}

double GammaGammaLogLikelihood(const GammaGammaParams& p, std::span<const SpendGroup> groups,
                               std::span<double> gradient) {
  // log f = log Γ(px+q) − log Γ(px) − log Γ(q) + q log γ + (px−1) log m + px log x
  //         − (px+q) log(γ + x m)
  // The Γ and ψ terms depend on x only: computed once per distinct x.
  const bool want_gradient = gradient.size() == 3;
  // boost::math::lgamma: glibc's std::lgamma writes the global signgam (not thread-safe).
  const double lgamma_q = boost::math::lgamma(p.q), digamma_q = boost::math::digamma(p.q);
  const double log_gamma = std::log(p.gamma);
  double ll = 0, g_p = 0, g_q = 0, g_gamma = 0;
  std::int64_t current_x = -1;
  double per_x = 0, psi_pxq = 0, psi_px = 0;
  for (const auto& group : groups) {
    const auto x = group.spend.frequency;
    const double xd = static_cast<double>(x), m = group.spend.mean_spend, w = group.count;
    const double px = p.p * xd;
    if (x != current_x) {
      current_x = x;
      per_x = boost::math::lgamma(px + p.q) - boost::math::lgamma(px) - lgamma_q + p.q * log_gamma +
              px * std::log(xd);
      if (want_gradient) {
        psi_pxq = boost::math::digamma(px + p.q);
        psi_px = boost::math::digamma(px);
      }
    }
    const double log_m = std::log(m), log_total = std::log(p.gamma + xd * m);
    ll += w * (per_x + (px - 1) * log_m - (px + p.q) * log_total);
    if (want_gradient) {
      g_p += w * xd * (psi_pxq - psi_px + std::log(xd) + log_m - log_total);
      g_q += w * (psi_pxq - digamma_q + log_gamma - log_total);
      g_gamma += w * (p.q / p.gamma - (px + p.q) / (p.gamma + xd * m));
    }
  }
  if (want_gradient) {
    gradient[0] = g_p;
    gradient[1] = g_q;
    gradient[2] = g_gamma;
  }
  return ll;
}

core::Result<ModelFit<GammaGammaParams>> FitGammaGamma(std::span<const SpendGroup> groups,
                                                       const FitOptions& options) {
  double customers = 0, mean_spend = 0;
  for (const auto& g : groups) {
    if (auto st = ValidateSpend(g.spend); !st) return core::Fail(st.error());
    if (!(g.count >= 0) || !std::isfinite(g.count))
      return core::Fail(
          core::Error::Invalid("count", "a group's count must be a finite number >= 0"));
    customers += g.count;
    mean_spend += g.count * g.spend.mean_spend;
  }
  if (!(customers > 0))
    return core::Fail(core::Error::Invalid("data", "no customer with a repeat purchase to fit"));
  std::vector<SpendGroup> sorted(groups.begin(), groups.end());
  std::sort(sorted.begin(), sorted.end(),
            [](const SpendGroup& a, const SpendGroup& b) { return a.spend < b.spend; });
  // γ is in currency units: start it at the mean spend (E[M] = pγ/(q−1) is then the mean for
  // p = 1, q = 2).
  mean_spend /= customers;
  const auto ll = [&](std::span<const double> v, std::span<double> grad) {
    return GammaGammaLogLikelihood({v[0], v[1], v[2]}, sorted, grad);
  };
  auto mle = MaximizeLogLikelihood(ll, {1.0, 2.0, mean_spend}, customers, options);
  if (!mle) return core::Fail(mle.error());
  const auto& v = mle->params;
  return ModelFit<GammaGammaParams>{
      {v[0], v[1], v[2]}, mle->log_likelihood, customers, sorted.size(), mle->evaluations};
}

core::Result<double> GammaGammaExpectedSpend(const GammaGammaParams& p, std::int64_t frequency,
                                             double mean_spend) {
  const double xd = static_cast<double>(frequency);
  const double denominator = p.p * xd + p.q - 1;
  if (!(denominator > 0))
    return core::Fail(core::Error::Invalid(
        "params", "the expected spend is infinite for these parameters (p·x + q <= 1)"));
  return (p.gamma + xd * (frequency > 0 ? mean_spend : 0)) * p.p / denominator;
}

}  // namespace rapport::analytics::clv
