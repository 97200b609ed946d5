#include "domain/subscription/subscription_service.hpp"

#include <charconv>

#include "core/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/customer/customer_repo.hpp"
#include "domain/order/order_service.hpp"
#include "domain/outbox/outbox_repo.hpp"
#include "domain/product/product_repo.hpp"
#include "domain/product/product_service.hpp"
#include "domain/subscription/subscription_repo.hpp"
#include "domain/workspace/settings_repo.hpp"

namespace rapport::domain {
namespace {

constexpr std::int64_t kMaxTermMonths = 120;
constexpr std::int64_t kMaxPrice = 1'000'000'000'000;  // 10 billion in major units

core::Error NotFound(Id id) { return core::Error::NotFound("subscription " + core::FormatId(id) + " not found"); }

// Trimmed text; nullopt when absent or blank; kInvalidArgument on `field` when not UTF-8 or longer
// than `max_len` characters.
core::Result<std::optional<std::string>> CleanText(const std::optional<std::string>& raw, const char* field,
                                                   std::size_t max_len) {
  if (!raw) return std::optional<std::string>{};
  if (!core::IsValidUtf8(*raw)) return core::Fail(core::Error::Invalid(field, "must be valid UTF-8"));
  std::string text = core::Trim(*raw);
  if (text.empty()) return std::optional<std::string>{};
  if (core::CodepointCount(text) > max_len)
    return core::Fail(core::Error::Invalid(field, "too long: at most " + std::to_string(max_len) + " characters"));
  return std::optional<std::string>{std::move(text)};
}

core::Result<Subscription> FindVisible(Txn& txn, const Actor& actor, Id id) {
  auto found = txn.Subscriptions().Find(id, CustomerScope::For(actor));
  if (!found) return core::Fail(found.error());
  if (!*found) return core::Fail(NotFound(id));
  return std::move(**found);
}

core::Result<SubscriptionDetail> WithEvents(Txn& txn, Subscription s) {
  auto events = txn.Subscriptions().Events(s.id);
  if (!events) return core::Fail(events.error());
  return SubscriptionDetail{std::move(s), std::move(*events)};
}

core::Status AppendOutbox(Txn& txn, const Subscription& s, const char* kind, Timestamp at, std::string extra) {
  DomainEvent ev;
  ev.kind = kind;
  ev.entity_type = "subscription";
  ev.entity_id = s.id;
  ev.customer_id = s.customer_id;
  ev.at = at;
  ev.payload = "{\"subscription_id\":" + core::JsonString(core::FormatId(s.id)) +
               ",\"customer_id\":" + core::JsonString(core::FormatId(s.customer_id)) +
               ",\"product_id\":" + core::JsonString(core::FormatId(s.product_id)) +
               ",\"renews_on\":" + core::JsonString(core::FormatDate(s.renews_on)) + extra + "}";
  return txn.Outbox().Append(ev);
}

std::optional<Id> ById(const Actor& actor) { return actor.user_id ? std::optional<Id>(actor.user_id) : std::nullopt; }

}  // namespace

std::string_view RenewalKindName(RenewalKind k) {
  switch (k) {
    case RenewalKind::kUpcoming: return "upcoming";
    case RenewalKind::kMissed: return "missed";
    case RenewalKind::kOverdue: return "overdue";
  }
  return "upcoming";
}

std::optional<RenewalKind> ClassifyRenewal(const Subscription& s, Date today, int within_days) {
  if (s.status != SubscriptionStatus::kActive) return std::nullopt;
  if (s.renews_on < today) return s.auto_renew ? RenewalKind::kOverdue : RenewalKind::kMissed;
  if (s.renews_on.days <= today.days + within_days) return RenewalKind::kUpcoming;
  return std::nullopt;
}

core::Result<int> RenewalNoticeDays(Txn& txn) {
  auto raw = txn.Settings().Get(kRenewalNoticeDaysKey);
  if (!raw) return core::Fail(raw.error());
  if (!*raw) return kDefaultRenewalNoticeDays;
  int days = 0;
  const auto [p, ec] = std::from_chars((*raw)->data(), (*raw)->data() + (*raw)->size(), days);
  if (ec != std::errc() || p != (*raw)->data() + (*raw)->size() || days < 0 || days > kMaxRenewalNoticeDays)
    return kDefaultRenewalNoticeDays;
  return days;
}

core::Result<SubscriptionDetail> SubscriptionService::Create(const Actor& actor, const SubscriptionInput& in) {
  std::map<std::string, std::string> errors = in.decode_errors;
  const Timestamp now = clock_.Now();
  Subscription s;
  s.currency = currency_;
  if (!in.customer_id && !errors.contains("customer_id")) errors.emplace("customer_id", "required");
  if (!in.product_id && !errors.contains("product_id")) errors.emplace("product_id", "required");
  if (!in.term_months) {
    if (!errors.contains("term_months")) errors.emplace("term_months", "required: the term in months, e.g. 12");
  } else if (*in.term_months < 1 || *in.term_months > kMaxTermMonths) {
    errors.emplace("term_months", "must be from 1 to " + std::to_string(kMaxTermMonths));
  } else {
    s.term_months = static_cast<int>(*in.term_months);
  }
  if (in.price_cents && (*in.price_cents < 0 || *in.price_cents > kMaxPrice))
    errors.emplace("price_cents", "must be from 0 to " + std::to_string(kMaxPrice));
  if (in.currency && *in.currency != currency_)
    errors.emplace("currency", "must be the workspace currency " + currency_);
  s.started_on = in.started_on.value_or(core::DateOf(now));
  s.auto_renew = in.auto_renew.value_or(false);
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return WriteValue<SubscriptionDetail>(store_, [&](Txn& txn) -> core::Result<SubscriptionDetail> {
    std::map<std::string, std::string> errs;
    auto customer = txn.Customers().Find(*in.customer_id, CustomerScope::For(actor));
    if (!customer) return core::Fail(customer.error());
    if (!*customer) errs.emplace("customer_id", "no customer with this id");
    else if ((*customer)->archived_at) errs.emplace("customer_id", "customer " + core::FormatId(*in.customer_id) + " is archived");
    auto product = txn.Products().Find(*in.product_id);
    if (!product) return core::Fail(product.error());
    if (!*product) errs.emplace("product_id", "no product with id " + core::FormatId(*in.product_id));
    else if (!(*product)->active) errs.emplace("product_id", "product " + core::FormatId(*in.product_id) + " is not active");
    if (!errs.empty()) return core::Fail(core::Error::Invalid(std::move(errs)));
    s.customer_id = *in.customer_id;
    s.product_id = *in.product_id;
    s.price_cents = in.price_cents.value_or((*product)->price_cents);
    s.renews_on = RenewalDate(s.started_on, s.term_months, 0);
    s.created_by = actor.user_id;
    s.created_at = s.updated_at = now;
    auto id = txn.Subscriptions().Insert(s);
    if (!id) return core::Fail(id.error());
    s.id = *id;
    SubscriptionEvent ev;
    ev.subscription_id = s.id;
    ev.kind = SubscriptionEventKind::kStarted;
    ev.at = now;
    ev.to_date = s.renews_on;
    ev.by = ById(actor);
    if (auto st = txn.Subscriptions().AppendEvent(ev); !st) return core::Fail(st.error());
    AuditEntry e = NewAuditEntry(actor, now, "subscription.create", "subscription", s.id);
    e.customer_id = s.customer_id;
    e.changes = {{"product_id", std::nullopt, AuditText(core::FormatId(s.product_id))},
                 {"price_cents", std::nullopt, AuditInt(s.price_cents)},
                 {"renews_on", std::nullopt, AuditText(core::FormatDate(s.renews_on))}};
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    return WithEvents(txn, std::move(s));
  });
}

core::Result<SubscriptionDetail> SubscriptionService::Get(const Actor& actor, Id id) {
  return ReadValue<SubscriptionDetail>(store_, [&](Txn& txn) -> core::Result<SubscriptionDetail> {
    auto s = FindVisible(txn, actor, id);
    if (!s) return core::Fail(s.error());
    return WithEvents(txn, std::move(*s));
  });
}

core::Result<SubscriptionPage> SubscriptionService::List(const Actor& actor, SubscriptionQuery query,
                                                         std::optional<std::string_view> cursor) {
  auto before = DecodeIdCursor(cursor);
  if (!before) return core::Fail(before.error());
  query.before_id = *before;
  query.scope = CustomerScope::For(actor);
  auto rows = ReadValue<std::vector<Subscription>>(store_, [&](Txn& txn) { return txn.Subscriptions().List(query); });
  if (!rows) return core::Fail(rows.error());
  return PageOf(std::move(*rows), query.limit);
}

core::Result<RenewResult> SubscriptionService::Renew(const Actor& actor, Id id, bool record_order) {
  const Timestamp now = clock_.Now();
  return WriteValue<RenewResult>(store_, [&](Txn& txn) -> core::Result<RenewResult> {
    auto s = FindVisible(txn, actor, id);
    if (!s) return core::Fail(s.error());
    if (s->status != SubscriptionStatus::kActive)
      return core::Fail(core::Error::Conflict("subscription " + core::FormatId(id) + " is cancelled: it cannot renew"));
    RenewResult out;
    const Date from = s->renews_on;
    ++s->renewals;
    s->renews_on = RenewalDate(s->started_on, s->term_months, s->renewals);
    s->updated_at = now;
    ++s->version;
    if (record_order) {
      // The renewal's revenue, so the economics see it: one unit of the plan at the subscription's price.
      OrderInput in;
      in.customer_id = s->customer_id;
      in.channel = "subscription renewal";
      in.currency = s->currency;
      OrderLineInput line;
      line.product_id = s->product_id;
      line.quantity = 1;
      line.unit_price_cents = s->price_cents;
      in.lines.push_back(line);
      auto built = BuildOrder(txn, in, currency_, now);
      if (!built) return core::Fail(built.error());
      auto placed = PlaceOrder(txn, actor, std::move(*built), now);
      if (!placed) return core::Fail(placed.error());
      out.order = std::move(*placed);
    }
    if (auto st = txn.Subscriptions().Update(*s); !st) return core::Fail(st.error());
    SubscriptionEvent ev;
    ev.subscription_id = id;
    ev.kind = SubscriptionEventKind::kRenewed;
    ev.at = now;
    ev.from_date = from;
    ev.to_date = s->renews_on;
    if (out.order) ev.order_id = out.order->id;
    ev.by = ById(actor);
    if (auto st = txn.Subscriptions().AppendEvent(ev); !st) return core::Fail(st.error());
    if (auto st = AppendOutbox(txn, *s, "subscription.renewed", now,
                               ",\"renewed_from\":" + core::JsonString(core::FormatDate(from)));
        !st)
      return core::Fail(st.error());
    AuditEntry e = NewAuditEntry(actor, now, "subscription.renew", "subscription", id);
    e.customer_id = s->customer_id;
    e.changes = {{"renews_on", AuditText(core::FormatDate(from)), AuditText(core::FormatDate(s->renews_on))}};
    if (out.order) e.detail = "order " + core::FormatId(out.order->id);
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    auto detail = WithEvents(txn, std::move(*s));
    if (!detail) return core::Fail(detail.error());
    out.detail = std::move(*detail);
    return out;
  });
}

core::Result<SubscriptionDetail> SubscriptionService::Cancel(const Actor& actor, Id id,
                                                             std::optional<std::string> raw_reason) {
  auto reason = CleanText(raw_reason, "reason", 500);
  if (!reason) return core::Fail(reason.error());
  if (!*reason) return core::Fail(core::Error::Invalid("reason", "required: say why the subscription ends"));
  const Timestamp now = clock_.Now();
  return WriteValue<SubscriptionDetail>(store_, [&](Txn& txn) -> core::Result<SubscriptionDetail> {
    auto s = FindVisible(txn, actor, id);
    if (!s) return core::Fail(s.error());
    if (s->status == SubscriptionStatus::kCancelled)
      return core::Fail(core::Error::Conflict("subscription " + core::FormatId(id) + " is already cancelled"));
    s->status = SubscriptionStatus::kCancelled;
    s->cancelled_at = now;
    s->cancel_reason = **reason;
    s->updated_at = now;
    ++s->version;
    if (auto st = txn.Subscriptions().Update(*s); !st) return core::Fail(st.error());
    SubscriptionEvent ev;
    ev.subscription_id = id;
    ev.kind = SubscriptionEventKind::kCancelled;
    ev.at = now;
    ev.reason = **reason;
    ev.by = ById(actor);
    if (auto st = txn.Subscriptions().AppendEvent(ev); !st) return core::Fail(st.error());
    if (auto st = AppendOutbox(txn, *s, "subscription.cancelled", now, ",\"reason\":" + core::JsonString(**reason)); !st)
      return core::Fail(st.error());
    AuditEntry e = NewAuditEntry(actor, now, "subscription.cancel", "subscription", id);
    e.customer_id = s->customer_id;
    e.changes = {{"status", AuditText("active"), AuditText("cancelled")}};
    e.detail = **reason;
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    return WithEvents(txn, std::move(*s));
  });
}

core::Result<RenewalList> SubscriptionService::Renewals(const Actor& actor, std::optional<int> within_days, int limit) {
  const Date today = core::DateOf(clock_.Now());
  return ReadValue<RenewalList>(store_, [&](Txn& txn) -> core::Result<RenewalList> {
    RenewalList out;
    out.today = today;
    if (within_days) {
      out.within_days = *within_days;
    } else {
      auto days = RenewalNoticeDays(txn);
      if (!days) return core::Fail(days.error());
      out.within_days = *days;
    }
    auto rows = txn.Subscriptions().RenewingBy(CustomerScope::For(actor), Date{today.days + out.within_days}, limit + 1);
    if (!rows) return core::Fail(rows.error());
    if (static_cast<int>(rows->size()) > limit) {
      rows->resize(static_cast<std::size_t>(limit));
      out.truncated = true;
    }
    for (auto& s : *rows) {
      auto kind = ClassifyRenewal(s, today, out.within_days);
      if (!kind) continue;
      const int days_until = s.renews_on.days - today.days;
      out.rows.push_back({std::move(s), *kind, days_until});
    }
    return out;
  });
}

core::Result<int> SubscriptionService::NoticeDays(const Actor&) {
  return ReadValue<int>(store_, [&](Txn& txn) { return RenewalNoticeDays(txn); });
}

core::Status SubscriptionService::MayChangeNoticeDays(const Actor& actor) {
  if (!actor.SeesAllCustomers())
    return core::Fail(core::Error::Forbidden("only managers and admins may change the renewal settings"));
  return {};
}

core::Result<int> SubscriptionService::SetNoticeDays(const Actor& actor, int days) {
  if (auto st = MayChangeNoticeDays(actor); !st) return core::Fail(st.error());
  if (days < 0 || days > kMaxRenewalNoticeDays)
    return core::Fail(core::Error::Invalid("renewal_notice_days",
                                           "must be from 0 to " + std::to_string(kMaxRenewalNoticeDays)));
  const Timestamp now = clock_.Now();
  return WriteValue<int>(store_, [&](Txn& txn) -> core::Result<int> {
    auto before = RenewalNoticeDays(txn);
    if (!before) return core::Fail(before.error());
    if (auto st = txn.Settings().Set(kRenewalNoticeDaysKey, std::to_string(days)); !st) return core::Fail(st.error());
    AuditEntry a = NewAuditEntry(actor, now, "renewals.configure", "settings", std::nullopt);
    a.changes = {{"renewal_notice_days", AuditInt(*before), AuditInt(days)}};
    if (auto st = txn.Audit().Append(a); !st) return core::Fail(st.error());
    return days;
  });
}

}  // namespace rapport::domain
