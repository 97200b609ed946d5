#include <algorithm>
#include <map>
#include <set>

#include "store/common/common_repos.hpp"

namespace rapport::store {
namespace {

using core::Fail;

constexpr const char* kColumns =
    "o.id, o.customer_id, o.ordered_at, o.currency, o.channel, o.amount_cents, o.margin_cents, "
    "o.refunded_cents, o.refunded_margin_cents, o.cancelled_at, o.deal_id, o.created_by, o.created_at, "
    "o.updated_at, o.version";

domain::Order ReadOrder(const SqlRows& r, int i) {
  domain::Order o;
  o.id = r.Int(i, 0);
  o.customer_id = r.Int(i, 1);
  o.ordered_at = r.Time(i, 2);
  o.currency = r.Text(i, 3);
  o.channel = r.OptText(i, 4);
  o.amount_cents = r.Int(i, 5);
  o.margin_cents = r.Int(i, 6);
  o.refunded_cents = r.Int(i, 7);
  o.refunded_margin_cents = r.Int(i, 8);
  o.cancelled_at = r.OptTime(i, 9);
  o.deal_id = r.OptInt(i, 10);
  o.created_by = r.Int(i, 11);
  o.created_at = r.Time(i, 12);
  o.updated_at = r.Time(i, 13);
  o.version = r.Int(i, 14);
  return o;
}

core::Status Upsert(SqlSession& s, std::string_view sql, const SqlArgs& args) {
  auto r = s.Exec(sql, args);
  if (!r) return Fail(r.error());
  return {};
}

}  // namespace

core::Result<core::Id> SqlOrderRepo::Insert(const domain::Order& o) {
  auto r = s_.Query(
      "INSERT INTO orders (customer_id, ordered_at, currency, channel, amount_cents, margin_cents, refunded_cents, "
      "refunded_margin_cents, status, cancelled_at, deal_id, created_by, created_at, updated_at, version) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
      {o.customer_id, o.ordered_at, o.currency, o.channel, o.amount_cents, o.margin_cents, o.refunded_cents,
       o.refunded_margin_cents, domain::OrderStatusName(o.Status()), o.cancelled_at, o.deal_id, o.created_by,
       o.created_at, o.updated_at, o.version});
  if (!r) return Fail(r.error());
  const core::Id id = r->Int(0, 0);
  for (std::size_t i = 0; i < o.lines.size(); ++i) {
    const auto& l = o.lines[i];
    auto line = s_.Exec(
        "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_cents, margin_cents) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        {id, static_cast<std::int64_t>(i + 1), l.product_id, l.quantity, l.unit_price_cents, l.margin_cents});
    if (!line) return Fail(line.error());
  }
  return id;
}

core::Status SqlOrderRepo::LoadLines(std::vector<domain::Order>& orders) {
  if (orders.empty()) return {};
  std::map<core::Id, domain::Order*> by_id;
  std::string in;
  SqlArgs args;
  for (auto& o : orders) {
    by_id[o.id] = &o;
    in += (in.empty() ? "" : ", ") + NextParam(args);
    args.emplace_back(o.id);
  }
  auto r = s_.Query("SELECT order_id, product_id, quantity, unit_price_cents, margin_cents FROM order_lines "
                    "WHERE order_id IN (" + in + ") ORDER BY order_id, line_no",
                    args);
  if (!r) return Fail(r.error());
  for (int i = 0; i < r->Rows(); ++i)
    by_id[r->Int(i, 0)]->lines.push_back({r->Int(i, 1), r->Int(i, 2), r->Int(i, 3), r->Int(i, 4)});
  return {};
}

core::Result<std::optional<domain::Order>> SqlOrderRepo::Find(core::Id id, const domain::CustomerScope& scope) {
  SqlArgs args{id};
  const std::string where = ScopeWhere(scope, args);
  auto r = s_.Query(std::string("SELECT ") + kColumns +
                        " FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = $1 AND " + where +
                        std::string(s_.ForUpdate().empty() ? "" : " FOR UPDATE OF o"),
                    args);
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::Order>{};
  std::vector<domain::Order> one{ReadOrder(*r, 0)};
  if (auto st = LoadLines(one); !st) return Fail(st.error());
  return std::optional<domain::Order>{std::move(one.front())};
}

core::Status SqlOrderRepo::UpdateTotals(const domain::Order& o) {
  auto r = s_.Exec(
      "UPDATE orders SET refunded_cents = $2, refunded_margin_cents = $3, status = $4, cancelled_at = $5, "
      "updated_at = $6, version = $7 WHERE id = $1",
      {o.id, o.refunded_cents, o.refunded_margin_cents, domain::OrderStatusName(o.Status()), o.cancelled_at,
       o.updated_at, o.version});
  if (!r) return Fail(r.error());
  return {};
}

core::Status SqlOrderRepo::AppendAdjustment(domain::OrderAdjustment& a) {
  auto r = s_.Query(
      "INSERT INTO order_adjustments (order_id, kind, at, amount_cents, margin_cents, reason, by_user) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      {a.order_id, a.kind == domain::AdjustmentKind::kRefund ? "refund" : "cancellation", a.at, a.amount_cents,
       a.margin_cents, a.reason, a.by ? std::optional<core::Id>(a.by) : std::nullopt});
  if (!r) return Fail(r.error());
  a.id = r->Int(0, 0);
  return {};
}

core::Result<std::vector<domain::OrderAdjustment>> SqlOrderRepo::Adjustments(core::Id order_id) {
  auto r = s_.Query(
      "SELECT id, order_id, kind, at, amount_cents, margin_cents, reason, by_user FROM order_adjustments "
      "WHERE order_id = $1 ORDER BY id",
      {order_id});
  if (!r) return Fail(r.error());
  std::vector<domain::OrderAdjustment> out;
  for (int i = 0; i < r->Rows(); ++i)
    out.push_back({r->Int(i, 0), r->Int(i, 1),
                   r->Text(i, 2) == "refund" ? domain::AdjustmentKind::kRefund : domain::AdjustmentKind::kCancellation,
                   r->Time(i, 3), r->Int(i, 4), r->Int(i, 5), r->Text(i, 6), r->Int(i, 7)});
  return out;
}

core::Result<std::vector<domain::Order>> SqlOrderRepo::List(const domain::OrderQuery& q) {
  SqlArgs args;
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM orders o JOIN customers c ON c.id = o.customer_id WHERE " + ScopeWhere(q.scope, args);
  auto add = [&](const char* cond, SqlArg v) {
    sql += std::string(" AND ") + cond + NextParam(args);
    args.push_back(std::move(v));
  };
  if (q.before_id) add("o.id < ", q.before_id);
  if (q.customer_id) add("o.customer_id = ", *q.customer_id);
  if (q.status) add("o.status = ", domain::OrderStatusName(*q.status));
  if (q.since) add("o.ordered_at >= ", *q.since);
  if (q.until) add("o.ordered_at < ", *q.until);
  sql += " ORDER BY o.id DESC LIMIT " + std::to_string(q.limit + 1);
  auto r = s_.Query(sql, args);
  if (!r) return Fail(r.error());
  std::vector<domain::Order> out;
  for (int i = 0; i < r->Rows(); ++i) out.push_back(ReadOrder(*r, i));
  if (auto st = LoadLines(out); !st) return Fail(st.error());
  return out;
}

core::Result<std::vector<domain::Order>> SqlOrderRepo::OfCustomer(core::Id customer_id) {
  auto r = s_.Query(std::string("SELECT ") + kColumns +
                        " FROM orders o WHERE o.customer_id = $1 ORDER BY o.ordered_at, o.id",
                    {customer_id});
  if (!r) return Fail(r.error());
  std::vector<domain::Order> out;
  for (int i = 0; i < r->Rows(); ++i) out.push_back(ReadOrder(*r, i));
  return out;
}

core::Status SqlOrderRepo::RecordPurchases(core::Id customer_id, std::vector<core::Id> products, core::Timestamp at) {
  // Ascending order everywhere: concurrent orders on PostgreSQL take the counter rows' locks in
  // the same order, so they queue instead of deadlocking.
  std::sort(products.begin(), products.end());
  products.erase(std::unique(products.begin(), products.end()), products.end());
  std::set<core::Id> fresh;
  for (core::Id p : products) {
    auto n = s_.Exec("INSERT INTO customer_products (customer_id, product_id, first_ordered_at) VALUES ($1, $2, $3) "
                     "ON CONFLICT (customer_id, product_id) DO NOTHING",
                     {customer_id, p, at});
    if (!n) return Fail(n.error());
    if (*n == 1) fresh.insert(p);
  }
  if (fresh.empty()) return {};
  auto owned_rows = s_.Query("SELECT product_id FROM customer_products WHERE customer_id = $1 ORDER BY product_id",
                             {customer_id});
  if (!owned_rows) return Fail(owned_rows.error());
  std::vector<core::Id> owned;
  for (int i = 0; i < owned_rows->Rows(); ++i) owned.push_back(owned_rows->Int(i, 0));
  if (owned.size() == fresh.size())
    if (auto st = Upsert(s_, "INSERT INTO commerce_counters (name, value) VALUES ('buying_customers', 1) "
                             "ON CONFLICT (name) DO UPDATE SET value = commerce_counters.value + 1", {});
        !st)
      return st;
  for (core::Id p : fresh)
    if (auto st = Upsert(s_, "INSERT INTO product_buyers (product_id, buyers) VALUES ($1, 1) "
                             "ON CONFLICT (product_id) DO UPDATE SET buyers = product_buyers.buyers + 1",
                         {p});
        !st)
      return st;
  // Each pair with at least one newly bought product gains this customer, in both directions.
  std::vector<std::pair<core::Id, core::Id>> pairs;
  for (core::Id a : owned)
    for (core::Id b : owned)
      if (a != b && (fresh.contains(a) || fresh.contains(b))) pairs.emplace_back(a, b);
  for (const auto& [a, b] : pairs)
    if (auto st = Upsert(s_, "INSERT INTO product_pairs (product_id, other_id, buyers) VALUES ($1, $2, 1) "
                             "ON CONFLICT (product_id, other_id) DO UPDATE SET buyers = product_pairs.buyers + 1",
                         {a, b});
        !st)
      return st;
  return {};
}

}  // namespace rapport::store
