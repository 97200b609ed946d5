// Predicted customer lifetime value over a finite horizon:
//
//   CLV = margin × E[spend per purchase] × Σ_{k=1..K} (E[Y(t_k)] − E[Y(t_{k−1})]) / (1 + d)^k
//
// where E[Y(t)] is the model's expected number of purchases in (T, T+t] given the customer's
// history, t_k = min(k·step, horizon), K = ⌈horizon / step⌉ and d the discount rate per step. So
// the purchases expected in the k-th step are valued at the step's end. Pure, thread-safe.
#pragma once

#include "analytics/clv/frequency_model.hpp"

namespace rapport::analytics::clv {

struct ValueOptions {
  double horizon = 0;        // in the data's time unit, e.g. 52 (weeks)
  double step = 1;           // length of one discounting period, same unit (e.g. 4.345 weeks)
  double discount_rate = 0;  // per step, e.g. 0.008 a month for about 10% a year
  double margin = 1;         // share of the spend that is profit, in [0, 1] usually
};

// Ok when horizon >= 0, step > 0, discount_rate > -1 and all are finite.
core::Status ValidateValueOptions(const ValueOptions& options);

// Expects validated options; `expected_spend` is E[M] for this customer (Gamma-Gamma).
double PredictedValue(const FrequencyParams& params, const CustomerRfm& customer,
                      double expected_spend, const ValueOptions& options);

}  // namespace rapport::analytics::clv
