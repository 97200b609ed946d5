#include "domain/subscription/subscription.hpp"

namespace rapport::domain {

std::string_view SubscriptionStatusName(SubscriptionStatus s) {
  return s == SubscriptionStatus::kActive ? "active" : "cancelled";
}

std::optional<SubscriptionStatus> ParseSubscriptionStatus(std::string_view name) {
  if (name == "active") return SubscriptionStatus::kActive;
  if (name == "cancelled") return SubscriptionStatus::kCancelled;
  return std::nullopt;
}

Date RenewalDate(Date started_on, int term_months, int renewals) {
  return core::AddMonths(started_on, term_months * (renewals + 1));
}

std::string_view SubscriptionEventKindName(SubscriptionEventKind k) {
  switch (k) {
    case SubscriptionEventKind::kStarted: return "started";
    case SubscriptionEventKind::kRenewed: return "renewed";
    case SubscriptionEventKind::kCancelled: return "cancelled";
  }
  return "started";
}

std::optional<SubscriptionEventKind> ParseSubscriptionEventKind(std::string_view name) {
  if (name == "started") return SubscriptionEventKind::kStarted;
  if (name == "renewed") return SubscriptionEventKind::kRenewed;
  if (name == "cancelled") return SubscriptionEventKind::kCancelled;
  return std::nullopt;
}

}  // namespace rapport::domain
