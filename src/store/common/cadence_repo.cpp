#include <unordered_map>

#include "store/common/common_repos.hpp"
#include "store/field_codec.hpp"

namespace rapport::store {
namespace {

using core::Fail;

constexpr const char* kRuleColumns =
    "id, name, type, days, task_kind, stage, target_stages, target_source, target_tag, target_owner_id, "
    "target_min_value_cents, active, applies_from, created_at, updated_at, version";

std::string EncodeStages(const std::vector<domain::Stage>& stages) {
  std::string out;
  for (auto s : stages) out += (out.empty() ? "" : ",") + std::string(domain::StageName(s));
  return out;
}

std::vector<domain::Stage> DecodeStages(const std::string& text) {
  std::vector<domain::Stage> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (auto s = domain::ParseStage(std::string_view(text).substr(start, end - start))) out.push_back(*s);
    start = end + 1;
  }
  return out;
}

domain::CadenceRule ReadRule(const SqlRows& r, int i) {
  domain::CadenceRule x;
  x.id = r.Int(i, 0);
  x.name = r.Text(i, 1);
  x.type = domain::ParseCadenceType(r.Text(i, 2)).value_or(domain::CadenceType::kTouchEvery);
  x.days = static_cast<int>(r.Int(i, 3));
  if (!r.IsNull(i, 4)) x.task_kind = domain::ParseTaskKind(r.Text(i, 4));
  if (!r.IsNull(i, 5)) x.stage = domain::ParseStage(r.Text(i, 5));
  x.target.stages = DecodeStages(r.Text(i, 6));
  x.target.source = r.OptText(i, 7);
  x.target.tag = r.OptText(i, 8);
  x.target.owner_id = r.OptInt(i, 9);
  x.target.min_value_cents = r.OptInt(i, 10);
  x.active = r.Bool(i, 11);
  x.applies_from = r.Time(i, 12);
  x.created_at = r.Time(i, 13);
  x.updated_at = r.Time(i, 14);
  x.version = r.Int(i, 15);
  return x;
}

std::optional<std::string> OptName(const std::optional<domain::TaskKind>& k) {
  if (!k) return std::nullopt;
  return std::string(domain::TaskKindName(*k));
}
std::optional<std::string> OptName(const std::optional<domain::Stage>& s) {
  if (!s) return std::nullopt;
  return std::string(domain::StageName(*s));
}

SqlArgs RuleArgs(const domain::CadenceRule& x) {
  return {x.name, domain::CadenceTypeName(x.type), x.days, OptName(x.task_kind), OptName(x.stage),
          EncodeStages(x.target.stages), x.target.source, x.target.tag, x.target.owner_id, x.target.min_value_cents,
          x.active, x.applies_from, x.created_at, x.updated_at, x.version};
}

// The condition selecting the customers of `sel` in `column`, binding its values to `args`.
std::string Selected(const domain::CadenceSelection& sel, SqlArgs& args, const char* column) {
  if (sel.id_range) {
    const std::string lo = NextParam(args);
    args.emplace_back(sel.id_range->first);
    const std::string hi = NextParam(args);
    args.emplace_back(sel.id_range->second);
    return std::string(column) + " BETWEEN " + lo + " AND " + hi;
  }
  return std::string(column) + " IN (" + IdList(sel.ids, args) + ")";
}

domain::CadenceState ReadState(const SqlRows& r, int i, int col) {
  domain::CadenceState s;
  s.customer_id = r.Int(i, col);
  s.owner_id = r.Int(i, col + 1);
  s.touch_rule_id = r.OptInt(i, col + 2);
  if (auto d = r.OptInt(i, col + 3)) s.touch_days = static_cast<int>(*d);
  s.last_touch_at = r.OptTime(i, col + 4);
  s.due_at = r.OptTime(i, col + 5);
  s.value_cents = r.Int(i, col + 6);
  s.rank_cents = r.Int(i, col + 7);
  return s;
}

constexpr const char* kStateColumns =
    "customer_id, owner_id, touch_rule_id, touch_days, last_touch_at, due_at, value_cents, rank_cents";

}  // namespace

