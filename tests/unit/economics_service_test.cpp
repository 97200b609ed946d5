// Customer economics through its services on every backend, with a driven clock (issue 8): the
// break-even month of a known order history, CAC allocated from spend, answers on an empty
// database (nulls with reasons, no fit), scores written for every customer with their model
// version, the previous probability kept by the next run, and the what-if from the stored fit.
// The scores in use: Today's forgotten customers ranked by predicted value, the win-back cap from
// the predicted value if alive, and a scoring run made due by many changes since the last one.
#include <gtest/gtest.h>

#include <algorithm>

#include "analytics/clv/clv_engine.hpp"
#include "domain/cadence/cadence_service.hpp"
#include "domain/economics/economics_service.hpp"
#include "domain/economics/scoring_service.hpp"
#include "domain/next_action/economics_rules.hpp"
#include "domain/jobs/job_runner.hpp"
#include "domain/order/order_service.hpp"
#include "domain/today/today_service.hpp"
#include "domain/winback/winback_service.hpp"
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

  // 60 buyers with deterministic histories from 2025-01-02 (created at the clock's time): customer
  // i buys every (i % 7 + 1) weeks for (i % 10 + 1) purchases, starting on day i.
  std::vector<core::Id> Book() {
    std::vector<core::Id> ids;
    for (int i = 0; i < 60; ++i) ids.push_back(CustomerFrom("C" + std::to_string(i), i % 2 ? "ads" : "social", 5'000).id);
    for (int i = 0; i < 60; ++i)
      for (int k = 0; k < i % 10 + 1; ++k)
        Order(ids[static_cast<std::size_t>(i)],
              core::Timestamp{At("2025-01-02T10:00:00Z").ms + (i + k * 7 * (i % 7 + 1)) * kDay}, 2'000 + 100 * i + 50 * k,
              800 + 10 * i);
    return ids;
  }
  void CadencePass(bool full) {
    auto r = domain::CadenceService(*db_, clock_).RunPass(full);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
  }
  // Every forgotten customer of the signed-in user, page by page (`page` per page).
  std::vector<domain::ForgottenCustomer> Forgotten(int page) {
    std::vector<domain::ForgottenCustomer> all;
    std::optional<std::string> cursor;
    domain::TodayService today(*db_, clock_);
    for (int guard = 0; guard < 1000; ++guard) {
      auto t = today.ForUser(actor_, std::nullopt, page, cursor);
      EXPECT_TRUE(t) << (t ? "" : t.error().message);
      if (!t) break;
      all.insert(all.end(), t->forgotten.begin(), t->forgotten.end());
      if (!t->next_cursor) break;
      cursor = t->next_cursor;
    }
    return all;
  }
  std::optional<domain::CustomerScore> ScoreOf(core::Id id) {
    return Read<std::optional<domain::CustomerScore>>([&](domain::Txn& t) { return t.Economics().ScoreOf(id); });
  }
  static bool RankedDescending(const std::vector<domain::ForgottenCustomer>& list) {
    return std::is_sorted(list.begin(), list.end(), [](const auto& a, const auto& b) {
      return a.rank_cents != b.rank_cents ? a.rank_cents > b.rank_cents : a.customer_id < b.customer_id;
    });
  }
  void Churn(core::Id id) {
    for (auto stage : {domain::Stage::kRomance, domain::Stage::kChurned}) {
      domain::StageChangeRequest req;
      req.target = stage;
      if (stage == domain::Stage::kChurned) req.reason = "stopped buying";
      auto r = customers_->ChangeStage(actor_, id, req);
      ASSERT_TRUE(r) << r.error().message;
    }
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

TEST_P(EconomicsTest, TodayRanksForgottenCustomersByPredictedValueOnceScored) {
  clock_.Set(At("2025-01-01T09:00:00Z"));
  const auto ids = Book();
  clock_.Set(At("2026-01-01T09:00:00Z"));
  CadencePass(/*full=*/true);

  // Before any scoring run: by cumulative margin, no predicted value.
  const auto before = Forgotten(50);
  ASSERT_EQ(before.size(), ids.size()) << "never touched: every buyer is forgotten";
  for (const auto& f : before) {
    EXPECT_FALSE(f.predicted_clv_cents);
    EXPECT_EQ(f.rank_cents, f.value_cents);
  }
  EXPECT_TRUE(RankedDescending(before));

  // The scoring run re-ranks in the same transactions as it writes the scores.
  Score();
  const auto after = Forgotten(7);  // page by page: the cursor follows the new ranking
  ASSERT_EQ(after.size(), ids.size());
  for (const auto& f : after) {
    const auto score = ScoreOf(f.customer_id);
    ASSERT_TRUE(score && score->predicted_clv_cents) << f.customer_id;
    EXPECT_EQ(f.predicted_clv_cents, score->predicted_clv_cents);
    EXPECT_EQ(f.rank_cents, *score->predicted_clv_cents);
  }
  EXPECT_TRUE(RankedDescending(after));
  std::vector<core::Id> by_margin, by_prediction;
  for (const auto& f : before) by_margin.push_back(f.customer_id);
  for (const auto& f : after) by_prediction.push_back(f.customer_id);
  EXPECT_NE(by_margin, by_prediction) << "past margin and predicted value rank these customers differently";
  std::vector<core::Id> one_page;
  for (const auto& f : Forgotten(100)) one_page.push_back(f.customer_id);
  EXPECT_EQ(one_page, by_prediction) << "pages add up to the whole list";

  // The cadence scheduler keeps the predicted ranking: a full pass, and an order since the run
  // (its margin moves at once, its predicted value at the next run).
  CadencePass(/*full=*/true);
  std::vector<core::Id> again;
  for (const auto& f : Forgotten(100)) again.push_back(f.customer_id);
  EXPECT_EQ(again, by_prediction);
  const core::Id last = by_prediction.back();
  const auto last_score = ScoreOf(last);
  auto state_of = [&](core::Id id) {
    return Read<std::optional<domain::CadenceState>>([&](domain::Txn& t) { return t.Cadences().StateOf(id); });
  };
  const auto old_state = state_of(last);
  ASSERT_TRUE(old_state);
  Order(last, core::Timestamp{clock_.Now().ms - kDay}, 500'000, 200'000);
  CadencePass(/*full=*/false);
  const auto state = state_of(last);
  ASSERT_TRUE(state);
  EXPECT_EQ(state->value_cents, old_state->value_cents + 200'000);
  EXPECT_EQ(state->rank_cents, *last_score->predicted_clv_cents);

  // A customer without a score (new since the run) ranks by margin among the scored ones.
  const auto newcomer = CustomerFrom("Newcomer", "ads");
  clock_.Set(core::Timestamp{clock_.Now().ms + 31 * kDay});
  Order(newcomer.id, core::Timestamp{clock_.Now().ms - kDay}, 9'000'000, 4'000'000);
  CadencePass(/*full=*/false);
  const auto with_newcomer = Forgotten(100);
  ASSERT_FALSE(with_newcomer.empty());
  EXPECT_EQ(with_newcomer.front().customer_id, newcomer.id) << "4,000,000 of margin outranks every prediction";
  EXPECT_FALSE(with_newcomer.front().predicted_clv_cents);
  EXPECT_EQ(with_newcomer.front().rank_cents, 4'000'000);
  EXPECT_TRUE(RankedDescending(with_newcomer));

  // The next run scores the newcomer too: its rank becomes its prediction.
  Score();
  const auto rescored = Forgotten(100);
  EXPECT_TRUE(RankedDescending(rescored));
  for (const auto& f : rescored) {
    const auto score = ScoreOf(f.customer_id);
    ASSERT_TRUE(score);
    EXPECT_EQ(f.rank_cents, domain::RankValue(score->predicted_clv_cents, f.value_cents)) << f.customer_id;
  }

  // A cursor that is not one is refused.
  auto bad = domain::TodayService(*db_, clock_).ForUser(actor_, std::nullopt, 5, std::string_view("12"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument);
}

TEST_P(EconomicsTest, TheWinBackCapIsThePredictedValueIfAliveOnceScored) {
  clock_.Set(At("2025-01-01T09:00:00Z"));
  const auto ids = Book();
  clock_.Set(At("2026-01-01T09:00:00Z"));
  const core::Id c = ids[19];  // ten purchases, every six weeks
  Churn(c);
  domain::WinBackService winback(*db_, clock_, "USD");

  // No scoring run yet: the historical yearly margin, as before.
  auto historical = winback.Status(actor_, c);
  ASSERT_TRUE(historical) << historical.error().message;
  EXPECT_EQ(historical->cap_basis, domain::kCapBasisHistorical);
  EXPECT_FALSE(historical->predicted_value_if_alive_cents);
  EXPECT_EQ(historical->expected_margin_cents, historical->historical_yearly_margin_cents);
  EXPECT_EQ(historical->historical_yearly_margin_cents,
            domain::YearlyMargin(historical->history.net_margin_cents, historical->days));

  Score();
  const auto score = ScoreOf(c);
  ASSERT_TRUE(score && score->predicted_clv_cents && score->p_alive && score->clv_if_alive_cents);
  // CLV / P(alive), from the unrounded CLV: within the rounding of the stored CLV.
  EXPECT_NEAR(static_cast<double>(*score->clv_if_alive_cents), *score->predicted_clv_cents / *score->p_alive,
              0.5 / *score->p_alive + 0.5);
  EXPECT_GE(*score->clv_if_alive_cents, *score->predicted_clv_cents);
  auto predicted = winback.Status(actor_, c);
  ASSERT_TRUE(predicted);
  EXPECT_EQ(predicted->cap_basis, domain::kCapBasisPredicted);
  EXPECT_EQ(predicted->predicted_value_if_alive_cents, score->clv_if_alive_cents);
  EXPECT_EQ(predicted->p_alive, score->p_alive);
  EXPECT_EQ(predicted->expected_margin_cents, *score->clv_if_alive_cents);
  EXPECT_EQ(predicted->historical_yearly_margin_cents, historical->historical_yearly_margin_cents) << "still shown";
  EXPECT_EQ(predicted->cap_cents, *score->clv_if_alive_cents);
  ASSERT_GT(predicted->cap_cents, 100);

  // An offer above the cap is refused, naming the basis; within it, the cap shrinks by its cost.
  domain::WinBackOfferInput too_much{"A voucher", predicted->cap_cents + 1, {}};
  auto refused = winback.Offer(actor_, c, too_much);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(refused.error().message.find("predicted value over 12 months if still buying"), std::string::npos)
      << refused.error().message;
  domain::WinBackOfferInput half{"A voucher", predicted->cap_cents / 2, {}};
  auto offered = winback.Offer(actor_, c, half);
  ASSERT_TRUE(offered) << offered.error().message;
  EXPECT_EQ(offered->offer.cap_at_offer_cents, predicted->cap_cents);
  EXPECT_EQ(offered->status.cap_cents, predicted->cap_cents - predicted->cap_cents / 2);
}

TEST_P(EconomicsTest, TheWinBackCapFallsBackToTheHistoricalMarginWithoutAPrediction) {
  clock_.Set(At("2025-01-01T09:00:00Z"));
  const auto a = CustomerFrom("A", "ads");
  const auto b = CustomerFrom("B", "ads");
  Order(a.id, At("2025-02-01T10:00:00Z"), 10'000, 3'650);
  Order(a.id, At("2025-03-01T10:00:00Z"), 10'000, 3'650);
  Order(b.id, At("2025-02-01T10:00:00Z"), 10'000, 1'000);
  clock_.Set(At("2026-01-01T09:00:00Z"));
  Churn(a.id);
  Score();  // two buyers: too little data to fit, so scores without a prediction
  const auto score = ScoreOf(a.id);
  ASSERT_TRUE(score);
  EXPECT_FALSE(score->predicted_clv_cents);
  EXPECT_FALSE(score->clv_if_alive_cents);
  auto s = domain::WinBackService(*db_, clock_, "USD").Status(actor_, a.id);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->cap_basis, domain::kCapBasisHistorical);
  EXPECT_EQ(s->expected_margin_cents, 7'300) << "7,300 of margin over less than a year counts as a year";
  EXPECT_EQ(s->cap_cents, 7'300);
  // A customer the caller may not see is not found, scores or not.
  domain::Actor stranger{actor_.user_id + 1000, domain::Role::kRep, std::nullopt, "stranger"};
  auto hidden = domain::WinBackService(*db_, clock_, "USD").Status(stranger, a.id);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, core::ErrorCode::kNotFound);
}

TEST_P(EconomicsTest, ManyChangesSinceTheLastRunMakeTheScoringJobDueSoon) {
  const domain::JobSchedule job{"scoring", std::chrono::hours(24), std::chrono::minutes(30)};
  auto run = [&]() -> core::Result<bool> {
    return domain::RunIfDue(*db_, clock_, "server-a", job, [&]() -> core::Status {
      auto r = Scoring().Run();
      if (!r) return core::Fail(r.error());
      return {};
    });
  };
  auto next_run_at = [&] {
    auto jobs = Read<std::vector<domain::JobState>>([](domain::Txn& t) { return t.Jobs().List(); });
    for (const auto& j : jobs)
      if (j.name == "scoring") return j.next_run_at;
    ADD_FAILURE() << "no scoring job";
    return core::Timestamp{};
  };
  const domain::RescorePolicy policy{5, std::chrono::minutes(10)};
  auto check = [&](const domain::RescorePolicy& p) {
    auto c = domain::RequestScoringAfterChanges(*db_, clock_, job.name, p);
    EXPECT_TRUE(c) << (c ? "" : c.error().message);
    return c ? *c : domain::RescoreCheck{};
  };

  const core::Timestamp t0 = At("2026-01-01T00:00:00Z");
  clock_.Set(core::Timestamp{t0.ms - 60'000});
  CustomerFrom("Before the first run", "ads");
  auto nothing_yet = check(policy);
  EXPECT_FALSE(nothing_yet.since) << "no run yet";
  EXPECT_EQ(nothing_yet.changes, 1);
  EXPECT_FALSE(nothing_yet.requested_at);
  clock_.Set(t0);
  auto first = run();
  ASSERT_TRUE(first && *first) << "the first run is due at once";
  EXPECT_EQ(next_run_at().ms, t0.ms + 24 * 3600'000);

  // Four changes since the run began: below the threshold, nothing moves.
  clock_.AdvanceMs(60'000);
  std::vector<core::Id> added;
  for (int i = 0; i < 4; ++i) added.push_back(CustomerFrom("Imported " + std::to_string(i), "import").id);
  auto below = check(policy);
  EXPECT_EQ(below.since, t0);
  EXPECT_EQ(below.changes, 4);
  EXPECT_FALSE(below.requested_at);
  EXPECT_EQ(next_run_at().ms, t0.ms + 24 * 3600'000);

  // The fifth (an order: orders count as well): the run is due ten minutes after the last began.
  Order(added[0], core::Timestamp{clock_.Now().ms - 1}, 1'000, 400);
  auto reached = check(policy);
  EXPECT_EQ(reached.changes, 5) << "counted up to the threshold only";
  ASSERT_TRUE(reached.requested_at);
  EXPECT_EQ(reached.requested_at->ms, t0.ms + 10 * 60'000);
  EXPECT_EQ(next_run_at().ms, t0.ms + 10 * 60'000);
  EXPECT_FALSE(check(policy).requested_at) << "asked once: the job is already due then";
  EXPECT_FALSE(check(domain::RescorePolicy{0, std::chrono::minutes(10)}).requested_at) << "0 turns it off";

  auto early = run();
  ASSERT_TRUE(early);
  EXPECT_FALSE(*early) << "not before the gap";
  clock_.Set(core::Timestamp{t0.ms + 10 * 60'000});
  auto soon = run();
  ASSERT_TRUE(soon && *soon) << "the requested run";
  const auto score = ScoreOf(added[0]);
  ASSERT_TRUE(score);
  EXPECT_EQ(score->historical_margin_cents, 400) << "the new run saw the changes";

  // Changes before the run began no longer count; the nightly schedule resumes.
  const auto after = check(policy);
  EXPECT_EQ(after.since, clock_.Now());
  EXPECT_EQ(after.changes, 0);
  EXPECT_FALSE(after.requested_at);
  EXPECT_EQ(next_run_at().ms, t0.ms + 10 * 60'000 + 24 * 3600'000);
  // Right after a run the request waits out the gap; later ones are due at once.
  clock_.AdvanceMs(20 * 60'000);
  for (int i = 0; i < 5; ++i) CustomerFrom("Later " + std::to_string(i), "import");
  const auto later = check(policy);
  ASSERT_TRUE(later.requested_at);
  EXPECT_EQ(*later.requested_at, clock_.Now());
}

INSTANTIATE_TEST_SUITE_P(Backends, EconomicsTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::store
