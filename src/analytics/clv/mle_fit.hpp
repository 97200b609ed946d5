// Maximum likelihood over positive parameters: NLopt's L-BFGS on the logs of the parameters (so
// they stay positive without constraints), with a derivative-free polish (BOBYQA) should the
// gradient method stop early. Used by the three models; thread-safe (no shared state).
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "core/error.hpp"

namespace rapport::analytics::clv {

// Returns the log-likelihood at `params` (natural scale) and, when `gradient` is not empty, writes
// d LL / d params into it. May return -inf or NaN where the model is not defined.
using LogLikelihoodFn =
    std::function<double(std::span<const double> params, std::span<double> gradient)>;

struct FitOptions {
  int max_evaluations = 5000;
  // Relative change of the log-likelihood below which the search stops.
  double relative_tolerance = 1e-12;
  // Parameters are kept within [min_param, max_param]; a fit that ends on a bound is reported as
  // it is (the data then push a parameter to 0 or infinity, e.g. no customer ever drops out).
  double min_param = 1e-8;
  double max_param = 1e8;
};

struct MleResult {
  std::vector<double> params;
  double log_likelihood = 0;
  int evaluations = 0;
};

// `scale` divides the objective (pass the number of customers) so the stopping tolerances mean the
// same for ten customers and a million. Fails if no finite log-likelihood was ever found.
core::Result<MleResult> MaximizeLogLikelihood(const LogLikelihoodFn& log_likelihood,
                                              std::vector<double> start, double scale,
                                              const FitOptions& options);

}  // namespace rapport::analytics::clv
