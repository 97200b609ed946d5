// Subscriptions: a customer buys a plan for a term (a number of months) that renews. Every
// start, renewal and cancellation is a subscription event; a cancellation, and a renewal date that
// passed without a renewal (and without auto-renew), are churn signals.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/customer/customer_query.hpp"

namespace rapport::domain {

using core::Date;
using core::Id;
using core::Timestamp;

enum class SubscriptionStatus { kActive, kCancelled };
std::string_view SubscriptionStatusName(SubscriptionStatus s);
std::optional<SubscriptionStatus> ParseSubscriptionStatus(std::string_view name);

struct Subscription {
  Id id = 0;
  Id customer_id = 0;
  Id product_id = 0;
  Date started_on;
  int term_months = 12;
  int renewals = 0;  // terms renewed so far
  Date renews_on;    // the end of the current term: AddMonths(started_on, term_months * (renewals + 1))
  bool auto_renew = false;
  std::int64_t price_cents = 0;  // per term
  std::string currency;
  SubscriptionStatus status = SubscriptionStatus::kActive;
  std::optional<Timestamp> cancelled_at;
  std::optional<std::string> cancel_reason;
  Id created_by = 0;
  Timestamp created_at, updated_at;
  std::int64_t version = 1;
};

// The renewal date after `renewals` renewals. Anchored on the start date so the day of the month
// does not drift: a monthly plan started on Jan 31 renews on Feb 28 (29), Mar 31, Apr 30, ...
Date RenewalDate(Date started_on, int term_months, int renewals);

enum class SubscriptionEventKind { kStarted, kRenewed, kCancelled };
std::string_view SubscriptionEventKindName(SubscriptionEventKind k);
std::optional<SubscriptionEventKind> ParseSubscriptionEventKind(std::string_view name);

struct SubscriptionEvent {
  Id id = 0;
  Id subscription_id = 0;
  SubscriptionEventKind kind = SubscriptionEventKind::kStarted;
  Timestamp at;
  std::optional<Date> from_date, to_date;  // renewed: renews_on before and after
  std::optional<Id> order_id;              // renewed: the order recording its revenue
  std::optional<std::string> reason;       // cancelled: why
  std::optional<Id> by;
};

struct SubscriptionInput {
  std::optional<Id> customer_id, product_id;
  std::optional<Date> started_on;
  std::optional<std::int64_t> term_months, price_cents;
  std::optional<bool> auto_renew;
  std::optional<std::string> currency;
  std::map<std::string, std::string> decode_errors;
};

struct SubscriptionQuery {
  CustomerScope scope;
  std::optional<Id> customer_id;
  std::optional<SubscriptionStatus> status;
  std::optional<Date> renews_before;  // renews_on < this date
  int limit = 50;
  Id before_id = 0;  // keyset cursor: newest first (0: from the newest)
};

}  // namespace rapport::domain
