// ProductRepo: the storage port of the product catalogue.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <optional>
#include <vector>

#include "core/error.hpp"
#include "domain/product/product.hpp"

namespace rapport::domain {

class ProductRepo {
 public:
  virtual ~ProductRepo() = default;
  // kConflict when the SKU (ignoring case) is taken.
  virtual core::Result<Id> Insert(const Product& p) = 0;
  virtual core::Result<std::optional<Product>> Find(Id id) = 0;
  virtual core::Status Update(const Product& p) = 0;
  // By id, after query.after_id, at most query.limit + 1.
  virtual core::Result<std::vector<Product>> List(const ProductQuery& query) = 0;
};

}  // namespace rapport::domain
