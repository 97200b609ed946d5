// Routes of care: complaint cases (with their policy and dashboard), feedback (with NPS and CSAT
// figures and the care settings), promises, the reply queue and response times.
#pragma once

#include "http/api.hpp"

namespace rapport::http {

void RegisterCaseRoutes(ApiRoutes& routes);
void RegisterFeedbackRoutes(ApiRoutes& routes);
void RegisterPromiseAndReplyRoutes(ApiRoutes& routes);

}  // namespace rapport::http
