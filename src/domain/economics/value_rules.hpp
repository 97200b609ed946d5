// The arithmetic of customer economics, apart from storage: one customer's value (acquisition
// cost, cumulative margin, break-even and its projection, the model's figures or why they are
// missing), the portfolio figures of a group of customers, the cohort retention table and the
// retention what-if. The economics service reads the inputs in a transaction and calls these.
// Plain values and pure functions: thread-safe, no I/O, no clock (the caller passes "today").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/economics/clv_engine.hpp"
#include "domain/economics/economics.hpp"

namespace rapport::domain {

// Figure name -> why the figure is absent.
using Reasons = std::map<std::string, std::string>;

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

// Why model figures are missing: no scoring run yet, or the run fitted no purchase model (with
// the fit's own reason when it gave one).
extern const char* const kNotScoredReason;
std::string ModelReason(const std::optional<ModelInfo>& model);
// Why the spend model (Gamma-Gamma) gave no figure.
std::string SpendReason(const std::optional<ModelInfo>& model);

// Spend spread over the customers it acquired, rounded to the cent; nullopt when it acquired none.
std::optional<std::int64_t> CostPerCustomer(std::int64_t spend_cents, std::int64_t customers);

// What one customer's value is computed from, all read in one transaction.
struct CustomerValueInputs {
  Id customer_id = 0;
  Timestamp created_at;
  std::string source;              // "" when none
  std::int64_t own_cost_cents = 0;  // the customer's recorded acquisition cost (0: none)
  // When own_cost_cents is 0: the spend entered for (source, acquisition month) per customer
  // acquired then (CostPerCustomer); nullopt when there is none.
  std::optional<std::int64_t> allocated_cost_cents;
  std::vector<CustomerDay> days;  // the customer's purchase days, oldest first
  std::optional<ModelInfo> model;  // the latest fit run, if any
  std::optional<CustomerScore> score;  // the customer's latest scores, if ever scored
};

// The customer's value on UTC day `today` (days since 1970-01-01): purchase days after it are
// left out; months run from the earlier of the acquisition month and the first purchase to
// today's month. Every absent figure has its reason.
CustomerValue ComputeCustomerValue(CustomerValueInputs in, int today);

// The month the cumulative margin is projected to reach the acquisition cost when the customer
// goes on earning the predicted value spread evenly over the model's horizon
// (kValueHorizonMonths): at least one month after `this_month`. `remaining_cents` is what is
// still to earn (> 0). Returns the month, or sets `reason` and returns nullopt (no prediction,
// no more margin expected, or more than 120 months away).
std::optional<std::string> ProjectBreakEven(std::int64_t remaining_cents, std::optional<std::int64_t> predicted_clv_cents,
                                            const std::string& this_month, std::string& reason);

// Portfolio figures of one group of customers (everyone, a source, a cohort), fed the stored
// score aggregates that belong to it.
class PortfolioAccumulator {
 public:
  void Add(const ScoreAggregate& a);
  // `model`: whether a purchase model is fitted (else the LTV is absent, with its reason).
  PortfolioFigures Finish(bool model) const;

 private:
  std::int64_t customers_ = 0, buying_ = 0, with_cost_ = 0, cost_ = 0, margin_ = 0, clv_ = 0, with_clv_ = 0,
               not_yet_ = 0;
  std::map<std::int64_t, std::int64_t> break_even_;  // months -> customers
};

// The cohort retention table, fed purchase days in chunks of whole customers (each customer's
// days together, oldest first, as EconomicsRepo::DaysBetween gives them). A customer's cohort is
// the month of their first purchase; days after `today` are left out.
class CohortAccumulator {
 public:
  explicit CohortAccumulator(int today);
  void Add(std::span<const CustomerDay> days);
  Cohorts Finish() const;

 private:
  struct Acc {
    std::int64_t customers = 0, margin = 0;
    std::vector<std::int64_t> buyers;  // [k]: customers buying in month cohort + k
  };
  int today_;
  int this_month_;
  std::map<int, Acc> acc_;  // by month index of the cohort
};

// The retention what-if over fitted groups of customers: expected customers already lost
// (Σ (1 − p_alive)) and, with a spend model, the discounted margin `uplift` of them would bring
// over `horizon_months` (nullopt without a spend model).
struct RetentionOutcome {
  double customers_expected_lost = 0;
  std::optional<double> value_cents;  // for an uplift of 1 (the service scales and rounds it)
};
RetentionOutcome RetentionValue(const FittedClv& fitted, std::span<const ScoreGroup> groups, int horizon_months,
                                double monthly_discount);

}  // namespace rapport::domain
