// OrderService: record an order (its lines priced and its margin derived from the products),
// refund part of it, cancel it, read and list. Every new order, in one transaction: the order,
// an "order.created" outbox event, loyalty points, the cross-sell bookkeeping, and the
// customer's lifecycle (a pre-order or lost customer moves to order, a churned one is won back
// to romance).
//
// Thread safety: stateless apart from references to the Store and the Clock (and a copy of the
// workspace currency); safe to call from many threads at once, each call runs its own transaction.
//
// Errors (besides the store's kUnavailable / kInternal):
//   kNotFound          Get, Refund, Cancel of an order whose customer the actor does not see.
//   kInvalidArgument   Create (BuildOrder, PlaceOrder): "customer_id" (not visible, or archived),
//                      "lines", "amount_cents" / "margin_cents" (not matching the lines, margin
//                      above the amount), "currency", "channel", "ordered_at"; Refund: "reason",
//                      "amount_cents" (missing, not above 0, more than is left), "margin_cents";
//                      Cancel: "reason"; List: "cursor".
//   kConflict          Refund or Cancel of a cancelled order.
#pragma once

#include "core/clock.hpp"
#include "domain/order/order.hpp"
#include "domain/page.hpp"
#include "domain/store.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

struct OrderDetail {
  Order order;
  std::vector<OrderAdjustment> adjustments;
};

using OrderPage = IdPage<Order>;

struct RefundRequest {
  std::optional<std::int64_t> amount_cents, margin_cents;
  std::optional<std::string> reason;
};

// Validates `input` against the catalogue and builds the order (lines priced, margins derived).
core::Result<Order> BuildOrder(Txn& txn, const OrderInput& input, std::string_view currency,
                               Timestamp now);
// Stores a built order with every side effect above; returns it with its id. `reason` goes on
// the lifecycle transitions it records ("order 12", "deal 7 won").
core::Result<Order> PlaceOrder(Txn& txn, const Actor& actor, Order order, Timestamp now);

class OrderService {
 public:
  OrderService(Store& store, const core::Clock& clock, std::string currency)
      : store_(store), clock_(clock), currency_(std::move(currency)) {}
  core::Result<Order> Create(const Actor& actor, const OrderInput& input);
  core::Result<OrderDetail> Get(const Actor& actor, Id id);
  core::Result<OrderPage> List(const Actor& actor, OrderQuery query,
                               std::optional<std::string_view> cursor);
  core::Result<OrderDetail> Refund(const Actor& actor, Id id, const RefundRequest& request);
  core::Result<OrderDetail> Cancel(const Actor& actor, Id id, std::optional<std::string> reason);

 private:
  Store& store_;
  const core::Clock& clock_;
  std::string currency_;
};

}  // namespace rapport::domain
