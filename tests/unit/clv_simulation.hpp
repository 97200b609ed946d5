// Customers drawn from the BG/NBD and Pareto/NBD processes themselves (not from their formulas),
// with what happened after the calibration period, for tests that the fits recover the truth and
// that the predictions are right on average.
#pragma once

#include <algorithm>
#include <random>
#include <vector>

#include "analytics/clv/bgnbd.hpp"
#include "analytics/clv/pareto_nbd.hpp"

namespace rapport::analytics::clv::testing {

struct SimulatedCustomer {
  CustomerRfm calibration;    // (x, t_x, T) observed in (0, T]
  int holdout = 0;            // purchases in (T, T + holdout_length]
  bool alive_at_end = false;  // still a customer at T
};

inline double Gamma(std::mt19937_64& rng, double shape, double rate) {
  return std::gamma_distribution<double>(shape, 1 / rate)(rng);
}

// Ages T uniform in [min_age, max_age]; first purchase at 0.
inline std::vector<SimulatedCustomer> SimulateBgNbd(const BgNbdParams& p, int customers,
                                                    double min_age, double max_age,
                                                    double holdout_length, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::vector<SimulatedCustomer> out(customers);
  for (auto& c : out) {
    const double age = min_age + (max_age - min_age) * uniform(rng);
    const double lambda = Gamma(rng, p.r, p.alpha);
    const double ga = Gamma(rng, p.a, 1), gb = Gamma(rng, p.b, 1);
    const double dropout = ga / (ga + gb);  // p ~ Beta(a, b)
    std::exponential_distribution<double> gap(lambda);
    c.calibration.age = age;
    c.alive_at_end = true;
    double t = 0;
    while (true) {
      t += gap(rng);
      if (t > age + holdout_length) break;
      if (t <= age) {
        ++c.calibration.frequency;
        c.calibration.recency = t;
      } else {
        ++c.holdout;
      }
      if (uniform(rng) < dropout) {  // becomes inactive right after this purchase
        if (t <= age) c.alive_at_end = false;
        break;
      }
    }
  }
  return out;
}

inline std::vector<SimulatedCustomer> SimulateParetoNbd(const ParetoNbdParams& p, int customers,
                                                        double min_age, double max_age,
                                                        double holdout_length, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::vector<SimulatedCustomer> out(customers);
  for (auto& c : out) {
    const double age = min_age + (max_age - min_age) * uniform(rng);
    const double lambda = Gamma(rng, p.r, p.alpha), mu = Gamma(rng, p.s, p.beta);
    const double lifetime = std::exponential_distribution<double>(mu)(rng);
    std::exponential_distribution<double> gap(lambda);
    c.calibration.age = age;
    c.alive_at_end = lifetime > age;
    const double end = std::min(lifetime, age + holdout_length);
    for (double t = gap(rng); t <= end; t += gap(rng)) {
      if (t <= age) {
        ++c.calibration.frequency;
        c.calibration.recency = t;
      } else {
        ++c.holdout;
      }
    }
  }
  return out;
}

inline std::vector<CustomerRfm> CalibrationOf(const std::vector<SimulatedCustomer>& customers) {
  std::vector<CustomerRfm> out;
  for (const auto& c : customers) out.push_back(c.calibration);
  return out;
}

}  // namespace rapport::analytics::clv::testing
