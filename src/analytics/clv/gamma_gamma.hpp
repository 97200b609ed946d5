// The Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves";
// Fader & Hardie's note "The Gamma-Gamma Model of Monetary Value", 2013): a customer's transaction
// values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, independent of the purchase
// process. Fitted on the customers with at least one repeat purchase, from x and the mean value
// m_x of those repeat purchases. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "analytics/clv/mle_fit.hpp"
#include "analytics/clv/model_fit.hpp"
#include "core/error.hpp"

namespace rapport::analytics::clv {

struct GammaGammaParams {
  double p = 1;
  double q = 1;
  double gamma = 1;  // in the currency unit of the data
};

struct SpendObservation {
  std::int64_t frequency = 0;  // x >= 1 repeat purchases
  double mean_spend = 0;       // m_x > 0, their mean value
  auto operator<=>(const SpendObservation&) const = default;
};

struct SpendGroup {
  SpendObservation spend;
  double count = 1;
};

core::Status ValidateParams(const GammaGammaParams& params);
// Ok when x >= 1 and m_x is finite and > 0 (the density of m_x is zero at 0).
core::Status ValidateSpend(const SpendObservation& spend);

// Identical observations merged, sorted by (x, m_x).
std::vector<SpendGroup> GroupSpend(std::span<const SpendObservation> observations);

// Σ count × log f(m_x | x) (the density of the mean, as in the F&H note). When `gradient` has 3
// elements it receives d/d(p, q, gamma). Sorted by frequency is fastest; any order is correct.
double GammaGammaLogLikelihood(const GammaGammaParams& params, std::span<const SpendGroup> groups,
                               std::span<double> gradient = {});

core::Result<ModelFit<GammaGammaParams>> FitGammaGamma(std::span<const SpendGroup> groups,
                                                       const FitOptions& options = {});

// E[M | x, m_x] = (γ + x m_x) p / (p x + q − 1); with x = 0 the population mean γ p / (q − 1).
// Fails when the expectation is infinite (p x + q <= 1).
core::Result<double> GammaGammaExpectedSpend(const GammaGammaParams& params, std::int64_t frequency,
                                             double mean_spend);

}  // namespace rapport::analytics::clv
