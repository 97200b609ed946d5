// Demo commerce: a product catalogue, and for each generated customer the deals and orders its
// stage path implies (an open deal in proposal/negotiation, a lost deal for a lost customer, a
// won deal and its order at the move to order, then repeat orders while the romance lasts), with
// loyalty points and cross-sell counts. Deterministic for a seed.
//
// Thread safety: DemoCare, DemoCommerce and DemoRomance hold a random generator: one instance per
// thread, used inside the caller's transaction. Errors: the store's kUnavailable / kInternal only.
#pragma once

#include <vector>

#include "core/random.hpp"
#include "domain/customer/customer.hpp"
#include "domain/order/order.hpp"
#include "domain/product/product.hpp"
#include "domain/store.hpp"

namespace rapport::domain {

struct DemoCommerceCounts {
  std::int64_t products = 0, deals = 0, orders = 0;
};

class DemoCommerce {
 public:
  // repeat_orders_per_year: the mean rate of repeat orders of a customer in romance (each
  // customer draws their own rate around it).
  DemoCommerce(std::uint64_t seed, Timestamp as_of, double repeat_orders_per_year)
      : rng_(seed), as_of_(as_of), repeat_rate_(repeat_orders_per_year) {}

  // Creates the catalogue (once, before the customers).
  core::Status CreateCatalogue(Txn& txn, std::string currency, DemoCommerceCounts& counts);
  // The deals and orders of customer `c` (already stored, with its transitions `path`).
  core::Status AddFor(Txn& txn, const Customer& c, const std::vector<StageTransition>& path,
                      DemoCommerceCounts& counts);

 private:
  std::vector<OrderLine> Basket();
  core::Result<Id> PlaceDemoOrder(Txn& txn, const Customer& c, Timestamp at, std::optional<Id> deal_id,
                                  std::vector<OrderLine> lines);

  core::SeededRandom rng_;
  Timestamp as_of_;
  double repeat_rate_;
  std::string currency_;
  std::vector<Product> products_;
};

}  // namespace rapport::domain
