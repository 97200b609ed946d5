// JSON of the romance engine: interactions, timeline entries, tasks, cadence rules, Today, next
// actions; and request bodies decoded into domain inputs.
#pragma once

#include <boost/json.hpp>

#include "domain/cadence/cadence_service.hpp"
#include "domain/interaction/interaction_service.hpp"
#include "domain/next_action/next_action.hpp"
#include "domain/task/task_service.hpp"
#include "domain/today/today_service.hpp"

namespace rapport::http {

boost::json::object InteractionToJson(const domain::Interaction& i);
boost::json::object TimelineEntryToJson(const domain::TimelineEntry& e);
boost::json::object TaskToJson(const domain::Task& t);
boost::json::object CadenceRuleToJson(const domain::CadenceRule& r);
boost::json::object SchedulerToJson(const domain::SchedulerHealth& h);
boost::json::object PassReportToJson(const domain::PassReport& r);
boost::json::object TodayToJson(const domain::TodayReport& t);
boost::json::object TeamTodayToJson(const domain::TeamToday& t);
boost::json::object NextActionToJson(const domain::NextAction& a);

// Decoders: problems go to the input's decode_errors (under `prefix` for nested objects).
domain::InteractionInput InteractionInputFromJson(const boost::json::object& body, const std::string& prefix = "");
domain::TaskInput TaskInputFromJson(const boost::json::object& body);
domain::CadenceRuleInput CadenceRuleInputFromJson(const boost::json::object& body);

}  // namespace rapport::http
