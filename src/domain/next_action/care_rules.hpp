// Next-action rules of care: complaint cases waiting for a response or a resolution, promises
// coming due or broken, and a promoter (NPS 9-10) who could refer friends.
//
// Thread safety: the rules hold references to what they are given (which must outlive them) and
// only read: safe to run from many threads at once, each rule in its own read transaction.
// Errors: only the store's kUnavailable / kInternal (the customer's visibility is checked by
// NextActionService::For before any rule runs).
#pragma once

#include "domain/next_action/next_action.hpp"

namespace rapport::domain {

std::vector<NextActionRule> CareRules(Store& store);

}  // namespace rapport::domain
