// What changed in a customer, field by field, for the audit log; and which fields are personal
// data (erased) versus anonymous figures (kept so the economics stay right).
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "domain/audit/audit.hpp"
#include "domain/customer/customer.hpp"

namespace rapport::domain {

// The fields that differ between `before` and `after`; with before == nullptr (a create), every
// field `after` has a value for.
std::vector<FieldChange> CustomerChanges(const Customer* before, const Customer& after);

// Audit fields that hold no personal data: an erased customer's entries keep these values.
std::span<const std::string_view> AnonymousCustomerFields();

}  // namespace rapport::domain
