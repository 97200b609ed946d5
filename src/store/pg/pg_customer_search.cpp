// Customer search on PostgreSQL (see PgCustomerSearch): LIKE over the pg_trgm index.
#include <string>

#include "store/customer_sql.hpp"
#include "store/pg/pg_txn.hpp"

namespace rapport::store::pg {
namespace {

using core::Fail;
using domain::Customer;
using domain::CustomerSortField;

// A LIKE pattern matching the text as a substring, with LIKE's own metacharacters escaped.
std::string ContainsPattern(const std::string& text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "%";
}

// The WHERE of a customer query with its numbered parameters, built up filter by filter; the
// filters the list and the board's counts share (q, owner, source, tag, scope) in one place.
struct CustomerWhere {
  SqlArgs args;
  std::vector<std::string> where;
  std::string Next(SqlArg value) {
    std::string placeholder = NextParam(args);
    args.push_back(std::move(value));
    return placeholder;
  }
  void Add(SqlArg value, std::string_view before, std::string_view after) {
    where.push_back(std::string(before) + Next(std::move(value)) + std::string(after));
  }
  void AddSharedFilters(const domain::CustomerQuery& q) {
    if (q.q && !q.q->empty()) Add(ContainsPattern(*q.q), "c.search_text LIKE ", " ESCAPE '\\'");
    if (q.owner_id) Add(*q.owner_id, "c.owner_id = ", "");
    if (q.source) Add(*q.source, "c.source = ", "");
    if (q.tag) Add(*q.tag, "c.id IN (SELECT customer_id FROM customer_tags WHERE tag = ", ")");
    if (q.scope.user_id) {
      const std::string user = Next(*q.scope.user_id);
      const std::string team = q.scope.team ? Next(*q.scope.team) : std::string();
      where.push_back(ScopeCondition(q.scope, user, team));
    }
  }
  std::string Sql() const {
    std::string sql;
    for (std::size_t i = 0; i < where.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + where[i];
    return sql;
  }
};

}  // namespace

core::Result<std::vector<Customer>> PgCustomerSearch::List(const domain::CustomerQuery& q) {
  CustomerWhere w;
  if (!q.include_archived) w.where.push_back("c.archived_at IS NULL");
  w.AddSharedFilters(q);
  if (q.stage) w.Add(domain::StageName(*q.stage), "c.stage = ", "");
  if (q.kind) w.Add(domain::CustomerKindName(*q.kind), "c.kind = ", "");
  if (q.company_id) w.Add(*q.company_id, "c.company_id = ", "");
  const std::string col = CustomerSortColumn(q.sort.field);
  const char* dir = q.sort.descending ? " DESC" : "";
  if (q.after) {
    const std::string value =
        q.sort.field == CustomerSortField::kName ? w.Next(q.after->text_value) : w.Next(q.after->int_value);
    w.where.push_back("(" + col + ", c.id) " + (q.sort.descending ? "<" : ">") + " (" + value + ", " +
                      w.Next(q.after->id) + ")");
  }
  const std::string sql = std::string("SELECT ") + kCustomerColumns + " FROM customers c" + w.Sql() + " ORDER BY " +
                          col + dir + ", c.id" + dir + " LIMIT " + std::to_string(q.limit + 1);
  auto r = s_.Query(sql, w.args);
  if (!r) return Fail(r.error());
  return ReadCustomers(*r);
}

// Counts and values per stage in one grouped scan; the value joins the latest scores (the planner
// hashes them) and only the ordered stages can have any (no revenue before the first order).
core::Result<std::vector<domain::StageCount>> PgCustomerSearch::StageCounts(const domain::CustomerQuery& q) {
  CustomerWhere w;
  w.where.push_back("c.archived_at IS NULL");
  w.AddSharedFilters(q);
  const std::string sql =
      "SELECT c.stage, COUNT(*), COALESCE(SUM(CASE WHEN c.stage IN ('order', 'romance', 'churned') "
      "THEN sc.historical_value_cents END), 0) FROM customers c "
      "LEFT JOIN customer_scores sc ON sc.customer_id = c.id" + w.Sql() + " GROUP BY c.stage";
  auto r = s_.Query(sql, w.args);
  if (!r) return Fail(r.error());
  std::vector<domain::StageCount> out;
  for (int i = 0; i < r->Rows(); ++i) {
    auto stage = domain::ParseStage(r->Text(i, 0));
    if (!stage) continue;
    out.push_back({*stage, r->Int(i, 1), r->Int(i, 2)});
  }
  return out;
}

}  // namespace rapport::store::pg
