// SubscriptionService: start, read, list, renew (advancing the renewal date and recording the
// renewal's revenue as an order), cancel, and the renewals list (upcoming and missed renewals).
// Writes are audited and put on the outbox in the same transaction.
//
// Thread safety: stateless apart from references to the Store and the Clock (and a copy of the
// workspace currency); safe to call from many threads at once, each call runs its own transaction.
//
// Errors (besides the store's kUnavailable / kInternal):
//   kNotFound          Get, Renew, Cancel of a subscription whose customer the actor does not see.
//   kInvalidArgument   Create: "customer_id" (missing, not visible), "product_id", "price_cents",
//                      "term_months", "currency" and the other fields; Renew with record_order:
//                      the order's fields (as OrderService::Create); Cancel: "reason"; List:
//                      "cursor"; SetNoticeDays: "renewal_notice_days" (0 to 366).
//   kPermissionDenied  SetNoticeDays by a rep.
//   kConflict          Renew or Cancel of a cancelled subscription.
//   Renewals and NoticeDays answer only the store's errors. ClassifyRenewal is pure.
#pragma once

#include "core/clock.hpp"
#include "domain/order/order.hpp"
#include "domain/page.hpp"
#include "domain/store.hpp"
#include "domain/subscription/subscription.hpp"

namespace rapport::domain {

struct SubscriptionDetail {
  Subscription subscription;
  std::vector<SubscriptionEvent> events;  // oldest first
};

using SubscriptionPage = IdPage<Subscription>;

struct RenewResult {
  SubscriptionDetail detail;
  std::optional<Order> order;  // the renewal's order, unless the caller asked for none
};

// How a row of the renewals list stands on `today`.
enum class RenewalKind {
  kUpcoming,  // renews_on is today or within the notice window
  kMissed,    // renews_on has passed, not renewed, no auto-renew: a churn signal
  kOverdue,   // renews_on has passed, auto-renew is on, but the renewal has not been recorded
};
std::string_view RenewalKindName(RenewalKind k);
// nullopt: not in the list (renews after today + within_days).
std::optional<RenewalKind> ClassifyRenewal(const Subscription& s, Date today, int within_days);

struct RenewalRow {
  Subscription subscription;
  RenewalKind kind = RenewalKind::kUpcoming;
  int days_until = 0;  // renews_on - today (negative: days past)
};

struct RenewalList {
  Date today;
  int within_days = 30;
  std::vector<RenewalRow> rows;  // by renews_on, then id
  bool truncated = false;         // more rows than the limit
};

inline constexpr std::string_view kRenewalNoticeDaysKey = "renewal_notice_days";
inline constexpr int kDefaultRenewalNoticeDays = 30;
inline constexpr int kMaxRenewalNoticeDays = 366;

// The workspace's renewal notice period in days (kDefaultRenewalNoticeDays until set).
core::Result<int> RenewalNoticeDays(Txn& txn);

class SubscriptionService {
 public:
  SubscriptionService(Store& store, const core::Clock& clock, std::string currency)
      : store_(store), clock_(clock), currency_(std::move(currency)) {}
  core::Result<SubscriptionDetail> Create(const Actor& actor, const SubscriptionInput& input);
  core::Result<SubscriptionDetail> Get(const Actor& actor, Id id);
  core::Result<SubscriptionPage> List(const Actor& actor, SubscriptionQuery query,
                                      std::optional<std::string_view> cursor);
  // kConflict when cancelled. With record_order, an order of one unit of the product at the
  // subscription's price goes through PlaceOrder (points, order.created, lifecycle).
  core::Result<RenewResult> Renew(const Actor& actor, Id id, bool record_order);
  // A reason is required; kConflict when already cancelled.
  core::Result<SubscriptionDetail> Cancel(const Actor& actor, Id id, std::optional<std::string> reason);
  // within_days: nullopt = the workspace's renewal_notice_days.
  core::Result<RenewalList> Renewals(const Actor& actor, std::optional<int> within_days, int limit);
  core::Result<int> NoticeDays(const Actor& actor);
  // Managers and admins: sets renewal_notice_days (0 to kMaxRenewalNoticeDays). MayChangeNoticeDays
  // is that role rule alone (kPermissionDenied otherwise).
  static core::Status MayChangeNoticeDays(const Actor& actor);
  core::Result<int> SetNoticeDays(const Actor& actor, int days);

 private:
  Store& store_;
  const core::Clock& clock_;
  std::string currency_;
};

}  // namespace rapport::domain
