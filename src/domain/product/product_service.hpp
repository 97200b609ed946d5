// ProductService: the catalogue. Everyone signed in reads it; managers and admins change it.
// Every change is audited in the same transaction.
//
// Thread safety: stateless apart from references to the Store and the Clock; safe to call from
// many threads at once, each call runs its own transaction.
//
// Errors (besides the store's kUnavailable / kInternal):
//   kPermissionDenied  Create, Update by a rep.
//   kNotFound          Get, Update of an unknown product.
//   kInvalidArgument   Create/Update: the product's fields, "complements" (an unknown product);
//                      List: "cursor".
//   kConflict          Create/Update with a SKU another product has.
//   kPreconditionFailed  Update with an expected_version that is not the current one.
#pragma once

#include "core/clock.hpp"
#include "domain/page.hpp"
#include "domain/product/product.hpp"
#include "domain/store.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

using ProductPage = IdPage<Product>;

class ProductService {
 public:
  ProductService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}
  core::Result<Product> Create(const Actor& actor, const ProductInput& input);
  core::Result<Product> Get(const Actor& actor, Id id);
  core::Result<Product> Update(const Actor& actor, Id id, const ProductInput& input,
                               std::optional<std::int64_t> expected_version);
  core::Result<ProductPage> List(const Actor& actor, ProductQuery query,
                                 std::optional<std::string_view> cursor);

 private:
  Store& store_;
  const core::Clock& clock_;
};

// Shared by the commerce services: a stale If-Match.
core::Error StaleVersion(std::string_view what, Id id, std::int64_t current);

}  // namespace rapport::domain
