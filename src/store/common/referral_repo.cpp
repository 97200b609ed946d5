#include "store/common/common_repos.hpp"

namespace rapport::store {
namespace {

using core::Fail;

constexpr const char* kColumns =
    "r.id, r.referrer_id, r.referred_id, r.referred_at, r.channel, r.note, r.created_by, r.created_at, "
    "a.name, b.name";
constexpr const char* kFrom =
    " FROM referrals r JOIN customers a ON a.id = r.referrer_id JOIN customers b ON b.id = r.referred_id";

std::vector<domain::Referral> ReadAll(const SqlRows& r) {
  std::vector<domain::Referral> out;
  for (int i = 0; i < r.Rows(); ++i) {
    domain::Referral x;
    x.id = r.Int(i, 0);
    x.referrer_id = r.Int(i, 1);
    x.referred_id = r.Int(i, 2);
    x.referred_at = r.Time(i, 3);
    x.channel = r.OptText(i, 4);
    x.note = r.OptText(i, 5);
    x.created_by = r.OptInt(i, 6);
    x.created_at = r.Time(i, 7);
    x.referrer_name = r.Text(i, 8);
    x.referred_name = r.Text(i, 9);
    out.push_back(std::move(x));
  }
  return out;
}

// Both customers of referral `r` within `scope`: each checked by a subquery whose customers row is
// named c (ScopeWhere's alias).
std::string BothVisible(const domain::CustomerScope& scope, SqlArgs& args) {
  if (!scope.user_id) return "1 = 1";
  std::string out = "EXISTS (SELECT 1 FROM customers c WHERE c.id = r.referrer_id AND " + ScopeWhere(scope, args) + ")";
  out += " AND EXISTS (SELECT 1 FROM customers c WHERE c.id = r.referred_id AND " + ScopeWhere(scope, args) + ")";
  return out;
}

}  // namespace

core::Result<core::Id> SqlReferralRepo::Insert(const domain::Referral& x) {
  auto r = s_.Query(
      "INSERT INTO referrals (referrer_id, referred_id, referred_at, channel, note, created_by, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      {x.referrer_id, x.referred_id, x.referred_at, x.channel, x.note, x.created_by, x.created_at});
  if (!r) {
    if (r.error().code == core::ErrorCode::kConflict)
      return Fail(core::Error::Conflict("customer " + core::FormatId(x.referred_id) + " was referred already"));
    return Fail(r.error());
  }
  return r->Int(0, 0);
}

core::Result<std::optional<domain::Referral>> SqlReferralRepo::OfReferred(core::Id referred_id) {
  auto r = s_.Query(std::string("SELECT ") + kColumns + kFrom + " WHERE r.referred_id = $1", {referred_id});
  if (!r) return Fail(r.error());
  auto all = ReadAll(*r);
  if (all.empty()) return std::optional<domain::Referral>{};
  return std::optional<domain::Referral>{std::move(all.front())};
}

core::Result<std::vector<domain::Referral>> SqlReferralRepo::List(const domain::ReferralQuery& q) {
  SqlArgs args;
  std::string sql = std::string("SELECT ") + kColumns + kFrom + " WHERE " + BothVisible(q.scope, args);
  auto add = [&](const char* cond, SqlArg v) {
    sql += std::string(" AND ") + cond + NextParam(args);
    args.push_back(std::move(v));
  };
  if (q.before_id) add("r.id < ", q.before_id);
  if (q.referrer_id) add("r.referrer_id = ", *q.referrer_id);
  if (q.referred_id) add("r.referred_id = ", *q.referred_id);
  sql += " ORDER BY r.id DESC LIMIT " + std::to_string(q.limit + 1);
  auto r = s_.Query(sql, args);
  if (!r) return Fail(r.error());
  return ReadAll(*r);
}

core::Result<std::vector<domain::LeaderboardRow>> SqlReferralRepo::Leaderboard(const domain::CustomerScope& scope,
                                                                               domain::LeaderboardOrder order,
                                                                               int limit) {
  SqlArgs args;
  const std::string visible = BothVisible(scope, args);
  // Each referral with its referred customer's non-cancelled orders (through orders_customer),
  // grouped by referrer.
  const std::string sql =
      "SELECT r.referrer_id, a.name, count(DISTINCT r.referred_id) AS brought, "
      "COALESCE(SUM(o.margin_cents - o.refunded_margin_cents), 0) AS margin "
      "FROM referrals r JOIN customers a ON a.id = r.referrer_id "
      "LEFT JOIN orders o ON o.customer_id = r.referred_id AND o.status <> 'cancelled' "
      "WHERE " + visible + " GROUP BY r.referrer_id, a.name ORDER BY " +
      (order == domain::LeaderboardOrder::kCustomers ? "brought DESC, margin DESC" : "margin DESC, brought DESC") +
      ", r.referrer_id LIMIT " + std::to_string(limit);
  auto r = s_.Query(sql, args);
  if (!r) return Fail(r.error());
  std::vector<domain::LeaderboardRow> out;
  for (int i = 0; i < r->Rows(); ++i)
    out.push_back({r->Int(i, 0), r->Text(i, 1), static_cast<int>(r->Int(i, 2)), r->Int(i, 3)});
  return out;
}

}  // namespace rapport::store
