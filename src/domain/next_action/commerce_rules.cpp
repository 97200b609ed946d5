#include "domain/next_action/commerce_rules.hpp"

#include <cmath>

namespace rapport::domain {
namespace {

constexpr std::int64_t kChurnSignalWindowMs = 90 * core::kMsPerDay;

// Whole numbers as integers (a client reads 110, not 110.0).
ActionDetail Number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return static_cast<std::int64_t>(v);
  return v;
}
ActionDetail Rounded(double v, double scale) { return Number(std::round(v * scale) / scale); }

core::Result<std::vector<NextAction>> WinBack(WinBackService& winback, const std::string& currency,
                                              const NextActionContext& ctx) {
  auto s = winback.Status(ctx.actor, ctx.customer_id);
  if (!s) return core::Fail(s.error());
  std::vector<NextAction> out;
  if (!s->eligible) return out;
  NextAction a;
  a.kind = "win_back";
  a.priority = 90;  // a churned customer: the whole relationship is at stake
  a.reason = "churned" + (s->churned_at ? " on " + core::FormatDate(core::DateOf(*s->churned_at)) : std::string()) +
             ": an offer to win them back may cost at most " + FormatMoney(s->cap_cents, currency);
  a.details = {{"cap_cents", s->cap_cents}, {"expected_margin_cents", s->expected_margin_cents},
               {"spent_cents", s->spent_cents}, {"currency", currency},
               {"cap_basis", std::string(s->cap_basis)}};
  out.push_back(std::move(a));
  return out;
}

core::Result<std::vector<NextAction>> Renewals(SubscriptionService& subscriptions, const NextActionContext& ctx) {
  auto notice = subscriptions.NoticeDays(ctx.actor);
  if (!notice) return core::Fail(notice.error());
  SubscriptionQuery q;
  q.customer_id = ctx.customer_id;
  q.limit = 100;
  auto subs = subscriptions.List(ctx.actor, q, std::nullopt);
  if (!subs) return core::Fail(subs.error());
  const core::Date today = core::DateOf(ctx.now);
  std::vector<NextAction> out;
  for (const auto& sub : subs->items) {
    if (sub.status == SubscriptionStatus::kCancelled) {
      if (!sub.cancelled_at || ctx.now.ms - sub.cancelled_at->ms > kChurnSignalWindowMs) continue;
      NextAction a;
      a.kind = "churn_signal";
      a.priority = 72;
      a.reason = "subscription " + core::FormatId(sub.id) + " cancelled on " + core::FormatDate(core::DateOf(*sub.cancelled_at)) +
                 (sub.cancel_reason ? ": " + *sub.cancel_reason : std::string());
      a.details = {{"subscription_id", core::FormatId(sub.id)}, {"product_id", core::FormatId(sub.product_id)}};
      out.push_back(std::move(a));
      continue;
    }
    const auto kind = ClassifyRenewal(sub, today, *notice);
    if (!kind) continue;
    const int days = sub.renews_on.days - today.days;
    NextAction a;
    a.kind = "renewal";
    a.reason = "subscription " + core::FormatId(sub.id) + " renews on " + core::FormatDate(sub.renews_on);
    if (*kind == RenewalKind::kUpcoming) {
      a.priority = 65;
      a.reason += " (in " + std::to_string(days) + " days)";
    } else if (*kind == RenewalKind::kMissed) {
      a.priority = 78;
      a.reason += ": " + std::to_string(-days) + " days ago, not renewed and no auto-renew (churn signal)";
    } else {
      a.priority = 66;
      a.reason += ": " + std::to_string(-days) + " days ago, auto-renew is on but the renewal is not recorded";
    }
    a.details = {{"renewal", std::string(RenewalKindName(*kind))}, {"subscription_id", core::FormatId(sub.id)},
                 {"product_id", core::FormatId(sub.product_id)}, {"renews_on", core::FormatDate(sub.renews_on)},
                 {"days_until", std::int64_t{days}}};
    out.push_back(std::move(a));
  }
  return out;
}

core::Result<std::vector<NextAction>> UsageSignals(UsageService& usage, const NextActionContext& ctx) {
  auto signals = usage.Signals(ctx.actor, ctx.customer_id);
  if (!signals) return core::Fail(signals.error());
  std::vector<NextAction> out;
  for (const auto& s : *signals) {
    NextAction a;
    a.kind = std::string(UsageSignalKindName(s.kind));
    a.priority = s.kind == UsageSignalKind::kUnderUse ? 68 : 55;
    a.reason = s.reason;
    a.details = {{"product_id", core::FormatId(s.product_id)}, {"metric", s.metric},
                 {"period", core::FormatDate(s.period)}, {"value", Number(s.value)},
                 {"baseline", s.baseline ? Rounded(*s.baseline, 100) : ActionDetail{}},
                 {"limit", s.limit ? Number(*s.limit) : ActionDetail{}}};
    out.push_back(std::move(a));
  }
  return out;
}

core::Result<std::vector<NextAction>> CrossSell(UsageService& usage, const NextActionContext& ctx) {
  auto suggestions = usage.CrossSell(ctx.actor, ctx.customer_id, 3);
  if (!suggestions) return core::Fail(suggestions.error());
  std::vector<NextAction> out;
  for (const auto& s : *suggestions) out.push_back(CrossSellAction(s));
  return out;
}

}  // namespace

NextAction CrossSellAction(const CrossSellSuggestion& s) {
  NextAction a;
  a.kind = "cross_sell";
  a.priority = 40;
  char lift[32];
  std::snprintf(lift, sizeof lift, "%.2f", s.lift);
  a.reason = std::to_string(s.together) + " customers who bought product " + core::FormatId(s.because_of) +
             " also bought product " + core::FormatId(s.product_id) + " (lift " + lift + ")";
  a.details = {{"product_id", core::FormatId(s.product_id)}, {"because_of", core::FormatId(s.because_of)},
               {"customers_together", s.together}, {"support", Rounded(s.support, 1000)},
               {"confidence", Rounded(s.confidence, 1000)}, {"lift", Rounded(s.lift, 1000)}};
  return a;
}

std::vector<NextActionRule> CommerceRules(UsageService& usage, WinBackService& winback,
                                          SubscriptionService& subscriptions, std::string currency) {
  return {
      [&winback, currency](const NextActionContext& ctx) { return WinBack(winback, currency, ctx); },
      [&subscriptions](const NextActionContext& ctx) { return Renewals(subscriptions, ctx); },
      [&usage](const NextActionContext& ctx) { return UsageSignals(usage, ctx); },
      [&usage](const NextActionContext& ctx) { return CrossSell(usage, ctx); },
  };
}

}  // namespace rapport::domain
