// OpenAPI building blocks of the care routes, shared by their registrations (next to the
// handlers) and the care schemas (openapi_care.cpp).
#pragma once

#include "http/openapi_util.hpp"

namespace rapport::http::openapi::care {

using namespace shapes;

constexpr const char* kAuth = "Not signed in, or the token or session is invalid, expired or revoked.";
constexpr const char* kInvalid = "Validation failed: `fields` names every bad field and why.";
constexpr const char* kManagers = "Only managers and admins may do this.";
constexpr const char* kStale = "If-Match names an older version: someone else changed it.";

inline json::array Severities() { return {"low", "normal", "high", "urgent"}; }
inline json::array CaseStatuses() { return {"open", "in_progress", "resolved", "closed"}; }
inline json::array Channels() { return {"email", "phone", "social", "chat", "web", "in_person", "letter", "survey", "other"}; }
inline json::array PromiseKinds() { return {"remedy", "delivery", "callback", "other"}; }
inline json::object IfMatch() {
  return {{"name", "If-Match"}, {"in", "header"}, {"required", false}, {"schema", Str()},
          {"description", "The ETag of the version you read: 412 if someone changed it since."}};
}
inline json::object NullableNumber(std::string_view description = "") {
  json::object o{{"type", json::array{"number", "null"}}};
  if (!description.empty()) o["description"] = description;
  return o;
}

inline json::object CaseSchema() {
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

inline json::object CaseInputSchema(bool create) {
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

inline json::object Duration() {
  return Object({{"count", Int()}, {"median_minutes", NullableNumber()}, {"p90_minutes", NullableNumber()}});
}

inline json::object CaseGroup() {
  return Object({{"cases", Int("Opened in the period.")}, {"open", Int("Open or in progress now.")}, {"resolved", Int()},
                 {"first_response", Duration()}, {"resolution", Duration()}, {"response_breaches", Int()},
                 {"resolution_breaches", Int()}, {"transfers", Int()}, {"transferred_cases", Int()}, {"max_transfers", Int()},
                 {"transfers_per_case", NullableNumber()}});
}

inline json::object PromiseCounts() { return Object({{"open", Int()}, {"kept", Int()}, {"broken", Int()}, {"cancelled", Int()}}); }

inline json::object ReplyGroup() {
  return Object({{"received", Int()}, {"answered", Int()}, {"waiting", Int()}, {"answered_late", Int()},
                 {"waiting_overdue", Int()}, {"response", Duration()}});
}

inline json::object FeedbackGroup() {
  return Object({{"key", Str("A month (YYYY-MM), an owner or product id, a source or stage.")}, {"label", Nullable("string")},
                 {"responses", Int()}, {"promoters", Int("NPS 9-10.")}, {"passives", Int("NPS 7-8.")}, {"detractors", Int("NPS 0-6.")},
                 {"nps", NullableNumber("% promoters - % detractors.")}, {"average", NullableNumber("CSAT: mean answer.")},
                 {"satisfied_share", NullableNumber("CSAT: share of 4 and 5.")}});
}

}  // namespace rapport::http::openapi::care
