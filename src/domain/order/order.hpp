// Orders: the transaction log behind the economics (frequency, recency, spend, margin).
// Refunds and cancellations are recorded as adjustments; an order is never deleted.
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

using core::Id;
using core::Timestamp;

struct OrderLine {
  Id product_id = 0;
  std::int64_t quantity = 1;
  std::int64_t unit_price_cents = 0;
  std::int64_t margin_cents = 0;  // gross profit of the whole line
};

enum class OrderStatus { kPlaced, kPartiallyRefunded, kRefunded, kCancelled };
std::string_view OrderStatusName(OrderStatus s);
std::optional<OrderStatus> ParseOrderStatus(std::string_view name);

struct Order {
  Id id = 0;
  Id customer_id = 0;
  Timestamp ordered_at;
  std::string currency;
  std::optional<std::string> channel;
  std::int64_t amount_cents = 0;
  std::int64_t margin_cents = 0;
  std::int64_t refunded_cents = 0;         // refunds and cancellation together
  std::int64_t refunded_margin_cents = 0;  // the margin they took back
  std::optional<Timestamp> cancelled_at;
  std::optional<Id> deal_id;
  std::vector<OrderLine> lines;
  Id created_by = 0;
  Timestamp created_at, updated_at;
  std::int64_t version = 1;

  OrderStatus Status() const;
  std::int64_t NetAmount() const { return amount_cents - refunded_cents; }
  std::int64_t NetMargin() const { return margin_cents - refunded_margin_cents; }
};

enum class AdjustmentKind { kRefund, kCancellation };

struct OrderAdjustment {
  Id id = 0;
  Id order_id = 0;
  AdjustmentKind kind = AdjustmentKind::kRefund;
  Timestamp at;
  std::int64_t amount_cents = 0;
  std::int64_t margin_cents = 0;
  std::string reason;
  Id by = 0;
};

// What a client sends to record an order.
struct OrderLineInput {
  std::optional<Id> product_id;
  std::optional<std::int64_t> quantity, unit_price_cents, margin_cents;
};
struct OrderInput {
  std::optional<Id> customer_id;
  std::optional<Timestamp> ordered_at;
  std::optional<std::string> currency, channel;
  std::optional<std::int64_t> amount_cents, margin_cents;
  std::vector<OrderLineInput> lines;
  std::map<std::string, std::string> decode_errors;
};

struct OrderQuery {
  CustomerScope scope;
  std::optional<Id> customer_id;
  std::optional<OrderStatus> status;
  std::optional<Timestamp> since, until;  // ordered_at in [since, until)
  int limit = 50;
  Id before_id = 0;  // keyset cursor: newest first (0: from the newest)
};

}  // namespace rapport::domain
