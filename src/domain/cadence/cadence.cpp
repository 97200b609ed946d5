#include "domain/cadence/cadence.hpp"

#include <algorithm>
#include <array>

#include "core/text.hpp"
#include "domain/text_fields.hpp"

namespace rapport::domain {
namespace {

constexpr std::array<std::pair<CadenceType, std::string_view>, 4> kTypes{{
    {CadenceType::kTouchEvery, "touch_every"},
    {CadenceType::kAfterOrder, "after_order"},
    {CadenceType::kAfterCaseResolved, "after_case_resolved"},
    {CadenceType::kAfterStage, "after_stage"},
}};

constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxSegmentText = 100;

TaskKind DefaultTaskKind(CadenceType t) {
  switch (t) {
    case CadenceType::kAfterOrder: return TaskKind::kPostPurchaseConversation;
    case CadenceType::kAfterCaseResolved: return TaskKind::kCheckIn;
    default: return TaskKind::kFollowUp;
  }
}

std::string StageList() {
  std::string out;
  for (Stage s : AllStages()) out += (out.empty() ? "" : ", ") + std::string(StageName(s));
  return out;
}

// Applies the fields present in `in` to `rule`, recording problems in `errors`.
void Apply(CadenceRule& rule, const CadenceRuleInput& in, std::map<std::string, std::string>& errors) {
  if (in.name) {
    auto name = *in.name ? CleanOptionalText(**in.name, "name", kMaxName, errors) : std::nullopt;
    if (name) rule.name = *name;
    else if (!errors.contains("name")) errors.emplace("name", "must not be empty");
  }
  if (in.type) {
    auto t = *in.type ? ParseCadenceType(**in.type) : std::nullopt;
    if (t) rule.type = *t;
    else errors.emplace("type", "must be one of touch_every, after_order, after_case_resolved, after_stage");
  }
  if (in.days) {
    if (!*in.days || **in.days < 1 || **in.days > kMaxCadenceDays)
      errors.emplace("days", "must be a whole number of days from 1 to " + std::to_string(kMaxCadenceDays));
    else rule.days = static_cast<int>(**in.days);
  }
  if (in.task_kind) {
    if (!*in.task_kind) rule.task_kind.reset();
    else if (auto k = ParseTaskKind(**in.task_kind)) rule.task_kind = *k;
    else errors.emplace("task_kind", "must be one of " + TaskKindList());
  }
  if (in.stage) {
    if (!*in.stage) rule.stage.reset();
    else if (auto s = ParseStage(**in.stage)) rule.stage = *s;
    else errors.emplace("stage", "must be one of " + StageList());
  }
  if (in.stages) {
    rule.target.stages.clear();
    if (*in.stages)
      for (std::size_t i = 0; i < (*in.stages)->size(); ++i) {
        const auto& name = (**in.stages)[i];
        if (auto s = ParseStage(name)) {
          if (std::find(rule.target.stages.begin(), rule.target.stages.end(), *s) == rule.target.stages.end())
            rule.target.stages.push_back(*s);
        } else {
          errors.emplace("target.stages[" + std::to_string(i) + "]", "must be one of " + StageList());
        }
      }
  }
  auto segment_text = [&](const Patch<std::string>& patch, std::optional<std::string>& target, const char* field) {
    if (!patch) return;
    target = *patch ? CleanOptionalText(**patch, field, kMaxSegmentText, errors) : std::nullopt;
  };
  segment_text(in.source, rule.target.source, "target.source");
  segment_text(in.tag, rule.target.tag, "target.tag");
  if (rule.target.tag) rule.target.tag = core::FoldCase(*rule.target.tag);
  if (in.owner_id) rule.target.owner_id = *in.owner_id;
  if (in.min_value_cents) {
    if (*in.min_value_cents && **in.min_value_cents < 0) errors.emplace("target.min_value_cents", "must not be negative");
    else rule.target.min_value_cents = *in.min_value_cents;
  }
  if (in.active) rule.active = in.active->value_or(true);
  if (in.applies_from && *in.applies_from) rule.applies_from = **in.applies_from;
}

// Cross-field checks of a complete rule.
void Check(CadenceRule& rule, std::map<std::string, std::string>& errors) {
  if (rule.type == CadenceType::kTouchEvery) {
    if (rule.task_kind) errors.emplace("task_kind", "a touch_every rule creates no tasks: it lists forgotten customers");
  } else if (!rule.task_kind) {
    rule.task_kind = DefaultTaskKind(rule.type);
  }
  if (rule.type == CadenceType::kAfterStage) {
    if (!rule.stage && !errors.contains("stage")) errors.emplace("stage", "required for after_stage: the stage entered");
  } else if (rule.stage) {
    errors.emplace("stage", "only for after_stage rules (use target.stages to choose whom a rule applies to)");
  }
}

}  // namespace

std::string_view CadenceTypeName(CadenceType t) {
  for (const auto& [type, name] : kTypes)
    if (type == t) return name;
  return "touch_every";
}

std::optional<CadenceType> ParseCadenceType(std::string_view name) {
  for (const auto& [type, n] : kTypes)
    if (n == name) return type;
  return std::nullopt;
}

core::Result<CadenceRule> BuildCadenceRule(const CadenceRuleInput& in, Timestamp now) {
  std::map<std::string, std::string> errors = in.decode_errors;
  CadenceRule rule;
  rule.applies_from = rule.created_at = rule.updated_at = now;
  if (!in.name && !errors.contains("name")) errors.emplace("name", "required");
  if (!in.type && !errors.contains("type")) errors.emplace("type", "required: touch_every, after_order, after_case_resolved or after_stage");
  if (!in.days && !errors.contains("days")) errors.emplace("days", "required: a whole number of days");
  Apply(rule, in, errors);
  Check(rule, errors);
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return rule;
}

core::Result<CadenceRule> PatchCadenceRule(CadenceRule rule, const CadenceRuleInput& in, Timestamp now) {
  std::map<std::string, std::string> errors = in.decode_errors;
  const CadenceType before = rule.type;
  Apply(rule, in, errors);
  // A type change drops the task kind the old type defaulted to, unless the request sets one.
  if (rule.type != before && !in.task_kind) rule.task_kind.reset();
  Check(rule, errors);
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  rule.updated_at = now;
  ++rule.version;
  return rule;
}

bool RuleTargets(const CadenceRule& rule, const CadenceFacts& f) {
  if (!rule.active || f.archived) return false;
  const auto& t = rule.target;
  if (!t.stages.empty() && std::find(t.stages.begin(), t.stages.end(), f.stage) == t.stages.end()) return false;
  if (t.source && (!f.source || core::FoldCase(*f.source) != core::FoldCase(*t.source))) return false;
  if (t.tag && std::none_of(f.tags.begin(), f.tags.end(), [&](const std::string& x) { return core::FoldCase(x) == *t.tag; }))
    return false;
  if (t.owner_id && f.owner_id != *t.owner_id) return false;
  if (t.min_value_cents && f.value_cents < *t.min_value_cents) return false;
  return true;
}

std::int64_t RankValue(std::optional<std::int64_t> predicted_clv_cents, std::int64_t value_cents) {
  return predicted_clv_cents.value_or(value_cents);
}

CadenceState StateFor(const CadenceFacts& f, std::span<const CadenceRule> rules) {
  CadenceState s;
  s.customer_id = f.customer_id;
  s.owner_id = f.owner_id;
  s.last_touch_at = f.last_touch_at;
  s.value_cents = f.value_cents;
  s.rank_cents = RankValue(f.predicted_clv_cents, f.value_cents);
  for (const auto& r : rules) {
    if (r.type != CadenceType::kTouchEvery || !RuleTargets(r, f)) continue;
    if (s.touch_days && (*s.touch_days < r.days || (*s.touch_days == r.days && *s.touch_rule_id < r.id))) continue;
    s.touch_days = r.days;
    s.touch_rule_id = r.id;
  }
  if (s.touch_days)
    s.due_at = f.last_touch_at ? Timestamp{f.last_touch_at->ms + *s.touch_days * core::kMsPerDay} : f.created_at;
  return s;
}

std::string CadenceTaskKey(Id rule_id, Id customer_id, std::string_view occurrence, Id occurrence_id) {
  return "cadence:" + core::FormatId(rule_id) + ":customer:" + core::FormatId(customer_id) + ":" +
         std::string(occurrence) + ":" + core::FormatId(occurrence_id);
}

std::vector<Task> TasksFor(const CadenceFacts& f, std::span<const CadenceRule> rules, Timestamp now) {
  std::vector<Task> out;
  auto add = [&](const CadenceRule& r, std::string_view occurrence, Id occurrence_id, Timestamp at, std::string title) {
    Task t;
    t.customer_id = f.customer_id;
    t.owner_id = f.owner_id;
    t.kind = r.task_kind.value_or(TaskKind::kFollowUp);
    t.title = std::move(title);
    t.due_at = Timestamp{at.ms + r.days * core::kMsPerDay};
    t.rule_id = r.id;
    t.source_key = CadenceTaskKey(r.id, f.customer_id, occurrence, occurrence_id);
    t.created_at = t.updated_at = now;
    out.push_back(std::move(t));
  };
  for (const auto& r : rules) {
    if (r.type == CadenceType::kTouchEvery || !RuleTargets(r, f)) continue;
    const std::string label(TaskKindLabel(r.task_kind.value_or(TaskKind::kFollowUp)));
    switch (r.type) {
      case CadenceType::kAfterOrder:
        for (const auto& o : f.orders)
          if (o.at.ms >= r.applies_from.ms)
            add(r, "order", o.order_id, o.at, label + " after order " + core::FormatId(o.order_id));
        break;
      case CadenceType::kAfterStage:
        if (r.stage && f.stage == *r.stage)
          for (const auto& e : f.entries)
            if (e.stage == *r.stage && e.at.ms >= r.applies_from.ms)
              add(r, "stage", e.transition_id, e.at,
                  label + ": " + std::string(StageName(e.stage)) + " since " + core::FormatDate(core::DateOf(e.at)));
        break;
      case CadenceType::kAfterCaseResolved:
        for (const auto& c : f.resolved_cases)
          if (c.at.ms >= r.applies_from.ms)
            add(r, "case", c.case_id, c.at, label + " after case " + core::FormatId(c.case_id) + " was resolved");
        break;
      case CadenceType::kTouchEvery: break;
    }
  }
  return out;
}

std::string TouchReason(const CadenceState& state, std::string_view rule_name, Timestamp now) {
  auto days = [](std::int64_t n) { return std::to_string(n) + (n == 1 ? " day" : " days"); };
  const std::string cadence = "cadence " + days(state.touch_days.value_or(0)) +
                              (rule_name.empty() ? "" : " (" + std::string(rule_name) + ")");
  if (!state.last_touch_at) return "never touched personally; " + cadence;
  return "last personal touch " + days((now.ms - state.last_touch_at->ms) / core::kMsPerDay) + " ago; " + cadence;
}

CadenceNeeds NeedsOf(std::span<const CadenceRule> rules) {
  CadenceNeeds n;
  auto earliest = [](std::optional<Timestamp>& slot, Timestamp t) {
    if (!slot || t.ms < slot->ms) slot = t;
  };
  for (const auto& r : rules) {
    if (!r.active) continue;
    if (r.type == CadenceType::kAfterOrder) earliest(n.orders_since, r.applies_from);
    if (r.type == CadenceType::kAfterCaseResolved) earliest(n.cases_since, r.applies_from);
    if (r.type == CadenceType::kAfterStage && r.stage) {
      earliest(n.entries_since, r.applies_from);
      if (std::find(n.entry_stages.begin(), n.entry_stages.end(), *r.stage) == n.entry_stages.end())
        n.entry_stages.push_back(*r.stage);
    }
  }
  return n;
}

}  // namespace rapport::domain
