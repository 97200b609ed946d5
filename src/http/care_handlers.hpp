// Routes of care: complaint cases (with their policy and dashboard), feedback (with NPS and CSAT
// figures and the care settings), promises, the reply queue and response times.
#pragma once

#include "http/api.hpp"

namespace rapport::http {

void RegisterCaseRoutes(Router& router, ApiContext& ctx);
void RegisterFeedbackRoutes(Router& router, ApiContext& ctx);
void RegisterPromiseAndReplyRoutes(Router& router, ApiContext& ctx);

}  // namespace rapport::http
