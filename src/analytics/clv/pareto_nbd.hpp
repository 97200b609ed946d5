// The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): while alive a customer buys at
// Poisson rate λ ~ Gamma(r, α); lifetimes are exponential with rate μ ~ Gamma(s, β). Likelihood as
// in Fader & Hardie's note "A Note on Deriving the Pareto/NBD Model and Related Expressions"
// (2005), evaluated in log space with its Gauss hypergeometric function in a positive-term form.
// Pure functions on values, thread-safe. Times are in the unit of the data.
#pragma once

#include <span>

#include "analytics/clv/mle_fit.hpp"
#include "analytics/clv/model_fit.hpp"
#include "analytics/clv/rfm.hpp"
#include "core/error.hpp"

namespace rapport::analytics::clv {

struct ParetoNbdParams {
  double r = 1;
  double alpha = 1;  // in the data's time unit
  double s = 1;
  double beta = 1;  // in the data's time unit
};

core::Status ValidateParams(const ParetoNbdParams& params);

// Σ count × log L(x, t_x, T). When `gradient` has 4 elements it receives d/d(r, alpha, s, beta).
double ParetoNbdLogLikelihood(const ParetoNbdParams& params, std::span<const RfmGroup> groups,
                              std::span<double> gradient = {});

core::Result<ModelFit<ParetoNbdParams>> FitParetoNbd(std::span<const RfmGroup> groups,
                                                     const FitOptions& options = {});

// P(alive at T | x, t_x, T), in (0, 1].
double ParetoNbdProbabilityAlive(const ParetoNbdParams& params, const CustomerRfm& customer);

// E[purchases in (T, T+t] | x, t_x, T]; with x = t_x = T = 0 it is E[X(t)] for a new customer.
double ParetoNbdExpectedTransactions(const ParetoNbdParams& params, const CustomerRfm& customer,
                                     double t);

// Building blocks of the likelihood, exposed for tests. With f(τ) = (α+τ)^{−(r+x)} (β+τ)^{−(s+1)}:
// log of an integral of f and its gradient d/d(r, alpha, s, beta).
struct LogIntegral {
  double value = 0;
  double gradient[4] = {0, 0, 0, 0};
};
// J(t) = ∫_t^∞ f: F&H's 2F1 term divided by r+s+x, from the hypergeometric series. Its argument z
// is |α−β| / (max(α,β)+t); the series needs about 40/(1−z) terms.
LogIntegral ParetoNbdLogTail(const ParetoNbdParams& params, std::int64_t frequency, double t);
// D = ∫_{t_x}^T f = J(t_x) − J(T) for t_x < T: from the two series while z <= kMaxSeriesZ,
// otherwise (the series would be slow) by ParetoNbdLogDeathByQuadrature.
inline constexpr double kMaxSeriesZ = 0.97;
LogIntegral ParetoNbdLogDeath(const ParetoNbdParams& params, std::int64_t frequency, double recency,
                              double age);
// The same integral by composite Gauss-Legendre quadrature in v = log(min(α,β) + τ), where log f
// is concave and changes at a bounded rate: accurate to about 1e-13 for any z.
LogIntegral ParetoNbdLogDeathByQuadrature(const ParetoNbdParams& params, std::int64_t frequency,
                                          double recency, double age);

}  // namespace rapport::analytics::clv
