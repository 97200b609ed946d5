// Routes of the romance engine: interactions and the timeline, tasks, cadence rules and the
// scheduler, Today, next best actions.
#pragma once

#include "http/api.hpp"

namespace rapport::http {

void RegisterInteractionRoutes(ApiRoutes& routes);
void RegisterTaskRoutes(ApiRoutes& routes);
void RegisterCadenceAndTodayRoutes(ApiRoutes& routes);

}  // namespace rapport::http
