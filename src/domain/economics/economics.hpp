// Customer economics: acquisition spend and cost, cumulative margin and the break-even month, the
// scores a model fit gives every customer, and the records of the fits. Plain values and pure
// functions (economics.cpp); thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/id.hpp"
#include "core/time.hpp"

namespace rapport::domain {

using core::Id;
using core::Timestamp;

// Money spent acquiring customers from one source in one calendar month.
struct AcquisitionSpend {
  std::string source;
  std::string period;  // "YYYY-MM"
  std::int64_t amount_cents = 0;
  Timestamp updated_at;
};

// Customers created in one (source, month), and what their own recorded costs add up to.
struct AcquiredCount {
  std::string source;  // "" for customers without a source
  std::string period;  // "YYYY-MM"
  std::int64_t customers = 0;
};

// The cost of acquiring a customer of (source, period): spend ÷ customers acquired then. Keyed by
// source then period.
using CacTable = std::map<std::string, std::map<std::string, double>>;
CacTable ComputeCac(std::span<const AcquisitionSpend> spend, std::span<const AcquiredCount> acquired);

// One customer-day of purchases (one transaction per day, as Fader, Hardie and Lee count them):
// the non-cancelled orders of that UTC day, net of refunds.
struct CustomerDay {
  Id customer_id = 0;
  int day = 0;  // days since 1970-01-01
  std::int64_t amount_cents = 0;
  std::int64_t margin_cents = 0;
};

// What scoring needs of a customer besides the orders.
struct CustomerBasics {
  Id id = 0;
  Timestamp created_at;
  std::string source;  // "" when none
  std::int64_t own_cost_cents = 0;
};

// year * 12 + (month - 1) of a day (days since 1970-01-01), and back to "YYYY-MM".
int MonthIndexOf(int day);
std::string FormatMonthIndex(int index);
// "YYYY-MM" of a day.
std::string MonthOf(int day);
// Months from `from` to `to` ("YYYY-MM" each); negative when `to` is earlier.
int MonthsBetween(const std::string& from, const std::string& to);
std::string AddMonthsTo(const std::string& month, int months);

struct MonthMargin {
  std::string month;  // "YYYY-MM"
  std::int64_t margin_cents = 0;
  std::int64_t cumulative_margin_cents = 0;
};

// Margin of every month from `first_month` to `last_month` (inclusive), with the running sum.
std::vector<MonthMargin> CumulativeMargin(std::span<const CustomerDay> days, const std::string& first_month,
                                          const std::string& last_month);
// The first month whose cumulative margin reaches `cost`; nullopt when none does.
std::optional<std::string> BreakEvenMonth(std::span<const MonthMargin> months, std::int64_t cost);

// The latest scores of one customer. Model figures are absent when no model was fitted (then
// model is empty) or the customer never bought.
struct CustomerScore {
  Id customer_id = 0;
  std::string model;  // "bgnbd" or "pareto-nbd"; "" when no fit
  std::optional<std::int64_t> model_version;
  std::optional<Timestamp> fitted_at;
  std::optional<double> p_alive;
  std::optional<double> expected_purchases_90d;
  std::optional<std::int64_t> predicted_clv_cents;
  // The predicted value were the customer still buying (predicted_clv / p_alive before rounding):
  // what winning them back could earn over the same horizon.
  std::optional<std::int64_t> clv_if_alive_cents;
  std::int64_t historical_value_cents = 0;   // net amount bought
  std::int64_t historical_margin_cents = 0;  // net margin earned
  std::optional<std::int64_t> acquisition_cost_cents;
  std::optional<std::int64_t> break_even_months;  // acquisition month to break-even month
  std::optional<std::string> cohort;              // "YYYY-MM" of the first order
  std::string source;                             // the customer's, when scored ("" for none)
  std::int64_t frequency = 0;                     // repeat purchase days
  double recency_weeks = 0;
  double age_weeks = 0;
  double mean_spend_cents = 0;  // mean amount of the repeat purchase days (0 when none)
  std::optional<double> previous_p_alive;  // read only: the run before's value
  Timestamp scored_at;
};

// One model fitted by a scoring run (or why it was not).
struct ModelFitRecord {
  std::int64_t version = 0;
  std::string model;                 // "bgnbd", "pareto-nbd", "gamma-gamma"
  std::optional<std::string> params;  // JSON object text: {"r":..,"alpha":..}
  std::optional<double> log_likelihood;
  std::int64_t customers = 0;
  std::int64_t distinct_triples = 0;
  double seconds = 0;
  std::optional<std::string> reason;  // set when there is no fit
  Timestamp fitted_at;
};

// Customers sharing one history, for portfolio figures from the fitted model.
struct ScoreGroup {
  std::int64_t frequency = 0;
  double recency_weeks = 0;
  double age_weeks = 0;
  std::int64_t customers = 0;
  double mean_spend_cents = 0;  // the group's mean of mean_spend_cents
  double p_alive = 0;           // the group's stored p_alive
  std::int64_t value_cents = 0;   // the group's historical value and margin
  std::int64_t margin_cents = 0;
};

// Per (source, cohort, break-even months): counts and sums of the scores.
struct ScoreAggregate {
  std::string source;              // "" when none
  std::string cohort;              // "" for customers without orders
  std::optional<std::int64_t> break_even_months;
  std::int64_t customers = 0;
  std::int64_t with_cost = 0;      // customers with an acquisition cost
  std::int64_t cost_cents = 0;     // their acquisition costs
  std::int64_t margin_cents = 0;   // historical margin
  std::int64_t clv_cents = 0;      // predicted CLV, of those with one
  std::int64_t with_clv = 0;
};

}  // namespace rapport::domain
