// Cadence rules: how often each customer must be touched, and which follow-up tasks each order,
// stage entry and resolved complaint calls for. Pure rules over a customer's facts; the service
// (cadence_service.hpp) loads the facts and stores what these functions compute.
//
// - touch_every N days: a personal touch at least every N days. It creates no task: a customer
//   past it is "forgotten" and listed in Today (most valuable first) and in the next actions.
//   With several touch rules matching a customer, the shortest cadence applies.
// - after_order D days: a task (post-purchase conversation, thank-you, ...) due D days after each
//   order placed since the rule applies (cancelled orders excepted).
// - after_stage S, D days: a task due D days after each entry into stage S, while the customer is
//   still in S.
// - after_case_resolved D days: a check-in D days after each complaint case is resolved.
// Each rule targets stages (none listed: every stage) and optionally a segment: source, tag,
// owner, minimum value (cumulative margin).
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/customer/stage.hpp"
#include "domain/patch.hpp"
#include "domain/task/task.hpp"

namespace rapport::domain {

enum class CadenceType { kTouchEvery, kAfterOrder, kAfterCaseResolved, kAfterStage };
std::string_view CadenceTypeName(CadenceType t);
std::optional<CadenceType> ParseCadenceType(std::string_view name);

struct CadenceTarget {
  std::vector<Stage> stages;  // empty: every stage
  std::optional<std::string> source, tag;
  std::optional<Id> owner_id;
  std::optional<std::int64_t> min_value_cents;
  bool operator==(const CadenceTarget&) const = default;
};

struct CadenceRule {
  Id id = 0;
  std::string name;
  CadenceType type = CadenceType::kTouchEvery;
  CadenceTarget target;
  int days = 45;
  std::optional<TaskKind> task_kind;  // the tasks it creates (none for touch_every)
  std::optional<Stage> stage;         // after_stage: the stage entered
  bool active = true;
  // Occurrences (orders, stage entries, resolutions) before this time create no task: a rule
  // added today does not bury its owner in tasks for last year's orders.
  Timestamp applies_from;
  Timestamp created_at, updated_at;
  std::int64_t version = 1;
};

struct CadenceRuleInput {
  Patch<std::string> name, type, task_kind, stage;
  Patch<std::int64_t> days;
  // target
  Patch<std::vector<std::string>> stages;
  Patch<std::string> source, tag;
  Patch<Id> owner_id;
  Patch<std::int64_t> min_value_cents;
  Patch<bool> active;
  Patch<Timestamp> applies_from;
  std::map<std::string, std::string> decode_errors;
};

inline constexpr int kMaxCadenceDays = 3650;

// A new rule from `in` (kInvalidArgument naming every bad field); applies_from defaults to now.
core::Result<CadenceRule> BuildCadenceRule(const CadenceRuleInput& in, Timestamp now);
// `rule` with the fields present in `in` changed (validated as for a new rule).
core::Result<CadenceRule> PatchCadenceRule(CadenceRule rule, const CadenceRuleInput& in, Timestamp now);

// What the scheduler knows of one customer.
struct OrderOccurrence {
  Id order_id = 0;
  Timestamp at;
};
struct StageEntry {
  Id transition_id = 0;
  Stage stage = Stage::kContact;
  Timestamp at;
};
struct CaseResolution {
  Id case_id = 0;
  Timestamp at;
};

// The stored touch state of a customer: the cadence in force and when the next touch is due.
struct CadenceState {
  Id customer_id = 0;
  Id owner_id = 0;
  std::optional<Id> touch_rule_id;
  std::optional<int> touch_days;
  std::optional<Timestamp> last_touch_at;
  std::optional<Timestamp> due_at;  // none: no touch rule applies
  std::int64_t value_cents = 0;     // cumulative margin, net of refunds
  // What the forgotten list ranks by ("most valuable first"): the predicted lifetime value of the
  // latest scoring run when it gave one, else value_cents (see RankValue).
  std::int64_t rank_cents = 0;
  bool operator==(const CadenceState&) const = default;
};

struct CadenceFacts {
  Id customer_id = 0;
  Id owner_id = 0;
  Stage stage = Stage::kContact;
  std::optional<std::string> source;
  std::vector<std::string> tags;
  bool archived = false;
  Timestamp created_at;
  std::int64_t value_cents = 0;
  std::optional<std::int64_t> predicted_clv_cents;  // of the latest scoring run, when it gave one
  std::optional<Timestamp> last_touch_at;
  std::optional<CadenceState> stored;  // the state as stored now (none: never computed)
  std::vector<OrderOccurrence> orders;          // since the earliest after_order rule applies
  std::vector<StageEntry> entries;              // since the earliest after_stage rule applies
  std::vector<CaseResolution> resolved_cases;   // since the earliest after_case_resolved rule applies
};

bool RuleTargets(const CadenceRule& rule, const CadenceFacts& facts);

// The value a customer ranks by in the forgotten list: the predicted lifetime value (CLV) when a
// scoring run gave one, else the cumulative margin. The store applies the same rule when a
// scoring run rewrites the scores (CadenceRepo::RerankFromScores).
std::int64_t RankValue(std::optional<std::int64_t> predicted_clv_cents, std::int64_t value_cents);

// The touch state `rules` give the customer. A customer never touched is due from the moment
// the cadence applies to them: listed as forgotten at once.
CadenceState StateFor(const CadenceFacts& facts, std::span<const CadenceRule> rules);

// Every task `rules` call for (existing ones included: the store ignores a source_key it has).
std::vector<Task> TasksFor(const CadenceFacts& facts, std::span<const CadenceRule> rules, Timestamp now);

// The source key of a generated task: one per rule x customer x occurrence.
std::string CadenceTaskKey(Id rule_id, Id customer_id, std::string_view occurrence, Id occurrence_id);

// "last personal touch 63 days ago; cadence 45 days (Romance: ...)" or "never touched
// personally; cadence 45 days (...)": why a customer's touch is due at `now`.
std::string TouchReason(const CadenceState& state, std::string_view rule_name, Timestamp now);

// What the scheduler must load: the earliest applies_from per occurrence type (none: no such rule).
struct CadenceNeeds {
  std::optional<Timestamp> orders_since, entries_since, cases_since;
  std::vector<Stage> entry_stages;
};
CadenceNeeds NeedsOf(std::span<const CadenceRule> rules);

}  // namespace rapport::domain
