// Complaint cases: one owner from opening to closing, deadlines from a per-severity policy, and a
// recorded history. The pure rules live here (transitions, deadlines, validation); the use cases
// in case_service.hpp.
//
// Status machine: open -> in_progress -> resolved -> closed. A case may be resolved straight from
// open (a quick fix); resolved and closed cases can be reopened (back to open, counted and
// recorded). Every other move is refused with the moves that are allowed.
//
// First response: the first outbound interaction logged against the case, or its resolution if
// nothing was sent before (the resolution is an answer too).
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/patch.hpp"

namespace rapport::domain {

using core::Id;
using core::Timestamp;

enum class CaseSeverity { kLow, kNormal, kHigh, kUrgent };
std::string_view CaseSeverityName(CaseSeverity s);
std::optional<CaseSeverity> ParseCaseSeverity(std::string_view name);
inline constexpr std::array<CaseSeverity, 4> kCaseSeverities{CaseSeverity::kLow, CaseSeverity::kNormal,
                                                            CaseSeverity::kHigh, CaseSeverity::kUrgent};

enum class CaseStatus { kOpen, kInProgress, kResolved, kClosed };
std::string_view CaseStatusName(CaseStatus s);
std::optional<CaseStatus> ParseCaseStatus(std::string_view name);

// Where the complaint came in.
inline constexpr std::array<std::string_view, 9> kCaseChannels{"email", "phone", "social", "chat", "web",
                                                              "in_person", "letter", "survey", "other"};
bool IsCaseChannel(std::string_view name);
std::string CaseChannelList();

// The deadlines a severity gets, counted from the opening.
struct CaseDeadlines {
  CaseSeverity severity = CaseSeverity::kNormal;
  std::int64_t respond_minutes = 0;
  std::int64_t resolve_minutes = 0;
};
using CasePolicy = std::vector<CaseDeadlines>;  // one per severity
// urgent 1 h / 1 day, high 4 h / 3 days, normal 1 day / 7 days, low 3 days / 14 days.
CasePolicy DefaultCasePolicy();
CaseDeadlines DeadlinesFor(const CasePolicy& policy, CaseSeverity severity);

struct Case {
  Id id = 0;
  Id customer_id = 0;
  std::string title;
  std::optional<std::string> description;
  CaseSeverity severity = CaseSeverity::kNormal;
  std::string channel = "other";
  Id owner_id = 0;
  CaseStatus status = CaseStatus::kOpen;
  Timestamp respond_by, resolve_by;
  std::optional<Timestamp> first_response_at;
  std::optional<std::string> remedy_promised;
  std::optional<Id> promise_id;  // the promise the remedy made
  std::optional<std::string> resolution;
  Timestamp opened_at;
  std::optional<Timestamp> in_progress_at, resolved_at, closed_at;
  int reopen_count = 0;
  int transfer_count = 0;
  std::optional<Id> feedback_id;  // opened from this (detractor) feedback
  std::optional<Id> order_id;
  std::optional<Id> created_by;
  Timestamp updated_at;
  std::int64_t version = 1;

  bool Active() const { return status == CaseStatus::kOpen || status == CaseStatus::kInProgress; }
  // Past the deadline at `now` (or answered / resolved after it).
  bool ResponseBreached(Timestamp now) const;
  bool ResolutionBreached(Timestamp now) const;
};

// One line of a case's history.
enum class CaseEventKind { kOpened, kStatus, kAssigned, kReopened, kResponded };
std::string_view CaseEventKindName(CaseEventKind k);
struct CaseEvent {
  Id id = 0;
  Id case_id = 0;
  Timestamp at;
  std::optional<Id> user_id;
  CaseEventKind kind = CaseEventKind::kOpened;
  std::optional<std::string> from_status, to_status;
  std::optional<Id> from_owner, to_owner;
  std::optional<std::string> note;
};

struct CaseInput {
  Patch<Id> customer_id, owner_id, order_id;
  Patch<std::string> title, description, severity, channel, remedy_promised, resolution, status;
  Patch<std::string> reason;  // with a status change: why (recorded)
  std::map<std::string, std::string> decode_errors;
};

// The moves allowed from `from`, in order.
std::vector<CaseStatus> AllowedMoves(CaseStatus from);
// kConflict naming the allowed moves when `from` -> `to` is refused.
core::Status CheckMove(Id case_id, CaseStatus from, CaseStatus to);
// Applies the move to `c` at `now` (timestamps, reopen count, first response on resolution).
// The caller checked it with CheckMove.
void ApplyMove(Case& c, CaseStatus to, Timestamp now);

// Title, description, severity, channel, remedy and resolution of `in` applied to `c`; bad values
// go to `errors`. Deadlines follow a severity change (from the opening, by `policy`).
void ApplyCaseFields(Case& c, const CaseInput& in, const CasePolicy& policy, std::map<std::string, std::string>& errors);

inline constexpr std::size_t kMaxCaseTitle = 300;
inline constexpr std::size_t kMaxCaseText = 10'000;
inline constexpr std::size_t kMaxCaseReason = 1000;

}  // namespace rapport::domain
