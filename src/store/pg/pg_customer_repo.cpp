#include <algorithm>

#include "store/customer_sql.hpp"
#include "store/field_codec.hpp"
#include "store/pg/pg_repos.hpp"

namespace rapport::store::pg {
namespace {

using core::Fail;
using domain::Customer;
using domain::CustomerSortField;


Customer ReadCustomer(const Result& r, int row) {
  Customer c;
  c.id = r.Int(row, 0);
  c.kind = domain::ParseCustomerKind(r.Text(row, 1)).value_or(domain::CustomerKind::kPerson);
  c.name = r.Text(row, 2);
  c.company_id = r.OptInt(row, 3);
  c.email = r.OptText(row, 4);
  c.phone = r.OptText(row, 5);
  c.time_zone = r.OptText(row, 6);
  c.source = r.OptText(row, 7);
  c.address = {r.OptText(row, 8), r.OptText(row, 9), r.OptText(row, 10), r.OptText(row, 11),
               r.OptText(row, 12)};
  c.owner_id = r.Int(row, 13);
  c.acquisition_cost_cents = r.Int(row, 14);
  c.tags = DecodeTags(r.Text(row, 15));
  c.custom = DecodeCustom(r.Text(row, 16));
  c.notes = {r.OptText(row, 17), r.OptText(row, 18), r.OptText(row, 19)};
  c.stage = domain::ParseStage(r.Text(row, 20)).value_or(domain::Stage::kContact);
  c.stage_changed_at = {r.Int(row, 21)};
  c.created_at = {r.Int(row, 22)};
  c.updated_at = {r.Int(row, 23)};
  if (auto a = r.OptInt(row, 24)) c.archived_at = core::Timestamp{*a};
  c.version = r.Int(row, 25);
  return c;
}

// $1..$27 in the order of the INSERT/UPDATE column lists below.
Params CustomerParams(const Customer& c) {
  Params p;
  p.Add(domain::CustomerKindName(c.kind))
      .Add(c.name)
      .Add(domain::SortNameFor(c))
      .Add(domain::SearchTextFor(c))
      .Add(c.company_id)
      .Add(c.email)
      .Add(c.phone)
      .Add(c.time_zone)
      .Add(c.source)
      .Add(c.address.street)
      .Add(c.address.city)
      .Add(c.address.region)
      .Add(c.address.postal_code)
      .Add(c.address.country)
      .Add(c.owner_id)
      .Add(c.acquisition_cost_cents)
      .Add(EncodeTags(c.tags))
      .Add(EncodeCustom(c.custom))
      .Add(c.notes.expectations)
      .Add(c.notes.preferences)
      .Add(c.notes.idiosyncrasies)
      .Add(domain::StageName(c.stage))
      .Add(c.stage_changed_at.ms)
      .Add(c.created_at.ms)
      .Add(c.updated_at.ms)
      .Add(c.archived_at ? std::optional<std::int64_t>(c.archived_at->ms) : std::nullopt)
      .Add(c.version);
  return p;
}

// A LIKE pattern matching the text as a substring, with LIKE's own metacharacters escaped.
std::string ContainsPattern(const std::string& text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "%";
}

}  // namespace

core::Result<core::Id> PgCustomerRepo::Insert(const Customer& c) {
  auto r = conn_.Query(
      "INSERT INTO customers (kind, name, sort_name, search_text, company_id, email, phone, "
      "time_zone, source, street, city, region, postal_code, country, owner_id, "
      "acquisition_cost_cents, tags, custom, expectations, preferences, idiosyncrasies, stage, "
      "stage_changed_at, created_at, updated_at, archived_at, version) VALUES "
      "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, "
      "$20, $21, $22, $23, $24, $25, $26, $27) RETURNING id",
      CustomerParams(c));
  if (!r) return Fail(r.error());
  const core::Id id = r->Int(0, 0);
  if (auto st = WriteTags(id, c.tags, /*replace=*/false); !st) return Fail(st.error());
  return id;
}

core::Status PgCustomerRepo::WriteTags(core::Id id, const std::vector<std::string>& tags,
                                       bool replace) {
  if (replace) {
    Params p;
    p.Add(id);
    if (auto r = conn_.Query("DELETE FROM customer_tags WHERE customer_id = $1", p); !r)
      return Fail(r.error());
  }
  for (const auto& tag : tags) {
    Params p;
    p.Add(tag).Add(id);
    if (auto r = conn_.Query(
            "INSERT INTO customer_tags (tag, customer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", p);
        !r)
      return Fail(r.error());
  }
  return {};
}

core::Result<std::optional<Customer>> PgCustomerRepo::Find(core::Id id,
                                                          const domain::CustomerScope& scope) {
  Params p;
  p.Add(id);
  std::string sql = std::string("SELECT ") + kCustomerColumns + " FROM customers c WHERE c.id = $1";
  if (scope.user_id) {
    p.Add(*scope.user_id);
    if (scope.team) p.Add(*scope.team);
    sql += " AND " + ScopeCondition(scope, "$2", "$3");
  }
  // OF c: lock the customer only, not the users rows the scope reads.
  if (lock_rows_) sql += " FOR UPDATE OF c";
  auto r = conn_.Query(sql, p);
  if (!r) return Fail(r.error());
  if (r->Rows() == 0) return std::optional<Customer>{};
  return std::optional<Customer>{ReadCustomer(*r, 0)};
}

core::Status PgCustomerRepo::Update(const Customer& c) {
  Params p = CustomerParams(c);
  p.Add(c.id);
  auto r = conn_.Query(
      "UPDATE customers SET kind = $1, name = $2, sort_name = $3, search_text = $4, "
      "company_id = $5, email = $6, phone = $7, time_zone = $8, source = $9, street = $10, "
      "city = $11, region = $12, postal_code = $13, country = $14, owner_id = $15, "
      "acquisition_cost_cents = $16, tags = $17, custom = $18, expectations = $19, "
      "preferences = $20, idiosyncrasies = $21, stage = $22, stage_changed_at = $23, "
      "created_at = $24, updated_at = $25, archived_at = $26, version = $27 WHERE id = $28",
      p);
  if (!r) return Fail(r.error());
  if (r->Affected() != 1)
    return Fail(core::Error::NotFound("customer " + core::FormatId(c.id) + " not found"));
  return WriteTags(c.id, c.tags, /*replace=*/true);
}

core::Status PgCustomerRepo::UpdateStage(const Customer& c) {
  Params p;
  p.Add(std::string(domain::StageName(c.stage))).Add(c.stage_changed_at.ms).Add(c.updated_at.ms).Add(c.version).Add(c.id);
  auto r = conn_.Query(
      "UPDATE customers SET stage = $1, stage_changed_at = $2, updated_at = $3, version = $4 WHERE id = $5", p);
  if (!r) return Fail(r.error());
  if (r->Affected() != 1)
    return Fail(core::Error::NotFound("customer " + core::FormatId(c.id) + " not found"));
  return {};
}

core::Status PgCustomerRepo::RebuildSearchIndex() {
  return conn_.Exec("ANALYZE");
}

namespace {

// The WHERE of a customer query with its numbered parameters, built up filter by filter; the
// filters the list and the board's counts share (q, owner, source, tag, scope) in one place.
struct CustomerWhere {
  Params params;
  std::vector<std::string> where;
  int n = 0;
  std::string Next() { return "$" + std::to_string(++n); }
  template <typename T>
  void Add(T value, std::string_view before, std::string_view after) {
    params.Add(std::move(value));
    where.push_back(std::string(before) + Next() + std::string(after));
  }
  void AddSharedFilters(const domain::CustomerQuery& q) {
    if (q.q && !q.q->empty()) Add(ContainsPattern(*q.q), "c.search_text LIKE ", " ESCAPE '\\'");
    if (q.owner_id) Add(*q.owner_id, "c.owner_id = ", "");
    if (q.source) Add(*q.source, "c.source = ", "");
    if (q.tag) Add(*q.tag, "c.id IN (SELECT customer_id FROM customer_tags WHERE tag = ", ")");
    if (q.scope.user_id) {
      params.Add(*q.scope.user_id);
      const std::string user = Next();
      std::string team;
      if (q.scope.team) {
        params.Add(*q.scope.team);
        team = Next();
      }
      where.push_back(ScopeCondition(q.scope, user, team));
    }
  }
};

}  // namespace

core::Result<std::vector<Customer>> PgCustomerRepo::List(const domain::CustomerQuery& q) {
  CustomerWhere w;
  if (!q.include_archived) w.where.push_back("c.archived_at IS NULL");
  w.AddSharedFilters(q);
  if (q.stage) w.Add(std::string(domain::StageName(*q.stage)), "c.stage = ", "");
  if (q.kind) w.Add(std::string(domain::CustomerKindName(*q.kind)), "c.kind = ", "");
  if (q.company_id) w.Add(*q.company_id, "c.company_id = ", "");
  Params& params = w.params;
  std::vector<std::string>& where = w.where;
  auto next = [&w] { return w.Next(); };
  const std::string col = CustomerSortColumn(q.sort.field);
  const char* dir = q.sort.descending ? " DESC" : "";
  if (q.after) {
    if (q.sort.field == CustomerSortField::kName) params.Add(q.after->text_value);
    else params.Add(q.after->int_value);
    const std::string value = next();
    params.Add(q.after->id);
    where.push_back("(" + col + ", c.id) " + (q.sort.descending ? "<" : ">") + " (" + value +
                    ", " + next() + ")");
  }
  std::string sql = std::string("SELECT ") + kCustomerColumns + " FROM customers c";
  for (std::size_t i = 0; i < where.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + where[i];
  sql += " ORDER BY " + col + dir + ", c.id" + dir + " LIMIT " + std::to_string(q.limit + 1);
  auto r = conn_.Query(sql, params);
  if (!r) return Fail(r.error());
  std::vector<Customer> out;
  out.reserve(static_cast<std::size_t>(r->Rows()));
  for (int i = 0; i < r->Rows(); ++i) out.push_back(ReadCustomer(*r, i));
  return out;
}

// Counts and values per stage in one grouped scan; the value joins the latest scores (the planner
// hashes them) and only the ordered stages can have any (no revenue before the first order).
core::Result<std::vector<domain::StageCount>> PgCustomerRepo::StageCounts(const domain::CustomerQuery& q) {
  CustomerWhere w;
  w.where.push_back("c.archived_at IS NULL");
  w.AddSharedFilters(q);
  const Params& params = w.params;
  const std::vector<std::string>& where = w.where;
  std::string sql =
      "SELECT c.stage, COUNT(*), COALESCE(SUM(CASE WHEN c.stage IN ('order', 'romance', 'churned') "
      "THEN sc.historical_value_cents END), 0) FROM customers c "
      "LEFT JOIN customer_scores sc ON sc.customer_id = c.id";
  for (std::size_t i = 0; i < where.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + where[i];
  sql += " GROUP BY c.stage";
  auto r = conn_.Query(sql, params);
  if (!r) return Fail(r.error());
  std::vector<domain::StageCount> out;
  for (int i = 0; i < r->Rows(); ++i) {
    auto stage = domain::ParseStage(r->Text(i, 0));
    if (!stage) continue;
    out.push_back({*stage, r->Int(i, 1), r->Int(i, 2)});
  }
  return out;
}

core::Result<std::vector<core::Id>> PgCustomerRepo::ReassignOwner(core::Id from, core::Id to,
                                                                 core::Timestamp at) {
  Params p;
  p.Add(from).Add(to).Add(at.ms);
  auto r = conn_.Query(
      "UPDATE customers SET owner_id = $2, version = version + 1, updated_at = $3 "
      "WHERE owner_id = $1 RETURNING id",
      p);
  if (!r) return Fail(r.error());
  std::vector<core::Id> ids;
  ids.reserve(static_cast<std::size_t>(r->Rows()));
  for (int i = 0; i < r->Rows(); ++i) ids.push_back(r->Int(i, 0));
  std::sort(ids.begin(), ids.end());
  return ids;
}

core::Status PgCustomerRepo::RedactTransitionReasons(core::Id customer_id,
                                                    std::string_view replacement) {
  Params p;
  p.Add(customer_id).Add(std::string(replacement));
  auto r = conn_.Query(
      "UPDATE stage_transitions SET reason = $2 WHERE customer_id = $1 AND reason IS NOT NULL", p);
  if (!r) return Fail(r.error());
  return {};
}

core::Status PgCustomerRepo::AppendTransitions(std::span<domain::StageTransition> ts) {
  for (auto& t : ts) {
    Params p;
    p.Add(t.customer_id)
        .Add(domain::StageName(t.from))
        .Add(domain::StageName(t.to))
        .Add(t.at.ms)
        .Add(t.by)
        .Add(t.reason)
        .Add(t.competitor);
    auto r = conn_.Query(
        "INSERT INTO stage_transitions (customer_id, from_stage, to_stage, at, by_user, reason, "
        "competitor) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        p);
    if (!r) return Fail(r.error());
    t.id = r->Int(0, 0);
  }
  return {};
}

core::Result<std::vector<domain::StageTransition>> PgCustomerRepo::History(core::Id customer_id,
                                                                           core::Id after_id,
                                                                           int limit) {
  Params p;
  p.Add(customer_id).Add(after_id).Add(static_cast<std::int64_t>(limit));
  auto r = conn_.Query(
      "SELECT id, customer_id, from_stage, to_stage, at, by_user, reason, competitor "
      "FROM stage_transitions WHERE customer_id = $1 AND id > $2 ORDER BY id LIMIT $3",
      p);
  if (!r) return Fail(r.error());
  std::vector<domain::StageTransition> out;
  for (int i = 0; i < r->Rows(); ++i) {
    domain::StageTransition t;
    t.id = r->Int(i, 0);
    t.customer_id = r->Int(i, 1);
    t.from = domain::ParseStage(r->Text(i, 2)).value_or(domain::Stage::kContact);
    t.to = domain::ParseStage(r->Text(i, 3)).value_or(domain::Stage::kContact);
    t.at = {r->Int(i, 4)};
    t.by = r->Int(i, 5);
    t.reason = r->OptText(i, 6);
    t.competitor = r->OptText(i, 7);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace rapport::store::pg
