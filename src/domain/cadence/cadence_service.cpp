#include "domain/cadence/cadence_service.hpp"

#include <chrono>
#include <charconv>

#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/product/product_service.hpp"  // StaleVersion
#include "domain/task/task_repo.hpp"
#include "domain/workspace/settings_repo.hpp"

namespace rapport::domain {
namespace {

core::Error RuleNotFound(Id id) { return core::Error::NotFound("cadence rule " + core::FormatId(id) + " not found"); }

core::Status RequireManager(const Actor& actor) {
  if (actor.role == Role::kRep) return core::Fail(core::Error::Forbidden("only managers and admins may change cadence rules"));
  return {};
}

std::optional<std::int64_t> ParseInt(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || p != text->data() + text->size()) return std::nullopt;
  return v;
}

core::Result<std::optional<std::int64_t>> IntSetting(Txn& txn, std::string_view key) {
  auto v = txn.Settings().Get(key);
  if (!v) return core::Fail(v.error());
  return ParseInt(*v);
}

// The rules' version: bumped by every rule change; a full pass records the version it applied.
core::Result<std::int64_t> RulesVersion(Txn& txn) {
  auto v = IntSetting(txn, kCadenceRulesVersionKey);
  if (!v) return core::Fail(v.error());
  return v->value_or(1);
}

core::Status BumpRulesVersion(Txn& txn) {
  auto v = RulesVersion(txn);
  if (!v) return core::Fail(v.error());
  return txn.Settings().Set(kCadenceRulesVersionKey, std::to_string(*v + 1));
}

std::string RuleAuditValue(const CadenceRule& r) {
  return AuditText(std::string(CadenceTypeName(r.type)) + " " + std::to_string(r.days) + " days: " + r.name);
}

}  // namespace

core::Status CustomerChanged(Txn& txn, std::span<const Id> ids, Timestamp now) {
  if (ids.empty()) return {};
  auto rules = txn.Cadences().Rules();
  if (!rules) return core::Fail(rules.error());
  CadenceSelection sel;
  sel.ids.assign(ids.begin(), ids.end());
  auto facts = txn.Cadences().LoadFacts(sel, CadenceNeeds{});
  if (!facts) return core::Fail(facts.error());
  std::vector<CadenceState> changed;
  for (const auto& f : *facts) {
    auto s = StateFor(f, *rules);
    if (!f.stored || !(*f.stored == s)) changed.push_back(std::move(s));
  }
  if (auto st = txn.Cadences().SaveStates(changed); !st) return st;
  return txn.Cadences().Enqueue(ids, now);
}

core::Result<std::vector<CadenceRule>> CadenceService::List(const Actor&) {
  return ReadValue<std::vector<CadenceRule>>(store_, [](Txn& txn) { return txn.Cadences().Rules(); });
}

core::Result<CadenceRule> CadenceService::Get(const Actor&, Id id) {
  return ReadValue<CadenceRule>(store_, [&](Txn& txn) -> core::Result<CadenceRule> {
    auto r = txn.Cadences().FindRule(id);
    if (!r) return core::Fail(r.error());
    if (!*r) return core::Fail(RuleNotFound(id));
    return std::move(**r);
  });
}

core::Result<CadenceRule> CadenceService::Create(const Actor& actor, const CadenceRuleInput& input) {
  if (auto st = RequireManager(actor); !st) return core::Fail(st.error());
  const Timestamp now = clock_.Now();
  auto rule = BuildCadenceRule(input, now);
  if (!rule) return core::Fail(rule.error());
  auto stored = WriteValue<CadenceRule>(store_, [&](Txn& txn) -> core::Result<CadenceRule> {
    CadenceRule r = *rule;
    if (auto st = txn.Cadences().InsertRule(r); !st) return core::Fail(st.error());
    if (auto st = BumpRulesVersion(txn); !st) return core::Fail(st.error());
    auto e = NewAuditEntry(actor, now, "cadence.create", "cadence", r.id);
    e.changes.push_back({"rule", std::nullopt, RuleAuditValue(r)});
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    return r;
  });
  if (!stored) return stored;
  return AfterRuleChange(std::move(*stored));
}

