// The arithmetic of customer economics without a store (src/domain/economics/value_rules.hpp):
// CAC per customer, one customer's value (cost basis, break-even, its projection, the reasons of
// absent figures), portfolio figures, the cohort retention table and the retention what-if.
#include <gtest/gtest.h>

#include "domain/economics/scoring_service.hpp"
#include "domain/economics/value_rules.hpp"

namespace rapport::domain {
namespace {

// Days since 1970-01-01 of a "YYYY-MM-DD".
int Day(const char* iso) { return static_cast<int>(core::StartOf(*core::ParseDate(iso)).ms / core::kMsPerDay); }
Timestamp At(const char* iso) { return core::StartOf(*core::ParseDate(iso)); }

CustomerDay Bought(Id customer, const char* iso, std::int64_t amount, std::int64_t margin) {
  return CustomerDay{customer, Day(iso), amount, margin};
}

TEST(CostPerCustomer, IsSpendOverCustomersRoundedAndAbsentWithoutCustomers) {
  EXPECT_EQ(CostPerCustomer(10'000, 4), 2'500);
  EXPECT_EQ(CostPerCustomer(10'000, 3), 3'333);
  EXPECT_EQ(CostPerCustomer(5, 2), 3);  // half a cent rounds away from zero
  EXPECT_EQ(CostPerCustomer(10'000, 0), std::nullopt);
}

TEST(CustomerValue, OwnCostBreaksEvenInTheMonthTheMarginReachesIt) {
  CustomerValueInputs in;
  in.customer_id = 7;
  in.created_at = At("2026-01-15");
  in.own_cost_cents = 5'000;
  in.allocated_cost_cents = 1;  // ignored: the customer's own cost wins
  in.days = {Bought(7, "2026-01-20", 10'000, 3'000), Bought(7, "2026-03-02", 8'000, 2'500),
             Bought(7, "2026-05-01", 1'000, 100)};
  const auto v = ComputeCustomerValue(in, Day("2026-04-10"));  // the May purchase is in the future
  EXPECT_EQ(v.customer_id, 7);
  EXPECT_EQ(v.acquisition_month, "2026-01");
  EXPECT_EQ(v.acquisition_cost_cents, 5'000);
  EXPECT_EQ(v.acquisition_cost_basis, "customer");
  EXPECT_EQ(v.historical_value_cents, 18'000);
  EXPECT_EQ(v.historical_margin_cents, 5'500);
  ASSERT_EQ(v.months.size(), 4u);  // January to April
  EXPECT_EQ(v.months.front().month, "2026-01");
  EXPECT_EQ(v.months.back().month, "2026-04");
  EXPECT_EQ(v.months.back().cumulative_margin_cents, 5'500);
  EXPECT_EQ(v.break_even_month, "2026-03");
  EXPECT_FALSE(v.projected_break_even_month);
  EXPECT_FALSE(v.reasons.contains("projected_break_even_month"));
  // Never scored: the model figures say so.
  EXPECT_EQ(v.reasons.at("p_alive"), kNotScoredReason);
  EXPECT_EQ(v.reasons.at("predicted_clv_cents"), kNotScoredReason);
}

TEST(CustomerValue, AllocatedCostAndTheMonthsStartAtTheEarlierOfAcquisitionAndFirstPurchase) {
  CustomerValueInputs in;
  in.customer_id = 3;
  in.created_at = At("2026-02-10");
  in.allocated_cost_cents = 2'000;
  in.days = {Bought(3, "2025-12-24", 1'000, 400)};  // imported history from before the record
  const auto v = ComputeCustomerValue(in, Day("2026-02-20"));
  EXPECT_EQ(v.acquisition_cost_basis, "allocated");
  EXPECT_EQ(v.acquisition_cost_cents, 2'000);
  ASSERT_EQ(v.months.size(), 3u);
  EXPECT_EQ(v.months.front().month, "2025-12");
  EXPECT_FALSE(v.break_even_month);
  EXPECT_EQ(v.reasons.at("break_even_month"), "not yet: the cumulative margin is below the acquisition cost");
  EXPECT_EQ(v.reasons.at("projected_break_even_month"), "needs the predicted value");
}

TEST(CustomerValue, WithoutACostTheBreakEvenIsUnknownAndTheReasonNamesSourceAndMonth) {
  CustomerValueInputs in;
  in.created_at = At("2026-03-01");
  in.source = "ads";
  const auto v = ComputeCustomerValue(in, Day("2026-03-05"));
  EXPECT_FALSE(v.acquisition_cost_cents);
  EXPECT_EQ(v.acquisition_cost_basis, "");
  EXPECT_NE(v.reasons.at("acquisition_cost_cents").find("\"ads\" in 2026-03"), std::string::npos);
  EXPECT_EQ(v.reasons.at("break_even_month"), "the acquisition cost is unknown");
  EXPECT_FALSE(v.reasons.contains("projected_break_even_month"));
  ASSERT_EQ(v.months.size(), 1u);
  EXPECT_EQ(v.months[0].cumulative_margin_cents, 0);
}

TEST(CustomerValue, AScoredCustomerCarriesTheModelFiguresAndProjectsTheBreakEven) {
  CustomerValueInputs in;
  in.created_at = At("2026-01-01");
  in.own_cost_cents = 10'000;
  in.days = {Bought(1, "2026-01-05", 4'000, 1'000)};
  CustomerScore s;
  s.p_alive = 0.8;
  s.previous_p_alive = 0.9;
  s.expected_purchases_90d = 1.5;
  s.predicted_clv_cents = 12'000;  // 1,000 a month over the 12-month horizon
  s.cohort = "2026-01";
  s.scored_at = At("2026-02-01");
  in.score = s;
  in.model = ModelInfo{"bgnbd", 4, At("2026-02-01"), {}};
  const auto v = ComputeCustomerValue(in, Day("2026-02-15"));
  EXPECT_EQ(v.p_alive, 0.8);
  EXPECT_EQ(v.previous_p_alive, 0.9);
  EXPECT_EQ(v.expected_purchases_90d, 1.5);
  EXPECT_EQ(v.predicted_clv_cents, 12'000);
  EXPECT_EQ(v.scored_at, At("2026-02-01"));
  ASSERT_TRUE(v.model);
  EXPECT_EQ(v.model->version, 4);
  // 9,000 still to earn at 1,000 a month: nine months after February.
  EXPECT_EQ(v.projected_break_even_month, "2026-11");
  EXPECT_EQ(v.reasons.size(), 1u);  // only that it has not broken even yet
  EXPECT_TRUE(v.reasons.contains("break_even_month"));
}

TEST(CustomerValue, AScoreWithoutAProbabilitySaysWhy) {
  CustomerValueInputs in;
  in.created_at = At("2026-01-01");
  CustomerScore never_bought;
  never_bought.scored_at = At("2026-01-10");
  in.score = never_bought;
  auto v = ComputeCustomerValue(in, Day("2026-01-20"));
  EXPECT_NE(v.reasons.at("p_alive").find("had not bought"), std::string::npos);
  EXPECT_EQ(v.scored_at, At("2026-01-10"));

  CustomerScore unfitted = never_bought;
  unfitted.cohort = "2026-01";
  in.score = unfitted;
  ModelFitRecord failed;
  failed.model = "bgnbd";
  failed.reason = "too few customers";
  in.model = ModelInfo{"", 2, At("2026-01-10"), {failed}};
  v = ComputeCustomerValue(in, Day("2026-01-20"));
  EXPECT_EQ(v.reasons.at("expected_purchases_90d"), "no model fitted in the last scoring run: too few customers");
}

TEST(ProjectBreakEven, AtLeastOneMonthAheadAndNeverBeyondTenYears) {
  std::string why;
  EXPECT_EQ(ProjectBreakEven(1, 12'000, "2026-05", why), "2026-06");
  EXPECT_EQ(ProjectBreakEven(3'000, 12'000, "2026-05", why), "2026-08");
  EXPECT_EQ(ProjectBreakEven(120 * 1'000, 12'000, "2026-05", why), "2036-05");
  EXPECT_FALSE(ProjectBreakEven(120 * 1'000 + 1, 12'000, "2026-05", why));
  EXPECT_EQ(why, "not within 10 years at the margin the model expects");
  EXPECT_FALSE(ProjectBreakEven(100, 0, "2026-05", why));
  EXPECT_EQ(why, "the model expects no more margin from this customer");
  EXPECT_FALSE(ProjectBreakEven(100, std::nullopt, "2026-05", why));
  EXPECT_EQ(why, "needs the predicted value");
}

ScoreAggregate Aggregate(std::string cohort, std::optional<std::int64_t> break_even, std::int64_t customers,
                         std::int64_t with_cost, std::int64_t cost, std::int64_t margin, std::int64_t clv,
                         std::int64_t with_clv) {
  return ScoreAggregate{"ads", std::move(cohort), break_even, customers, with_cost, cost, margin, clv, with_clv};
}

TEST(PortfolioAccumulator, CacLtvTheirRatioAndTheMedianBreakEven) {
  PortfolioAccumulator acc;
  acc.Add(Aggregate("2026-01", 2, 3, 3, 3'000, 6'000, 9'000, 3));
  acc.Add(Aggregate("2026-02", 5, 1, 1, 1'000, 1'000, 1'000, 1));
  acc.Add(Aggregate("2026-02", std::nullopt, 2, 2, 4'000, 0, 0, 0));
  acc.Add(Aggregate("", std::nullopt, 4, 0, 0, 0, 0, 0));  // never bought, no cost
  const auto f = acc.Finish(true);
  EXPECT_EQ(f.customers, 10);
  EXPECT_EQ(f.customers_with_cost, 6);
  EXPECT_EQ(f.cac_cents, 1'333);                  // 8,000 / 6
  EXPECT_EQ(f.ltv_cents, 2'833);                  // (7,000 + 10,000) / 6 buying customers
  EXPECT_DOUBLE_EQ(*f.ltv_to_cac, 2'833.0 / 1'333.0);
  EXPECT_EQ(f.broke_even, 4);
  EXPECT_EQ(f.not_yet, 2);
  EXPECT_EQ(f.median_months_to_break_even, 2.0);  // 2, 2, 2, 5
  EXPECT_TRUE(f.reasons.empty());
}

TEST(PortfolioAccumulator, TheMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo) {
  PortfolioAccumulator acc;
  acc.Add(Aggregate("2026-01", 1, 1, 1, 100, 100, 0, 0));
  acc.Add(Aggregate("2026-01", 4, 1, 1, 100, 100, 0, 0));
  EXPECT_EQ(acc.Finish(true).median_months_to_break_even, 2.5);
}

TEST(PortfolioAccumulator, AbsentFiguresHaveReasons) {
  const auto empty = PortfolioAccumulator().Finish(false);
  EXPECT_FALSE(empty.cac_cents);
  EXPECT_FALSE(empty.ltv_cents);
  EXPECT_EQ(empty.reasons.at("ltv_cents"), "no purchase model is fitted");
  EXPECT_EQ(empty.reasons.at("ltv_to_cac"), "needs both the LTV and the CAC");
  EXPECT_TRUE(empty.reasons.contains("median_months_to_break_even"));

  PortfolioAccumulator free;  // bought, predicted, but acquired for nothing
  free.Add(Aggregate("2026-01", 0, 1, 1, 0, 500, 500, 1));
  const auto f = free.Finish(true);
  EXPECT_EQ(f.cac_cents, 0);
  EXPECT_EQ(f.ltv_cents, 1'000);
  EXPECT_FALSE(f.ltv_to_cac);
  EXPECT_EQ(f.reasons.at("ltv_to_cac"), "the CAC is zero");

  PortfolioAccumulator unpredicted;
  unpredicted.Add(Aggregate("2026-01", std::nullopt, 1, 0, 0, 500, 0, 0));
  EXPECT_EQ(unpredicted.Finish(true).reasons.at("ltv_cents"), "no customer here has a predicted value");
}

TEST(CohortAccumulator, RetentionIsTheShareOfTheCohortBuyingEachMonthAfterItsFirst) {
  CohortAccumulator acc(Day("2026-03-15"));
  // Chunks of whole customers, as the repository gives them.
  acc.Add(std::vector<CustomerDay>{Bought(1, "2026-01-03", 100, 10), Bought(1, "2026-01-20", 100, 10),
                                   Bought(1, "2026-03-01", 100, 10), Bought(2, "2026-01-31", 100, 20)});
  acc.Add(std::vector<CustomerDay>{Bought(3, "2026-02-02", 100, 30), Bought(3, "2026-03-02", 100, 30),
                                   Bought(3, "2026-04-01", 100, 30)});  // April is after today
  const auto c = acc.Finish();
  EXPECT_TRUE(c.reasons.empty());
  ASSERT_EQ(c.rows.size(), 2u);
  EXPECT_EQ(c.rows[0].cohort, "2026-01");
  EXPECT_EQ(c.rows[0].customers, 2);
  EXPECT_EQ(c.rows[0].margin_cents, 50);
  EXPECT_EQ(c.rows[0].retention, (std::vector<double>{1.0, 0.0, 0.5}));
  EXPECT_EQ(c.rows[1].cohort, "2026-02");
  EXPECT_EQ(c.rows[1].margin_cents, 60);
  EXPECT_EQ(c.rows[1].retention, (std::vector<double>{1.0, 1.0}));
}

TEST(CohortAccumulator, NoPurchasesNoRows) {
  const auto c = CohortAccumulator(Day("2026-03-15")).Finish();
  EXPECT_TRUE(c.rows.empty());
  EXPECT_EQ(c.reasons.at("rows"), "no customer has bought yet");
}

// A model whose answers the test chooses: p_alive by frequency, two purchases per alive customer
// over any horizon, 1,000 cents per purchase (when it has a spend model).
class FakeFit : public FittedClv {
 public:
  explicit FakeFit(bool spend) : spend_(spend) {}
  std::string_view Model() const override { return "bgnbd"; }
  ClvPrediction Predict(std::int64_t frequency, double, double, double, double, double) const override {
    const double p = frequency == 0 ? 0.0 : frequency == 1 ? 0.5 : 0.75;
    return ClvPrediction{p, 0, 2 * p};
  }
  std::optional<double> ExpectedSpend(std::int64_t, double) const override {
    return spend_ ? std::optional<double>(1'000) : std::nullopt;
  }

 private:
  bool spend_;
};

TEST(RetentionValue, LostCustomersAndTheMarginOfKeepingThem) {
  std::vector<ScoreGroup> groups(3);
  groups[0].frequency = 1;  // p_alive 0.5: 2 of 4 lost
  groups[0].customers = 4;
  groups[0].value_cents = 1'000;
  groups[0].margin_cents = 250;
  groups[1].frequency = 3;  // p_alive 0.75: 0.5 of 2 lost
  groups[1].customers = 2;
  groups[1].value_cents = 1'000;
  groups[1].margin_cents = 2'000;  // the margin ratio is capped at 1
  groups[2].frequency = 0;  // p_alive 0: all 10 lost, but worth nothing kept (left out)
  groups[2].customers = 10;
  const auto r = RetentionValue(FakeFit(true), groups, 12, MonthlyDiscount());
  EXPECT_DOUBLE_EQ(r.customers_expected_lost, 2 + 0.5 + 10);
  // lost × purchases if alive (2) × spend (1,000) × margin ratio.
  ASSERT_TRUE(r.value_cents);
  EXPECT_DOUBLE_EQ(*r.value_cents, 2 * 2 * 1'000 * 0.25 + 0.5 * 2 * 1'000 * 1.0);

  const auto no_spend = RetentionValue(FakeFit(false), groups, 12, MonthlyDiscount());
  EXPECT_DOUBLE_EQ(no_spend.customers_expected_lost, 12.5);
  EXPECT_FALSE(no_spend.value_cents);
}

TEST(EconomicsReasons, ModelAndSpendReasonsQuoteTheFailedFit) {
  EXPECT_EQ(ModelReason(std::nullopt), kNotScoredReason);
  ModelFitRecord gg;
  gg.model = "gamma-gamma";
  gg.reason = "no repeat buyers";
  const ModelInfo info{"bgnbd", 1, Timestamp{}, {gg}};
  EXPECT_EQ(ModelReason(info), "no model fitted in the last scoring run");
  EXPECT_EQ(SpendReason(info), "no spend model fitted: no repeat buyers");
  EXPECT_EQ(SpendReason(std::nullopt), "no spend model fitted");
}

}  // namespace
}  // namespace rapport::domain