core::Result<std::vector<domain::CadenceRule>> SqlCadenceRepo::Rules() {
  auto r = s_.Query(std::string("SELECT ") + kRuleColumns + " FROM cadence_rules ORDER BY id");
  if (!r) return Fail(r.error());
  std::vector<domain::CadenceRule> out;
  for (int i = 0; i < r->Rows(); ++i) out.push_back(ReadRule(*r, i));
  return out;
}

core::Result<std::optional<domain::CadenceRule>> SqlCadenceRepo::FindRule(core::Id id) {
  auto r = s_.Query(std::string("SELECT ") + kRuleColumns + " FROM cadence_rules WHERE id = $1", {id});
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::CadenceRule>{};
  return std::optional<domain::CadenceRule>{ReadRule(*r, 0)};
}

core::Status SqlCadenceRepo::InsertRule(domain::CadenceRule& x) {
  auto r = s_.Query(
      "INSERT INTO cadence_rules (name, type, days, task_kind, stage, target_stages, target_source, target_tag, "
      "target_owner_id, target_min_value_cents, active, applies_from, created_at, updated_at, version) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
      RuleArgs(x));
  if (!r) return Fail(r.error());
  x.id = r->Int(0, 0);
  return {};
}

core::Status SqlCadenceRepo::UpdateRule(const domain::CadenceRule& x) {
  SqlArgs args = RuleArgs(x);
  args.emplace_back(x.id);
  auto r = s_.Exec(
      "UPDATE cadence_rules SET name = $1, type = $2, days = $3, task_kind = $4, stage = $5, target_stages = $6, "
      "target_source = $7, target_tag = $8, target_owner_id = $9, target_min_value_cents = $10, active = $11, "
      "applies_from = $12, created_at = $13, updated_at = $14, version = $15 WHERE id = $16",
      args);
  if (!r) return Fail(r.error());
  return {};
}

core::Status SqlCadenceRepo::DeleteRule(core::Id id) {
  auto r = s_.Exec("DELETE FROM cadence_rules WHERE id = $1", {id});
  if (!r) return Fail(r.error());
  return {};
}