core::Result<CadenceRule> CadenceService::Update(const Actor& actor, Id id, const CadenceRuleInput& input,
                                                 std::optional<std::int64_t> expected_version) {
  if (auto st = RequireManager(actor); !st) return core::Fail(st.error());
  const Timestamp now = clock_.Now();
  auto stored = WriteValue<CadenceRule>(store_, [&](Txn& txn) -> core::Result<CadenceRule> {
    auto found = txn.Cadences().FindRule(id);
    if (!found) return core::Fail(found.error());
    if (!*found) return core::Fail(RuleNotFound(id));
    if (expected_version && *expected_version != (*found)->version)
      return core::Fail(StaleVersion("cadence rule", id, (*found)->version));
    auto r = PatchCadenceRule(**found, input, now);
    if (!r) return core::Fail(r.error());
    if (auto st = txn.Cadences().UpdateRule(*r); !st) return core::Fail(st.error());
    if (auto st = BumpRulesVersion(txn); !st) return core::Fail(st.error());
    auto e = NewAuditEntry(actor, now, "cadence.update", "cadence", id);
    e.changes.push_back({"rule", RuleAuditValue(**found), RuleAuditValue(*r)});
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    return std::move(*r);
  });
  if (!stored) return stored;
  return AfterRuleChange(std::move(*stored));
}

core::Status CadenceService::Delete(const Actor& actor, Id id) {
  if (auto st = RequireManager(actor); !st) return st;
  const Timestamp now = clock_.Now();
  auto st = store_.Write([&](Txn& txn) -> core::Status {
    auto found = txn.Cadences().FindRule(id);
    if (!found) return core::Fail(found.error());
    if (!*found) return core::Fail(RuleNotFound(id));
    if (auto s = txn.Cadences().DeleteRule(id); !s) return s;
    if (auto s = BumpRulesVersion(txn); !s) return s;
    auto e = NewAuditEntry(actor, now, "cadence.delete", "cadence", id);
    e.changes.push_back({"rule", RuleAuditValue(**found), std::nullopt});
    return txn.Audit().Append(e);
  });
  if (!st) return st;
  auto pass = RunPass(false);
  if (!pass) return core::Fail(pass.error());
  return {};
}

core::Result<CadenceRule> CadenceService::AfterRuleChange(CadenceRule rule) {
  auto pass = RunPass(false);
  if (!pass) return core::Fail(pass.error());
  return rule;
}

core::Result<SchedulerStatus> ReadSchedulerStatus(Txn& txn) {
  SchedulerStatus s;
  auto last = IntSetting(txn, kCadenceLastPassKey);
  if (!last) return core::Fail(last.error());
  if (*last) s.last_pass_at = Timestamp{**last};
  auto full = IntSetting(txn, kCadenceLastFullPassKey);
  if (!full) return core::Fail(full.error());
  if (*full) s.last_full_pass_at = Timestamp{**full};
  auto version = RulesVersion(txn);
  if (!version) return core::Fail(version.error());
  auto done = IntSetting(txn, kCadenceFullPassVersionKey);
  if (!done) return core::Fail(done.error());
  s.full_pass_pending = done->value_or(0) != *version;
  auto queued = txn.Cadences().QueueLength();
  if (!queued) return core::Fail(queued.error());
  s.queued = *queued;
  return s;
}

core::Result<SchedulerStatus> CadenceService::Status() {
  return ReadValue<SchedulerStatus>(store_, [](Txn& txn) { return ReadSchedulerStatus(txn); });
}

core::Result<PassReport> CadenceService::RunPass(const Actor& actor, bool force_full) {
  if (actor.role == Role::kRep) return core::Fail(core::Error::Forbidden("only managers and admins may run the cadence scheduler"));
  return RunPass(force_full);
}

core::Result<PassReport> CadenceService::RunPass(bool force_full, const PassProgress& progress) {
  auto status = Status();
  if (!status) return core::Fail(status.error());
  const auto started = std::chrono::steady_clock::now();
  auto report = force_full || status->full_pass_pending ? FullPass(progress) : IncrementalPass();
  if (!report) return report;
  report->elapsed_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  return report;
}

