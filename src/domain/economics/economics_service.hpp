// EconomicsService: customer economics: acquisition spend and CAC, one customer's value, and the
// portfolio figures (summary, cohorts, what-if). Figures that cannot be computed are absent, with
// a reason under the figure's name in `reasons`. The service reads; the arithmetic is in
// value_rules.hpp (pure functions).
//
// Thread safety: stateless apart from references to the Store, the Clock and the ClvEngine (itself
// thread-safe); safe to call from many threads at once. Each call runs its own read transaction,
// except PutSpend (one write, then ListSpend's read) and CohortTable (one read per 50,000 customer
// ids, so a figure over many chunks is not one snapshot).
//
// Errors (besides the store's kUnavailable / kInternal):
//   kPermissionDenied  PutSpend, Summary, CohortTable, WhatIfRetention by a rep
//                      (RequirePortfolioViewer).
//   kInvalidArgument   PutSpend: "source" (missing, over 100 characters), "period" (not YYYY-MM),
//                      "amount_cents" (missing, negative), all at once; WhatIfRetention:
//                      "retention_uplift", "horizon_months".
//   kNotFound          Value of a customer the actor does not see.
//   kInternal          PutSpend when the entry it wrote is missing from the list read after it.
//   ListSpend and CardValues check no role and answer only the store's errors.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/economics/clv_engine.hpp"
#include "domain/economics/value_rules.hpp"
#include "domain/store.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

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

struct EconomicsSummary {
  PortfolioFigures overall;
  std::vector<std::pair<std::string, PortfolioFigures>> by_source;  // "" = no source
  std::vector<std::pair<std::string, PortfolioFigures>> by_cohort;  // first-order month
  std::optional<ModelInfo> model;
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