core::Result<std::vector<domain::CadenceFacts>> SqlCadenceRepo::LoadFacts(const domain::CadenceSelection& sel,
                                                                         const domain::CadenceNeeds& needs) {
  std::vector<domain::CadenceFacts> out;
  std::unordered_map<core::Id, std::size_t> at;
  {
    SqlArgs args;
    const std::string where = Selected(sel, args, "id");
    auto r = s_.Query("SELECT id, owner_id, stage, source, tags, archived_at, created_at FROM customers WHERE " + where +
                          " ORDER BY id",
                      args);
    if (!r) return Fail(r.error());
    out.reserve(static_cast<std::size_t>(r->Rows()));
    for (int i = 0; i < r->Rows(); ++i) {
      domain::CadenceFacts f;
      f.customer_id = r->Int(i, 0);
      f.owner_id = r->Int(i, 1);
      f.stage = domain::ParseStage(r->Text(i, 2)).value_or(domain::Stage::kContact);
      f.source = r->OptText(i, 3);
      f.tags = DecodeTags(r->Text(i, 4));
      f.archived = !r->IsNull(i, 5);
      f.created_at = r->Time(i, 6);
      at.emplace(f.customer_id, out.size());
      out.push_back(std::move(f));
    }
  }
  if (out.empty()) return out;
  // Each query below adds one kind of fact to the customers read above.
  auto each_row = [&](const std::string& sql_before_where, const std::string& extra, SqlArgs args,
                      const char* column, auto&& apply) -> core::Status {
    const std::string where = Selected(sel, args, column);
    auto r = s_.Query(sql_before_where + " WHERE " + where + extra, args);
    if (!r) return Fail(r.error());
    for (int i = 0; i < r->Rows(); ++i)
      if (auto it = at.find(r->Int(i, 0)); it != at.end()) apply(out[it->second], *r, i);
    return {};
  };
  if (auto st = each_row("SELECT customer_id, SUM(margin_cents - refunded_margin_cents) FROM orders",
                         " AND status <> 'cancelled' GROUP BY customer_id", {}, "customer_id",
                         [](auto& f, const SqlRows& r, int i) { f.value_cents = r.Int(i, 1); });
      !st)
    return Fail(st.error());
  if (auto st = each_row("SELECT customer_id, predicted_clv_cents FROM customer_scores",
                         " AND predicted_clv_cents IS NOT NULL", {}, "customer_id",
                         [](auto& f, const SqlRows& r, int i) { f.predicted_clv_cents = r.Int(i, 1); });
      !st)
    return Fail(st.error());
  if (auto st = each_row("SELECT customer_id, MAX(at) FROM interactions", " AND touch = 1 GROUP BY customer_id", {},
                         "customer_id", [](auto& f, const SqlRows& r, int i) { f.last_touch_at = r.OptTime(i, 1); });
      !st)
    return Fail(st.error());
  if (auto st = each_row(std::string("SELECT ") + kStateColumns + " FROM cadence_state", "", {}, "customer_id",
                         [](auto& f, const SqlRows& r, int i) { f.stored = ReadState(r, i, 0); });
      !st)
    return Fail(st.error());
  if (needs.orders_since) {
    if (auto st = each_row("SELECT customer_id, id, ordered_at FROM orders", " AND ordered_at >= $1 AND status <> 'cancelled'",
                           {*needs.orders_since}, "customer_id",
                           [](auto& f, const SqlRows& r, int i) { f.orders.push_back({r.Int(i, 1), r.Time(i, 2)}); });
        !st)
      return Fail(st.error());
  }
  if (needs.cases_since) {
    // A case resolved (and perhaps closed since) counts once: a reopened one has no resolved_at
    // until it is resolved again, and its check-in stays keyed on the case.
    if (auto st = each_row("SELECT customer_id, id, resolved_at FROM cases", " AND resolved_at >= $1",
                           {*needs.cases_since}, "customer_id",
                           [](auto& f, const SqlRows& r, int i) { f.resolved_cases.push_back({r.Int(i, 1), r.Time(i, 2)}); });
        !st)
      return Fail(st.error());
  }
  if (needs.entries_since && !needs.entry_stages.empty()) {
    SqlArgs args{*needs.entries_since};
    std::string stages;
    for (auto s : needs.entry_stages) {
      stages += (stages.empty() ? "" : ", ") + NextParam(args);
      args.emplace_back(domain::StageName(s));
    }
    if (auto st = each_row("SELECT customer_id, id, to_stage, at FROM stage_transitions",
                           " AND at >= $1 AND to_stage IN (" + stages + ")", std::move(args), "customer_id",
                           [](auto& f, const SqlRows& r, int i) {
                             f.entries.push_back({r.Int(i, 1), domain::ParseStage(r.Text(i, 2)).value_or(domain::Stage::kContact),
                                                  r.Time(i, 3)});
                           });
        !st)
      return Fail(st.error());
  }
  return out;
}

