// The BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while
// alive a customer buys at Poisson rate λ ~ Gamma(r, α) and after each purchase drops out with
// probability p ~ Beta(a, b). Likelihood, maximum-likelihood fit and per-customer predictions.
// Pure functions on values, thread-safe. Times are in the unit of the data (days, weeks...).
#pragma once

#include <span>

#include "analytics/clv/mle_fit.hpp"
#include "analytics/clv/model_fit.hpp"
#include "analytics/clv/rfm.hpp"
#include "core/error.hpp"

namespace rapport::analytics::clv {

struct BgNbdParams {
  double r = 1;
  double alpha = 1;  // in the data's time unit
  double a = 1;
  double b = 1;
};

// Ok when every parameter is finite and > 0.
core::Status ValidateParams(const BgNbdParams& params);

// Σ count × log L(x, t_x, T) (FHL 2005 eq. 6, in log space). When `gradient` has 4 elements it
// receives d/d(r, alpha, a, b). Groups sorted by frequency (as GroupRfm returns them) are fastest;
// any order is correct.
double BgNbdLogLikelihood(const BgNbdParams& params, std::span<const RfmGroup> groups,
                          std::span<double> gradient = {});

// Fits by maximum likelihood. Fails on an invalid group or when no finite likelihood is found.
core::Result<ModelFit<BgNbdParams>> FitBgNbd(std::span<const RfmGroup> groups,
                                             const FitOptions& options = {});

// P(alive at T | x, t_x, T) (FHL 2005 eq. 14); 1 when x = 0 (a BG/NBD customer can only drop out
// right after a purchase).
double BgNbdProbabilityAlive(const BgNbdParams& params, const CustomerRfm& customer);

// E[purchases in (T, T+t] | x, t_x, T] (FHL 2005 eq. 10). With x = t_x = T = 0 it is E[X(t)] for a
// new customer (eq. 9).
double BgNbdExpectedTransactions(const BgNbdParams& params, const CustomerRfm& customer, double t);

}  // namespace rapport::analytics::clv
