// Validation of customer input: pure functions, no storage. Checks that need storage (the owner
// exists, the company is a company) live in CustomerService.
#pragma once

#include "core/error.hpp"
#include "domain/customer/customer.hpp"

namespace rapport::domain {

inline constexpr std::size_t kMaxNameLength = 200;
inline constexpr std::size_t kMaxTags = 50;
inline constexpr std::size_t kMaxTagLength = 50;
inline constexpr std::size_t kMaxCustomFields = 100;
inline constexpr std::size_t kMaxCustomValueBytes = 4096;
inline constexpr std::size_t kMaxNoteLength = 10000;

// Applies `input` to `customer` (a fresh default Customer when creating), validating every field.
// On failure returns kInvalidArgument naming every bad field with its reason, and `customer` must
// be discarded.
core::Status ApplyCustomerInput(const CustomerInput& input, bool creating, Customer& customer);

bool IsValidEmail(std::string_view email);
bool IsKnownTimeZone(std::string_view name);

}  // namespace rapport::domain