core::Status CadenceService::Examine(const CadenceSelection& selection, PassReport& report,
                                     std::span<const std::pair<Id, std::int64_t>> dequeue, bool record_pass) {
  const Timestamp now = clock_.Now();
  return store_.Write([&](Txn& txn) -> core::Status {
    auto rules = txn.Cadences().Rules();
    if (!rules) return core::Fail(rules.error());
    auto facts = txn.Cadences().LoadFacts(selection, NeedsOf(*rules));
    if (!facts) return core::Fail(facts.error());
    std::vector<CadenceState> changed;
    std::vector<Task> tasks;
    for (const auto& f : *facts) {
      auto s = StateFor(f, *rules);
      if (!f.stored || !(*f.stored == s)) changed.push_back(std::move(s));
      auto t = TasksFor(f, *rules, now);
      tasks.insert(tasks.end(), std::make_move_iterator(t.begin()), std::make_move_iterator(t.end()));
    }
    if (auto st = txn.Cadences().SaveStates(changed); !st) return st;
    auto inserted = txn.Tasks().InsertGenerated(tasks);
    if (!inserted) return core::Fail(inserted.error());
    if (auto st = txn.Cadences().Dequeue(dequeue); !st) return st;
    if (record_pass)
      if (auto st = txn.Settings().Set(kCadenceLastPassKey, std::to_string(now.ms)); !st) return st;
    report.customers += static_cast<std::int64_t>(facts->size());
    report.states_changed += static_cast<std::int64_t>(changed.size());
    report.tasks_created += *inserted;
    return {};
  });
}

core::Result<PassReport> CadenceService::FullPass(const PassProgress& progress) {
  PassReport report;
  report.full = true;
  std::optional<std::pair<Id, Id>> bounds;
  std::int64_t version = 1;
  auto st = store_.Read([&](Txn& txn) -> core::Status {
    auto b = txn.Cadences().CustomerIdBounds();
    if (!b) return core::Fail(b.error());
    bounds = *b;
    auto v = RulesVersion(txn);
    if (!v) return core::Fail(v.error());
    version = *v;
    return {};
  });
  if (!st) return core::Fail(st.error());
  if (bounds) {
    const std::int64_t total = bounds->second - bounds->first + 1;
    for (Id lo = bounds->first; lo <= bounds->second; lo += kChunk) {
      CadenceSelection sel;
      sel.id_range = std::pair{lo, std::min<Id>(bounds->second, lo + kChunk - 1)};
      if (auto s = Examine(sel, report, {}, false); !s) return core::Fail(s.error());
      if (progress) progress(std::min<std::int64_t>(total, lo - bounds->first + kChunk), total);
    }
  }
  // Changes made while the pass ran are in the queue: take them too.
  auto rest = IncrementalPass();
  if (!rest) return rest;
  report.states_changed += rest->states_changed;
  report.tasks_created += rest->tasks_created;
  const Timestamp now = clock_.Now();
  st = store_.Write([&](Txn& txn) -> core::Status {
    if (auto s = txn.Settings().Set(kCadenceFullPassVersionKey, std::to_string(version)); !s) return s;
    if (auto s = txn.Settings().Set(kCadenceLastFullPassKey, std::to_string(now.ms)); !s) return s;
    return txn.Settings().Set(kCadenceLastPassKey, std::to_string(now.ms));
  });
  if (!st) return core::Fail(st.error());
  return report;
}

core::Result<PassReport> CadenceService::IncrementalPass() {
  PassReport report;
  constexpr int kBatch = 1000;
  // A bounded number of batches per pass, so a flood of changes cannot hold the pass forever.
  for (int round = 0; round < 1000; ++round) {
    std::vector<std::pair<Id, std::int64_t>> queued;
    auto st = store_.Read([&](Txn& txn) -> core::Status {
      auto q = txn.Cadences().Queued(kBatch);
      if (!q) return core::Fail(q.error());
      queued = std::move(*q);
      return {};
    });
    if (!st) return core::Fail(st.error());
    const bool last = static_cast<int>(queued.size()) < kBatch;
    if (!queued.empty()) {
      CadenceSelection sel;
      for (const auto& entry : queued) sel.ids.push_back(entry.first);
      // The last batch records the pass in its own transaction: one commit fewer.
      if (auto s = Examine(sel, report, queued, last); !s) return core::Fail(s.error());
      if (last) return report;
    }
    if (last) break;
  }
  const Timestamp now = clock_.Now();
  auto st = store_.Write([&](Txn& txn) { return txn.Settings().Set(kCadenceLastPassKey, std::to_string(now.ms)); });
  if (!st) return core::Fail(st.error());
  return report;
}

}  // namespace rapport::domain
