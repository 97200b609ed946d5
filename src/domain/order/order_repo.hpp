// OrderRepo: the storage port of orders, their refunds and cancellations.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <optional>
#include <vector>

#include "core/error.hpp"
#include "domain/order/order.hpp"

namespace rapport::domain {

class OrderRepo {
 public:
  virtual ~OrderRepo() = default;
  virtual core::Result<Id> Insert(const Order& order) = 0;  // with its lines
  // The order if `scope` may see its customer.
  virtual core::Result<std::optional<Order>> Find(Id id, const CustomerScope& scope) = 0;
  // Updates refunded amounts, cancellation, updated_at, version.
  virtual core::Status UpdateTotals(const Order& order) = 0;
  virtual core::Status AppendAdjustment(OrderAdjustment& adjustment) = 0;  // sets id
  virtual core::Result<std::vector<OrderAdjustment>> Adjustments(Id order_id) = 0;
  virtual core::Result<std::vector<Order>> List(const OrderQuery& query) = 0;  // limit + 1
  // Every order of a customer, oldest first (lines not loaded).
  virtual core::Result<std::vector<Order>> OfCustomer(Id customer_id) = 0;
  // Cross-sell bookkeeping: records that the customer bought these products (first purchase of a
  // product updates the product's buyer count and its co-purchase counts with the customer's
  // other products).
  virtual core::Status RecordPurchases(Id customer_id, std::vector<Id> product_ids, Timestamp at) = 0;
};

}  // namespace rapport::domain
