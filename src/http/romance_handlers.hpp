// Routes of the romance engine: interactions and the timeline, tasks, cadence rules and the
// scheduler, Today, next best actions.
#pragma once

#include "http/api.hpp"

namespace rapport::http {

void RegisterInteractionRoutes(Router& router, ApiContext& ctx);
void RegisterTaskRoutes(Router& router, ApiContext& ctx);
void RegisterCadenceAndTodayRoutes(Router& router, ApiContext& ctx);

}  // namespace rapport::http
