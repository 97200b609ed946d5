#include "domain/customer/stage.hpp"

#include <array>

namespace rapport::domain {
namespace {

constexpr std::array<Stage, 8> kStages = {Stage::kContact, Stage::kLead,  Stage::kProposal,
                                          Stage::kNegotiation, Stage::kOrder, Stage::kRomance,
                                          Stage::kLost,    Stage::kChurned};

bool IsAllowed(Stage from, Stage to) {
  if (from == to) return false;
  switch (from) {
    case Stage::kContact:
    case Stage::kLead:
    case Stage::kProposal:
    case Stage::kNegotiation:
      return to != Stage::kChurned;  // any ordered stage (forward or back) or lost
    case Stage::kOrder:
      return to == Stage::kRomance;  // no way back to courting after the first order
    case Stage::kRomance:
      return to == Stage::kChurned;
    case Stage::kLost:
      return IsPreOrder(to);  // re-open
    case Stage::kChurned:
      return to == Stage::kRomance;  // win-back
  }
  return false;
}

}  // namespace

std::string_view StageName(Stage s) {
  switch (s) {
    case Stage::kContact: return "contact";
    case Stage::kLead: return "lead";
    case Stage::kProposal: return "proposal";
    case Stage::kNegotiation: return "negotiation";
    case Stage::kOrder: return "order";
    case Stage::kRomance: return "romance";
    case Stage::kLost: return "lost";
    case Stage::kChurned: return "churned";
  }
  return "contact";
}

std::optional<Stage> ParseStage(std::string_view name) {
  for (Stage s : kStages)
    if (StageName(s) == name) return s;
  return std::nullopt;
}

std::span<const Stage> AllStages() { return kStages; }

std::optional<int> StageRank(Stage s) {
  if (s == Stage::kLost || s == Stage::kChurned) return std::nullopt;
  return static_cast<int>(s);
}

bool IsPreOrder(Stage s) {
  return s == Stage::kContact || s == Stage::kLead || s == Stage::kProposal ||
         s == Stage::kNegotiation;
}

std::vector<Stage> AllowedTargets(Stage current) {
  std::vector<Stage> out;
  for (Stage s : kStages)
    if (IsAllowed(current, s)) out.push_back(s);
  return out;
}

core::Result<std::vector<StageMove>> PlanStageChange(Stage current, Stage target,
                                                     bool has_reason, bool has_competitor) {
  if (!IsAllowed(current, target)) {
    std::string message = current == target
                              ? "customer is already in stage '" + std::string(StageName(current)) + "'"
                              : "cannot move from '" + std::string(StageName(current)) + "' to '" +
                                    std::string(StageName(target)) + "'";
    message += "; allowed moves from '" + std::string(StageName(current)) + "': ";
    const auto allowed = AllowedTargets(current);
    for (std::size_t i = 0; i < allowed.size(); ++i) {
      if (i) message += ", ";
      message += StageName(allowed[i]);
    }
    return core::Fail(core::Error::Conflict(std::move(message)));
  }
  const bool exit = target == Stage::kLost || target == Stage::kChurned;
  if (exit && !has_reason)
    return core::Fail(core::Error::Invalid(
        "reason", "required when moving to '" + std::string(StageName(target)) + "'"));
  if (has_competitor && target != Stage::kLost)
    return core::Fail(core::Error::Invalid("competitor", "only applies to a move to 'lost'"));

  std::vector<StageMove> moves;
  const auto from_rank = StageRank(current);
  const auto to_rank = StageRank(target);
  if (from_rank && to_rank && *to_rank > *from_rank + 1) {
    for (int r = *from_rank; r < *to_rank; ++r)
      moves.push_back({static_cast<Stage>(r), static_cast<Stage>(r + 1)});
  } else {
    moves.push_back({current, target});
  }
  return moves;
}

}  // namespace rapport::domain
