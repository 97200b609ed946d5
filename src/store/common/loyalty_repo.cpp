#include <boost/json.hpp>

#include "store/common/common_repos.hpp"
#include "store/common/loyalty_codec.hpp"

namespace rapport::store {

using core::Fail;

core::Result<domain::LoyaltyConfig> LoyaltyConfigFromJson(std::string_view text) {
  namespace json = boost::json;
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return Fail(core::Error::Internal("stored loyalty settings are not valid JSON"));
  const auto& o = v.as_object();
  domain::LoyaltyConfig c;
  try {
    c.points_per_unit = o.at("points_per_unit").to_number<std::int64_t>();
    c.window_days = o.at("window_days").to_number<int>();
    c.tiers.clear();
    for (const auto& t : o.at("tiers").as_array())
      c.tiers.push_back({std::string(t.at("name").as_string()), t.at("min_orders").to_number<int>()});
    if (const auto* e = o.if_contains("points_expire_days"); e && !e->is_null())
      c.points_expire_days = e->to_number<int>();
  } catch (const std::exception& e) {
    return Fail(core::Error::Internal(std::string("stored loyalty settings are damaged: ") + e.what()));
  }
  return c;
}

core::Result<std::optional<domain::LoyaltyConfig>> SqlLoyaltyRepo::LoadConfig() {
  auto r = s_.Query("SELECT value FROM settings WHERE key = $1", {kLoyaltySettingsKey});
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::LoyaltyConfig>{};
  auto c = LoyaltyConfigFromJson(r->Text(0, 0));
  if (!c) return Fail(c.error());
  return std::optional<domain::LoyaltyConfig>{std::move(*c)};
}

core::Status SqlLoyaltyRepo::SaveConfig(const domain::LoyaltyConfig& config) {
  auto r = s_.Exec("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                   {kLoyaltySettingsKey, domain::LoyaltyConfigToJson(config)});
  if (!r) return Fail(r.error());
  return {};
}

core::Status SqlLoyaltyRepo::Append(domain::LedgerEntry& e) {
  auto r = s_.Query(
      "INSERT INTO loyalty_ledger (customer_id, at, kind, points, order_id, reason, by_user) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      {e.customer_id, e.at, domain::LedgerKindName(e.kind), e.points, e.order_id, e.reason, e.by});
  if (!r) return Fail(r.error());
  e.id = r->Int(0, 0);
  return {};
}

core::Result<std::int64_t> SqlLoyaltyRepo::Balance(core::Id customer_id) {
  auto r = s_.Query("SELECT COALESCE(SUM(points), 0) FROM loyalty_ledger WHERE customer_id = $1", {customer_id});
  if (!r) return Fail(r.error());
  return r->Int(0, 0);
}

core::Result<std::int64_t> SqlLoyaltyRepo::PointsOfOrder(core::Id order_id) {
  auto r = s_.Query("SELECT COALESCE(SUM(points), 0) FROM loyalty_ledger WHERE order_id = $1", {order_id});
  if (!r) return Fail(r.error());
  return r->Int(0, 0);
}

core::Result<std::vector<domain::LedgerEntry>> SqlLoyaltyRepo::List(core::Id customer_id, core::Id before_id,
                                                                    int limit) {
  SqlArgs args{customer_id};
  std::string sql = "SELECT id, customer_id, at, kind, points, order_id, reason, by_user FROM loyalty_ledger "
                    "WHERE customer_id = $1";
  if (before_id) {
    sql += " AND id < " + NextParam(args);
    args.emplace_back(before_id);
  }
  auto r = s_.Query(sql + " ORDER BY id DESC LIMIT " + std::to_string(limit), args);
  if (!r) return Fail(r.error());
  std::vector<domain::LedgerEntry> out;
  for (int i = 0; i < r->Rows(); ++i) {
    domain::LedgerEntry e;
    e.id = r->Int(i, 0);
    e.customer_id = r->Int(i, 1);
    e.at = r->Time(i, 2);
    e.kind = domain::ParseLedgerKind(r->Text(i, 3)).value_or(domain::LedgerKind::kAdjusted);
    e.points = r->Int(i, 4);
    e.order_id = r->OptInt(i, 5);
    e.reason = r->OptText(i, 6);
    e.by = r->OptInt(i, 7);
    out.push_back(std::move(e));
  }
  return out;
}

core::Result<int> SqlLoyaltyRepo::OrdersBetween(core::Id customer_id, core::Timestamp since, core::Timestamp until) {
  auto r = s_.Query(
      "SELECT count(*) FROM orders WHERE customer_id = $1 AND ordered_at > $2 AND ordered_at <= $3 "
      "AND status <> 'cancelled'",
      {customer_id, since, until});
  if (!r) return Fail(r.error());
  return static_cast<int>(r->Int(0, 0));
}

core::Result<std::vector<domain::ExpiryCandidate>> SqlLoyaltyRepo::ExpiryCandidates(core::Timestamp cutoff) {
  auto r = s_.Query(
      "SELECT customer_id, "
      "COALESCE(SUM(CASE WHEN points > 0 AND at < $1 THEN points ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN points < 0 THEN -points ELSE 0 END), 0) "
      "FROM loyalty_ledger WHERE customer_id IN "
      "(SELECT DISTINCT customer_id FROM loyalty_ledger WHERE points > 0 AND at < $1) "
      "GROUP BY customer_id ORDER BY customer_id",
      {cutoff});
  if (!r) return Fail(r.error());
  std::vector<domain::ExpiryCandidate> out;
  for (int i = 0; i < r->Rows(); ++i) out.push_back({r->Int(i, 0), r->Int(i, 1), r->Int(i, 2)});
  return out;
}

core::Status SqlOutboxRepo::Append(domain::DomainEvent& e) {
  auto r = s_.Query(
      "INSERT INTO outbox (kind, entity_type, entity_id, customer_id, at, payload) VALUES ($1, $2, $3, $4, $5, $6) "
      "RETURNING id",
      {e.kind, e.entity_type, e.entity_id, e.customer_id, e.at, e.payload});
  if (!r) return Fail(r.error());
  e.id = r->Int(0, 0);
  return {};
}

core::Result<std::vector<domain::DomainEvent>> SqlOutboxRepo::After(core::Id after_id, std::optional<std::string> kind,
                                                                   int limit) {
  SqlArgs args{after_id};
  std::string sql = "SELECT id, kind, entity_type, entity_id, customer_id, at, payload FROM outbox WHERE id > $1";
  if (kind) {
    sql += " AND kind = " + NextParam(args);
    args.emplace_back(*kind);
  }
  sql += " ORDER BY id LIMIT " + std::to_string(limit);
  auto r = s_.Query(sql, args);
  if (!r) return Fail(r.error());
  std::vector<domain::DomainEvent> out;
  for (int i = 0; i < r->Rows(); ++i)
    out.push_back({r->Int(i, 0), r->Text(i, 1), r->Text(i, 2), r->Int(i, 3), r->OptInt(i, 4), r->Time(i, 5),
                   r->Text(i, 6)});
  return out;
}

}  // namespace rapport::store
