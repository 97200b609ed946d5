// Customers over SqlSession, for both backends; the backend's CustomerSearch answers List and
// StageCounts and keeps the search index.
#include "store/common/customer_repo.hpp"

#include <algorithm>

#include "store/customer_sql.hpp"
#include "store/field_codec.hpp"

namespace rapport::store {
namespace {

using core::Fail;
using domain::Customer;

// Every stored column of `c` as $1..$26, in the order of the INSERT/UPDATE column lists below.
SqlArgs CustomerArgs(const Customer& c) {
  return {domain::CustomerKindName(c.kind),
          c.name,
          domain::SortNameFor(c),
          domain::SearchTextFor(c),
          c.company_id,
          c.email,
          c.phone,
          c.time_zone,
          c.source,
          c.address.street,
          c.address.city,
          c.address.region,
          c.address.postal_code,
          c.address.country,
          c.owner_id,
          c.acquisition_cost_cents,
          EncodeTags(c.tags),
          EncodeCustom(c.custom),
          c.notes.expectations,
          c.notes.preferences,
          c.notes.idiosyncrasies,
          domain::StageName(c.stage),
          c.stage_changed_at,
          c.created_at,
          c.updated_at,
          c.archived_at};
}

core::Error CustomerNotFound(core::Id id) {
  return core::Error::NotFound("customer " + core::FormatId(id) + " not found");
}

}  // namespace

Customer ReadCustomer(const SqlRows& r, int row) {
  Customer c;
  c.id = r.Int(row, 0);
  c.kind = domain::ParseCustomerKind(r.Text(row, 1)).value_or(domain::CustomerKind::kPerson);
  c.name = r.Text(row, 2);
  c.company_id = r.OptInt(row, 3);
  c.email = r.OptText(row, 4);
  c.phone = r.OptText(row, 5);
  c.time_zone = r.OptText(row, 6);
  c.source = r.OptText(row, 7);
  c.address = {r.OptText(row, 8), r.OptText(row, 9), r.OptText(row, 10), r.OptText(row, 11), r.OptText(row, 12)};
  c.owner_id = r.Int(row, 13);
  c.acquisition_cost_cents = r.Int(row, 14);
  c.tags = DecodeTags(r.Text(row, 15));
  c.custom = DecodeCustom(r.Text(row, 16));
  c.notes = {r.OptText(row, 17), r.OptText(row, 18), r.OptText(row, 19)};
  c.stage = domain::ParseStage(r.Text(row, 20)).value_or(domain::Stage::kContact);
  c.stage_changed_at = r.Time(row, 21);
  c.created_at = r.Time(row, 22);
  c.updated_at = r.Time(row, 23);
  c.archived_at = r.OptTime(row, 24);
  c.version = r.Int(row, 25);
  return c;
}

std::vector<Customer> ReadCustomers(const SqlRows& r) {
  std::vector<Customer> out;
  out.reserve(static_cast<std::size_t>(r.Rows()));
  for (int i = 0; i < r.Rows(); ++i) out.push_back(ReadCustomer(r, i));
  return out;
}

core::Result<core::Id> SqlCustomerRepo::Insert(const Customer& c) { return InsertRow(c, /*index=*/true); }

core::Result<core::Id> SqlCustomerRepo::InsertUnindexed(const Customer& c) { return InsertRow(c, /*index=*/false); }

core::Result<core::Id> SqlCustomerRepo::InsertRow(const Customer& c, bool index) {
  SqlArgs args = CustomerArgs(c);
  args.emplace_back(c.version);
  auto r = s_.InsertId(
      "INSERT INTO customers (kind, name, sort_name, search_text, company_id, email, phone, "
      "time_zone, source, street, city, region, postal_code, country, owner_id, "
      "acquisition_cost_cents, tags, custom, expectations, preferences, idiosyncrasies, stage, "
      "stage_changed_at, created_at, updated_at, archived_at, version) VALUES "
      "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, "
      "$20, $21, $22, $23, $24, $25, $26, $27)",
      args);
  if (!r) return Fail(r.error());
  const core::Id id = *r;
  if (index) {
    if (auto st = search_.IndexInserted(id, c); !st) return Fail(st.error());
  }
  if (auto st = WriteTags(id, c.tags, /*replace=*/false); !st) return Fail(st.error());
  return id;
}

core::Status SqlCustomerRepo::WriteTags(core::Id id, const std::vector<std::string>& tags, bool replace) {
  if (replace) {
    if (auto n = s_.Exec("DELETE FROM customer_tags WHERE customer_id = $1", {id}); !n) return Fail(n.error());
  }
  for (const auto& tag : tags) {
    auto n = s_.Exec("INSERT INTO customer_tags (tag, customer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", {tag, id});
    if (!n) return Fail(n.error());
  }
  return {};
}

core::Result<std::optional<Customer>> SqlCustomerRepo::Find(core::Id id, const domain::CustomerScope& scope) {
  SqlArgs args{id};
  std::string sql = std::string("SELECT ") + kCustomerColumns + " FROM customers c WHERE c.id = $1";
  if (scope.user_id) {
    args.emplace_back(*scope.user_id);
    if (scope.team) args.emplace_back(*scope.team);
    sql += " AND " + ScopeCondition(scope, "$2", "$3");
  }
  // OF c: lock the customer only, not the users rows the scope reads.
  if (!s_.ForUpdate().empty()) sql += " FOR UPDATE OF c";
  auto r = s_.Query(sql, args);
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<Customer>{};
  return std::optional<Customer>{ReadCustomer(*r, 0)};
}

core::Status SqlCustomerRepo::Update(const Customer& c) {
  SqlArgs args = CustomerArgs(c);
  args.insert(args.end(), {c.version, c.id});
  auto n = s_.Exec(
      "UPDATE customers SET kind = $1, name = $2, sort_name = $3, search_text = $4, "
      "company_id = $5, email = $6, phone = $7, time_zone = $8, source = $9, street = $10, "
      "city = $11, region = $12, postal_code = $13, country = $14, owner_id = $15, "
      "acquisition_cost_cents = $16, tags = $17, custom = $18, expectations = $19, "
      "preferences = $20, idiosyncrasies = $21, stage = $22, stage_changed_at = $23, "
      "created_at = $24, updated_at = $25, archived_at = $26, version = $27 WHERE id = $28",
      args);
  if (!n) return Fail(n.error());
  if (*n != 1) return Fail(CustomerNotFound(c.id));
  return WriteTags(c.id, c.tags, /*replace=*/true);
}

core::Status SqlCustomerRepo::UpdateStage(const Customer& c) {
  auto n = s_.Exec("UPDATE customers SET stage = $1, stage_changed_at = $2, updated_at = $3, version = $4 WHERE id = $5",
                   {domain::StageName(c.stage), c.stage_changed_at, c.updated_at, c.version, c.id});
  if (!n) return Fail(n.error());
  if (*n != 1) return Fail(CustomerNotFound(c.id));
  return {};
}

core::Result<std::vector<core::Id>> SqlCustomerRepo::ReassignOwner(core::Id from, core::Id to, core::Timestamp at) {
  auto r = s_.Query(
      "UPDATE customers SET owner_id = $2, version = version + 1, updated_at = $3 "
      "WHERE owner_id = $1 RETURNING id",
      {from, to, at});
  if (!r) return Fail(r.error());
  std::vector<core::Id> ids;
  ids.reserve(static_cast<std::size_t>(r->Rows()));
  for (int i = 0; i < r->Rows(); ++i) ids.push_back(r->Int(i, 0));
  std::sort(ids.begin(), ids.end());
  return ids;
}

core::Status SqlCustomerRepo::RedactTransitionReasons(core::Id customer_id, std::string_view replacement) {
  auto n = s_.Exec("UPDATE stage_transitions SET reason = $2 WHERE customer_id = $1 AND reason IS NOT NULL",
                   {customer_id, replacement});
  if (!n) return Fail(n.error());
  return {};
}

core::Status SqlCustomerRepo::AppendTransitions(std::span<domain::StageTransition> ts) {
  for (auto& t : ts) {
    auto r = s_.InsertId(
        "INSERT INTO stage_transitions (customer_id, from_stage, to_stage, at, by_user, reason, "
        "competitor) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {t.customer_id, domain::StageName(t.from), domain::StageName(t.to), t.at, t.by, t.reason, t.competitor});
    if (!r) return Fail(r.error());
    t.id = *r;
  }
  return {};
}

core::Result<std::vector<domain::StageTransition>> SqlCustomerRepo::History(core::Id customer_id, core::Id after_id,
                                                                            int limit) {
  auto r = s_.Query(
      "SELECT id, customer_id, from_stage, to_stage, at, by_user, reason, competitor "
      "FROM stage_transitions WHERE customer_id = $1 AND id > $2 ORDER BY id LIMIT $3",
      {customer_id, after_id, limit});
  if (!r) return Fail(r.error());
  std::vector<domain::StageTransition> out;
  for (int i = 0; i < r->Rows(); ++i) {
    domain::StageTransition t;
    t.id = r->Int(i, 0);
    t.customer_id = r->Int(i, 1);
    t.from = domain::ParseStage(r->Text(i, 2)).value_or(domain::Stage::kContact);
    t.to = domain::ParseStage(r->Text(i, 3)).value_or(domain::Stage::kContact);
    t.at = r->Time(i, 4);
    t.by = r->Int(i, 5);
    t.reason = r->OptText(i, 6);
    t.competitor = r->OptText(i, 7);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace rapport::store
