// Monte-Carlo checks: customers simulated from the purchase processes with known parameters. The
// fits must recover the parameters, and the predictions at the true parameters must match what the
// simulated customers then did (sums over 50,000 customers, within four standard deviations).
#include "clv_simulation.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace rapport::analytics::clv {
namespace {

using testing::CalibrationOf;
using testing::SimulatedCustomer;

constexpr int kCustomers = 50'000;
constexpr double kMinAge = 52, kMaxAge = 156, kHoldout = 52;  // weeks
constexpr unsigned kSeed = 20050101;

// Σ predicted vs Σ observed; the observed sum's standard deviation is estimated from the
// per-customer residuals (the customers are independent).
void ExpectSumsAgree(const std::vector<double>& predicted, const std::vector<double>& observed,
                     const char* what) {
  double sum_predicted = 0, sum_observed = 0, variance = 0;
  for (std::size_t i = 0; i < predicted.size(); ++i) {
    sum_predicted += predicted[i];
    sum_observed += observed[i];
    variance += (observed[i] - predicted[i]) * (observed[i] - predicted[i]);
  }
  EXPECT_NEAR(sum_predicted, sum_observed, 4 * std::sqrt(variance))
      << what << ": predicted " << sum_predicted << ", observed " << sum_observed;
}

// Holdout purchases and "still alive at T" against the model's conditional predictions.
template <typename Params, typename Expected, typename Alive>
void ExpectPredictionsMatch(const std::vector<SimulatedCustomer>& sims, const Params& p,
                            Expected expected_transactions, Alive probability_alive) {
  std::vector<double> predicted, observed, alive_predicted, alive_observed;
  for (const auto& c : sims) {
    predicted.push_back(expected_transactions(p, c.calibration, kHoldout));
    observed.push_back(c.holdout);
    alive_predicted.push_back(probability_alive(p, c.calibration));
    alive_observed.push_back(c.alive_at_end ? 1 : 0);
  }
  ExpectSumsAgree(predicted, observed, "holdout purchases");
  ExpectSumsAgree(alive_predicted, alive_observed, "customers alive at T");
}

TEST(BgNbdSimulation, FitRecoversTheParameters) {
  const BgNbdParams truth{0.8, 6, 0.7, 2.5};
  const auto sims = testing::SimulateBgNbd(truth, kCustomers, kMinAge, kMaxAge, kHoldout, kSeed);
  const auto groups = GroupRfm(CalibrationOf(sims));
  auto fit = FitBgNbd(groups);
  ASSERT_TRUE(fit.has_value()) << fit.error().message;
  // Tolerances: about five standard deviations of each estimate at this sample size (seen over
  // eight seeds: below 1.2% for every parameter).
  EXPECT_NEAR(fit->params.r, truth.r, 0.06 * truth.r);
  EXPECT_NEAR(fit->params.alpha, truth.alpha, 0.06 * truth.alpha);
  EXPECT_NEAR(fit->params.a, truth.a, 0.06 * truth.a);
  EXPECT_NEAR(fit->params.b, truth.b, 0.06 * truth.b);
  // Likelihood ratio: 2·(LL(fit) − LL(truth)) is χ² with 4 degrees of freedom; 20 has p < 0.001.
  const double lr = 2 * (fit->log_likelihood - BgNbdLogLikelihood(truth, groups));
  EXPECT_GE(lr, 0);
  EXPECT_LT(lr, 20);
}

TEST(BgNbdSimulation, PredictionsMatchWhatCustomersDid) {
  const BgNbdParams truth{0.8, 6, 0.7, 2.5};
  ExpectPredictionsMatch(
      testing::SimulateBgNbd(truth, kCustomers, kMinAge, kMaxAge, kHoldout, kSeed + 1), truth,
      BgNbdExpectedTransactions, BgNbdProbabilityAlive);
}

TEST(ParetoNbdSimulation, FitRecoversTheParameters) {
  const ParetoNbdParams truth{0.6, 10, 0.8, 12};
  const auto sims =
      testing::SimulateParetoNbd(truth, kCustomers, kMinAge, kMaxAge, kHoldout, kSeed);
  const auto groups = GroupRfm(CalibrationOf(sims));
  auto fit = FitParetoNbd(groups);
  ASSERT_TRUE(fit.has_value()) << fit.error().message;
  // The dropout parameters are the least determined (seen over eight seeds: r and α within 4%,
  // s and β within 11%).
  EXPECT_NEAR(fit->params.r, truth.r, 0.08 * truth.r);
  EXPECT_NEAR(fit->params.alpha, truth.alpha, 0.08 * truth.alpha);
  EXPECT_NEAR(fit->params.s, truth.s, 0.2 * truth.s);
  EXPECT_NEAR(fit->params.beta, truth.beta, 0.2 * truth.beta);
  const double lr = 2 * (fit->log_likelihood - ParetoNbdLogLikelihood(truth, groups));
  EXPECT_GE(lr, 0);
  EXPECT_LT(lr, 20);
}

TEST(ParetoNbdSimulation, PredictionsMatchWhatCustomersDid) {
  const ParetoNbdParams truth{0.6, 10, 0.8, 12};
  ExpectPredictionsMatch(
      testing::SimulateParetoNbd(truth, kCustomers, kMinAge, kMaxAge, kHoldout, kSeed + 1), truth,
      ParetoNbdExpectedTransactions, ParetoNbdProbabilityAlive);
}

TEST(BgNbdSimulation, NewCustomersBuyAsEquationNineSays) {
  // Customers observed from their first purchase on (T = 0): E[X(t)] for a new customer.
  const BgNbdParams truth{0.8, 6, 0.7, 2.5};
  const auto sims = testing::SimulateBgNbd(truth, kCustomers, 0, 0, kHoldout, kSeed + 2);
  std::vector<double> predicted, observed;
  for (const auto& c : sims) {
    predicted.push_back(BgNbdExpectedTransactions(truth, {0, 0, 0}, kHoldout));
    observed.push_back(c.holdout);
  }
  ExpectSumsAgree(predicted, observed, "purchases of new customers");
}

}  // namespace
}  // namespace rapport::analytics::clv
