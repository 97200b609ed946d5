// Workspace-wide settings: the one currency every *_cents field is in.
//
// Thread safety: free functions; IsKnownCurrency is pure, the others run inside the caller's
// transaction (a Txn is used by one thread at a time).
//
// Errors: WorkspaceCurrency answers only the store's kUnavailable / kInternal; SetWorkspaceCurrency
// answers kInvalidArgument on "currency" for an unknown code and kConflict as stated below.
#pragma once

#include <string>

#include "core/error.hpp"
#include "domain/store.hpp"

namespace rapport::domain {

inline constexpr std::string_view kDefaultCurrency = "USD";

// ISO 4217 active code.
bool IsKnownCurrency(std::string_view code);
// The workspace currency, kDefaultCurrency until one is chosen.
core::Result<std::string> WorkspaceCurrency(Txn& txn);
// Chooses the currency. Changing it once customers have money fields would re-denominate them,
// so it may only change while there are no customers: kConflict otherwise.
core::Status SetWorkspaceCurrency(Txn& txn, std::string_view code);

}  // namespace rapport::domain
