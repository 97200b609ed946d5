// Customer search on SQLite (see SqliteCustomerSearch): FTS5 and the planner's choices.
#include <algorithm>
#include <map>
#include <string>

#include "core/text.hpp"
#include "store/customer_sql.hpp"
#include "store/sqlite/sqlite_txn.hpp"

namespace rapport::store::sqlite {
namespace {

using core::Fail;
using domain::Customer;
using domain::CustomerQuery;
using domain::CustomerSortField;

// Above this many trigram matches, q is answered by walking the sort index and filtering
// (finds a page quickly because matches are common); below it, by fetching the matches and
// sorting them (fast because they are few).
constexpr int kSearchDriveThreshold = 2000;

// The same choice for a rep's scope. Up to this many customers in the scope, the list fetches
// them by owner (index customers_owner_name) and sorts them; above it, it walks the sort order's
// index and skips rows outside the scope (a page is found quickly because the scope holds a good
// share of the rows). Without the switch SQLite always takes the owner index, and a team owning
// most of a million customers sorted them all for every page (about 5 s).
constexpr int kScopeDriveThreshold = 5000;

// An FTS5 phrase matching the text as a substring: quotes doubled, the whole in quotes.
std::string FtsPhrase(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

enum class SearchMode { kNone, kDriveFromIndex, kScanInOrder };

// The placeholder of `value`, appended to `args`.
std::string Param(SqlArgs& args, SqlArg value) {
  std::string placeholder = NextParam(args);
  args.push_back(std::move(value));
  return placeholder;
}

}  // namespace

core::Status SqliteCustomerSearch::IndexInserted(core::Id id, const Customer& c) {
  // Updates and deletes keep their triggers (see the migration).
  auto n = s_.Exec("INSERT INTO customer_search(rowid, search_text) VALUES ($1, $2)", {id, domain::SearchTextFor(c)});
  if (!n) return Fail(n.error());
  return {};
}

core::Status SqliteCustomerSearch::RebuildSearchIndex() {
  auto n = s_.Exec("INSERT INTO customer_search(customer_search) VALUES ('rebuild')");
  if (!n) return Fail(n.error());
  return {};
}

core::Result<std::vector<Customer>> SqliteCustomerSearch::List(const CustomerQuery& q) {
  SearchMode mode = SearchMode::kNone;
  if (q.q && !q.q->empty()) {
    mode = SearchMode::kScanInOrder;
    if (core::CodepointCount(*q.q) >= 3) {
      auto count = s_.Query(
          "SELECT count(*) FROM (SELECT 1 FROM customer_search WHERE customer_search MATCH $1 "
          "LIMIT " + std::to_string(kSearchDriveThreshold) + ")",
          {FtsPhrase(*q.q)});
      if (!count) return Fail(count.error());
      if (count->Int(0, 0) < kSearchDriveThreshold) mode = SearchMode::kDriveFromIndex;
    }
  }

  // By name, one owner's rows come in order from customers_owner_name: nothing to choose.
  bool scope_by_owner = true;
  if (q.scope.user_id && mode != SearchMode::kDriveFromIndex && !q.owner_id &&
      (q.scope.team || q.sort.field != CustomerSortField::kName)) {
    SqlArgs args{*q.scope.user_id};
    if (q.scope.team) args.emplace_back(*q.scope.team);
    auto count = s_.Query("SELECT count(*) FROM (SELECT 1 FROM customers c WHERE " +
                              ScopeCondition(q.scope, "$1", "$2") + " LIMIT " +
                              std::to_string(kScopeDriveThreshold) + ")",
                          args);
    if (!count) return Fail(count.error());
    scope_by_owner = count->Int(0, 0) < kScopeDriveThreshold;
  }

  SqlArgs args;
  std::string sql = std::string("SELECT ") + kCustomerColumns;
  std::vector<std::string> where;
  if (mode == SearchMode::kDriveFromIndex) {
    // CROSS JOIN keeps the search index as the outer loop: few matches, then sort them.
    sql += " FROM customer_search f CROSS JOIN customers c ON c.id = f.rowid";
    where.push_back("f.customer_search MATCH " + Param(args, FtsPhrase(*q.q)));
  } else {
    sql += " FROM customers c";
    if (mode == SearchMode::kScanInOrder) where.push_back("instr(c.search_text, " + Param(args, *q.q) + ") > 0");
  }
  if (!q.include_archived) where.push_back("c.archived_at IS NULL");
  if (q.stage) where.push_back("c.stage = " + Param(args, domain::StageName(*q.stage)));
  if (q.owner_id) where.push_back("c.owner_id = " + Param(args, *q.owner_id));
  if (q.source) where.push_back("c.source = " + Param(args, *q.source));
  if (q.kind) where.push_back("c.kind = " + Param(args, domain::CustomerKindName(*q.kind)));
  if (q.company_id) where.push_back("c.company_id = " + Param(args, *q.company_id));
  if (q.tag) where.push_back("c.id IN (SELECT customer_id FROM customer_tags WHERE tag = " + Param(args, *q.tag) + ")");
  if (q.scope.user_id) {
    const std::string user = Param(args, *q.scope.user_id);
    const std::string team = q.scope.team ? Param(args, *q.scope.team) : std::string();
    where.push_back(ScopeCondition(q.scope, user, team, scope_by_owner));
  }

  const std::string col = CustomerSortColumn(q.sort.field);
  const char* dir = q.sort.descending ? " DESC" : "";
  if (q.after) {
    const std::string value = q.sort.field == CustomerSortField::kName ? Param(args, q.after->text_value)
                                                                       : Param(args, q.after->int_value);
    where.push_back("(" + col + ", c.id) " + (q.sort.descending ? "<" : ">") + " (" + value + ", " +
                    Param(args, q.after->id) + ")");
  }
  for (std::size_t i = 0; i < where.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + where[i];
  sql += " ORDER BY " + col + dir + ", c.id" + dir + " LIMIT " + std::to_string(q.limit + 1);

  auto r = s_.Query(sql, args);
  if (!r) return Fail(r.error());
  return ReadCustomers(*r);
}

// Counts: one grouped scan of the partial index customers_board (stage, owner_id, id); the scope is
// written +c.owner_id so SQLite keeps to that narrow index instead of fetching wide rows by owner.
// Values: only the ordered stages can have any (before the first order there is no revenue, by the
// lifecycle rules). A join would look each of their customers up in the scores (~0.3 s at 300,000
// buyers), so both sides are read as streams instead, the scores with a value in id order from the
// covering index customer_scores_value, the stage of each ordered customer from customers_board,
// and matched here by binary search: about 0.1 s together at a million customers.
core::Result<std::vector<domain::StageCount>> SqliteCustomerSearch::StageCounts(const CustomerQuery& q) {
  SqlArgs args;
  std::vector<std::string> where{"c.archived_at IS NULL"};
  // "+": keep to customers_board (owner_id is its second column) rather than fetch wide rows.
  if (q.owner_id) where.push_back("+c.owner_id = " + Param(args, *q.owner_id));
  if (q.source) where.push_back("c.source = " + Param(args, *q.source));
  if (q.tag) where.push_back("+c.id IN (SELECT customer_id FROM customer_tags WHERE tag = " + Param(args, *q.tag) + ")");
  if (q.q && !q.q->empty()) {
    if (core::CodepointCount(*q.q) >= 3)
      where.push_back("c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH " +
                      Param(args, FtsPhrase(*q.q)) + ")");
    else
      where.push_back("instr(c.search_text, " + Param(args, *q.q) + ") > 0");
  }
  if (q.scope.user_id) {
    const std::string user = Param(args, *q.scope.user_id);
    const std::string team = q.scope.team ? Param(args, *q.scope.team) : std::string();
    where.push_back(ScopeCondition(q.scope, user, team, /*owner_index=*/false));
  }
  std::string cond;
  for (const auto& w : where) cond += (cond.empty() ? "" : " AND ") + w;
  std::map<std::string, domain::StageCount, std::less<>> by_stage;
  if (auto st = s_.Scan("SELECT c.stage, COUNT(*) FROM customers c WHERE " + cond + " GROUP BY c.stage", args,
                        [&](const SqlRowView& row) { by_stage[std::string(row.Text(0))].count = row.Int(1); });
      !st)
    return Fail(st.error());
  std::vector<std::pair<core::Id, std::int64_t>> values;
  if (auto st = s_.Scan(
          "SELECT customer_id, historical_value_cents FROM customer_scores INDEXED BY customer_scores_value "
          "WHERE historical_value_cents <> 0 ORDER BY customer_id",
          {}, [&](const SqlRowView& row) { values.emplace_back(row.Int(0), row.Int(1)); });
      !st)
    return Fail(st.error());
  if (!values.empty()) {
    std::map<std::string, std::int64_t, std::less<>> sums;
    auto st = s_.Scan("SELECT c.id, c.stage FROM customers c WHERE " + cond +
                          " AND c.stage IN ('order', 'romance', 'churned')",
                      args, [&](const SqlRowView& row) {
                        const core::Id id = row.Int(0);
                        auto it = std::lower_bound(values.begin(), values.end(), id,
                                                   [](const auto& e, core::Id key) { return e.first < key; });
                        if (it == values.end() || it->first != id) return;
                        const std::string_view stage = row.Text(1);
                        if (auto s = sums.find(stage); s != sums.end()) s->second += it->second;
                        else sums.emplace(std::string(stage), it->second);
                      });
    if (!st) return Fail(st.error());
    for (const auto& [stage, sum] : sums) by_stage[stage].value_cents = sum;
  }
  std::vector<domain::StageCount> out;
  for (auto& [name, c] : by_stage) {
    auto stage = domain::ParseStage(name);
    if (!stage) continue;
    c.stage = *stage;
    out.push_back(c);
  }
  return out;
}

}  // namespace rapport::store::sqlite
