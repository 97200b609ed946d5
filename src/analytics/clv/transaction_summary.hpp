// From a transaction log to the per-customer (x, t_x, T, mean spend) the models need, as Fader,
// Hardie & Lee do for CDNOW: several transactions on one day are one transaction (their amounts
// summed), whatever the time unit; the first day is the customer's birth and is not counted in x;
// t_x and T run from that day to the last repeat day and to the calibration end, converted to the
// chosen unit (a week is 7 days). Transactions after the calibration end are ignored, and so are
// customers whose first transaction is after it. Pure, thread-safe.
#pragma once

#include <span>
#include <vector>

#include "analytics/clv/summary_csv.hpp"
#include "analytics/clv/transactions_csv.hpp"

namespace rapport::analytics::clv {

struct SummarizeOptions {
  core::Date calibration_end;  // inclusive
  double days_per_unit = 1;    // 1: days, 7: weeks
};

// Customers in order of their first line in `log`; monetary_value (the mean of the repeat days'
// totals, 0 when x = 0) is set when the log has amounts.
std::vector<CustomerSummary> SummarizeTransactions(std::span<const Transaction> log,
                                                   bool has_amount,
                                                   const SummarizeOptions& options);

}  // namespace rapport::analytics::clv
