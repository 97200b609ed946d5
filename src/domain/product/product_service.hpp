// Product use cases. Everyone signed in reads the catalogue; managers and admins change it.
#pragma once

#include "core/clock.hpp"
#include "domain/page.hpp"
#include "domain/repos.hpp"

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
