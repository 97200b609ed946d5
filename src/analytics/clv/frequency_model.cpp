#include "analytics/clv/frequency_model.hpp"

namespace rapport::analytics::clv {

std::optional<ModelKind> ParseModelKind(std::string_view name) {
  if (name == "bgnbd") return ModelKind::kBgNbd;
  if (name == "pareto-nbd") return ModelKind::kParetoNbd;
  if (name == "gamma-gamma") return ModelKind::kGammaGamma;
  return std::nullopt;
}

std::string_view ModelKindName(ModelKind kind) {
  switch (kind) {
    case ModelKind::kBgNbd:
      return "bgnbd";
    case ModelKind::kParetoNbd:
      return "pareto-nbd";
    case ModelKind::kGammaGamma:
      return "gamma-gamma";
  }
  return "unknown";
}

core::Status ValidateParams(const FrequencyParams& params) {
  return std::visit([](const auto& p) { return ValidateParams(p); }, params);
}

double ProbabilityAlive(const FrequencyParams& params, const CustomerRfm& customer) {
  if (const auto* bg = std::get_if<BgNbdParams>(&params))
    return BgNbdProbabilityAlive(*bg, customer);
  return ParetoNbdProbabilityAlive(std::get<ParetoNbdParams>(params), customer);
}

double ExpectedTransactions(const FrequencyParams& params, const CustomerRfm& customer, double t) {
  if (const auto* bg = std::get_if<BgNbdParams>(&params))
    return BgNbdExpectedTransactions(*bg, customer, t);
  return ParetoNbdExpectedTransactions(std::get<ParetoNbdParams>(params), customer, t);
}

}  // namespace rapport::analytics::clv
