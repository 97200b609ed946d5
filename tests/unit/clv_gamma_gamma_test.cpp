// Gamma-Gamma against Fader, Hardie & Lee (2005) on the CDNOW sample (the 946 customers with a
// repeat purchase, mean spend zbar), and against its definition integrated numerically.
#include <gtest/gtest.h>

#include <boost/math/quadrature/exp_sinh.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>

#include "analytics/clv/gamma_gamma.hpp"
#include "clv_test_data.hpp"

namespace rapport::analytics::clv {
namespace {

constexpr GammaGammaParams kPublished{6.25, 3.74, 15.44};

std::vector<SpendObservation> CdnowRepeatBuyers() {
  std::vector<SpendObservation> out;
  const auto table = testing::ReadSummary("cdnow_customers_summary_with_transactions.csv",
                                          MonetaryColumn::kRequired);
  for (const auto& row : table.rows)
    if (row.rfm.frequency > 0) out.push_back({row.rfm.frequency, *row.monetary_value});
  return out;
}

TEST(GammaGammaCdnow, FitMatchesThePublishedParameters) {
  const auto buyers = CdnowRepeatBuyers();
  ASSERT_EQ(buyers.size(), 946u);
  auto fit = FitGammaGamma(GroupSpend(buyers));
  ASSERT_TRUE(fit.has_value()) << fit.error().message;
  EXPECT_NEAR(fit->params.p, kPublished.p, 0.005 * kPublished.p);
  EXPECT_NEAR(fit->params.q, kPublished.q, 0.005 * kPublished.q);
  EXPECT_NEAR(fit->params.gamma, kPublished.gamma, 0.005 * kPublished.gamma);
  EXPECT_EQ(fit->customers, 946);
  EXPECT_GE(fit->log_likelihood, GammaGammaLogLikelihood(kPublished, GroupSpend(buyers)));
}

// log f(m | x) from the model's definition: the mean of x Gamma(p, ν) values is Gamma(px, xν), and
// ν ~ Gamma(q, γ); the mixture integrated numerically over ν.
double LogDensityByQuadrature(const GammaGammaParams& p, std::int64_t x, double m) {
  const double xd = static_cast<double>(x), px = p.p * xd;
  boost::math::quadrature::exp_sinh<double> integrator;
  const auto integrand = [&](double nu) {
    if (nu <= 0) return 0.0;
    const double log_mean_density =
        px * std::log(xd * nu) + (px - 1) * std::log(m) - xd * nu * m - boost::math::lgamma(px);
    const double log_prior = p.q * std::log(p.gamma) + (p.q - 1) * std::log(nu) - p.gamma * nu -
                             boost::math::lgamma(p.q);
    return std::exp(log_mean_density + log_prior);
  };
  return std::log(integrator.integrate(integrand, 1e-13));
}

TEST(GammaGamma, LikelihoodMatchesItsDefinitionIntegratedNumerically) {
  for (const auto& [x, m] :
       {std::pair{1, 11.77}, std::pair{2, 22.35}, std::pair{7, 40.0}, std::pair{30, 3.5}}) {
    const double expected = LogDensityByQuadrature(kPublished, x, m);
    EXPECT_NEAR(GammaGammaLogLikelihood(kPublished, std::vector<SpendGroup>{{{x, m}, 1}}), expected,
                1e-9 * std::abs(expected))
        << "x=" << x << " m=" << m;
  }
}

TEST(GammaGamma, ExpectedSpendIsThePosteriorMean) {
  // Given x and m, ν ~ Gamma(px+q, γ+xm), so E[p/ν] = p(γ+xm)/(px+q−1): a weighted average of the
  // population mean pγ/(q−1) and the customer's own mean m.
  const auto p = kPublished;
  const double population_mean = p.p * p.gamma / (p.q - 1);
  EXPECT_NEAR(*GammaGammaExpectedSpend(p, 0, 0), population_mean, 1e-12);
  for (const auto& [x, m] : {std::pair{1, 11.77}, std::pair{2, 22.35}, std::pair{50, 100.0}}) {
    const double weight = p.p * x / (p.p * x + p.q - 1);
    EXPECT_NEAR(*GammaGammaExpectedSpend(p, x, m), (1 - weight) * population_mean + weight * m,
                1e-10);
  }
  // An infinite mean (q <= 1 with no purchase to learn from) is an error, not inf.
  EXPECT_FALSE(GammaGammaExpectedSpend({2, 0.8, 10}, 0, 0).has_value());
}

TEST(GammaGamma, GradientMatchesFiniteDifferences) {
  const auto groups = GroupSpend(CdnowRepeatBuyers());
  for (const GammaGammaParams p : {kPublished, GammaGammaParams{2, 8, 50}}) {
    double gradient[3];
    GammaGammaLogLikelihood(p, groups, gradient);
    const double v[3] = {p.p, p.q, p.gamma};
    for (int i = 0; i < 3; ++i) {
      const auto at = [&](double step) {
        double w[3] = {v[0], v[1], v[2]};
        w[i] += step;
        return GammaGammaLogLikelihood({w[0], w[1], w[2]}, groups);
      };
      const double h = 1e-3 * v[i];
      const double d1 = (at(h) - at(-h)) / (2 * h), d2 = (at(2 * h) - at(-2 * h)) / (4 * h);
      const double numeric = (4 * d1 - d2) / 3;
      EXPECT_NEAR(gradient[i], numeric, 1e-6 * std::max(1.0, std::abs(numeric)))
          << "parameter " << i;
    }
  }
}

TEST(GammaGamma, FitRefusesCustomersWithoutRepeatSpend) {
  EXPECT_FALSE(FitGammaGamma(std::vector<SpendGroup>{}).has_value());
  EXPECT_FALSE(FitGammaGamma(std::vector<SpendGroup>{{{0, 10}, 1}}).has_value());
  EXPECT_FALSE(FitGammaGamma(std::vector<SpendGroup>{{{2, 0}, 1}}).has_value());
}

}  // namespace
}  // namespace rapport::analytics::clv