core::Status SqlCadenceRepo::SaveStates(std::span<const domain::CadenceState> states) {
  constexpr std::size_t kBatch = 500;
  for (std::size_t start = 0; start < states.size(); start += kBatch) {
    const std::size_t end = std::min(states.size(), start + kBatch);
    SqlArgs args;
    std::string values;
    for (std::size_t i = start; i < end; ++i) {
      const auto& s = states[i];
      const std::size_t b = args.size();
      values += (i == start ? "(" : ", (");
      for (int k = 1; k <= 8; ++k) values += (k > 1 ? ", $" : "$") + std::to_string(b + k);
      values += ")";
      for (SqlArg a : {SqlArg(s.customer_id), SqlArg(s.owner_id), SqlArg(s.touch_rule_id), SqlArg(s.touch_days),
                       SqlArg(s.last_touch_at), SqlArg(s.due_at), SqlArg(s.value_cents),
                       SqlArg(s.rank_cents)})
        args.push_back(std::move(a));
    }
    auto r = s_.Exec(std::string("INSERT INTO cadence_state (") + kStateColumns + ") VALUES " + values +
                         " ON CONFLICT (customer_id) DO UPDATE SET owner_id = excluded.owner_id, "
                         "touch_rule_id = excluded.touch_rule_id, touch_days = excluded.touch_days, "
                         "last_touch_at = excluded.last_touch_at, due_at = excluded.due_at, value_cents = excluded.value_cents, "
                         "rank_cents = excluded.rank_cents",
                     args);
    if (!r) return Fail(r.error());
  }
  return {};
}

core::Result<std::optional<domain::CadenceState>> SqlCadenceRepo::StateOf(core::Id customer_id) {
  auto r = s_.Query(std::string("SELECT ") + kStateColumns + " FROM cadence_state WHERE customer_id = $1", {customer_id});
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::CadenceState>{};
  return std::optional<domain::CadenceState>{ReadState(*r, 0, 0)};
}

core::Status SqlCadenceRepo::Enqueue(std::span<const core::Id> ids, core::Timestamp at) {
  for (core::Id id : ids) {
    auto r = s_.Exec(
        "INSERT INTO cadence_queue (customer_id, queued_at, seq) VALUES ($1, $2, 1) "
        "ON CONFLICT (customer_id) DO UPDATE SET queued_at = excluded.queued_at, seq = cadence_queue.seq + 1",
        {id, at});
    if (!r) return Fail(r.error());
  }
  return {};
}

core::Result<std::vector<std::pair<core::Id, std::int64_t>>> SqlCadenceRepo::Queued(int limit) {
  auto r = s_.Query("SELECT customer_id, seq FROM cadence_queue ORDER BY queued_at, customer_id LIMIT $1", {limit});
  if (!r) return Fail(r.error());
  std::vector<std::pair<core::Id, std::int64_t>> out;
  for (int i = 0; i < r->Rows(); ++i) out.emplace_back(r->Int(i, 0), r->Int(i, 1));
  return out;
}

core::Status SqlCadenceRepo::Dequeue(std::span<const std::pair<core::Id, std::int64_t>> entries) {
  constexpr std::size_t kBatch = 500;
  for (std::size_t start = 0; start < entries.size(); start += kBatch) {
    SqlArgs args;
    std::string values;
    for (std::size_t i = start; i < std::min(entries.size(), start + kBatch); ++i) {
      // Typed: PostgreSQL cannot infer the type of a parameter inside VALUES.
      values += (i == start ? "(CAST(" : ", (CAST(") + NextParam(args) + " AS BIGINT)";
      args.emplace_back(entries[i].first);
      values += ", CAST(" + NextParam(args) + " AS BIGINT))";
      args.emplace_back(entries[i].second);
    }
    auto r = s_.Exec("DELETE FROM cadence_queue WHERE (customer_id, seq) IN (VALUES " + values + ")", args);
    if (!r) return Fail(r.error());
  }
  return {};
}

core::Result<std::int64_t> SqlCadenceRepo::QueueLength() {
  auto r = s_.Query("SELECT count(*) FROM cadence_queue");
  if (!r) return Fail(r.error());
  return r->Int(0, 0);
}

core::Result<std::optional<std::pair<core::Id, core::Id>>> SqlCadenceRepo::CustomerIdBounds() {
  auto r = s_.Query("SELECT MIN(id), MAX(id) FROM customers");
  if (!r) return Fail(r.error());
  if (r->IsNull(0, 0)) return std::optional<std::pair<core::Id, core::Id>>{};
  return std::optional<std::pair<core::Id, core::Id>>{std::pair{r->Int(0, 0), r->Int(0, 1)}};
}

