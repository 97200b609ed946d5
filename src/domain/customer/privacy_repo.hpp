// PrivacyRepo: the storage port of erasure across a customer's commerce and relationship records.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <string_view>

#include "core/error.hpp"
#include "domain/customer/customer.hpp"

namespace rapport::domain {

// Erasure across the commerce and relationship records of a customer.
class PrivacyRepo {
 public:
  virtual ~PrivacyRepo() = default;
  // Replaces the free text that may name people (deal titles and lost reasons, refund and
  // cancellation reasons, loyalty reasons, subscription cancel reasons, referral notes in both
  // directions, win-back offer descriptions) with `replacement`; absent values stay absent.
  // Amounts, dates, stages and ids stay: the economics must not change.
  virtual core::Status RedactCustomerText(Id customer_id, std::string_view replacement) = 0;
};

}  // namespace rapport::domain
