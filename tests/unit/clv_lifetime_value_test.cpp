// The lifetime-value sum: discounting per step, the margin, and the undiscounted limit.
#include <gtest/gtest.h>

#include <cmath>

#include "analytics/clv/lifetime_value.hpp"

namespace rapport::analytics::clv {
namespace {

const FrequencyParams kBgNbd = BgNbdParams{0.243, 4.414, 0.793, 2.426};
const FrequencyParams kPareto = ParetoNbdParams{0.553, 10.58, 0.606, 11.67};
constexpr CustomerRfm kCustomer{2, 30.43, 38.86};

TEST(LifetimeValue, WithoutDiscountingItIsMarginTimesSpendTimesExpectedPurchases) {
  for (const auto& model : {kBgNbd, kPareto})
    for (double step : {1.0, 4.345, 52.0, 100.0}) {
      const ValueOptions options{52, step, 0, 0.3};
      EXPECT_NEAR(PredictedValue(model, kCustomer, 40, options),
                  0.3 * 40 * ExpectedTransactions(model, kCustomer, 52), 1e-9);
    }
}

TEST(LifetimeValue, EachStepsPurchasesAreDiscountedAtTheStepsEnd) {
  // Horizon 10, step 4: steps end at 4, 8 and 10 (the last one short), discounted 1, 2, 3 times.
  const double d = 0.05;
  const auto E = [](double t) { return ExpectedTransactions(kPareto, kCustomer, t); };
  const double expected =
      0.5 * 25 *
      (E(4) / (1 + d) + (E(8) - E(4)) / std::pow(1 + d, 2) + (E(10) - E(8)) / std::pow(1 + d, 3));
  EXPECT_NEAR(PredictedValue(kPareto, kCustomer, 25, {10, 4, d, 0.5}), expected, 1e-12);
}

TEST(LifetimeValue, HigherDiscountRatesAndSilentCustomersAreWorthLess) {
  double previous = PredictedValue(kBgNbd, kCustomer, 30, {104, 4.345, 0, 1});
  for (double rate : {0.005, 0.01, 0.05}) {
    const double value = PredictedValue(kBgNbd, kCustomer, 30, {104, 4.345, rate, 1});
    EXPECT_LT(value, previous);
    previous = value;
  }
  EXPECT_LT(PredictedValue(kBgNbd, {2, 5, 38.86}, 30, {104, 4.345, 0.01, 1}),
            PredictedValue(kBgNbd, kCustomer, 30, {104, 4.345, 0.01, 1}));
  EXPECT_EQ(PredictedValue(kBgNbd, kCustomer, 30, {0, 1, 0.01, 1}), 0.0);
}

TEST(LifetimeValue, OptionsAreValidated) {
  EXPECT_TRUE(ValidateValueOptions({52, 1, 0.01, 0.3}).has_value());
  EXPECT_FALSE(ValidateValueOptions({-1, 1, 0, 1}).has_value());
  EXPECT_FALSE(ValidateValueOptions({52, 0, 0, 1}).has_value());
  EXPECT_FALSE(ValidateValueOptions({52, 1, -1, 1}).has_value());
  EXPECT_FALSE(ValidateValueOptions({52, 1, NAN, 1}).has_value());
  EXPECT_FALSE(ValidateValueOptions({1e9, 1, 0, 1}).has_value());
}

}  // namespace
}  // namespace rapport::analytics::clv