core::Result<std::pair<std::vector<domain::ForgottenRow>, int>> SqlCadenceRepo::Forgotten(const domain::ForgottenQuery& q) {
  SqlArgs args{q.owner_id, q.now};
  std::string after;
  if (q.after) {
    const std::string v = NextParam(args);
    args.emplace_back(q.after->first);
    const std::string id = NextParam(args);
    args.emplace_back(q.after->second);
    after = " AND (rank_cents < " + v + " OR (rank_cents = " + v + " AND customer_id > " + id + "))";
  }
  const std::string limit = NextParam(args);
  args.emplace_back(q.limit + 1);
  // The page is chosen from the index alone (cadence_state_owner_due_rank covers it); only its
  // rows are then read, with their scores.
  auto r = s_.Query(
      "SELECT s.customer_id, s.owner_id, s.touch_rule_id, s.touch_days, s.last_touch_at, s.due_at, s.value_cents, "
      "s.rank_cents, c.name, c.stage, sc.predicted_clv_cents FROM (SELECT customer_id, rank_cents FROM cadence_state "
      "WHERE owner_id = $1 AND due_at <= $2" + after + " ORDER BY rank_cents DESC, customer_id LIMIT " + limit +
          ") top JOIN cadence_state s ON s.customer_id = top.customer_id JOIN customers c ON c.id = top.customer_id "
          "LEFT JOIN customer_scores sc ON sc.customer_id = top.customer_id "
          "ORDER BY top.rank_cents DESC, top.customer_id",
      args);
  if (!r) return Fail(r.error());
  std::vector<domain::ForgottenRow> rows;
  for (int i = 0; i < r->Rows(); ++i)
    rows.push_back({ReadState(*r, i, 0), r->Text(i, 8), domain::ParseStage(r->Text(i, 9)).value_or(domain::Stage::kContact),
                    r->OptInt(i, 10)});
  auto n = s_.Query("SELECT count(*) FROM cadence_state WHERE owner_id = $1 AND due_at <= $2", {q.owner_id, q.now});
  if (!n) return Fail(n.error());
  return std::pair{std::move(rows), static_cast<int>(n->Int(0, 0))};
}

core::Status SqlCadenceRepo::RerankFromScores(core::Id after, core::Id upto) {
  // RankValue in SQL: the predicted value when the scores hold one, else the cumulative margin.
  // Only rows whose rank changes are written (an unchanged row keeps its index entry).
  auto r = s_.Exec(
      "UPDATE cadence_state SET rank_cents = COALESCE((SELECT sc.predicted_clv_cents FROM customer_scores sc "
      "WHERE sc.customer_id = cadence_state.customer_id), value_cents) "
      "WHERE customer_id > $1 AND customer_id <= $2 AND rank_cents <> COALESCE((SELECT sc.predicted_clv_cents "
      "FROM customer_scores sc WHERE sc.customer_id = cadence_state.customer_id), value_cents)",
      {after, upto});
  if (!r) return Fail(r.error());
  return {};
}

core::Result<std::map<core::Id, int>> SqlCadenceRepo::ForgottenCounts(core::Timestamp now, std::optional<std::string> team) {
  SqlArgs args{now};
  const std::string owners = TeamOwnersWhere(team, args, "owner_id");
  auto r = s_.Query("SELECT owner_id, count(*) FROM cadence_state WHERE due_at <= $1 AND " + owners + " GROUP BY owner_id",
                    args);
  if (!r) return Fail(r.error());
  std::map<core::Id, int> out;
  for (int i = 0; i < r->Rows(); ++i) out[r->Int(i, 0)] = static_cast<int>(r->Int(i, 1));
  return out;
}

}  // namespace rapport::store
