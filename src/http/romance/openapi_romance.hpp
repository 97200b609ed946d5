// OpenAPI building blocks of the romance routes, shared by their registrations (next to the
// handlers) and the romance schemas (openapi_romance.cpp).
#pragma once

#include "http/openapi_util.hpp"

namespace rapport::http::openapi::romance {

using namespace shapes;

constexpr const char* kAuth = "Not signed in, or the token or session is invalid, expired or revoked.";
constexpr const char* kInvalid = "Validation failed: `fields` names every bad field and why.";
constexpr const char* kManagers = "Only managers and admins may do this.";
constexpr const char* kStale = "If-Match names an older version: someone else changed it.";

inline json::array InteractionKinds() {
  return {"email", "call", "meeting", "social", "note", "thank_you", "event_invitation", "survey", "newsletter"};
}
inline json::array TaskKinds() { return {"follow_up", "post_purchase_conversation", "thank_you", "check_in", "custom"}; }
inline json::array Stages() { return {"contact", "lead", "proposal", "negotiation", "order", "romance", "lost", "churned"}; }
inline json::object IfMatch() {
  return {{"name", "If-Match"}, {"in", "header"}, {"required", false}, {"schema", Str()},
          {"description", "The ETag of the version you read: 412 if someone changed it since."}};
}

inline json::object InteractionSchema() {
  return Object({{"id", Str()}, {"customer_id", Str()}, {"kind", Enum(InteractionKinds())},
                 {"direction", Enum({"inbound", "outbound"})}, {"at", Time()}, {"user_id", Nullable("string")},
                 {"summary", Str()}, {"body", Nullable("string")}, {"channel", Nullable("string", "Channel detail: the address, number, network.")},
                 {"personal", Bool("A one-to-one touch. Mass mail (newsletter) never is.")},
                 {"counts_as_touch", Bool("Resets the touch clock: personal, and not an inbound message still waiting for our reply.")},
                 {"needs_reply", Bool()}, {"reply_due_at", NullableTime()}, {"reply_to_id", Nullable("string")},
                 {"replied_by_id", Nullable("string")}, {"replied_at", NullableTime()},
                 {"case_id", Nullable("string", "The complaint case it is about.")}, {"created_at", Time()}});
}

inline json::object InteractionInputSchema() {
  return Object({{"kind", Enum(InteractionKinds())},
                 {"direction", Enum({"inbound", "outbound"}, "Default outbound.")},
                 {"at", {{"type", "string"}, {"format", "date-time"}, {"description", "Default now; at most a day ahead."}}},
                 {"user_id", Str("Who had the contact; default the caller.")},
                 {"summary", Str("At most 500 characters; default the kind.")}, {"body", Str("At most 20,000 characters.")},
                 {"channel", Str("At most 200 characters.")},
                 {"personal", Bool("Default true, except newsletter and note (false). A newsletter cannot be personal.")},
                 {"needs_reply", Bool("Inbound only: the message waits for our answer.")},
                 {"reply_due_at", {{"type", "string"}, {"format", "date-time"}, {"description", "With needs_reply; default at + 24 h."}}},
                 {"reply_to_id", Str("Outbound only: the inbound message this answers (closes it).")},
                 {"case_id", Str("The customer's complaint case it is about; the first outbound one is the case's first response.")}},
                {"kind"});
}

inline json::object TaskSchema() {
  return Object({{"id", Str()}, {"customer_id", Str()}, {"owner_id", Str()}, {"kind", Enum(TaskKinds())},
                 {"title", Str()}, {"notes", Nullable("string")}, {"due_at", Time()}, {"status", Enum({"open", "done"})},
                 {"done_at", NullableTime()}, {"outcome", {{"type", json::array{"string", "null"}}, {"enum", json::array{"done", "skipped", nullptr}}}},
                 {"done_by", Nullable("string")}, {"interaction_id", Nullable("string", "The interaction logged on completion.")},
                 {"source", Enum({"manual", "cadence"})}, {"cadence_id", Nullable("string", "The rule that created it.")},
                 {"created_by", Nullable("string")}, {"created_at", Time()}, {"updated_at", Time()}, {"version", Int()}});
}

inline json::object CadenceSchema() {
  return Object({{"id", Str()}, {"name", Str()},
                 {"type", Enum({"touch_every", "after_order", "after_case_resolved", "after_stage"})},
                 {"days", Int("touch_every: the longest gap between personal touches; the others: days after the occurrence.")},
                 {"task_kind", {{"type", json::array{"string", "null"}}, {"description", "The tasks it creates (none for touch_every)."}}},
                 {"stage", Nullable("string", "after_stage: the stage entered.")},
                 {"target", Ref("CadenceTarget")}, {"active", Bool()},
                 {"applies_from", {{"type", "string"}, {"format", "date-time"}, {"description", "Occurrences before this create no task (default: when the rule was made)."}}},
                 {"created_at", Time()}, {"updated_at", Time()}, {"version", Int()}});
}

inline json::object Scheduler() {
  return Object({{"last_run_at", NullableTime()}, {"last_full_run_at", NullableTime()}, {"queued_customers", Int()},
                 {"full_pass_pending", Bool("Rules changed since the last full pass.")},
                 {"stale", Bool("Never ran, or not in the last 15 minutes: a stopped scheduler is never silent.")},
                 {"message", Str()}});
}

}  // namespace rapport::http::openapi::romance
