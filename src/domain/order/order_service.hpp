// Order use cases: record an order (its lines priced and its margin derived from the products),
// refund part of it, cancel it, read and list. Every new order, in one transaction: the order,
// an "order.created" outbox event, loyalty points, the cross-sell bookkeeping, and the
// customer's lifecycle (a pre-order or lost customer moves to order, a churned one is won back
// to romance).
#pragma once

#include "core/clock.hpp"
#include "domain/page.hpp"
#include "domain/repos.hpp"

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
