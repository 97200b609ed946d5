// Next-action rules of care: complaint cases waiting for a response or a resolution, promises
// coming due or broken, and a promoter (NPS 9-10) who could refer friends.
#pragma once

#include "domain/next_action/next_action.hpp"

namespace rapport::domain {

std::vector<NextActionRule> CareRules(Store& store);

}  // namespace rapport::domain
