// Customer economics through its services on every backend, with a driven clock (issue 8): the
// break-even month of a known order history, CAC allocated from spend, answers on an empty
// database (nulls with reasons, no fit), scores written for every customer with their model
// version, the previous probability kept by the next run, and the what-if from the stored fit.
#include <gtest/gtest.h>

#include "analytics/clv/clv_engine.hpp"
#include "domain/economics/economics_service.hpp"
#include "domain/economics/scoring_service.hpp"
#include "domain/next_action/economics_rules.hpp"
#include "domain/order/order_service.hpp"
#include "store_test_fixture.hpp"

namespace rapport::store {
namespace {

constexpr std::int64_t kDay = core::kMsPerDay;

core::Timestamp At(const char* iso) { return *core::ParseIso8601(iso); }

class EconomicsTest : public testing::StoreFixture {
 protected:
  domain::EconomicsService Economics() { return domain::EconomicsService(*db_, clock_, engine_); }
  domain::ScoringService Scoring() { return domain::ScoringService(*db_, clock_, engine_); }

  domain::Customer CustomerFrom(std::string name, std::optional<std::string> source, std::int64_t cost = 0) {
    domain::CustomerInput in;
    in.name = std::optional<std::string>(std::move(name));
    if (source) in.source = std::optional<std::string>(*source);
    if (cost) in.acquisition_cost_cents = std::optional<std::int64_t>(cost);
    auto c = customers_->Create(actor_, in);
    EXPECT_TRUE(c) << (c ? "" : c.error().message);
    return c ? *c : domain::Customer{};
  }
  void Order(core::Id customer, core::Timestamp at, std::int64_t amount, std::int64_t margin) {
    domain::OrderInput in;
    in.customer_id = customer;
    in.ordered_at = at;
    in.amount_cents = amount;
    in.margin_cents = margin;
    // Placed at its time (orders may not be in the future), then the clock goes back.
    const auto before = clock_.Now();
    clock_.Set(at);
    auto o = domain::OrderService(*db_, clock_, "USD").Create(actor_, in);
    clock_.Set(before);
    EXPECT_TRUE(o) << (o ? "" : o.error().message);
  }
  domain::ScoringReport Score() {
    auto r = Scoring().Run();
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? *r : domain::ScoringReport{};
  }

