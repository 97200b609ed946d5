#include "domain/economics/scoring_service.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "domain/audit/audit_repo.hpp"
#include "domain/cadence/cadence_repo.hpp"
#include "domain/economics/economics_repo.hpp"
#include "domain/jobs/job_repo.hpp"
#include "domain/workspace/settings_repo.hpp"

namespace rapport::domain {
namespace {

// Customers read per transaction (by id range) and written per transaction.
constexpr Id kReadChunk = 20'000;
constexpr std::size_t kWriteChunk = 5'000;
constexpr int kNone = std::numeric_limits<int>::min();

// What scoring keeps of one customer between reading and writing (about 110 bytes with a short
// source: a million customers take about 110 MB).
struct Row {
  Id id = 0;
  int first_day = kNone;
  int last_day = kNone;
  int acquisition_month = 0;
  std::int32_t days = 0;
  std::int64_t value_cents = 0;
  std::int64_t margin_cents = 0;
  std::int64_t first_day_amount = 0;
  std::int64_t cost_cents = -1;  // -1: unknown
  std::string source;
  std::int32_t break_even_months = -1;
};

std::int64_t MsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

double MonthlyDiscount() { return std::pow(1 + kAnnualDiscountRate, 1.0 / 12) - 1; }

core::Result<RescoreCheck> RequestScoringAfterChanges(Store& store, const core::Clock& clock, std::string_view job_name,
                                                      const RescorePolicy& policy) {
  RescoreCheck check;
  if (policy.threshold <= 0) return check;
  const Timestamp now = clock.Now();
  static const std::vector<std::string> kEntities = {"customer", "order"};
  auto st = store.Read([&](Txn& txn) -> core::Status {
    auto version = txn.Economics().LastFitVersion();
    if (!version) return core::Fail(version.error());
    if (*version > 0) {
      auto fits = txn.Economics().FitsOf(*version);
      if (!fits) return core::Fail(fits.error());
      if (!fits->empty()) check.since = fits->front().fitted_at;  // the run's start ("now" of the run)
    }
    auto n = txn.Audit().CountSince(check.since.value_or(Timestamp{0}), kEntities, policy.threshold);
    if (!n) return core::Fail(n.error());
    check.changes = *n;
    return {};
  });
  if (!st) return core::Fail(st.error());
  if (check.changes < policy.threshold) return check;
  const Timestamp at{check.since ? std::max(now.ms, check.since->ms + policy.min_gap.count()) : now.ms};
  auto moved = WriteValue<bool>(store, [&](Txn& txn) { return txn.Jobs().RequestRun(job_name, at); });
  if (!moved) return core::Fail(moved.error());
  if (*moved) check.requested_at = at;
  return check;
}

core::Result<ScoringReport> ScoringService::Run(const ScoringProgress& progress) {
  const auto start = std::chrono::steady_clock::now();
  const Timestamp now = clock_.Now();
  const int today = static_cast<int>(now.ms / core::kMsPerDay);
  ScoringReport report;

  // The setting, the acquisition costs per (source, month) and how many customers there are.
  std::string model = "bgnbd";
  CacTable cac;
  Id max_id = 0;
  auto st = store_.Read([&](Txn& txn) -> core::Status {
    auto setting = txn.Settings().Get(kModelSetting);
    if (!setting) return core::Fail(setting.error());
    if (*setting && **setting == "pareto-nbd") model = "pareto-nbd";
    auto spend = txn.Economics().ListSpend();
    if (!spend) return core::Fail(spend.error());
    if (!spend->empty()) {
      auto acquired = txn.Economics().AcquiredCounts();
      if (!acquired) return core::Fail(acquired.error());
      cac = ComputeCac(*spend, *acquired);
    }
    auto max = txn.Economics().MaxCustomerId();
    if (!max) return core::Fail(max.error());
    max_id = *max;
    auto version = txn.Economics().LastFitVersion();
    if (!version) return core::Fail(version.error());
    report.version = *version + 1;
    return {};
  });
  if (!st) return core::Fail(st.error());

  // Read every customer with their purchase days, by id range.
  std::vector<Row> rows;
  for (Id after = 0; after < max_id; after += kReadChunk) {
    const Id upto = std::min(max_id, after + kReadChunk);
    st = store_.Read([&](Txn& txn) -> core::Status {
      auto customers = txn.Economics().CustomersBetween(after, upto);
      if (!customers) return core::Fail(customers.error());
      auto days = txn.Economics().DaysBetween(after, upto);
      if (!days) return core::Fail(days.error());
      std::size_t d = 0;
      for (const auto& c : *customers) {
        Row row;
        row.id = c.id;
        row.source = c.source;
        row.acquisition_month = MonthIndexOf(static_cast<int>(c.created_at.ms / core::kMsPerDay));
        if (c.own_cost_cents > 0) {
          row.cost_cents = c.own_cost_cents;
        } else if (auto s = cac.find(c.source); s != cac.end()) {
          if (auto p = s->second.find(FormatMonthIndex(row.acquisition_month)); p != s->second.end())
            row.cost_cents = std::llround(p->second);
        }
        while (d < days->size() && (*days)[d].customer_id < c.id) ++d;  // orders of a vanished id
        std::int64_t cumulative = 0;
        for (; d < days->size() && (*days)[d].customer_id == c.id; ++d) {
          const auto& day = (*days)[d];
          if (day.day > today) continue;  // dated after now (a driven clock): not yet happened
          if (row.first_day == kNone) {
            row.first_day = day.day;
            row.first_day_amount = day.amount_cents;
          }
          row.last_day = day.day;
          ++row.days;
          row.value_cents += day.amount_cents;
          row.margin_cents += day.margin_cents;
          cumulative += day.margin_cents;
          if (row.cost_cents >= 0 && row.break_even_months < 0 && cumulative >= row.cost_cents)
            row.break_even_months = std::max(0, MonthIndexOf(day.day) - row.acquisition_month);
        }
        rows.push_back(row);
      }
      return {};
    });
    if (!st) return core::Fail(st.error());
    if (progress) progress("reading", upto, max_id);
  }
  report.read_ms = MsSince(start);

  // Histories in whole weeks (one transaction per customer-day).
  std::vector<ClvHistory> histories;
  std::int64_t overall_value = 0, overall_margin = 0;
  for (const auto& r : rows) {
    if (r.first_day == kNone) continue;
    ++report.buying_customers;
    if (r.days > 1) ++report.repeat_customers;
    overall_value += r.value_cents;
    overall_margin += r.margin_cents;
    ClvHistory h;
    h.frequency = r.days - 1;
    h.recency = static_cast<double>((r.last_day - r.first_day) / 7);
    h.age = static_cast<double>((today - r.first_day) / 7);
    h.mean_spend_cents = h.frequency > 0 ? static_cast<double>(r.value_cents - r.first_day_amount) / h.frequency : 0;
    histories.push_back(h);
  }

  const auto fit_start = std::chrono::steady_clock::now();
  std::unique_ptr<FittedClv> fitted;
  if (report.buying_customers < kMinFitCustomers || report.repeat_customers < kMinRepeatCustomers) {
    const std::string reason = "too little data: " + std::to_string(report.buying_customers) +
                               " customers have bought and " + std::to_string(report.repeat_customers) +
                               " bought again; a fit needs at least " + std::to_string(kMinFitCustomers) + " and " +
                               std::to_string(kMinRepeatCustomers);
    for (std::string_view m : {std::string_view(model), std::string_view("gamma-gamma")}) {
      ModelFitRecord f;
      f.model = std::string(m);
      f.customers = report.buying_customers;
      f.reason = reason;
      report.fits.push_back(std::move(f));
    }
  } else {
    auto outcome = engine_.Fit(model, histories);
    report.fits = std::move(outcome.records);
    fitted = std::move(outcome.fitted);
  }
  histories = {};
  report.fit_ms = MsSince(fit_start);
  if (fitted) report.model = std::string(fitted->Model());
  for (auto& f : report.fits) {
    f.version = report.version;
    f.fitted_at = now;
  }
  st = store_.Write([&](Txn& txn) -> core::Status {
    for (const auto& f : report.fits)
      if (auto s = txn.Economics().InsertFit(f); !s) return s;
    return {};
  });
  if (!st) return core::Fail(st.error());

  // Predictions per distinct (x, t_x, T), then every customer's scores.
  const auto write_start = std::chrono::steady_clock::now();
  const double overall_ratio = overall_value > 0 ? static_cast<double>(overall_margin) / overall_value : 0;
  const double monthly_discount = MonthlyDiscount();
  std::unordered_map<std::uint64_t, ClvPrediction> predictions;
  std::vector<CustomerScore> batch;
  batch.reserve(kWriteChunk);
  auto flush = [&]() -> core::Status {
    if (batch.empty()) return {};
    // The forgotten list ranks by the new predicted values in the same transaction.
    const Id after = batch.front().customer_id - 1, upto = batch.back().customer_id;
    auto s = store_.Write([&](Txn& txn) -> core::Status {
      if (auto w = txn.Economics().WriteScores(batch); !w) return w;
      return txn.Cadences().RerankFromScores(after, upto);
    });
    report.customers += static_cast<std::int64_t>(batch.size());
    batch.clear();
    if (progress) progress("writing", report.customers, static_cast<std::int64_t>(rows.size()));
    return s;
  };
  for (const auto& r : rows) {
    CustomerScore s;
    s.customer_id = r.id;
    s.scored_at = now;
    s.source = r.source;
    s.historical_value_cents = r.value_cents;
    s.historical_margin_cents = r.margin_cents;
    if (r.cost_cents >= 0) s.acquisition_cost_cents = r.cost_cents;
    if (r.break_even_months >= 0) s.break_even_months = r.break_even_months;
    if (r.first_day != kNone) {
      s.cohort = MonthOf(r.first_day);
      s.frequency = r.days - 1;
      const int tx = (r.last_day - r.first_day) / 7;
      const int age = (today - r.first_day) / 7;
      s.recency_weeks = tx;
      s.age_weeks = age;
      s.mean_spend_cents = s.frequency > 0 ? static_cast<double>(r.value_cents - r.first_day_amount) / s.frequency : 0;
      if (fitted) {
        const std::uint64_t key = (static_cast<std::uint64_t>(s.frequency) << 40) |
                                  (static_cast<std::uint64_t>(tx) << 20) | static_cast<std::uint64_t>(age);
        auto it = predictions.find(key);
        if (it == predictions.end())
          it = predictions
                   .emplace(key, fitted->Predict(s.frequency, tx, age, kExpectationWindowWeeks,
                                                 kValueHorizonMonths * kWeeksPerMonth, monthly_discount))
                   .first;
        s.model = std::string(fitted->Model());
        s.model_version = report.version;
        s.fitted_at = now;
        s.p_alive = it->second.p_alive;
        s.expected_purchases_90d = it->second.expected_purchases;
        if (auto spend = fitted->ExpectedSpend(s.frequency, s.mean_spend_cents)) {
          double ratio = r.value_cents > 0 ? static_cast<double>(r.margin_cents) / r.value_cents : overall_ratio;
          ratio = std::clamp(ratio, -1.0, 1.0);
          const double clv = it->second.discounted_purchases * *spend * ratio;
          s.predicted_clv_cents = std::llround(clv);
          // E[purchases | alive] = E[purchases] / P(alive) (no purchases once dropped out).
          if (it->second.p_alive > 0 && std::isfinite(clv / it->second.p_alive))
            s.clv_if_alive_cents = std::llround(clv / it->second.p_alive);
        }
      }
    }
    batch.push_back(std::move(s));
    if (batch.size() >= kWriteChunk)
      if (auto w = flush(); !w) return core::Fail(w.error());
  }
  if (auto w = flush(); !w) return core::Fail(w.error());
  report.write_ms = MsSince(write_start);
  report.elapsed_ms = MsSince(start);
  return report;
}

}  // namespace rapport::domain
