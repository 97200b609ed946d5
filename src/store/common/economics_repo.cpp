#include <algorithm>
#include <map>

#include "store/common/common_repos.hpp"

namespace rapport::store {
namespace {

using core::Fail;

// Rows per multi-row INSERT: 20 parameters each, well under both engines' limits.
constexpr std::size_t kScoreRowsPerStatement = 400;
constexpr std::size_t kScoreParams = 20;

constexpr std::string_view kScoreColumns =
    "customer_id, model, model_version, fitted_at, p_alive, expected_purchases_90d, predicted_clv_cents, "
    "historical_value_cents, historical_margin_cents, acquisition_cost_cents, break_even_months, cohort, "
    "source, frequency, recency_weeks, age_weeks, mean_spend_cents, previous_p_alive, scored_at, clv_if_alive_cents";

std::optional<double> OptReal(const SqlRows& r, int row, int col) {
  if (r.IsNull(row, col)) return std::nullopt;
  return r.Real(row, col);
}

}  // namespace

core::Status SqlEconomicsRepo::UpsertSpend(const domain::AcquisitionSpend& spend, std::optional<core::Id> by) {
  auto r = s_.Exec(
      "INSERT INTO acquisition_spend (source, period, amount_cents, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5) "
      "ON CONFLICT (source, period) DO UPDATE SET amount_cents = excluded.amount_cents, "
      "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
      {spend.source, spend.period, spend.amount_cents, spend.updated_at, by});
  if (!r) return Fail(r.error());
  return {};
}

core::Result<std::vector<domain::AcquisitionSpend>> SqlEconomicsRepo::ListSpend() {
  auto r = s_.Query("SELECT source, period, amount_cents, updated_at FROM acquisition_spend ORDER BY source, period");
  if (!r) return Fail(r.error());
  std::vector<domain::AcquisitionSpend> out;
  for (int i = 0; i < r->Rows(); ++i) out.push_back({r->Text(i, 0), r->Text(i, 1), r->Int(i, 2), r->Time(i, 3)});
  return out;
}

core::Result<std::vector<domain::AcquiredCount>> SqlEconomicsRepo::AcquiredCounts() {
  // Grouped by day in SQL (the same integer arithmetic on both engines), by month here.
  auto r = s_.Query(
      "SELECT COALESCE(source, ''), created_at / 86400000, COUNT(*) FROM customers GROUP BY 1, 2 ORDER BY 1, 2");
  if (!r) return Fail(r.error());
  std::map<std::pair<std::string, std::string>, std::int64_t> counts;
  for (int i = 0; i < r->Rows(); ++i)
    counts[{r->Text(i, 0), domain::MonthOf(static_cast<int>(r->Int(i, 1)))}] += r->Int(i, 2);
  std::vector<domain::AcquiredCount> out;
  for (const auto& [key, n] : counts) out.push_back({key.first, key.second, n});
  return out;
}

core::Result<std::int64_t> SqlEconomicsRepo::CountAcquired(const std::string& source, core::Timestamp from,
                                                           core::Timestamp to) {
  auto r = s_.Query("SELECT COUNT(*) FROM customers WHERE COALESCE(source, '') = $1 AND created_at >= $2 AND created_at < $3",
                    {source, from, to});
  if (!r) return Fail(r.error());
  return r->Int(0, 0);
}

core::Result<core::Id> SqlEconomicsRepo::MaxCustomerId() {
  auto r = s_.Query("SELECT COALESCE(MAX(id), 0) FROM customers");
  if (!r) return Fail(r.error());
  return r->Int(0, 0);
}

core::Result<std::vector<domain::CustomerBasics>> SqlEconomicsRepo::CustomersBetween(core::Id after, core::Id upto) {
  auto r = s_.Query(
      "SELECT id, created_at, COALESCE(source, ''), acquisition_cost_cents FROM customers "
      "WHERE id > $1 AND id <= $2 ORDER BY id",
      {after, upto});
  if (!r) return Fail(r.error());
  std::vector<domain::CustomerBasics> out;
  out.reserve(static_cast<std::size_t>(r->Rows()));
  for (int i = 0; i < r->Rows(); ++i) out.push_back({r->Int(i, 0), r->Time(i, 1), r->Text(i, 2), r->Int(i, 3)});
  return out;
}

core::Result<std::vector<domain::CustomerDay>> SqlEconomicsRepo::DaysBetween(core::Id after, core::Id upto) {
  // Fully refunded orders are no purchase; cancelled ones never were.
  auto r = s_.Query(
      "SELECT customer_id, ordered_at / 86400000 AS d, CAST(SUM(amount_cents - refunded_cents) AS BIGINT), "
      "CAST(SUM(margin_cents - refunded_margin_cents) AS BIGINT) FROM orders "
      "WHERE customer_id > $1 AND customer_id <= $2 AND status NOT IN ('cancelled', 'refunded') "
      "GROUP BY customer_id, d ORDER BY customer_id, d",
      {after, upto});
  if (!r) return Fail(r.error());
  std::vector<domain::CustomerDay> out;
  out.reserve(static_cast<std::size_t>(r->Rows()));
  for (int i = 0; i < r->Rows(); ++i)
    out.push_back({r->Int(i, 0), static_cast<int>(r->Int(i, 1)), r->Int(i, 2), r->Int(i, 3)});
  return out;
}

core::Status SqlEconomicsRepo::WriteScores(std::span<const domain::CustomerScore> scores) {
  for (std::size_t start = 0; start < scores.size(); start += kScoreRowsPerStatement) {
    const std::size_t end = std::min(scores.size(), start + kScoreRowsPerStatement);
    std::string sql = "INSERT INTO customer_scores (" + std::string(kScoreColumns) + ") VALUES ";
    SqlArgs args;
    args.reserve((end - start) * kScoreParams);
    for (std::size_t i = start; i < end; ++i) {
      const auto& s = scores[i];
      // PostgreSQL cannot infer a parameter's type inside a VALUES list: every one is cast.
      auto big = [&](SqlArg a) {
        std::string p = "CAST(" + NextParam(args) + " AS BIGINT)";
        args.push_back(std::move(a));
        return p;
      };
      auto real = [&](SqlArg a) {
        std::string p = "CAST(" + NextParam(args) + " AS DOUBLE PRECISION)";
        args.push_back(std::move(a));
        return p;
      };
      auto text = [&](SqlArg a) {
        std::string p = "CAST(" + NextParam(args) + " AS TEXT)";
        args.push_back(std::move(a));
        return p;
      };
      std::optional<std::int64_t> fitted;
      if (s.fitted_at) fitted = s.fitted_at->ms;
      sql += (i == start ? "(" : ", (") + big(s.customer_id) + ", " +
             text(s.model.empty() ? SqlArg(std::nullopt) : SqlArg(s.model)) + ", " + big(s.model_version) + ", " +
             big(fitted) + ", " + real(s.p_alive) + ", " + real(s.expected_purchases_90d) + ", " +
             big(s.predicted_clv_cents) + ", " + big(s.historical_value_cents) + ", " +
             big(s.historical_margin_cents) + ", " + big(s.acquisition_cost_cents) + ", " + big(s.break_even_months) +
             ", " + text(s.cohort) + ", " +
             text(s.source.empty() ? SqlArg(std::nullopt) : SqlArg(s.source)) + ", " + big(s.frequency) + ", " + real(s.recency_weeks) + ", " +
             real(s.age_weeks) + ", " + real(s.mean_spend_cents) + ", " + real(std::nullopt) + ", " +
             big(s.scored_at.ms) + ", " + big(s.clv_if_alive_cents) + ")";
    }
    sql +=
        " ON CONFLICT (customer_id) DO UPDATE SET model = excluded.model, model_version = excluded.model_version, "
        "fitted_at = excluded.fitted_at, previous_p_alive = customer_scores.p_alive, p_alive = excluded.p_alive, "
        "expected_purchases_90d = excluded.expected_purchases_90d, predicted_clv_cents = excluded.predicted_clv_cents, "
        "historical_value_cents = excluded.historical_value_cents, "
        "historical_margin_cents = excluded.historical_margin_cents, "
        "acquisition_cost_cents = excluded.acquisition_cost_cents, break_even_months = excluded.break_even_months, "
        "cohort = excluded.cohort, source = excluded.source, frequency = excluded.frequency, recency_weeks = excluded.recency_weeks, "
        "age_weeks = excluded.age_weeks, mean_spend_cents = excluded.mean_spend_cents, scored_at = excluded.scored_at, "
        "clv_if_alive_cents = excluded.clv_if_alive_cents";
    auto r = s_.Exec(sql, args);
    if (!r) return Fail(r.error());
  }
  return {};
}

core::Result<std::optional<domain::CustomerScore>> SqlEconomicsRepo::ScoreOf(core::Id customer_id) {
  auto r = s_.Query("SELECT " + std::string(kScoreColumns) + " FROM customer_scores WHERE customer_id = $1", {customer_id});
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::CustomerScore>{};
  domain::CustomerScore s;
  s.customer_id = r->Int(0, 0);
  s.model = r->Text(0, 1);
  s.model_version = r->OptInt(0, 2);
  s.fitted_at = r->OptTime(0, 3);
  s.p_alive = OptReal(*r, 0, 4);
  s.expected_purchases_90d = OptReal(*r, 0, 5);
  s.predicted_clv_cents = r->OptInt(0, 6);
  s.historical_value_cents = r->Int(0, 7);
  s.historical_margin_cents = r->Int(0, 8);
  s.acquisition_cost_cents = r->OptInt(0, 9);
  s.break_even_months = r->OptInt(0, 10);
  s.cohort = r->OptText(0, 11);
  s.source = r->Text(0, 12);
  s.frequency = r->Int(0, 13);
  s.recency_weeks = r->Real(0, 14);
  s.age_weeks = r->Real(0, 15);
  s.mean_spend_cents = r->Real(0, 16);
  s.previous_p_alive = OptReal(*r, 0, 17);
  s.scored_at = r->Time(0, 18);
  s.clv_if_alive_cents = r->OptInt(0, 19);
  return std::optional<domain::CustomerScore>(std::move(s));
}

core::Status SqlEconomicsRepo::InsertFit(const domain::ModelFitRecord& f) {
  auto r = s_.Exec(
      "INSERT INTO model_fits (version, model, params, log_likelihood, customers, distinct_triples, seconds, reason, "
      "fitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      {f.version, f.model, f.params, f.log_likelihood, f.customers, f.distinct_triples, f.seconds, f.reason,
       f.fitted_at});
  if (!r) return Fail(r.error());
  return {};
}

