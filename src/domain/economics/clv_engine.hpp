// The port to the lifetime-value models (BG/NBD, Pareto/NBD, Gamma-Gamma): the domain hands it
// customers' histories and gets fits and predictions back, without knowing how the models are
// computed (src/analytics/clv implements it; app wires it). Implementations are thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "domain/economics/economics.hpp"

namespace rapport::domain {

// One customer's purchase history in weeks (Fader, Hardie & Lee's x, t_x, T) and the mean amount
// of the repeat purchase days, in cents (0 when x = 0).
struct ClvHistory {
  std::int64_t frequency = 0;
  double recency = 0;
  double age = 0;
  double mean_spend_cents = 0;
};

struct ClvPrediction {
  double p_alive = 1;
  double expected_purchases = 0;  // in the next `window` weeks
  // Σ over the horizon's months of the purchases expected that month, discounted: multiplied by
  // the expected spend and the margin ratio it is the predicted value.
  double discounted_purchases = 0;
};

// A fitted purchase model and (when it could be fitted) the spend model.
class FittedClv {
 public:
  virtual ~FittedClv() = default;
  virtual std::string_view Model() const = 0;  // "bgnbd" or "pareto-nbd"
  virtual ClvPrediction Predict(std::int64_t frequency, double recency, double age, double window_weeks,
                                double horizon_weeks, double monthly_discount) const = 0;
  // E[spend per purchase day | x, m_x] in cents; nullopt without a spend model.
  virtual std::optional<double> ExpectedSpend(std::int64_t frequency, double mean_spend_cents) const = 0;
};

struct ClvFitOutcome {
  // One record per model tried (version and fitted_at left for the caller): params or a reason.
  std::vector<ModelFitRecord> records;
  std::unique_ptr<FittedClv> fitted;  // null when the purchase model could not be fitted
};

class ClvEngine {
 public:
  virtual ~ClvEngine() = default;
  // Fits `model` ("bgnbd" or "pareto-nbd") and Gamma-Gamma on the grouped histories.
  virtual ClvFitOutcome Fit(std::string_view model, std::span<const ClvHistory> histories) const = 0;
  // The models of stored fit records (those of one version); null when they hold no usable fit.
  virtual std::unique_ptr<FittedClv> Load(std::span<const ModelFitRecord> records) const = 0;
};

}  // namespace rapport::domain
