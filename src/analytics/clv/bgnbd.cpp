#include "analytics/clv/bgnbd.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analytics/clv/log_math.hpp"
#include "analytics/clv/rising_factorial.hpp"

namespace rapport::analytics::clv {

core::Status ValidateParams(const BgNbdParams& p) {
  for (double v : {p.r, p.alpha, p.a, p.b})
    if (!(v > 0) || !std::isfinite(v))
      return core::Fail(core::Error::Invalid(
          "params", "BG/NBD parameters r, alpha, a, b must be finite and > 0"));
  return {};
}

double BgNbdLogLikelihood(const BgNbdParams& p, std::span<const RfmGroup> groups,
                          std::span<double> gradient) {
  // Per customer (FHL 2005 eq. 6, with Γ ratios as rising factorials):
  //   log L = log (r)_x + r log α + log (b)_x − log (a+b)_x + log(e^{A3} + [x>0] e^{A4})
  //   A3 = −(r+x) log(α+T),  A4 = log a − log(b+x−1) − (r+x) log(α+t_x)
  const bool want_gradient = gradient.size() == 4;
  double ll = 0, g_r = 0, g_alpha = 0, g_a = 0, g_b = 0;
  RisingFactorial rise_r(p.r), rise_b(p.b), rise_ab(p.a + p.b);
  const double log_alpha = std::log(p.alpha), log_a = std::log(p.a);
  for (const auto& group : groups) {
    const auto x = group.rfm.frequency;
    const double w = group.count, xd = static_cast<double>(x), rx = p.r + xd;
    rise_r.MoveTo(x);
    rise_b.MoveTo(x);
    rise_ab.MoveTo(x);
    const double log_aT = std::log(p.alpha + group.rfm.age);
    const double a3 = -rx * log_aT;
    double log_sum = a3, w3 = 1, w4 = 0, log_atx = 0;
    if (x > 0) {
      log_atx = std::log(p.alpha + group.rfm.recency);
      const double a4 = log_a - std::log(p.b + xd - 1) - rx * log_atx;
      log_sum = LogAddExp(a3, a4);
      w3 = std::exp(a3 - log_sum);
      w4 = std::exp(a4 - log_sum);
    }
    ll += w * (rise_r.Log() + p.r * log_alpha + rise_b.Log() - rise_ab.Log() + log_sum);
    if (want_gradient) {
      g_r += w * (rise_r.LogDerivative() + log_alpha - w3 * log_aT - w4 * log_atx);
      g_alpha += w * (p.r / p.alpha - w3 * rx / (p.alpha + group.rfm.age) -
                      (x > 0 ? w4 * rx / (p.alpha + group.rfm.recency) : 0));
      g_a += w * (-rise_ab.LogDerivative() + w4 / p.a);
      g_b += w *
             (rise_b.LogDerivative() - rise_ab.LogDerivative() - (x > 0 ? w4 / (p.b + xd - 1) : 0));
    }
  }
  if (want_gradient) {
    gradient[0] = g_r;
    gradient[1] = g_alpha;
    gradient[2] = g_a;
    gradient[3] = g_b;
  }
  return ll;
}

core::Result<ModelFit<BgNbdParams>> FitBgNbd(std::span<const RfmGroup> groups,
                                             const FitOptions& options) {
  auto sorted = NormalizeGroups(groups);
  if (!sorted) return core::Fail(sorted.error());
  const double customers = TotalCount(*sorted);
  if (!(customers > 0)) return core::Fail(core::Error::Invalid("data", "no customers to fit"));
  // α is a time scale: starting it at the mean age puts the first guess in the data's unit.
  double mean_age = 0;
  for (const auto& g : *sorted) mean_age += g.count * g.rfm.age;
  mean_age = std::max(mean_age / customers, 1e-3);
  const auto ll = [&](std::span<const double> v, std::span<double> grad) {
    return BgNbdLogLikelihood({v[0], v[1], v[2], v[3]}, *sorted, grad);
  };
  auto mle = MaximizeLogLikelihood(ll, {1.0, mean_age, 1.0, 1.0}, customers, options);
  if (!mle) return core::Fail(mle.error());
  const auto& v = mle->params;
  return ModelFit<BgNbdParams>{
      {v[0], v[1], v[2], v[3]}, mle->log_likelihood, customers, sorted->size(), mle->evaluations};
}

namespace {

// Safety cap for the series in BgNbdExpectedTransactions; it converges like z^n, and z = t/(α+T+t)
// reaches 1 − 1e-6 only for horizons a million times α+T.
constexpr int kMaxBgNbdTerms = 10'000'000;
// Above this a·z, BgNbdExpectedTransactions sums FHL's series as written instead: the transformed
// series' terms grow to about e^{a·z} before they shrink, and cancel (a = 7e6 from a fit on its
// bound gave NaN after millions of terms).
constexpr double kDirectFormAz = 10;

// log of a/(b+x−1) · ((α+T)/(α+t_x))^{r+x}: the odds of having dropped out after the last purchase.
double LogDropoutOdds(const BgNbdParams& p, const CustomerRfm& c) {
  const double rx = p.r + static_cast<double>(c.frequency);
  return std::log(p.a) - std::log(p.b + static_cast<double>(c.frequency) - 1) +
         rx * (std::log(p.alpha + c.age) - std::log(p.alpha + c.recency));
}

}  // namespace

double BgNbdProbabilityAlive(const BgNbdParams& p, const CustomerRfm& c) {
  if (c.frequency == 0) return 1;
  // 1 / (1 + e^d), written so that a huge d gives a tiny positive number, not 0/0 or inf/inf.
  const double d = LogDropoutOdds(p, c);
  return d > 0 ? std::exp(-d) / (1 + std::exp(-d)) : 1 / (1 + std::exp(d));
}

double BgNbdExpectedTransactions(const BgNbdParams& p, const CustomerRfm& c, double t) {
  if (!(t > 0)) return 0;
  // FHL eq. 10: (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^{r+x} 2F1(r+x, b+x; a+b+x−1; z)] · P(alive),
  // z = t/(α+T+t). Euler's transformation turns the bracket into 1 − (1−z)^{a−1} 2F1(A, a−1; c; z)
  // with A = a+b−1−r, c = a+b+x−1: no (1−z)^{−(r+x)} growth, so hundreds of purchases cannot
  // overflow. Splitting 2F1 = 1 + (a−1)·G and dividing by (a−1) analytically leaves
  //   c · [ (1 − (1−z)^{a−1})/(a−1) − (1−z)^{a−1} · G ],
  //   G = Σ_{n≥1} (A)_n (a)_{n−1} / ((c)_n n!) · z^n,
  // which is finite at a = 1 and at c = 0. We sum c·G directly (its first term is A·z).
  const double xd = static_cast<double>(c.frequency);
  const double cc = p.a + p.b + xd - 1, A = p.a + p.b - 1 - p.r;
  const double z = t / (p.alpha + c.age + t);
  const double log_1mz = -std::log1p(t / (p.alpha + c.age));
  while (p.a * z > kDirectFormAz) {
    // A huge a (a fit that ends on its bound: the drop-out probability barely varies between
    // customers) makes the series below grow for about a·z terms. FHL's own form converges in a
    // few: its term ratio is about (r+x+n)/(n+1) · b/(a+b) · z.
    const double rx = p.r + xd;
    double term = 1, sum = 1;
    for (int n = 0; n < kMaxBgNbdTerms; ++n) {
      const double ratio = (rx + n) * (p.b + xd + n) / ((cc + n) * (n + 1)) * z;
      term *= ratio;
      sum += term;
      if (std::abs(term) <= 1e-17 * std::abs(sum) && ratio < 1) break;
    }
    // Hundreds of purchases with z near 1 overflow this form: the transformed series then.
    if (!std::isfinite(sum)) break;
    const double bracket = -std::expm1(rx * log_1mz + std::log(sum));
    return cc / (p.a - 1) * bracket * BgNbdProbabilityAlive(p, c);
  }
  double term = A * z, sum = term;  // c·g_n
  for (int n = 1; n < kMaxBgNbdTerms && term != 0; ++n) {
    const double ratio = (A + n) * (p.a + n - 1) / ((cc + n) * (n + 1)) * z;
    term *= ratio;
    sum += term;
    if (std::abs(term) <= 1e-17 * std::abs(sum) && std::abs(ratio) < 1) break;
  }
  const double bracket =
      cc * OneMinusExpOverK(p.a - 1, -log_1mz) - std::exp((p.a - 1) * log_1mz) * sum;
  return bracket * BgNbdProbabilityAlive(p, c);
}

}  // namespace rapport::analytics::clv
