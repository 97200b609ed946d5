#include "domain/order/order.hpp"

namespace rapport::domain {

std::string_view OrderStatusName(OrderStatus s) {
  switch (s) {
    case OrderStatus::kPlaced: return "placed";
    case OrderStatus::kPartiallyRefunded: return "partially_refunded";
    case OrderStatus::kRefunded: return "refunded";
    case OrderStatus::kCancelled: return "cancelled";
  }
  return "placed";
}

std::optional<OrderStatus> ParseOrderStatus(std::string_view name) {
  for (auto s : {OrderStatus::kPlaced, OrderStatus::kPartiallyRefunded, OrderStatus::kRefunded,
                 OrderStatus::kCancelled})
    if (OrderStatusName(s) == name) return s;
  return std::nullopt;
}

OrderStatus Order::Status() const {
  if (cancelled_at) return OrderStatus::kCancelled;
  if (refunded_cents == 0) return OrderStatus::kPlaced;
  return refunded_cents >= amount_cents ? OrderStatus::kRefunded : OrderStatus::kPartiallyRefunded;
}

}  // namespace rapport::domain
