// The lifetime-value models behind the domain's ClvEngine port: groups customers' histories by
// (x, t_x, T), fits BG/NBD or Pareto/NBD and Gamma-Gamma (on repeat buyers, their mean spend
// rounded to whole currency units for grouping), and predicts per history. Thread-safe.
#pragma once

#include "domain/economics/clv_engine.hpp"

namespace rapport::analytics::clv {

class ClvEngine final : public domain::ClvEngine {
 public:
  domain::ClvFitOutcome Fit(std::string_view model, std::span<const domain::ClvHistory> histories) const override;
  std::unique_ptr<domain::FittedClv> Load(std::span<const domain::ModelFitRecord> records) const override;
};

}  // namespace rapport::analytics::clv
