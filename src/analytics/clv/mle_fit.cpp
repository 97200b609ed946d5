#include "analytics/clv/mle_fit.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <nlopt.hpp>

namespace rapport::analytics::clv {

namespace {

struct SearchState {
  const LogLikelihoodFn* log_likelihood = nullptr;
  double scale = 1;
  int evaluations = 0;
  std::vector<double> natural;   // scratch: exp(u)
  std::vector<double> gradient;  // scratch: d LL / d natural
  // The best point seen: the answer even when NLopt stops with an exception (roundoff_limited).
  std::vector<double> best_u;
  double best_objective = std::numeric_limits<double>::infinity();
};

// Minimised: -LL(exp(u)) / scale. By the chain rule d/du_i = -θ_i · dLL/dθ_i / scale.
double Objective(unsigned n, const double* u, double* grad, void* data) {
  auto& st = *static_cast<SearchState*>(data);
  ++st.evaluations;
  for (unsigned i = 0; i < n; ++i) st.natural[i] = std::exp(u[i]);
  std::span<double> g = grad ? std::span<double>(st.gradient) : std::span<double>();
  const double ll = (*st.log_likelihood)(st.natural, g);
  if (!std::isfinite(ll)) {
    // Outside the model's domain: a huge value makes the line search back off.
    if (grad)
      for (unsigned i = 0; i < n; ++i) grad[i] = 0;
    return std::numeric_limits<double>::max();
  }
  const double f = -ll / st.scale;
  if (grad) {
    for (unsigned i = 0; i < n; ++i) {
      grad[i] = -st.natural[i] * st.gradient[i] / st.scale;
      if (!std::isfinite(grad[i])) grad[i] = 0;
    }
  }
  if (f < st.best_objective) {
    st.best_objective = f;
    st.best_u.assign(u, u + n);
  }
  return f;
}

// Runs one NLopt search from `u`; exceptions (roundoff_limited, failure, ...) end the search but
// keep the best point in `st`.
void RunSearch(nlopt::algorithm algorithm, std::vector<double> u, SearchState& st,
               const FitOptions& options) {
  const unsigned n = static_cast<unsigned>(u.size());
  nlopt::opt opt(algorithm, n);
  opt.set_min_objective(Objective, &st);
  opt.set_lower_bounds(std::vector<double>(n, std::log(options.min_param)));
  opt.set_upper_bounds(std::vector<double>(n, std::log(options.max_param)));
  opt.set_ftol_rel(options.relative_tolerance);
  opt.set_xtol_rel(1e-10);
  opt.set_maxeval(std::max(1, options.max_evaluations - st.evaluations));
  if (algorithm == nlopt::LN_BOBYQA) opt.set_initial_step(std::vector<double>(n, 0.1));
  double f = 0;
  try {
    opt.optimize(u, f);
  } catch (const std::exception&) {
    // nlopt::roundoff_limited means the tolerance was below what doubles can resolve: the point
    // is as good as it gets. Other failures leave the best point seen so far, checked below.
  }
}

}  // namespace

core::Result<MleResult> MaximizeLogLikelihood(const LogLikelihoodFn& log_likelihood,
                                              std::vector<double> start, double scale,
                                              const FitOptions& options) {
  if (start.empty()) return core::Fail(core::Error::Internal("no parameters to fit"));
  if (!(scale > 0)) scale = 1;
  SearchState st;
  st.log_likelihood = &log_likelihood;
  st.scale = scale;
  st.natural.resize(start.size());
  st.gradient.resize(start.size());
  std::vector<double> u(start.size());
  const double low = std::log(options.min_param), high = std::log(options.max_param);
  for (std::size_t i = 0; i < start.size(); ++i) u[i] = std::clamp(std::log(start[i]), low, high);
  try {
    RunSearch(nlopt::LD_LBFGS, u, st, options);
    if (st.best_u.empty())
      return core::Fail(core::Error::Invalid(
          "data", "the log-likelihood is not finite anywhere the optimiser looked"));
    // A second L-BFGS from the end point costs a few evaluations when the first one converged. If
    // it still moved, the gradient search is struggling (a failed line search, a bound) and
    // BOBYQA, which needs no gradient, polishes the point.
    const double before = st.best_objective;
    RunSearch(nlopt::LD_LBFGS, st.best_u, st, options);
    if (st.best_objective < before - 1e-9 * std::abs(before))
      RunSearch(nlopt::LN_BOBYQA, st.best_u, st, options);
  } catch (const std::exception& e) {  // bad_alloc, nlopt's invalid_argument: not expected
    return core::Fail(core::Error::Internal(std::string("optimiser failed: ") + e.what()));
  }
  MleResult result;
  result.params.resize(start.size());
  for (std::size_t i = 0; i < start.size(); ++i) result.params[i] = std::exp(st.best_u[i]);
  result.log_likelihood = -st.best_objective * scale;
  result.evaluations = st.evaluations;
  return result;
}

}  // namespace rapport::analytics::clv
