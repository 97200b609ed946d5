#include "domain/task/task.hpp"

#include <array>

namespace rapport::domain {
namespace {

struct KindInfo {
  TaskKind kind;
  std::string_view name, label;
};
constexpr std::array<KindInfo, 5> kKinds{{
    {TaskKind::kFollowUp, "follow_up", "Follow up"},
    {TaskKind::kPostPurchaseConversation, "post_purchase_conversation", "Post-purchase conversation"},
    {TaskKind::kThankYou, "thank_you", "Thank-you"},
    {TaskKind::kCheckIn, "check_in", "Check in"},
    {TaskKind::kCustom, "custom", "Task"},
}};

}  // namespace

std::string_view TaskKindName(TaskKind k) {
  for (const auto& i : kKinds)
    if (i.kind == k) return i.name;
  return "custom";
}

std::string_view TaskKindLabel(TaskKind k) {
  for (const auto& i : kKinds)
    if (i.kind == k) return i.label;
  return "Task";
}

std::optional<TaskKind> ParseTaskKind(std::string_view name) {
  for (const auto& i : kKinds)
    if (i.name == name) return i.kind;
  return std::nullopt;
}

std::string TaskKindList() {
  std::string out;
  for (const auto& i : kKinds) out += (out.empty() ? "" : ", ") + std::string(i.name);
  return out;
}

std::string_view TaskOutcomeName(TaskOutcome o) { return o == TaskOutcome::kDone ? "done" : "skipped"; }

}  // namespace rapport::domain
