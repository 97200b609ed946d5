// Pareto/NBD against Fader & Hardie's CDNOW results and against independent computations: the
// hypergeometric term in both branches (α ≥ β, α < β) against the untransformed 2F1 series and
// against numerical integration, closed forms at x = 0 and α = β, finite-difference gradients.
#include <gtest/gtest.h>

#include <boost/math/quadrature/exp_sinh.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>

#include "analytics/clv/pareto_nbd.hpp"
#include "clv_test_data.hpp"

namespace rapport::analytics::clv {
namespace {

using testing::CdnowRfm;

// Fader, Hardie & Lee (2005) / Fader & Hardie's Pareto/NBD notes: CDNOW sample, weeks.
constexpr ParetoNbdParams kPublished{0.553, 10.58, 0.606, 11.67};
constexpr double kPublishedLogLikelihood = -9595.0;

void ExpectWithinRelative(double actual, double expected, double relative, const char* name) {
  EXPECT_NEAR(actual, expected, std::abs(expected) * relative) << name;
}

TEST(ParetoNbdCdnow, FitMatchesThePublishedParametersAndLikelihood) {
  const auto groups = GroupRfm(CdnowRfm());
  auto fit = FitParetoNbd(groups);
  ASSERT_TRUE(fit.has_value()) << fit.error().message;
  ExpectWithinRelative(fit->params.r, kPublished.r, 0.005, "r");
  ExpectWithinRelative(fit->params.alpha, kPublished.alpha, 0.005, "alpha");
  ExpectWithinRelative(fit->params.s, kPublished.s, 0.005, "s");
  ExpectWithinRelative(fit->params.beta, kPublished.beta, 0.005, "beta");
  EXPECT_NEAR(fit->log_likelihood, kPublishedLogLikelihood, 0.5);
  EXPECT_EQ(fit->customers, 2357);
  EXPECT_DOUBLE_EQ(fit->log_likelihood, ParetoNbdLogLikelihood(fit->params, groups));
  EXPECT_GE(fit->log_likelihood, ParetoNbdLogLikelihood(kPublished, groups));
}

TEST(ParetoNbdCdnow, LikelihoodAtThePublishedParameters) {
  EXPECT_NEAR(ParetoNbdLogLikelihood(kPublished, GroupRfm(CdnowRfm())), kPublishedLogLikelihood,
              0.5);
}

// J(t) from the untransformed F&H expression, (·+t)^{−m}/m · 2F1(m, b; m+1; z), summed term by
// term (fine for moderate m, where the terms cannot overflow).
double LogTailByDirectSeries(const ParetoNbdParams& p, std::int64_t x, double t) {
  const double m = p.r + p.s + static_cast<double>(x);
  const bool alpha_ge_beta = p.alpha >= p.beta;
  const double base = alpha_ge_beta ? p.alpha + t : p.beta + t;
  const double z =
      alpha_ge_beta ? (p.alpha - p.beta) / (p.alpha + t) : (p.beta - p.alpha) / (p.beta + t);
  const double b = alpha_ge_beta ? p.s + 1 : p.r + static_cast<double>(x);
  double term = 1, sum = 1;
  for (int n = 0; n < 1000000 && term > 1e-18 * sum; ++n) {
    term *= (m + n) * (b + n) / ((m + 1 + n) * (n + 1)) * z;
    sum += term;
  }
  return -m * std::log(base) - std::log(m) + std::log(sum);
}

// J(t) = ∫_t^∞ (α+τ)^{−(r+x)} (β+τ)^{−(s+1)} dτ by numerical integration, scaled by its value at
// τ = t so that hundreds of purchases do not underflow.
double LogTailByQuadrature(const ParetoNbdParams& p, std::int64_t x, double t) {
  const double rx = p.r + static_cast<double>(x);
  boost::math::quadrature::exp_sinh<double> integrator;
  const auto scaled = [&](double u) {  // τ = t + u
    return std::exp(-rx * std::log1p(u / (p.alpha + t)) - (p.s + 1) * std::log1p(u / (p.beta + t)));
  };
  const double integral = integrator.integrate(scaled, 1e-14);
  return std::log(integral) - rx * std::log(p.alpha + t) - (p.s + 1) * std::log(p.beta + t);
}

const ParetoNbdParams kBothBranches[] = {
    kPublished,                    // α < β, z small
    {0.553, 11.67, 0.606, 10.58},  // α > β, z small
    {1.5, 40, 2.5, 1.2},           // α ≫ β: z close to 1
    {0.3, 0.8, 0.4, 25},           // α ≪ β: z close to 1
    {2, 5, 0.9, 5},                // α = β: z = 0
};

// So far apart that the series would need 10^5..10^6 terms: the likelihood integrates instead.
const ParetoNbdParams kFarApart[] = {
    {0.7, 1e4, 1.2, 0.5},   // α ≫ β: z = 0.99995 at t = 0
    {0.4, 0.2, 0.9, 3000},  // α ≪ β: z = 0.99993 at t = 0
};

TEST(ParetoNbd, QuadratureAgreesWithTheSeriesWhereBothWork) {
  const ParetoNbdParams params[] = {kPublished,          {0.553, 11.67, 0.606, 10.58},
                                    {1.5, 40, 2.5, 1.2}, {0.3, 0.8, 0.4, 25},
                                    {2, 5, 0.9, 5},      {1, 1, 1, 12}};
  for (const auto& p : params)
    for (std::int64_t x : {0, 1, 7, 60, 400})
      for (const auto& [recency, age] :
           {std::pair{0.0, 38.86}, std::pair{1.71, 38.86}, std::pair{30.43, 38.86},
            std::pair{38.0, 38.86}, std::pair{2.0, 300.0}}) {
        if (x == 0 && recency != 0) continue;
        const auto jx = ParetoNbdLogTail(p, x, recency), jT = ParetoNbdLogTail(p, x, age);
        const double by_series = jx.value + std::log1p(-std::exp(jT.value - jx.value));
        const auto by_quadrature = ParetoNbdLogDeathByQuadrature(p, x, recency, age);
        EXPECT_NEAR(by_quadrature.value, by_series, 1e-10 * std::max(1.0, std::abs(by_series)))
            << "alpha=" << p.alpha << " beta=" << p.beta << " x=" << x << " t_x=" << recency
            << " T=" << age;
        const auto auto_path = ParetoNbdLogDeath(p, x, recency, age);
        for (int i = 0; i < 4; ++i)
          EXPECT_NEAR(by_quadrature.gradient[i], auto_path.gradient[i],
                      1e-8 * std::max(1.0, std::abs(auto_path.gradient[i])))
              << "parameter " << i << " alpha=" << p.alpha << " beta=" << p.beta << " x=" << x;
      }
}

TEST(ParetoNbd, HypergeometricTermMatchesTheDirectSeriesInBothBranches) {
  for (const auto& p : kBothBranches)
    for (std::int64_t x : {0, 1, 4, 20})
      for (double t : {0.0, 0.5, 30.43, 38.86}) {
        const double expected = LogTailByDirectSeries(p, x, t);
        EXPECT_NEAR(ParetoNbdLogTail(p, x, t).value, expected,
                    1e-11 * std::max(1.0, std::abs(expected)))
            << "alpha=" << p.alpha << " beta=" << p.beta << " x=" << x << " t=" << t;
      }
}

TEST(ParetoNbd, HypergeometricTermMatchesNumericalIntegration) {
  for (const auto& p : kBothBranches)
    for (std::int64_t x : {0, 2, 21, 300})
      for (double t : {0.0, 1.0, 38.86}) {
        const double expected = LogTailByQuadrature(p, x, t);
        EXPECT_NEAR(ParetoNbdLogTail(p, x, t).value, expected,
                    1e-9 * std::max(1.0, std::abs(expected)))
            << "alpha=" << p.alpha << " beta=" << p.beta << " x=" << x << " t=" << t;
      }
}

TEST(ParetoNbd, HypergeometricTermGradientMatchesFiniteDifferences) {
  for (const auto& p : kBothBranches)
    for (std::int64_t x : {0, 3, 50})
      for (double t : {0.0, 12.0}) {
        const auto at = ParetoNbdLogTail(p, x, t);
        double v[4] = {p.r, p.alpha, p.s, p.beta};
        for (int i = 0; i < 4; ++i) {
          const double h = 1e-6 * v[i];
          double up[4] = {v[0], v[1], v[2], v[3]}, down[4] = {v[0], v[1], v[2], v[3]};
          up[i] += h;
          down[i] -= h;
          const double numeric =
              (ParetoNbdLogTail({up[0], up[1], up[2], up[3]}, x, t).value -
               ParetoNbdLogTail({down[0], down[1], down[2], down[3]}, x, t).value) /
              (2 * h);
          EXPECT_NEAR(at.gradient[i], numeric, 1e-6 * std::max(1.0, std::abs(numeric)))
              << "parameter " << i << " alpha=" << p.alpha << " beta=" << p.beta << " x=" << x;
        }
      }
}

TEST(ParetoNbd, LogLikelihoodGradientMatchesFiniteDifferences) {
  const auto groups = GroupRfm(CdnowRfm());
  std::vector<ParetoNbdParams> params(std::begin(kBothBranches), std::end(kBothBranches));
  params.insert(params.end(), std::begin(kFarApart), std::end(kFarApart));
  for (const auto& p : params) {
    double gradient[4];
    ParetoNbdLogLikelihood(p, groups, gradient);
    double v[4] = {p.r, p.alpha, p.s, p.beta};
    for (int i = 0; i < 4; ++i) {
      // Central differences with Richardson extrapolation: the sum over a thousand groups carries
      // rounding noise that a tiny step would amplify.
      const auto at = [&](double step) {
        double w[4] = {v[0], v[1], v[2], v[3]};
        w[i] += step;
        return ParetoNbdLogLikelihood({w[0], w[1], w[2], w[3]}, groups);
      };
      const double h = 1e-3 * v[i];
      const double d1 = (at(h) - at(-h)) / (2 * h), d2 = (at(2 * h) - at(-2 * h)) / (4 * h);
      const double numeric = (4 * d1 - d2) / 3;
      EXPECT_NEAR(gradient[i], numeric, 1e-6 * std::max(1.0, std::abs(numeric)))
          << "parameter " << i << " alpha=" << p.alpha << " beta=" << p.beta;
    }
  }
}

// The likelihood from its definition: alive at T, or dead at some τ in (t_x, T], integrated
// numerically (Γ ratio by lgamma).
double LogLikelihoodByQuadrature(const ParetoNbdParams& p, const CustomerRfm& c) {
  const double rx = p.r + static_cast<double>(c.frequency);
  const double log_front = boost::math::lgamma(rx) - boost::math::lgamma(p.r) +
                           p.r * std::log(p.alpha) + p.s * std::log(p.beta);
  const double alive = std::exp(-rx * std::log(p.alpha + c.age) - p.s * std::log(p.beta + c.age));
  double dead = 0;
  if (c.recency < c.age) {
    boost::math::quadrature::tanh_sinh<double> integrator;
    dead = p.s * integrator.integrate(
                     [&](double tau) {
                       return std::exp(-rx * std::log(p.alpha + tau) -
                                       (p.s + 1) * std::log(p.beta + tau));
                     },
                     c.recency, c.age, 1e-14);
  }
  return log_front + std::log(alive + dead);
}

TEST(ParetoNbd, LikelihoodMatchesItsDefinitionIntegratedNumerically) {
  std::vector<ParetoNbdParams> params(std::begin(kBothBranches), std::end(kBothBranches));
  params.insert(params.end(), std::begin(kFarApart), std::end(kFarApart));
  for (const auto& p : params)
    for (const CustomerRfm c :
         {CustomerRfm{0, 0, 38.86}, CustomerRfm{1, 1.71, 38.86}, CustomerRfm{2, 30.43, 38.86},
          CustomerRfm{6, 38.86, 38.86}, CustomerRfm{12, 20, 27}}) {
      const double expected = LogLikelihoodByQuadrature(p, c);
      EXPECT_NEAR(ParetoNbdLogLikelihood(p, std::vector<RfmGroup>{{c, 1}}), expected,
                  1e-9 * std::abs(expected))
          << "alpha=" << p.alpha << " beta=" << p.beta << " x=" << c.frequency;
    }
}

TEST(ParetoNbd, NoRepeatPurchaseClosedFormsWhenAlphaEqualsBeta) {
  // With α = β and x = 0: L = s/(r+s) + r/(r+s)·(α/(α+T))^{r+s}, and P(alive) is the first
  // ("alive") part of L divided by L.
  const ParetoNbdParams p{0.7, 9, 1.3, 9};
  for (double age : {0.0, 5.0, 38.86, 200.0}) {
    const double q = std::pow(p.alpha / (p.alpha + age), p.r + p.s);
    const double likelihood = p.s / (p.r + p.s) + p.r / (p.r + p.s) * q;
    EXPECT_NEAR(ParetoNbdLogLikelihood(p, std::vector<RfmGroup>{{{0, 0, age}, 1}}),
                std::log(likelihood), 1e-12);
    EXPECT_NEAR(ParetoNbdProbabilityAlive(p, {0, 0, age}), q / likelihood, 1e-12);
  }
}

TEST(ParetoNbd, NewCustomerExpectationClosedForm) {
  // E[X(t)] = rβ / (α(s−1)) · [1 − (β/(β+t))^{s−1}], and its s → 1 limit rβ/α · log(1 + t/β).
  const auto p = kPublished;
  for (double t : {1.0, 39.0, 520.0}) {
    const double expected =
        p.r * p.beta / (p.alpha * (p.s - 1)) * (1 - std::pow(p.beta / (p.beta + t), p.s - 1));
    EXPECT_NEAR(ParetoNbdExpectedTransactions(p, {0, 0, 0}, t), expected, 1e-12 * expected);
    const ParetoNbdParams s_one{p.r, p.alpha, 1.0, p.beta};
    const double limit = p.r * p.beta / p.alpha * std::log1p(t / p.beta);
    EXPECT_NEAR(ParetoNbdExpectedTransactions(s_one, {0, 0, 0}, t), limit, 1e-12 * limit);
    const ParetoNbdParams near_one{p.r, p.alpha, 1.0 + 1e-9, p.beta};
    EXPECT_NEAR(ParetoNbdExpectedTransactions(near_one, {0, 0, 0}, t), limit, 1e-8 * limit);
  }
}

TEST(ParetoNbd, LongSilenceAfterTwentyOnePurchasesMeansAlmostSurelyGone) {
  for (const CustomerRfm c :
       {CustomerRfm{21, 8, 38.86}, CustomerRfm{21, 10, 200}, CustomerRfm{21, 1, 1e6}}) {
    const double alive = ParetoNbdProbabilityAlive(kPublished, c);
    EXPECT_TRUE(std::isfinite(alive));
    EXPECT_GE(alive, 0.0);
    EXPECT_LE(alive, 1e-7) << "T=" << c.age;
    const double expected = ParetoNbdExpectedTransactions(kPublished, c, 39);
    EXPECT_TRUE(std::isfinite(expected));
    EXPECT_GE(expected, 0.0);
  }
  EXPECT_GT(ParetoNbdProbabilityAlive(kPublished, {21, 38.5, 38.86}), 0.9);
}

TEST(ParetoNbd, HundredsOfPurchasesDoNotOverflow) {
  std::vector<ParetoNbdParams> params(std::begin(kBothBranches), std::end(kBothBranches));
  params.insert(params.end(), std::begin(kFarApart), std::end(kFarApart));
  for (const auto& p : params)
    for (std::int64_t x : {200, 500, 5000}) {
      const CustomerRfm c{x, 103.9, 104};
      const double ll = ParetoNbdLogLikelihood(p, std::vector<RfmGroup>{{c, 1}});
      EXPECT_TRUE(std::isfinite(ll)) << x;
      const double alive = ParetoNbdProbabilityAlive(p, c);
      EXPECT_GT(alive, 0.0);
      EXPECT_LE(alive, 1.0);
      const double expected = ParetoNbdExpectedTransactions(p, c, 10);
      EXPECT_TRUE(std::isfinite(expected) && expected > 0) << x;
    }
}

TEST(ParetoNbd, FitRefusesInvalidData) {
  EXPECT_FALSE(FitParetoNbd(std::vector<RfmGroup>{}).has_value());
  EXPECT_FALSE(FitParetoNbd(std::vector<RfmGroup>{{{2, 40, 38}, 1}}).has_value());
}

}  // namespace
}  // namespace rapport::analytics::clv