  analytics::clv::ClvEngine engine_;
};

TEST_P(EconomicsTest, AnEmptyDatabaseAnswersWithNullsAndReasons) {
  auto summary = Economics().Summary(actor_);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_FALSE(summary->overall.cac_cents);
  EXPECT_FALSE(summary->overall.ltv_cents);
  EXPECT_FALSE(summary->overall.median_months_to_break_even);
  EXPECT_TRUE(summary->reasons.contains("model"));
  EXPECT_TRUE(summary->overall.reasons.contains("cac_cents"));
  auto cohorts = Economics().CohortTable(actor_);
  ASSERT_TRUE(cohorts);
  EXPECT_TRUE(cohorts->rows.empty());
  EXPECT_TRUE(cohorts->reasons.contains("rows"));
  auto what_if = Economics().WhatIfRetention(actor_, 0.05, 12);
  ASSERT_TRUE(what_if);
  EXPECT_FALSE(what_if->value_cents);
  EXPECT_TRUE(what_if->reasons.contains("value_cents"));
  EXPECT_FALSE(what_if->assumptions.empty());

  // Scoring an empty database: nothing to score, nothing fitted, and the reason recorded.
  const auto report = Score();
  EXPECT_EQ(report.customers, 0);
  EXPECT_TRUE(report.model.empty());
  ASSERT_EQ(report.fits.size(), 2u);
  for (const auto& f : report.fits) {
    EXPECT_FALSE(f.params);
    ASSERT_TRUE(f.reason);
    EXPECT_NE(f.reason->find("too little data"), std::string::npos) << *f.reason;
  }
  // A customer without orders after that run: 200-worthy figures with reasons.
  const auto c = CustomerFrom("Ada", std::nullopt);
  auto value = Economics().Value(actor_, c.id);
  ASSERT_TRUE(value) << value.error().message;
  EXPECT_EQ(value->historical_value_cents, 0);
  EXPECT_FALSE(value->p_alive);
  EXPECT_FALSE(value->predicted_clv_cents);
  EXPECT_FALSE(value->acquisition_cost_cents);
  for (const char* f : {"p_alive", "expected_purchases_90d", "predicted_clv_cents", "acquisition_cost_cents", "break_even_month"})
    EXPECT_TRUE(value->reasons.contains(f)) << f;
  // Portfolio figures are for managers and admins; a customer's value for whoever sees them.
  const domain::Actor rep{InsertUser("rep@example.com"), domain::Role::kRep, std::nullopt, "test"};
  EXPECT_EQ(Economics().Summary(rep).error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(Economics().Value(rep, c.id).error().code, core::ErrorCode::kNotFound);
  auto bad = Economics().WhatIfRetention(actor_, 0, 0);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_TRUE(bad.error().fields.contains("retention_uplift"));
  EXPECT_TRUE(bad.error().fields.contains("horizon_months"));
}

TEST_P(EconomicsTest, TheBreakEvenMonthOfAKnownHistory) {
  clock_.Set(At("2026-01-10T09:00:00Z"));
  const auto c = CustomerFrom("Ada", "ads", 10'000);
  // Margins: January 3,000; February 4,000 (cumulative 7,000); March nothing; April 5,000 (12,000).
  Order(c.id, At("2026-01-12T10:00:00Z"), 9'000, 3'000);
  Order(c.id, At("2026-02-03T10:00:00Z"), 10'000, 4'000);
  Order(c.id, At("2026-04-20T10:00:00Z"), 12'000, 5'000);
  clock_.Set(At("2026-06-10T09:00:00Z"));
  auto v = Economics().Value(actor_, c.id);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->acquisition_cost_cents, 10'000);
  EXPECT_EQ(v->acquisition_cost_basis, "customer");
  EXPECT_EQ(v->acquisition_month, "2026-01");
  ASSERT_EQ(v->months.size(), 6u) << "January to June";
  EXPECT_EQ(v->months[1].cumulative_margin_cents, 7'000);
  EXPECT_EQ(v->months[2].margin_cents, 0);
  EXPECT_EQ(v->months[3].cumulative_margin_cents, 12'000);
  EXPECT_EQ(v->break_even_month, "2026-04");
  EXPECT_FALSE(v->projected_break_even_month);
  EXPECT_EQ(v->historical_value_cents, 31'000);
  EXPECT_EQ(v->historical_margin_cents, 12'000);

  // The scoring run records it in months from acquisition (January to April: 3).
  Score();
  auto s = Read<std::optional<domain::CustomerScore>>([&](domain::Txn& t) { return t.Economics().ScoreOf(c.id); });
  ASSERT_TRUE(s);
  EXPECT_EQ(s->break_even_months, 3);
  EXPECT_EQ(s->cohort, "2026-01");
  EXPECT_EQ(s->frequency, 2) << "three purchase days: two repeats";
  EXPECT_EQ(s->recency_weeks, (At("2026-04-20T00:00:00Z").ms - At("2026-01-12T00:00:00Z").ms) / kDay / 7);
  EXPECT_FALSE(s->p_alive) << "one buying customer is too little data for a fit";

  // A refund lowers the margin; a cancelled order never counts.
  const auto late = CustomerFrom("Bo", "ads", 50'000);
  Order(late.id, At("2026-06-01T10:00:00Z"), 20'000, 8'000);
  auto lv = Economics().Value(actor_, late.id);
  ASSERT_TRUE(lv);
  EXPECT_FALSE(lv->break_even_month);
  EXPECT_TRUE(lv->reasons.contains("break_even_month"));
  EXPECT_TRUE(lv->reasons.contains("projected_break_even_month")) << "no model: no projection";
}

TEST_P(EconomicsTest, CacIsSpendDividedByTheCustomersAcquiredInThePeriod) {
  clock_.Set(At("2026-03-05T09:00:00Z"));
  const auto a1 = CustomerFrom("A1", "ads");
  CustomerFrom("A2", "ads");
  const auto own = CustomerFrom("A3", "ads", 12'345);
  CustomerFrom("S1", "social");
  clock_.Set(At("2026-04-02T09:00:00Z"));
  const auto april = CustomerFrom("A4", "ads");

  domain::SpendInput in{std::string("ads"), std::string("2026-03"), std::int64_t{90'000}};
  auto put = Economics().PutSpend(actor_, in);
  ASSERT_TRUE(put) << put.error().message;
  EXPECT_TRUE(put->second) << "created";
  EXPECT_EQ(put->first.customers_acquired, 3);
  EXPECT_EQ(put->first.cac_cents, 30'000);
  in.amount_cents = 60'000;  // replaced, not added
  put = Economics().PutSpend(actor_, in);
  ASSERT_TRUE(put);
  EXPECT_FALSE(put->second);
  EXPECT_EQ(put->first.cac_cents, 20'000);
  auto list = Economics().ListSpend(actor_);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].spend.amount_cents, 60'000);

  auto v = Economics().Value(actor_, a1.id);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->acquisition_cost_cents, 20'000);
  EXPECT_EQ(v->acquisition_cost_basis, "allocated");
  v = Economics().Value(actor_, own.id);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->acquisition_cost_cents, 12'345) << "the customer's own cost wins";
  v = Economics().Value(actor_, april.id);
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->acquisition_cost_cents) << "no spend entered for April";
  EXPECT_NE(v->reasons["acquisition_cost_cents"].find("2026-04"), std::string::npos);

  // Scoring allocates the same way; the summary's CAC for ads is the mean of 20,000, 20,000, 12,345.
  Score();
  auto summary = Economics().Summary(actor_);
  ASSERT_TRUE(summary);
  bool found = false;
  for (const auto& [source, f] : summary->by_source) {
    if (source != "ads") continue;
    found = true;
    EXPECT_EQ(f.customers, 4);
    EXPECT_EQ(f.customers_with_cost, 3);
    EXPECT_EQ(f.cac_cents, (20'000 + 20'000 + 12'345 + 1) / 3);
  }
  EXPECT_TRUE(found);

  // Bad input names every bad field; reps may not enter spend.
  auto bad = Economics().PutSpend(actor_, domain::SpendInput{std::string(""), std::string("2026-13"), std::int64_t{-1}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields.size(), 3u);
  const domain::Actor rep{InsertUser("rep@example.com"), domain::Role::kRep, std::nullopt, "test"};
  EXPECT_EQ(Economics().PutSpend(rep, in).error().code, core::ErrorCode::kPermissionDenied);
}

TEST_P(EconomicsTest, EveryCustomerIsScoredWithTheModelVersionAndTheNextRunKeepsThePrevious) {
  clock_.Set(At("2025-01-01T09:00:00Z"));
  std::vector<core::Id> ids;
  for (int i = 0; i < 60; ++i) ids.push_back(CustomerFrom("C" + std::to_string(i), i % 2 ? "ads" : "social", 5'000).id);
  const auto never = CustomerFrom("Never bought", std::nullopt);
  // Deterministic histories: customer i buys every (i % 7 + 1) weeks for (i % 10 + 1) purchases,
  // starting on day i.
  for (int i = 0; i < 60; ++i)
    for (int k = 0; k < i % 10 + 1; ++k)
      Order(ids[static_cast<std::size_t>(i)],
            core::Timestamp{At("2025-01-02T10:00:00Z").ms + (i + k * 7 * (i % 7 + 1)) * kDay}, 2'000 + 100 * i + 50 * k,
            800 + 10 * i);
  clock_.Set(At("2026-01-01T09:00:00Z"));
  const auto first = Score();
  EXPECT_EQ(first.version, 1);
  EXPECT_EQ(first.customers, 61);
  EXPECT_EQ(first.buying_customers, 60);
  ASSERT_EQ(first.model, "bgnbd");
  ASSERT_EQ(first.fits.size(), 2u);
  EXPECT_TRUE(first.fits[0].params);
  EXPECT_GT(first.fits[0].distinct_triples, 0);
  for (core::Id id : ids) {
    auto s = Read<std::optional<domain::CustomerScore>>([&](domain::Txn& t) { return t.Economics().ScoreOf(id); });
    ASSERT_TRUE(s) << id;
    EXPECT_EQ(s->model, "bgnbd");
    EXPECT_EQ(s->model_version, 1);
    ASSERT_TRUE(s->p_alive);
    EXPECT_GT(*s->p_alive, 0);
    EXPECT_LE(*s->p_alive, 1);
    ASSERT_TRUE(s->expected_purchases_90d);
    EXPECT_GE(*s->expected_purchases_90d, 0);
    EXPECT_FALSE(s->previous_p_alive);
  }
  auto none = Read<std::optional<domain::CustomerScore>>([&](domain::Txn& t) { return t.Economics().ScoreOf(never.id); });
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->p_alive);
  EXPECT_FALSE(none->cohort);

  // Half a year later with no purchases: probabilities fall; the previous ones are kept.
  clock_.Set(At("2026-07-01T09:00:00Z"));
  const auto second = Score();
  EXPECT_EQ(second.version, 2);
  int fell = 0;
  for (core::Id id : ids) {
    auto s = Read<std::optional<domain::CustomerScore>>([&](domain::Txn& t) { return t.Economics().ScoreOf(id); });
    ASSERT_TRUE(s && s->previous_p_alive && s->p_alive);
    EXPECT_EQ(s->model_version, 2);
    if (*s->p_alive < *s->previous_p_alive) ++fell;
    // The at-risk rule follows the stored scores.
    domain::NextActionContext ctx{actor_, id, clock_.Now()};
    auto actions = domain::EconomicsRules(*db_)[0](ctx);
    ASSERT_TRUE(actions);
    const bool at_risk = s->frequency > 0 && (*s->p_alive < domain::kAtRiskPAlive ||
                                              (*s->previous_p_alive >= domain::kAtRiskMinPrevious &&
                                               *s->previous_p_alive - *s->p_alive >= domain::kAtRiskDrop));
    EXPECT_EQ(actions->size(), at_risk ? 1u : 0u) << id;
  }
  EXPECT_GT(fell, 30) << "silence lowers the probability of being alive for repeat buyers";

  auto v = Economics().Value(actor_, ids[12]);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->p_alive);
  ASSERT_TRUE(v->model);
  EXPECT_EQ(v->model->version, 2);
  auto what_if = Economics().WhatIfRetention(actor_, 0.05, 12);
  ASSERT_TRUE(what_if) << what_if.error().message;
  ASSERT_TRUE(what_if->customers_expected_lost);
  EXPECT_GT(*what_if->customers_expected_lost, 0);
  EXPECT_NEAR(*what_if->customers_kept, 0.05 * *what_if->customers_expected_lost, 1e-9);
  ASSERT_TRUE(what_if->value_cents) << (what_if->reasons.empty() ? "" : what_if->reasons.begin()->second);
  EXPECT_GT(*what_if->value_cents, 0);
  auto doubled = Economics().WhatIfRetention(actor_, 0.10, 12);
  ASSERT_TRUE(doubled && doubled->value_cents);
  EXPECT_NEAR(static_cast<double>(*doubled->value_cents), 2.0 * *what_if->value_cents, 2);
  auto cohorts = Economics().CohortTable(actor_);
  ASSERT_TRUE(cohorts);
  ASSERT_FALSE(cohorts->rows.empty());
  EXPECT_EQ(cohorts->rows[0].cohort, "2025-01");
  EXPECT_DOUBLE_EQ(cohorts->rows[0].retention[0], 1.0) << "every member bought in its first month";
  auto summary = Economics().Summary(actor_);
  ASSERT_TRUE(summary);
  EXPECT_TRUE(summary->overall.ltv_cents);
  EXPECT_TRUE(summary->overall.ltv_to_cac);
  EXPECT_EQ(summary->overall.customers, 61);
}

INSTANTIATE_TEST_SUITE_P(Backends, EconomicsTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::store
