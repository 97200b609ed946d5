// Either purchase model behind one set of per-customer predictions, for callers (the command
// line, the scorer) that choose the model at run time. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string_view>
#include <variant>

#include "analytics/clv/bgnbd.hpp"
#include "analytics/clv/pareto_nbd.hpp"

namespace rapport::analytics::clv {

using FrequencyParams = std::variant<BgNbdParams, ParetoNbdParams>;

enum class ModelKind { kBgNbd, kParetoNbd, kGammaGamma };

// "bgnbd", "pareto-nbd", "gamma-gamma"; nullopt for anything else.
std::optional<ModelKind> ParseModelKind(std::string_view name);
std::string_view ModelKindName(ModelKind kind);

core::Status ValidateParams(const FrequencyParams& params);
double ProbabilityAlive(const FrequencyParams& params, const CustomerRfm& customer);
double ExpectedTransactions(const FrequencyParams& params, const CustomerRfm& customer, double t);

}  // namespace rapport::analytics::clv
