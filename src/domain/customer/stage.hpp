// The relationship lifecycle (../shared/PRODUCT.md): six stages in order and two side exits.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace rapport::domain {

enum class Stage { kContact, kLead, kProposal, kNegotiation, kOrder, kRomance, kLost, kChurned };

std::string_view StageName(Stage s);
std::optional<Stage> ParseStage(std::string_view name);
std::span<const Stage> AllStages();
// The six ordered stages' position (0..5); side exits have none.
std::optional<int> StageRank(Stage s);
bool IsPreOrder(Stage s);

struct StageMove {
  Stage from;
  Stage to;
};

// Plans the transitions for moving a customer from `current` to `target`:
// - forward several steps records every stage passed (same timestamp, caller's job);
// - back between pre-order stages, lost from pre-order, re-open from lost to pre-order,
//   churned from romance, win-back from churned to romance are single moves;
// - anything else is kConflict naming the allowed moves;
// - lost/churned without a non-empty reason is kInvalidArgument on "reason";
// - a competitor is only meaningful for lost: kInvalidArgument on "competitor" otherwise.
core::Result<std::vector<StageMove>> PlanStageChange(Stage current, Stage target,
                                                     bool has_reason, bool has_competitor);
// The targets a customer in `current` may move to, in lifecycle order.
std::vector<Stage> AllowedTargets(Stage current);

}  // namespace rapport::domain
