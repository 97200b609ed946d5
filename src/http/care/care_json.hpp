// JSON of care: cases and their history, the deadline policy and the dashboard, feedback and its
// figures, promises, the reply queue and response times; and request bodies decoded into inputs.
#pragma once

#include <boost/json.hpp>

#include "domain/care/case_service.hpp"
#include "domain/care/feedback_service.hpp"
#include "domain/care/promise_service.hpp"
#include "domain/care/reply_service.hpp"

namespace rapport::http {

boost::json::object CaseToJson(const domain::Case& c, domain::Timestamp now);
boost::json::object CaseEventToJson(const domain::CaseEvent& e);
boost::json::object CasePolicyToJson(const domain::CasePolicy& p);
boost::json::object CareDashboardToJson(const domain::CareDashboard& d);
boost::json::object CustomerCareToJson(const domain::CustomerCare& c, domain::Timestamp now);
boost::json::object FeedbackToJson(const domain::Feedback& f);
boost::json::object FeedbackFiguresToJson(const domain::FeedbackFigures& f);
boost::json::object CareSettingsToJson(const domain::CareSettings& s);
boost::json::object PromiseToJson(const domain::Promise& p);
boost::json::object WaitingReplyToJson(const domain::WaitingReply& w, domain::Timestamp now);
boost::json::object ReplyQueueToJson(const domain::ReplyQueue& q);
boost::json::object ReplyFiguresToJson(const domain::ReplyFigures& f);

domain::CaseInput CaseInputFromJson(const boost::json::object& body);
domain::AssignCaseInput AssignInputFromJson(const boost::json::object& body);
// The policy: {"urgent": {"respond_minutes": 60, "resolve_minutes": 1440}, ...}; severities left
// out keep their deadlines. Problems go to `errors`.
domain::CasePolicy CasePolicyFromJson(const boost::json::object& body, const domain::CasePolicy& current,
                                      std::map<std::string, std::string>& errors);
domain::FeedbackInput FeedbackInputFromJson(const boost::json::object& body);
domain::CareSettingsInput CareSettingsInputFromJson(const boost::json::object& body);
domain::PromiseInput PromiseInputFromJson(const boost::json::object& body);

}  // namespace rapport::http
