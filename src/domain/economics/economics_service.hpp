// Use cases of customer economics: acquisition spend and CAC, one customer's value, and the
// portfolio figures (summary, cohorts, what-if). Figures that cannot be computed are absent, with
// a reason under the figure's name in `reasons`. Thread-safe (state lives in the store).
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/economics/clv_engine.hpp"
#include "domain/repos.hpp"

namespace rapport::domain {

using Reasons = std::map<std::string, std::string>;

struct SpendEntry {
  AcquisitionSpend spend;
  std::int64_t customers_acquired = 0;
  std::optional<std::int64_t> cac_cents;  // absent when no customer was acquired then
};

struct SpendInput {
  std::optional<std::string> source;
  std::optional<std::string> period;
  std::optional<std::int64_t> amount_cents;
};

struct ModelInfo {
  std::string model;
  std::int64_t version = 0;
  Timestamp fitted_at;
  std::vector<ModelFitRecord> fits;
};

struct CustomerValue {
  Id customer_id = 0;
  std::optional<std::int64_t> acquisition_cost_cents;
  std::string acquisition_cost_basis;  // "customer", "allocated" or "" (unknown)
  std::string acquisition_month;       // "YYYY-MM" of created_at
  std::vector<MonthMargin> months;     // acquisition month to this month
  std::optional<std::string> break_even_month;
  std::optional<std::string> projected_break_even_month;
  std::int64_t historical_value_cents = 0;
  std::int64_t historical_margin_cents = 0;
  std::optional<std::int64_t> predicted_clv_cents;
  std::optional<double> p_alive;
  std::optional<double> previous_p_alive;
  std::optional<double> expected_purchases_90d;
  std::optional<ModelInfo> model;
  std::optional<Timestamp> scored_at;
  Reasons reasons;
};

struct PortfolioFigures {
  std::int64_t customers = 0;
  std::int64_t customers_with_cost = 0;
  std::optional<std::int64_t> cac_cents;
  std::optional<std::int64_t> ltv_cents;  // historical margin + predicted CLV, per buying customer
  std::optional<double> ltv_to_cac;
  std::optional<double> median_months_to_break_even;  // of those who broke even
  std::int64_t broke_even = 0;
  std::int64_t not_yet = 0;  // with a cost, not yet broken even
  Reasons reasons;
};

struct EconomicsSummary {
  PortfolioFigures overall;
  std::vector<std::pair<std::string, PortfolioFigures>> by_source;  // "" = no source
  std::vector<std::pair<std::string, PortfolioFigures>> by_cohort;  // first-order month
  std::optional<ModelInfo> model;
  Reasons reasons;
};

struct CohortRow {
  std::string cohort;  // first-order month
  std::int64_t customers = 0;
  std::int64_t margin_cents = 0;
  std::vector<double> retention;  // [k]: share of the cohort buying in month cohort + k
};

struct Cohorts {
  std::vector<CohortRow> rows;
  Reasons reasons;
};

struct WhatIf {
  double retention_uplift = 0;
  int horizon_months = 12;
  std::optional<double> customers_expected_lost;  // Σ (1 − p_alive)
  std::optional<double> customers_kept;           // uplift × that
  std::optional<std::int64_t> value_cents;        // margin over the horizon, discounted
  std::optional<ModelInfo> model;
  std::vector<std::string> assumptions;
  Reasons reasons;
};

struct CardValue {
  std::int64_t historical_value_cents = 0;          // net amount bought so far
  std::optional<std::int64_t> predicted_clv_cents;  // of the latest scoring run
};

class EconomicsService {
 public:
  EconomicsService(Store& store, const core::Clock& clock, const ClvEngine& engine)
      : store_(store), clock_(clock), engine_(engine) {}
  core::Result<std::vector<SpendEntry>> ListSpend(const Actor& actor);
  // Creates or replaces the (source, period) entry (managers and admins); .second: created.
  // MayEnterSpend is that role rule alone (kPermissionDenied for a rep).
  static core::Status MayEnterSpend(const Actor& actor);
  core::Result<std::pair<SpendEntry, bool>> PutSpend(const Actor& actor, const SpendInput& input);
  // kNotFound when `actor` does not see the customer.
  core::Result<CustomerValue> Value(const Actor& actor, Id customer_id);
  // The stored value figures of listed customers (the board's cards): one key lookup each, so a
  // page of cards costs no per-card request. Customers never scored are absent. No scope check:
  // the ids come from a list the actor was already allowed to read.
  core::Result<std::map<Id, CardValue>> CardValues(std::span<const Id> ids);
  // Managers and admins.
  core::Result<EconomicsSummary> Summary(const Actor& actor);
  core::Result<Cohorts> CohortTable(const Actor& actor);
  // 0 < uplift <= 1, 1 <= horizon_months <= 120 (422 naming the parameter otherwise).
  core::Result<WhatIf> WhatIfRetention(const Actor& actor, double uplift, int horizon_months);

 private:
  Store& store_;
  const core::Clock& clock_;
  const ClvEngine& engine_;
};

// Portfolio figures (summary, cohorts, what-if, funnel, p-alive) are for managers and admins.
core::Status RequirePortfolioViewer(const Actor& actor);

// The latest fit run's records and, when usable, its models.
core::Result<std::optional<ModelInfo>> LatestModel(Txn& txn);

}  // namespace rapport::domain
