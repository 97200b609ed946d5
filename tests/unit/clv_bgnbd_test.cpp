// BG/NBD against Fader, Hardie & Lee (2005) on the CDNOW sample, and against independent
// computations: closed forms at x = 0, quadrature over the dropout probability, finite differences.
#include <gtest/gtest.h>

#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>

#include "analytics/clv/bgnbd.hpp"
#include "clv_test_data.hpp"

namespace rapport::analytics::clv {
namespace {

using testing::CdnowRfm;

// FHL 2005, section 5 (CDNOW sample, weeks).
constexpr BgNbdParams kPublished{0.243, 4.414, 0.793, 2.426};
constexpr double kPublishedLogLikelihood = -9582.4;

void ExpectWithinRelative(double actual, double expected, double relative, const char* name) {
  EXPECT_NEAR(actual, expected, std::abs(expected) * relative) << name;
}

TEST(BgNbdCdnow, FitMatchesThePublishedParametersAndLikelihood) {
  const auto groups = GroupRfm(CdnowRfm());
  auto fit = FitBgNbd(groups);
  ASSERT_TRUE(fit.has_value()) << fit.error().message;
  ExpectWithinRelative(fit->params.r, kPublished.r, 0.005, "r");
  ExpectWithinRelative(fit->params.alpha, kPublished.alpha, 0.005, "alpha");
  ExpectWithinRelative(fit->params.a, kPublished.a, 0.005, "a");
  ExpectWithinRelative(fit->params.b, kPublished.b, 0.005, "b");
  EXPECT_NEAR(fit->log_likelihood, kPublishedLogLikelihood, 0.5);
  EXPECT_EQ(fit->customers, 2357);
  EXPECT_EQ(fit->distinct_groups, groups.size());
  EXPECT_LT(groups.size(), 2357u);  // the 1,411 customers with x = 0 share few (0, 0, T) triples
  // The optimum: the reported likelihood is the model's at the reported parameters, and the
  // published parameters do no better.
  EXPECT_DOUBLE_EQ(fit->log_likelihood, BgNbdLogLikelihood(fit->params, groups));
  EXPECT_GE(fit->log_likelihood, BgNbdLogLikelihood(kPublished, groups));
}

TEST(BgNbdCdnow, LikelihoodAtThePublishedParameters) {
  EXPECT_NEAR(BgNbdLogLikelihood(kPublished, GroupRfm(CdnowRfm())), kPublishedLogLikelihood, 0.5);
}

TEST(BgNbdCdnow, GroupingDoesNotChangeTheLikelihood) {
  const auto customers = CdnowRfm();
  std::vector<RfmGroup> one_per_customer;
  for (const auto& c : customers) one_per_customer.push_back({c, 1.0});
  EXPECT_NEAR(BgNbdLogLikelihood(kPublished, one_per_customer),
              BgNbdLogLikelihood(kPublished, GroupRfm(customers)), 1e-8);
}

TEST(BgNbd, ConditionalExpectationOfThePublishedExample) {
  // FHL 2005 section 5: customer 1 of the sample expects 1.226 purchases in the next 39 weeks.
  EXPECT_NEAR(BgNbdExpectedTransactions(kPublished, {2, 30.43, 38.86}, 39), 1.226, 0.0005);
}

// E[Y(t) | x, t_x, T] = P(alive) · E over p ~ Beta(a, b+x) of (1 − ((α+T)/(α+T+p·t))^{r+x}) / p,
// the expectation over λ ~ Gamma(r+x, α+T) done in closed form: an integral the 2F1 formula of
// the code never sees.
double ExpectationByQuadrature(const BgNbdParams& p, const CustomerRfm& c, double t) {
  const double x = static_cast<double>(c.frequency), k = t / (p.alpha + c.age);
  const double log_beta = std::log(boost::math::beta(p.a, p.b + x));
  boost::math::quadrature::tanh_sinh<double> integrator(15);
  // tanh_sinh passes the distance to the nearer end too (positive near 1): 1 − q without
  // cancellation where (1−q)^{b+x−1} is singular.
  const auto integrand = [&](double q, double distance) {
    const double one_minus_q = distance > 0 ? distance : 1 - q;
    const double future = -std::expm1(-(p.r + x) * std::log1p(q * k)) / q;
    return future *
           std::exp((p.a - 1) * std::log(q) + (p.b + x - 1) * std::log(one_minus_q) - log_beta);
  };
  return integrator.integrate(integrand, 0.0, 1.0, 1e-14) * BgNbdProbabilityAlive(p, c);
}

TEST(BgNbd, ConditionalExpectationAgreesWithQuadrature) {
  const CustomerRfm customers[] = {{0, 0, 38.86},     {0, 0, 0},   {1, 1.71, 38.86},
                                   {2, 30.43, 38.86}, {7, 35, 38}, {21, 8, 38.86},
                                   {300, 100, 104}};
  const BgNbdParams params[] = {kPublished, {2.5, 30, 1.0, 3}, {0.5, 2, 3.5, 0.4}};
  for (const auto& p : params)
    for (const auto& c : customers)
      for (double t : {0.5, 39.0, 520.0}) {
        const double expected = ExpectationByQuadrature(p, c, t);
        EXPECT_NEAR(BgNbdExpectedTransactions(p, c, t), expected, 1e-9 + 1e-8 * expected)
            << "x=" << c.frequency << " t_x=" << c.recency << " T=" << c.age << " t=" << t
            << " a=" << p.a;
      }
}

// With a·z > 10 the expectation is summed in FHL's direct form (the transformed series' terms
// would grow to e^{a·z}): both sides of the switch agree, and agree with the quadrature.
TEST(BgNbd, LargeDropoutParametersUseTheDirectSeriesContinuously) {
  const BgNbdParams p{0.9, 25.6, 40, 400};
  const CustomerRfm customers[] = {{0, 0, 30}, {3, 20, 30}, {12, 25, 30}, {300, 100, 104}};
  for (const auto& c : customers) {
    const double switch_t = (p.alpha + c.age) / 3;  // a·z = 10 at z = 0.25
    const double below = BgNbdExpectedTransactions(p, c, switch_t * (1 - 1e-9));
    const double above = BgNbdExpectedTransactions(p, c, switch_t * (1 + 1e-9));
    EXPECT_NEAR(below, above, 1e-7 * below) << "x=" << c.frequency;
    for (double t : {switch_t * 2, 520.0}) {
      const double expected = ExpectationByQuadrature(p, c, t);
      EXPECT_NEAR(BgNbdExpectedTransactions(p, c, t), expected, 1e-9 + 1e-7 * expected) << "x=" << c.frequency << " t=" << t;
    }
  }
  // The demo data's fit on its bound (a = 6.9e6): finite and positive, in a few terms.
  const BgNbdParams bound{0.93, 25.6, 6.9e6, 1e8};
  for (const CustomerRfm c : {CustomerRfm{0, 0, 60}, CustomerRfm{5, 40, 60}, CustomerRfm{300, 100, 104}}) {
    const double e = BgNbdExpectedTransactions(bound, c, 52);
    EXPECT_TRUE(std::isfinite(e) && e > 0) << e;
  }
}

TEST(BgNbd, NewCustomerExpectationIsEquationNine) {
  // E[X(t)] = (a+b−1)/(a−1) [1 − (α/(α+t))^r 2F1(r, b; a+b−1; t/(α+t))] with a plain 2F1 series.
  const auto p = kPublished;
  for (double t : {1.0, 39.0, 78.0}) {
    const double z = t / (p.alpha + t), c = p.a + p.b - 1;
    double term = 1, f = 1;
    for (int n = 0; n < 100000 && term > 1e-18 * f; ++n) {
      term *= (p.r + n) * (p.b + n) / ((c + n) * (n + 1)) * z;
      f += term;
    }
    const double expected = c / (p.a - 1) * (1 - std::pow(p.alpha / (p.alpha + t), p.r) * f);
    EXPECT_NEAR(BgNbdExpectedTransactions(p, {0, 0, 0}, t), expected, 1e-9 * expected) << t;
  }
}

TEST(BgNbd, NoRepeatPurchaseClosedForms) {
  for (double age : {0.0, 1.0, 27.0, 38.86}) {
    const CustomerRfm c{0, 0, age};
    // L = (α/(α+T))^r: no purchase in (0, T] while alive (a BG/NBD customer cannot die before).
    EXPECT_NEAR(BgNbdLogLikelihood(kPublished, std::vector<RfmGroup>{{c, 1}}),
                kPublished.r * std::log(kPublished.alpha / (kPublished.alpha + age)), 1e-12);
    EXPECT_EQ(BgNbdProbabilityAlive(kPublished, c), 1.0);
  }
}

TEST(BgNbd, LongSilenceAfterTwentyOnePurchasesMeansAlmostSurelyGone) {
  for (const CustomerRfm c :
       {CustomerRfm{21, 8, 38.86}, CustomerRfm{21, 10, 200}, CustomerRfm{21, 1, 1e6}}) {
    const double alive = BgNbdProbabilityAlive(kPublished, c);
    EXPECT_TRUE(std::isfinite(alive));
    EXPECT_GE(alive, 0.0);
    EXPECT_LE(alive, 1e-7) << "T=" << c.age;
    const double expected = BgNbdExpectedTransactions(kPublished, c, 39);
    EXPECT_TRUE(std::isfinite(expected));
    EXPECT_GE(expected, 0.0);
    EXPECT_LT(expected, 1e-5);
  }
  // The same history without the silence: very likely alive.
  EXPECT_GT(BgNbdProbabilityAlive(kPublished, {21, 38, 38.86}), 0.9);
}

TEST(BgNbd, HundredsOfPurchasesDoNotOverflow) {
  for (std::int64_t x : {200, 500, 5000}) {
    // Last purchase at the end of the 104 weeks: no silence to explain.
    const CustomerRfm c{x, 104, 104};
    const double ll = BgNbdLogLikelihood(kPublished, std::vector<RfmGroup>{{c, 1}});
    EXPECT_TRUE(std::isfinite(ll)) << x;
    const double alive = BgNbdProbabilityAlive(kPublished, c);
    EXPECT_GT(alive, 0.5);
    EXPECT_LE(alive, 1.0);
    // A customer buying x times in 104 weeks keeps roughly that rate: (r+x)/(α+T) a week.
    const double expected = BgNbdExpectedTransactions(kPublished, c, 10);
    EXPECT_TRUE(std::isfinite(expected));
    EXPECT_NEAR(expected, 10 * (kPublished.r + x) / (kPublished.alpha + 104), 0.1 * expected) << x;
  }
}

TEST(BgNbd, GradientMatchesFiniteDifferences) {
  const auto groups = GroupRfm(CdnowRfm());
  for (const BgNbdParams p : {kPublished, BgNbdParams{1.3, 20, 2.2, 0.7}}) {
    double gradient[4];
    BgNbdLogLikelihood(p, groups, gradient);
    double v[4] = {p.r, p.alpha, p.a, p.b};
    for (int i = 0; i < 4; ++i) {
      // Central differences with Richardson extrapolation: the sum over a thousand groups carries
      // rounding noise that a tiny step would amplify.
      const auto at = [&](double step) {
        double w[4] = {v[0], v[1], v[2], v[3]};
        w[i] += step;
        return BgNbdLogLikelihood({w[0], w[1], w[2], w[3]}, groups);
      };
      const double h = 1e-3 * v[i];
      const double d1 = (at(h) - at(-h)) / (2 * h), d2 = (at(2 * h) - at(-2 * h)) / (4 * h);
      const double numeric = (4 * d1 - d2) / 3;
      EXPECT_NEAR(gradient[i], numeric, 1e-6 * std::max(1.0, std::abs(numeric)))
          << "parameter " << i;
    }
  }
}

TEST(BgNbd, FitRefusesInvalidData) {
  EXPECT_FALSE(FitBgNbd(std::vector<RfmGroup>{}).has_value());
  EXPECT_FALSE(FitBgNbd(std::vector<RfmGroup>{{{2, 40, 38}, 1}}).has_value());  // t_x > T
  EXPECT_FALSE(FitBgNbd(std::vector<RfmGroup>{{{-1, 0, 38}, 1}}).has_value());  // x < 0
  EXPECT_FALSE(FitBgNbd(std::vector<RfmGroup>{{{0, 3, 38}, 1}}).has_value());   // t_x != 0 at x = 0
  EXPECT_FALSE(FitBgNbd(std::vector<RfmGroup>{{{1, 3, 38}, -2}}).has_value());  // negative count
}

}  // namespace
}  // namespace rapport::analytics::clv
