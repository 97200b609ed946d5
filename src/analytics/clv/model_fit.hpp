// What a fit returns, for every model.
#pragma once

#include <cstddef>

namespace rapport::analytics::clv {

template <typename Params>
struct ModelFit {
  Params params;
  double log_likelihood = 0;
  double customers = 0;             // the sum of the group counts
  std::size_t distinct_groups = 0;  // what the fit actually iterated over
  int evaluations = 0;              // log-likelihood evaluations
};

}  // namespace rapport::analytics::clv
