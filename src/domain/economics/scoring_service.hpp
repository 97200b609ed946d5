// The nightly scoring run: reads every customer's purchase days, fits the purchase model (BG/NBD,
// or Pareto/NBD by the setting "economics.model") and Gamma-Gamma on the grouped histories in
// weeks, and writes every customer's scores durably, a few thousand customers per transaction.
// With too little data nothing is fitted: the scores keep their model figures empty and the fit
// records say why.
//
// Thread safety: ScoringService keeps no state between runs (references to the Store, the Clock
// and the thread-safe ClvEngine only), but runs must not overlap: the server runs it under a job
// lease (jobs/job_runner.hpp). RequestScoringAfterChanges is safe to call from many threads.
//
// Errors: Run and RequestScoringAfterChanges answer only the store's kUnavailable / kInternal; a
// model that cannot be fitted is not an error (the report's fits say why). A failed Run leaves
// what it committed: the fit records and the scores of the chunks written so far.
#pragma once

#include <chrono>
#include <functional>
#include <string_view>

#include "core/clock.hpp"
#include "domain/economics/clv_engine.hpp"
#include "domain/store.hpp"

namespace rapport::domain {

// Assumptions shared by scoring and the portfolio figures.
inline constexpr double kValueHorizonMonths = 12;
inline constexpr double kWeeksPerMonth = 365.25 / 12 / 7;
inline constexpr double kAnnualDiscountRate = 0.10;
inline constexpr double kExpectationWindowWeeks = 90.0 / 7;
// A fit needs at least this many buying customers, of whom this many bought again.
inline constexpr std::int64_t kMinFitCustomers = 20;
inline constexpr std::int64_t kMinRepeatCustomers = 5;
inline constexpr std::string_view kModelSetting = "economics.model";

double MonthlyDiscount();  // (1 + annual)^(1/12) - 1

struct ScoringReport {
  std::int64_t version = 0;
  std::int64_t customers = 0;        // scores written
  std::int64_t buying_customers = 0;  // with at least one purchase day
  std::int64_t repeat_customers = 0;
  std::string model;                  // what was fitted ("" when nothing)
  std::vector<ModelFitRecord> fits;
  std::int64_t read_ms = 0, fit_ms = 0, write_ms = 0, elapsed_ms = 0;
};

// phase ("reading", "writing"), done, total (customers).
using ScoringProgress = std::function<void(std::string_view phase, std::int64_t done, std::int64_t total)>;

// Rescoring after large changes (imports, bulk edits, any path): the nightly job is asked to run
// soon when at least `threshold` changes to customers and orders (entries of the audit log about
// a customer or an order: created, updated, stage moved, refunded, ...) happened since the last
// scoring run began; not sooner than `min_gap` after that run began, so a steady stream of writes
// cannot keep the scorer busy. A threshold of 0 turns it off.
struct RescorePolicy {
  std::int64_t threshold = 1000;
  std::chrono::milliseconds min_gap = std::chrono::minutes(10);
};
struct RescoreCheck {
  std::int64_t changes = 0;             // counted up to the threshold
  std::optional<Timestamp> since;       // the last run began then (none: no run yet)
  std::optional<Timestamp> requested_at;  // the job was made due then (none: not asked)
};
// Counts the changes since the last run and, when they reach the threshold, makes job `job_name`
// (the scoring job) due at max(now, last run's start + min_gap) through the jobs' leases: whichever
// server claims it next runs it.
core::Result<RescoreCheck> RequestScoringAfterChanges(Store& store, const core::Clock& clock, std::string_view job_name,
                                                      const RescorePolicy& policy);

class ScoringService {
 public:
  ScoringService(Store& store, const core::Clock& clock, const ClvEngine& engine)
      : store_(store), clock_(clock), engine_(engine) {}
  core::Result<ScoringReport> Run(const ScoringProgress& progress = {});

 private:
  Store& store_;
  const core::Clock& clock_;
  const ClvEngine& engine_;
};

}  // namespace rapport::domain
