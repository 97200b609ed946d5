// OpenAPI description of care: complaint cases, their policy and dashboard, feedback with NPS and
// CSAT figures, care settings, promises, the reply queue and response times.
#include "http/openapi_util.hpp"

namespace rapport::http::openapi {
namespace {

using namespace shapes;

constexpr const char* kAuth = "Not signed in, or the token or session is invalid, expired or revoked.";
constexpr const char* kInvalid = "Validation failed: `fields` names every bad field and why.";
constexpr const char* kManagers = "Only managers and admins may do this.";
constexpr const char* kStale = "If-Match names an older version: someone else changed it.";

json::array Severities() { return {"low", "normal", "high", "urgent"}; }
json::array CaseStatuses() { return {"open", "in_progress", "resolved", "closed"}; }
json::array Channels() { return {"email", "phone", "social", "chat", "web", "in_person", "letter", "survey", "other"}; }
json::array PromiseKinds() { return {"remedy", "delivery", "callback", "other"}; }
json::object IfMatch() {
  return {{"name", "If-Match"}, {"in", "header"}, {"required", false}, {"schema", Str()},
          {"description", "The ETag of the version you read: 412 if someone changed it since."}};
}
json::object NullableNumber(std::string_view description = "") {
  json::object o{{"type", json::array{"number", "null"}}};
  if (!description.empty()) o["description"] = description;
  return o;
}

json::object CaseSchema() {
  return Object({{"id", Str()}, {"customer_id", Str()}, {"title", Str()}, {"description", Nullable("string")},
                 {"severity", Enum(Severities())}, {"channel", Enum(Channels())},
                 {"owner_id", Str("Exactly one owner from opening to closing.")}, {"status", Enum(CaseStatuses())},
                 {"respond_by", Time()}, {"resolve_by", Time()},
                 {"first_response_at", NullableTime()}, {"response_breached", Bool("No first response by respond_by.")},
                 {"resolution_breached", Bool("Not resolved by resolve_by.")},
                 {"remedy_promised", Nullable("string")}, {"promise_id", Nullable("string", "The promise the remedy made.")},
                 {"resolution", Nullable("string")}, {"opened_at", Time()}, {"in_progress_at", NullableTime()},
                 {"resolved_at", NullableTime()}, {"closed_at", NullableTime()}, {"reopen_count", Int()},
                 {"transfer_count", Int("How many times the case changed hands.")}, {"feedback_id", Nullable("string", "The feedback that opened it.")},
                 {"order_id", Nullable("string")}, {"created_by", Nullable("string")}, {"updated_at", Time()}, {"version", Int()}});
}

json::object CaseInputSchema(bool create) {
  json::object props{{"title", Str("At most 300 characters.")}, {"description", Str()}, {"severity", Enum(Severities(), "Default normal.")},
                     {"channel", Enum(Channels(), "Default other.")}, {"remedy_promised", Str("Makes a promise (kind remedy, due resolve_by).")},
                     {"order_id", Str("An order of the customer.")}};
  if (create) {
    props["customer_id"] = Str();
    props["owner_id"] = Str("Default the customer's owner, else the caller.");
    return Object(std::move(props), {"customer_id", "title"});
  }
  props["status"] = Enum(CaseStatuses(), "open -> in_progress -> resolved -> closed; open -> resolved; resolved or closed -> open reopens.");
  props["resolution"] = Str("Required to resolve.");
  props["reason"] = Str("With a status change: why (recorded in the history).");
  return Object(std::move(props));
}

json::object Duration() {
  return Object({{"count", Int()}, {"median_minutes", NullableNumber()}, {"p90_minutes", NullableNumber()}});
}

json::object CaseGroup() {
  return Object({{"cases", Int("Opened in the period.")}, {"open", Int("Open or in progress now.")}, {"resolved", Int()},
                 {"first_response", Duration()}, {"resolution", Duration()}, {"response_breaches", Int()},
                 {"resolution_breaches", Int()}, {"transfers", Int()}, {"transferred_cases", Int()}, {"max_transfers", Int()},
                 {"transfers_per_case", NullableNumber()}});
}

json::object PromiseCounts() { return Object({{"open", Int()}, {"kept", Int()}, {"broken", Int()}, {"cancelled", Int()}}); }

json::object ReplyGroup() {
  return Object({{"received", Int()}, {"answered", Int()}, {"waiting", Int()}, {"answered_late", Int()},
                 {"waiting_overdue", Int()}, {"response", Duration()}});
}

json::object FeedbackGroup() {
  return Object({{"key", Str("A month (YYYY-MM), an owner or product id, a source or stage.")}, {"label", Nullable("string")},
                 {"responses", Int()}, {"promoters", Int("NPS 9-10.")}, {"passives", Int("NPS 7-8.")}, {"detractors", Int("NPS 0-6.")},
                 {"nps", NullableNumber("% promoters - % detractors.")}, {"average", NullableNumber("CSAT: mean answer.")},
                 {"satisfied_share", NullableNumber("CSAT: share of 4 and 5.")}});
}

}  // namespace

json::object CareSchemas() {
  return {
      {"Case", CaseSchema()},
      {"CaseList", ListOf("Case")},
      {"CaseInput", CaseInputSchema(true)},
      {"CasePatch", CaseInputSchema(false)},
      {"CaseAssign", Object({{"owner_id", Str()}, {"reason", Str("Required: why it changes hands.")}}, {"owner_id", "reason"})},
      {"CaseEvent", Object({{"id", Str()}, {"at", Time()}, {"user_id", Nullable("string")},
                            {"kind", Enum({"opened", "status", "assigned", "reopened", "responded"})},
                            {"from_status", Nullable("string")}, {"to_status", Nullable("string")}, {"from_owner", Nullable("string")},
                            {"to_owner", Nullable("string")}, {"note", Nullable("string")}})},
      {"CaseEvents", Object({{"data", ArrayOf(Ref("CaseEvent"))}, {"next_cursor", Nullable("string")}})},
      {"CasePolicy", Object({{"low", Ref("CaseDeadlines")}, {"normal", Ref("CaseDeadlines")}, {"high", Ref("CaseDeadlines")},
                             {"urgent", Ref("CaseDeadlines")}})},
      {"CaseDeadlines", Object({{"respond_minutes", Int("First response within, from the opening.")},
                                {"resolve_minutes", Int("Resolution within, from the opening.")}})},
      {"CaseDashboard",
       Object({{"now", Time()}, {"from", Time()},
               {"open", Object({{"total", Int()}, {"by_severity_and_age", Object({}, {})}})},
               {"overall", CaseGroup()},
               {"transfer_distribution", Object({{"0", Int()}, {"1", Int()}, {"2", Int()}, {"3+", Int()}})},
               {"by_owner", ArrayOf(Object({{"owner_id", Str()}, {"name", Nullable("string")}, {"promises", PromiseCounts()}}))},
               {"by_channel", Object({})}, {"promises", PromiseCounts()}})},
      {"CustomerCare", Object({{"customer_id", Str()}, {"active_cases", ArrayOf(Ref("Case"))}, {"cases_total", Int()},
                               {"transfers_total", Int()}, {"latest_nps", {{"oneOf", json::array{Ref("Feedback"), {{"type", "null"}}}}}},
                               {"promises", PromiseCounts()}, {"open_promises", ArrayOf(Ref("Promise"))},
                               {"broken_promises", ArrayOf(Ref("Promise"))}})},
      {"Feedback", Object({{"id", Str()}, {"customer_id", Str()}, {"kind", Enum({"nps", "csat", "free"})},
                           {"score", Nullable("integer", "NPS 0-10, CSAT 1-5, none for free feedback.")},
                           {"group", {{"type", json::array{"string", "null"}}, {"enum", json::array{"promoter", "passive", "detractor", nullptr}}}},
                           {"comment", Nullable("string")}, {"order_id", Nullable("string")}, {"case_id", Nullable("string")},
                           {"product_id", Nullable("string")}, {"owner_id", Str("The customer's owner when it came in.")}, {"at", Time()},
                           {"user_id", Nullable("string")}, {"opened_case_id", Nullable("string")}, {"created_at", Time()}})},
      {"FeedbackList", ListOf("Feedback")},
      {"FeedbackInput", Object({{"customer_id", Str()}, {"kind", Enum({"nps", "csat", "free"})}, {"score", Int()},
                                {"comment", Str("Required for free feedback; at most 10,000 characters.")}, {"order_id", Str()},
                                {"case_id", Str("Feedback about this case (opens no other).")}, {"product_id", Str()},
                                {"at", Time()}, {"open_case", Bool("Open a case (true) or not (false) whatever the settings say.")}},
                               {"customer_id", "kind"})},
      {"FeedbackCreated", Object({{"id", Str()}, {"opened_case", {{"oneOf", json::array{Ref("Case"), {{"type", "null"}}}}}}})},
      {"FeedbackFigures", Object({{"kind", Enum({"nps", "csat"})}, {"by", Str()}, {"from", NullableTime()}, {"to", NullableTime()},
                                  {"total", FeedbackGroup()}, {"groups", ArrayOf(FeedbackGroup())}})},
      {"CareSettings", Object({{"detractor_opens_case", Bool("A detractor's answer opens a case by itself (default true).")},
                               {"detractor_max_score", Int("NPS answers at or below open a case (default 6).")},
                               {"csat_max_score", Int("CSAT answers at or below open a case (default 2; 0: never).")}})},
      {"Promise", Object({{"id", Str()}, {"customer_id", Str()}, {"case_id", Nullable("string")}, {"kind", Enum(PromiseKinds())},
                          {"description", Str()}, {"promised_by", Str()}, {"due_at", Time()},
                          {"status", Enum({"open", "kept", "broken", "cancelled"})}, {"kept_at", NullableTime()},
                          {"broken_at", NullableTime()}, {"cancelled_at", NullableTime()},
                          {"broken_automatically", Bool("Due passed without being kept.")}, {"note", Nullable("string")},
                          {"created_at", Time()}, {"updated_at", Time()}, {"version", Int()}})},
      {"PromiseList", ListOf("Promise")},
      {"PromiseInput", Object({{"customer_id", Str()}, {"kind", Enum(PromiseKinds(), "Default other.")}, {"description", Str()},
                               {"due_at", Time()}, {"case_id", Str()}, {"promised_by", Str("Default the caller; a rep only themselves.")},
                               {"note", Str()}},
                              {"customer_id", "description", "due_at"})},
      {"PromisePatch", Object({{"kind", Enum(PromiseKinds())}, {"description", Str()}, {"due_at", Time()}, {"note", Nullable("string")},
                               {"status", Enum({"kept", "broken", "cancelled"}, "Closes the promise for good.")}})},
      {"WaitingReply", Object({{"interaction_id", Str()}, {"customer_id", Str()}, {"customer_name", Str()}, {"owner_id", Str()},
                               {"channel", Str("The interaction kind.")}, {"summary", Str()}, {"received_at", Time()},
                               {"reply_due_at", Time()}, {"seconds_left", Int("Negative: overdue by that much.")}, {"overdue", Bool()},
                               {"case_id", Nullable("string")}})},
      {"ReplyQueue", Object({{"owner_id", Nullable("string")}, {"now", Time()}, {"total", Int()}, {"data", ArrayOf(Ref("WaitingReply"))}})},
      {"ReplyFigures", Object({{"from", Time()}, {"now", Time()}, {"overall", ReplyGroup()}, {"by_channel", Object({})},
                               {"by_owner", ArrayOf(ReplyGroup())}})},
  };
}

json::object CarePaths() {
  return {
      {"/api/v1/cases",
       {{"get", WithQuery(Op("Complaint cases you can see (of customers you see, or owned by you), newest first.",
                             Responses({{"200", Ok("CaseList", "A page.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                          {QueryParam("owner_id", Str(), "A user id, or `me`."), QueryParam("customer_id", Str(), ""),
                           QueryParam("status", Enum({"any", "active", "open", "in_progress", "resolved", "closed"}), "Default any; active: open or in progress."),
                           QueryParam("severity", Enum(Severities()), ""), Limit(), Cursor()})},
        {"post", OpWithBody("Open a case. Deadlines come from the policy of its severity.", "CaseInput",
                            Responses({{"201", Ok("Case", "Opened.")}},
                                      {{"401", kAuth}, {"403", "A rep gave the case to someone other than themselves or the customer's owner."}, {"422", kInvalid}}))}}},
      {"/api/v1/cases/{id}",
       {{"parameters", json::array{PathId("case")}},
        {"get", Op("One case.", Responses({{"200", Ok("Case", "The case, with its ETag.")}}, {{"401", kAuth}, {"404", "No such case."}}))},
        {"patch", WithQuery(OpWithBody("Change a case, or move it through its statuses (resolving needs a resolution).", "CasePatch",
                                       Responses({{"200", Ok("Case", "Changed.")}},
                                                 {{"401", kAuth}, {"404", "No such case."}, {"409", "A move the status machine refuses, or a closed case."},
                                                  {"412", kStale}, {"422", kInvalid}})),
                            {IfMatch()})}}},
      {"/api/v1/cases/{id}/assign",
       {{"parameters", json::array{PathId("case")}},
        {"post", WithQuery(OpWithBody("Give the case to another owner, with a reason (the owner, managers and admins). Counted as a transfer.",
                                      "CaseAssign",
                                      Responses({{"200", Ok("Case", "Reassigned.")}},
                                                {{"401", kAuth}, {"403", "Neither the owner nor a manager."}, {"404", "No such case."},
                                                 {"409", "The case is closed."}, {"412", kStale}, {"422", kInvalid}})),
                           {IfMatch()})}}},
      {"/api/v1/cases/{id}/events",
       {{"parameters", json::array{PathId("case")}},
        {"get", Op("The case's history, oldest first: opened, status moves, reopenings, transfers, first response.",
                   Responses({{"200", Ok("CaseEvents", "Every event.")}}, {{"401", kAuth}, {"404", "No such case."}}))}}},
      {"/api/v1/cases/policy",
       {{"get", Op("Deadlines per severity.", Responses({{"200", Ok("CasePolicy", "The policy.")}}, {{"401", kAuth}}))},
        {"put", OpWithBody("Change deadlines (managers and admins); severities left out keep theirs. Cases opened before keep their deadlines.",
                           "CasePolicy",
                           Responses({{"200", Ok("CasePolicy", "The policy now.")}}, {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}}))}}},
      {"/api/v1/cases/figures",
       {{"get", WithQuery(Op("The care dashboard: open cases by severity and age; first-response and resolution times (median, p90), "
                             "breaches and transfers overall, per owner and per channel, for cases opened since `from`; promises per owner.",
                             Responses({{"200", Ok("CaseDashboard", "The figures.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                          {QueryParam("from", Time(), "Start of the period (default 90 days ago).")})}}},
      {"/api/v1/customers/{id}/care",
       {{"parameters", json::array{PathId("customer")}},
        {"get", Op("Care for one customer: live cases, transfers, latest NPS, promises (open, kept, broken).",
                   Responses({{"200", Ok("CustomerCare", "The summary.")}}, {{"401", kAuth}, {"404", "No such customer."}}))}}},
      {"/api/v1/feedback",
       {{"get", WithQuery(Op("Feedback you can see, newest first.", Responses({{"200", Ok("FeedbackList", "A page.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                          {QueryParam("customer_id", Str(), ""), QueryParam("owner_id", Str(), ""), QueryParam("kind", Enum({"nps", "csat", "free"}), ""),
                           QueryParam("from", Time(), ""), QueryParam("to", Time(), ""), Limit(), Cursor()})},
        {"post", OpWithBody("Record an NPS or CSAT answer or free feedback. A detractor's answer opens a case (care settings).", "FeedbackInput",
                            Responses({{"201", Ok("FeedbackCreated", "Recorded, with the case it opened.")}}, {{"401", kAuth}, {"422", kInvalid}}))}}},
      {"/api/v1/feedback/{id}",
       {{"parameters", json::array{PathId("feedback")}},
        {"get", Op("One answer.", Responses({{"200", Ok("Feedback", "The answer.")}}, {{"401", kAuth}, {"404", "No such feedback."}}))}}},
      {"/api/v1/feedback/figures",
       {{"get", WithQuery(Op("NPS (promoters, passives, detractors, score) or CSAT (mean, satisfied share), in total or by month, "
                             "owner, product, source or stage.",
                             Responses({{"200", Ok("FeedbackFigures", "The figures.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                          {QueryParam("kind", Enum({"nps", "csat"}), "Default nps."),
                           QueryParam("by", Enum({"total", "month", "owner", "product", "source", "stage"}), "Default total."),
                           QueryParam("from", Time(), ""), QueryParam("to", Time(), "")})}}},
      {"/api/v1/care/settings",
       {{"get", Op("When feedback opens a case.", Responses({{"200", Ok("CareSettings", "The settings.")}}, {{"401", kAuth}}))},
        {"put", OpWithBody("Change them (managers and admins).", "CareSettings",
                           Responses({{"200", Ok("CareSettings", "The settings now.")}}, {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}}))}}},
      {"/api/v1/promises",
       {{"get", WithQuery(Op("Promises you can see, newest first.", Responses({{"200", Ok("PromiseList", "A page.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                          {QueryParam("customer_id", Str(), ""), QueryParam("case_id", Str(), ""), QueryParam("promised_by", Str(), "A user id, or `me`."),
                           QueryParam("status", Enum({"open", "kept", "broken", "cancelled"}), ""), QueryParam("due_before", Time(), ""),
                           Limit(), Cursor()})},
        {"post", OpWithBody("Record a promise made to a customer. Unkept past due_at, it is recorded as broken.", "PromiseInput",
                            Responses({{"201", Ok("Promise", "Recorded.")}}, {{"401", kAuth}, {"403", "A rep promised in someone else's name."}, {"422", kInvalid}}))}}},
      {"/api/v1/promises/{id}",
       {{"parameters", json::array{PathId("promise")}},
        {"get", Op("One promise.", Responses({{"200", Ok("Promise", "The promise, with its ETag.")}}, {{"401", kAuth}, {"404", "No such promise."}}))},
        {"patch", WithQuery(OpWithBody("Change an open promise, or close it: kept, broken or cancelled.", "PromisePatch",
                                       Responses({{"200", Ok("Promise", "Changed.")}},
                                                 {{"401", kAuth}, {"404", "No such promise."}, {"409", "The promise is closed."},
                                                  {"412", kStale}, {"422", kInvalid}})),
                            {IfMatch()})}}},
      {"/api/v1/replies",
       {{"get", WithQuery(Op("Inbound messages waiting for a reply, most urgent first, with the time left.",
                             Responses({{"200", Ok("ReplyQueue", "The queue.")}}, {{"401", kAuth}, {"403", "A rep asked for another user's queue."}, {"422", kInvalid}})),
                          {QueryParam("owner_id", Str(), "`me` (default), `all` (what you can see) or a user id (managers and admins)."), Limit()})}}},
      {"/api/v1/replies/figures",
       {{"get", WithQuery(Op("Response times to inbound messages (median, p90), late and waiting counts, per channel and per owner.",
                             Responses({{"200", Ok("ReplyFigures", "The figures.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                          {QueryParam("from", Time(), "Messages received since (default 90 days ago).")})}}},
  };
}

}  // namespace rapport::http::openapi
