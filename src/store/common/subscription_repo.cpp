#include "store/common/common_repos.hpp"

namespace rapport::store {
namespace {

using core::Fail;

constexpr const char* kColumns =
    "s.id, s.customer_id, s.product_id, s.started_on, s.term_months, s.renewals, s.renews_on, s.auto_renew, "
    "s.price_cents, s.currency, s.status, s.cancelled_at, s.cancel_reason, s.created_by, s.created_at, "
    "s.updated_at, s.version";

core::Date DateAt(const SqlRows& r, int i, int col) { return core::ParseDate(r.Text(i, col)).value_or(core::Date{}); }

std::optional<core::Date> OptDateAt(const SqlRows& r, int i, int col) {
  if (r.IsNull(i, col)) return std::nullopt;
  return core::ParseDate(r.Text(i, col));
}

std::optional<std::string> OptDateText(const std::optional<core::Date>& d) {
  if (!d) return std::nullopt;
  return core::FormatDate(*d);
}

domain::Subscription ReadSubscription(const SqlRows& r, int i) {
  domain::Subscription s;
  s.id = r.Int(i, 0);
  s.customer_id = r.Int(i, 1);
  s.product_id = r.Int(i, 2);
  s.started_on = DateAt(r, i, 3);
  s.term_months = static_cast<int>(r.Int(i, 4));
  s.renewals = static_cast<int>(r.Int(i, 5));
  s.renews_on = DateAt(r, i, 6);
  s.auto_renew = r.Bool(i, 7);
  s.price_cents = r.Int(i, 8);
  s.currency = r.Text(i, 9);
  s.status = domain::ParseSubscriptionStatus(r.Text(i, 10)).value_or(domain::SubscriptionStatus::kActive);
  s.cancelled_at = r.OptTime(i, 11);
  s.cancel_reason = r.OptText(i, 12);
  s.created_by = r.Int(i, 13);
  s.created_at = r.Time(i, 14);
  s.updated_at = r.Time(i, 15);
  s.version = r.Int(i, 16);
  return s;
}

std::vector<domain::Subscription> ReadAll(const SqlRows& r) {
  std::vector<domain::Subscription> out;
  for (int i = 0; i < r.Rows(); ++i) out.push_back(ReadSubscription(r, i));
  return out;
}

}  // namespace

core::Result<core::Id> SqlSubscriptionRepo::Insert(const domain::Subscription& s) {
  auto r = s_.Query(
      "INSERT INTO subscriptions (customer_id, product_id, started_on, term_months, renewals, renews_on, auto_renew, "
      "price_cents, currency, status, cancelled_at, cancel_reason, created_by, created_at, updated_at, version) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
      {s.customer_id, s.product_id, core::FormatDate(s.started_on), s.term_months, s.renewals,
       core::FormatDate(s.renews_on), s.auto_renew, s.price_cents, s.currency, domain::SubscriptionStatusName(s.status),
       s.cancelled_at, s.cancel_reason, s.created_by, s.created_at, s.updated_at, s.version});
  if (!r) return Fail(r.error());
  return r->Int(0, 0);
}

core::Result<std::optional<domain::Subscription>> SqlSubscriptionRepo::Find(core::Id id,
                                                                            const domain::CustomerScope& scope) {
  SqlArgs args{id};
  const std::string where = ScopeWhere(scope, args);
  auto r = s_.Query(std::string("SELECT ") + kColumns +
                        " FROM subscriptions s JOIN customers c ON c.id = s.customer_id WHERE s.id = $1 AND " + where +
                        std::string(s_.ForUpdate().empty() ? "" : " FOR UPDATE OF s"),
                    args);
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::Subscription>{};
  return std::optional<domain::Subscription>{ReadSubscription(*r, 0)};
}

core::Status SqlSubscriptionRepo::Update(const domain::Subscription& s) {
  auto r = s_.Exec(
      "UPDATE subscriptions SET renewals = $2, renews_on = $3, status = $4, cancelled_at = $5, cancel_reason = $6, "
      "updated_at = $7, version = $8 WHERE id = $1",
      {s.id, s.renewals, core::FormatDate(s.renews_on), domain::SubscriptionStatusName(s.status), s.cancelled_at,
       s.cancel_reason, s.updated_at, s.version});
  if (!r) return Fail(r.error());
  return {};
}

core::Status SqlSubscriptionRepo::AppendEvent(domain::SubscriptionEvent& e) {
  auto r = s_.Query(
      "INSERT INTO subscription_events (subscription_id, kind, at, from_date, to_date, order_id, reason, by_user) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      {e.subscription_id, domain::SubscriptionEventKindName(e.kind), e.at, OptDateText(e.from_date),
       OptDateText(e.to_date), e.order_id, e.reason, e.by});
  if (!r) return Fail(r.error());
  e.id = r->Int(0, 0);
  return {};
}

core::Result<std::vector<domain::SubscriptionEvent>> SqlSubscriptionRepo::Events(core::Id subscription_id) {
  auto r = s_.Query(
      "SELECT id, subscription_id, kind, at, from_date, to_date, order_id, reason, by_user FROM subscription_events "
      "WHERE subscription_id = $1 ORDER BY id",
      {subscription_id});
  if (!r) return Fail(r.error());
  std::vector<domain::SubscriptionEvent> out;
  for (int i = 0; i < r->Rows(); ++i) {
    domain::SubscriptionEvent e;
    e.id = r->Int(i, 0);
    e.subscription_id = r->Int(i, 1);
    e.kind = domain::ParseSubscriptionEventKind(r->Text(i, 2)).value_or(domain::SubscriptionEventKind::kStarted);
    e.at = r->Time(i, 3);
    e.from_date = OptDateAt(*r, i, 4);
    e.to_date = OptDateAt(*r, i, 5);
    e.order_id = r->OptInt(i, 6);
    e.reason = r->OptText(i, 7);
    e.by = r->OptInt(i, 8);
    out.push_back(std::move(e));
  }
  return out;
}

core::Result<std::vector<domain::Subscription>> SqlSubscriptionRepo::List(const domain::SubscriptionQuery& q) {
  SqlArgs args;
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM subscriptions s JOIN customers c ON c.id = s.customer_id WHERE " + ScopeWhere(q.scope, args);
  auto add = [&](const char* cond, SqlArg v) {
    sql += std::string(" AND ") + cond + NextParam(args);
    args.push_back(std::move(v));
  };
  if (q.before_id) add("s.id < ", q.before_id);
  if (q.customer_id) add("s.customer_id = ", *q.customer_id);
  if (q.status) add("s.status = ", domain::SubscriptionStatusName(*q.status));
  if (q.renews_before) add("s.renews_on < ", core::FormatDate(*q.renews_before));
  sql += " ORDER BY s.id DESC LIMIT " + std::to_string(q.limit + 1);
  auto r = s_.Query(sql, args);
  if (!r) return Fail(r.error());
  return ReadAll(*r);
}

core::Result<std::vector<domain::Subscription>> SqlSubscriptionRepo::RenewingBy(const domain::CustomerScope& scope,
                                                                                core::Date until, int limit) {
  SqlArgs args{core::FormatDate(until)};
  const std::string where = ScopeWhere(scope, args);
  auto r = s_.Query(std::string("SELECT ") + kColumns +
                        " FROM subscriptions s JOIN customers c ON c.id = s.customer_id "
                        "WHERE s.status = 'active' AND s.renews_on <= $1 AND " + where +
                        " ORDER BY s.renews_on, s.id LIMIT " + std::to_string(limit),
                    args);
  if (!r) return Fail(r.error());
  return ReadAll(*r);
}

}  // namespace rapport::store