core::Result<std::int64_t> SqlEconomicsRepo::LastFitVersion() {
  auto r = s_.Query("SELECT COALESCE(MAX(version), 0) FROM model_fits");
  if (!r) return Fail(r.error());
  return r->Int(0, 0);
}

core::Result<std::vector<domain::ModelFitRecord>> SqlEconomicsRepo::FitsOf(std::int64_t version) {
  auto r = s_.Query(
      "SELECT version, model, params, log_likelihood, customers, distinct_triples, seconds, reason, fitted_at "
      "FROM model_fits WHERE version = $1 ORDER BY id",
      {version});
  if (!r) return Fail(r.error());
  std::vector<domain::ModelFitRecord> out;
  for (int i = 0; i < r->Rows(); ++i)
    out.push_back({r->Int(i, 0), r->Text(i, 1), r->OptText(i, 2), OptReal(*r, i, 3), r->Int(i, 4), r->Int(i, 5),
                   r->Real(i, 6), r->OptText(i, 7), r->Time(i, 8)});
  return out;
}

core::Result<std::vector<domain::ScoreGroup>> SqlEconomicsRepo::ScoreGroups() {
  auto r = s_.Query(
      "SELECT frequency, recency_weeks, age_weeks, COUNT(*), CAST(AVG(mean_spend_cents) AS DOUBLE PRECISION), "
      "CAST(AVG(p_alive) AS DOUBLE PRECISION), CAST(SUM(historical_value_cents) AS BIGINT), "
      "CAST(SUM(historical_margin_cents) AS BIGINT) FROM customer_scores WHERE cohort IS NOT NULL AND p_alive IS NOT NULL "
      "GROUP BY frequency, recency_weeks, age_weeks");
  if (!r) return Fail(r.error());
  std::vector<domain::ScoreGroup> out;
  out.reserve(static_cast<std::size_t>(r->Rows()));
  for (int i = 0; i < r->Rows(); ++i)
    out.push_back({r->Int(i, 0), r->Real(i, 1), r->Real(i, 2), r->Int(i, 3), r->Real(i, 4), r->Real(i, 5),
                   r->Int(i, 6), r->Int(i, 7)});
  return out;
}

core::Result<std::vector<domain::ScoreAggregate>> SqlEconomicsRepo::ScoreAggregates() {
  auto r = s_.Query(
      "SELECT COALESCE(s.source, ''), COALESCE(s.cohort, ''), s.break_even_months, COUNT(*), "
      "COUNT(s.acquisition_cost_cents), CAST(COALESCE(SUM(s.acquisition_cost_cents), 0) AS BIGINT), "
      "CAST(COALESCE(SUM(s.historical_margin_cents), 0) AS BIGINT), "
      "CAST(COALESCE(SUM(s.predicted_clv_cents), 0) AS BIGINT), COUNT(s.predicted_clv_cents) "
      "FROM customer_scores s GROUP BY 1, 2, 3");
  if (!r) return Fail(r.error());
  std::vector<domain::ScoreAggregate> out;
  for (int i = 0; i < r->Rows(); ++i)
    out.push_back({r->Text(i, 0), r->Text(i, 1), r->OptInt(i, 2), r->Int(i, 3), r->Int(i, 4), r->Int(i, 5),
                   r->Int(i, 6), r->Int(i, 7), r->Int(i, 8)});
  return out;
}

}  // namespace rapport::store
