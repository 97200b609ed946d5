#include "domain/loyalty/loyalty_service.hpp"

#include "core/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/customer/customer_repo.hpp"
#include "domain/loyalty/loyalty_repo.hpp"

namespace rapport::domain {
namespace {

constexpr std::int64_t kMaxPoints = 1'000'000'000;

core::Status RequireVisibleCustomer(Txn& txn, const Actor& actor, Id customer_id) {
  auto found = txn.Customers().Find(customer_id, CustomerScope::For(actor));
  if (!found) return core::Fail(found.error());
  if (!*found) return core::Fail(core::Error::NotFound("customer " + core::FormatId(customer_id) + " not found"));
  return {};
}

core::Result<std::string> CleanReason(const std::string& raw, const char* field) {
  if (!core::IsValidUtf8(raw)) return core::Fail(core::Error::Invalid(field, "must be valid UTF-8"));
  std::string text = core::Trim(raw);
  if (text.empty()) return core::Fail(core::Error::Invalid(field, "required"));
  if (core::CodepointCount(text) > 200) return core::Fail(core::Error::Invalid(field, "too long: at most 200 characters"));
  return text;
}

core::Result<LedgerEntry> AppendEntry(Txn& txn, const Actor& actor, LedgerEntry e, const char* action) {
  if (auto st = txn.Loyalty().Append(e); !st) return core::Fail(st.error());
  AuditEntry a = NewAuditEntry(actor, e.at, action, "customer", e.customer_id);
  a.customer_id = e.customer_id;
  a.changes = {{"points", std::nullopt, AuditInt(e.points)}};
  a.detail = e.reason;
  if (auto st = txn.Audit().Append(a); !st) return core::Fail(st.error());
  return e;
}

}  // namespace

core::Result<LoyaltyConfig> LoadLoyaltyConfig(Txn& txn) {
  auto stored = txn.Loyalty().LoadConfig();
  if (!stored) return core::Fail(stored.error());
  return stored->value_or(LoyaltyConfig{});
}

core::Status EarnPointsForOrder(Txn& txn, const Order& order, Id by) {
  auto config = LoadLoyaltyConfig(txn);
  if (!config) return core::Fail(config.error());
  const std::int64_t points = PointsFor(order.NetAmount(), *config);
  if (points == 0) return {};
  LedgerEntry e;
  e.customer_id = order.customer_id;
  e.at = order.ordered_at;
  e.kind = LedgerKind::kEarned;
  e.points = points;
  e.order_id = order.id;
  if (by) e.by = by;
  return txn.Loyalty().Append(e);
}

core::Status ReconcileOrderPoints(Txn& txn, const Order& order, Id by, std::string reason, Timestamp at) {
  auto config = LoadLoyaltyConfig(txn);
  if (!config) return core::Fail(config.error());
  auto held = txn.Loyalty().PointsOfOrder(order.id);
  if (!held) return core::Fail(held.error());
  const std::int64_t target = std::min(*held, PointsFor(order.NetAmount(), *config));
  if (target == *held) return {};
  LedgerEntry e;
  e.customer_id = order.customer_id;
  e.at = at;
  e.kind = LedgerKind::kAdjusted;
  e.points = target - *held;
  e.order_id = order.id;
  e.reason = std::move(reason);
  if (by) e.by = by;
  return txn.Loyalty().Append(e);
}

core::Result<LoyaltyStatus> LoyaltyService::Status(const Actor& actor, Id customer_id, int recent) {
  const Timestamp now = clock_.Now();
  return ReadValue<LoyaltyStatus>(store_, [&](Txn& txn) -> core::Result<LoyaltyStatus> {
    if (auto st = RequireVisibleCustomer(txn, actor, customer_id); !st) return core::Fail(st.error());
    auto config = LoadLoyaltyConfig(txn);
    if (!config) return core::Fail(config.error());
    LoyaltyStatus s;
    s.customer_id = customer_id;
    s.config = *config;
    auto balance = txn.Loyalty().Balance(customer_id);
    if (!balance) return core::Fail(balance.error());
    s.balance = *balance;
    s.window_start = WindowStart(now, *config);
    auto orders = txn.Loyalty().OrdersBetween(customer_id, s.window_start, now);
    if (!orders) return core::Fail(orders.error());
    s.orders_in_window = *orders;
    s.tier = TierFor(s.orders_in_window, *config);
    if (auto next = NextTierFor(s.orders_in_window, *config)) {
      s.next_tier = std::move(next->tier);
      s.orders_to_next_tier = next->orders_needed;
    }
    auto rows = txn.Loyalty().List(customer_id, 0, recent);
    if (!rows) return core::Fail(rows.error());
    s.recent = std::move(*rows);
    return s;
  });
}

core::Result<LedgerEntry> LoyaltyService::Redeem(const Actor& actor, Id customer_id, std::int64_t points,
                                                 std::string reward) {
  auto clean = CleanReason(reward, "reward");
  if (!clean) return core::Fail(clean.error());
  if (points <= 0 || points > kMaxPoints) return core::Fail(core::Error::Invalid("points", "must be from 1 to 1000000000"));
  const Timestamp now = clock_.Now();
  return WriteValue<LedgerEntry>(store_, [&](Txn& txn) -> core::Result<LedgerEntry> {
    if (auto st = RequireVisibleCustomer(txn, actor, customer_id); !st) return core::Fail(st.error());
    auto balance = txn.Loyalty().Balance(customer_id);
    if (!balance) return core::Fail(balance.error());
    if (points > *balance)
      return core::Fail(core::Error::Conflict("customer " + core::FormatId(customer_id) + " has " +
                                              std::to_string(*balance) + " points; cannot redeem " +
                                              std::to_string(points)));
    LedgerEntry e;
    e.customer_id = customer_id;
    e.at = now;
    e.kind = LedgerKind::kRedeemed;
    e.points = -points;
    e.reason = *clean;
    e.by = actor.user_id ? std::optional<Id>(actor.user_id) : std::nullopt;
    return AppendEntry(txn, actor, std::move(e), "loyalty.redeem");
  });
}

core::Result<LedgerEntry> LoyaltyService::Adjust(const Actor& actor, Id customer_id, std::int64_t points,
                                                 std::string reason) {
  if (!actor.SeesAllCustomers())
    return core::Fail(core::Error::Forbidden("only managers and admins may adjust loyalty points"));
  auto clean = CleanReason(reason, "reason");
  if (!clean) return core::Fail(clean.error());
  if (points == 0 || points > kMaxPoints || points < -kMaxPoints)
    return core::Fail(core::Error::Invalid("points", "must be a non-zero number of points (negative takes points away)"));
  const Timestamp now = clock_.Now();
  return WriteValue<LedgerEntry>(store_, [&](Txn& txn) -> core::Result<LedgerEntry> {
    if (auto st = RequireVisibleCustomer(txn, actor, customer_id); !st) return core::Fail(st.error());
    LedgerEntry e;
    e.customer_id = customer_id;
    e.at = now;
    e.kind = LedgerKind::kAdjusted;
    e.points = points;
    e.reason = *clean;
    e.by = actor.user_id ? std::optional<Id>(actor.user_id) : std::nullopt;
    return AppendEntry(txn, actor, std::move(e), "loyalty.adjust");
  });
}

core::Result<std::vector<LedgerEntry>> LoyaltyService::Ledger(const Actor& actor, Id customer_id, Id before_id,
                                                              int limit) {
  return ReadValue<std::vector<LedgerEntry>>(store_, [&](Txn& txn) -> core::Result<std::vector<LedgerEntry>> {
    if (auto st = RequireVisibleCustomer(txn, actor, customer_id); !st) return core::Fail(st.error());
    return txn.Loyalty().List(customer_id, before_id, limit);
  });
}

core::Result<LoyaltyConfig> LoyaltyService::Config(const Actor&) {
  return ReadValue<LoyaltyConfig>(store_, [&](Txn& txn) { return LoadLoyaltyConfig(txn); });
}

core::Status LoyaltyService::MayChangeConfig(const Actor& actor) {
  if (!actor.SeesAllCustomers())
    return core::Fail(core::Error::Forbidden("only managers and admins may change the loyalty settings"));
  return {};
}

core::Result<LoyaltyConfig> LoyaltyService::SetConfig(const Actor& actor, const LoyaltyConfig& config) {
  if (auto st = MayChangeConfig(actor); !st) return core::Fail(st.error());
  if (auto st = ValidateLoyaltyConfig(config); !st) return core::Fail(st.error());
  return WriteValue<LoyaltyConfig>(store_, [&](Txn& txn) -> core::Result<LoyaltyConfig> {
    auto before = LoadLoyaltyConfig(txn);
    if (!before) return core::Fail(before.error());
    const std::string text = LoyaltyConfigToJson(config);
    if (auto st = txn.Loyalty().SaveConfig(config); !st) return core::Fail(st.error());
    AuditEntry a = NewAuditEntry(actor, clock_.Now(), "loyalty.configure", "settings", std::nullopt);
    a.changes = {{"loyalty", LoyaltyConfigToJson(*before), text}};
    if (auto st = txn.Audit().Append(a); !st) return core::Fail(st.error());
    return config;
  });
}

core::Result<int> LoyaltyService::ExpirePoints(const Actor& actor) {
  const Timestamp now = clock_.Now();
  return WriteValue<int>(store_, [&](Txn& txn) -> core::Result<int> {
    auto config = LoadLoyaltyConfig(txn);
    if (!config) return core::Fail(config.error());
    if (!config->points_expire_days) return 0;
    const Timestamp cutoff{now.ms - std::int64_t{*config->points_expire_days} * core::kMsPerDay};
    auto candidates = txn.Loyalty().ExpiryCandidates(cutoff);
    if (!candidates) return core::Fail(candidates.error());
    int customers = 0;
    for (const auto& c : *candidates) {
      const std::int64_t points = PointsToExpire(c.positive_before_cutoff, c.negative_all_time);
      if (points == 0) continue;
      LedgerEntry e;
      e.customer_id = c.customer_id;
      e.at = now;
      e.kind = LedgerKind::kExpired;
      e.points = -points;
      e.reason = "earned before " + core::FormatDate(core::DateOf(cutoff)) + " and not spent";
      if (actor.user_id) e.by = actor.user_id;
      if (auto st = txn.Loyalty().Append(e); !st) return core::Fail(st.error());
      ++customers;
    }
    return customers;
  });
}

}  // namespace rapport::domain
