// AuditRepo: the storage port of the audit log (append, list, count, redact on erasure).
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/audit/audit.hpp"

namespace rapport::domain {

class AuditRepo {
 public:
  virtual ~AuditRepo() = default;
  virtual core::Status Append(const AuditEntry& entry) = 0;
  // Newest first, at most query.limit + 1 entries (the extra one says there is a next page).
  virtual core::Result<std::vector<AuditEntry>> List(const AuditQuery& query) = 0;
  // Entries at or after `from` about an entity of one of `entity_types`, counted up to `at_most`
  // (the count stops there: the cost is bounded however many there are).
  virtual core::Result<std::int64_t> CountSince(Timestamp from, std::span<const std::string> entity_types,
                                                std::int64_t at_most) = 0;
  // Erasure: in every entry about `customer_id`, replaces the before/after values of each field
  // not in `keep_fields` with `replacement` (absent values stay absent) and clears `detail`.
  virtual core::Status RedactCustomer(Id customer_id, std::span<const std::string_view> keep_fields,
                                      std::string_view replacement) = 0;
};

}  // namespace rapport::domain
