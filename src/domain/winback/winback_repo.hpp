// WinBackRepo: the storage port of win-back offers and the margin history they are capped by.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <vector>

#include "core/error.hpp"
#include "domain/winback/winback.hpp"

namespace rapport::domain {

class WinBackRepo {
 public:
  virtual ~WinBackRepo() = default;
  virtual core::Result<MarginHistory> History(Id customer_id) = 0;
  virtual core::Result<std::vector<WinBackOffer>> Offers(Id customer_id) = 0;  // oldest first
  virtual core::Status Append(WinBackOffer& offer) = 0;  // sets id
  // Serialises offers to one customer (PostgreSQL: locks the customer row; SQLite's single
  // writer already does).
  virtual core::Status Lock(Id customer_id) = 0;
};

}  // namespace rapport::domain
