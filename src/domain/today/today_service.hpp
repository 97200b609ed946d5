// Today: what a salesperson opens every morning. Their overdue and due-today tasks, and the
// forgotten customers (owned by them, last personal touch older than the cadence allows, or never
// touched), most valuable first (by predicted lifetime value once a scoring run gave one, else by
// cumulative margin: see RankValue), each with the reason in words. Managers can look at any user, or
// at the whole team as counts per owner. Says when the scheduler last ran, so a stopped scheduler
// is never silent.
//
// Thread safety: stateless apart from references to the Store and the Clock; safe to call from
// many threads at once, each call runs its own read transaction. JudgeScheduler is pure.
//
// Errors (besides the store's kUnavailable / kInternal):
//   ForUser  kPermissionDenied when a rep asks for another user's Today; kInvalidArgument on
//            "user_id" (none, and the caller is not a user) or "cursor"; kNotFound for an unknown
//            user id.
//   ForTeam  kPermissionDenied for a rep.
#pragma once

#include <map>

#include "core/clock.hpp"
#include "domain/cadence/cadence_service.hpp"
#include "domain/interaction/interaction_repo.hpp"
#include "domain/store.hpp"

namespace rapport::domain {

struct ForgottenCustomer {
  Id customer_id = 0;
  std::string name;
  Stage stage = Stage::kContact;
  std::int64_t value_cents = 0;                     // cumulative margin, net of refunds
  std::optional<std::int64_t> predicted_clv_cents;  // of the latest scoring run, when it gave one
  std::int64_t rank_cents = 0;  // what the list is ordered by: predicted_clv_cents, else value_cents
  std::optional<Timestamp> last_touch_at;
  std::optional<int> days_since_touch;
  int cadence_days = 0;
  Id rule_id = 0;
  std::string rule_name;
  std::string reason;
};

// How the scheduler stands, judged at `now`.
struct SchedulerHealth {
  SchedulerStatus status;
  bool stale = false;  // never ran, or last ran longer ago than kStaleAfter
  std::string message;
};
inline constexpr std::int64_t kSchedulerStaleAfterMs = 15 * 60 * 1000;
SchedulerHealth JudgeScheduler(const SchedulerStatus& s, Timestamp now);

struct TodayReport {
  Id user_id = 0;
  Timestamp now, day_end;
  std::vector<Task> overdue, due_today;
  int overdue_total = 0, due_today_total = 0;
  // The names of the tasks' customers, so a screen need not fetch each customer (a rep's Today
  // lists up to 2 x 100 tasks).
  std::map<Id, std::string> task_customer_names;
  std::vector<ForgottenCustomer> forgotten;
  int forgotten_total = 0;
  std::optional<std::string> next_cursor;  // more forgotten customers
  // Inbound messages of the user's customers whose reply is due today or overdue, most urgent first.
  std::vector<WaitingReply> replies;
  int replies_total = 0;
  SchedulerHealth scheduler;
};

struct OwnerLine {
  Id owner_id = 0;
  std::string name;
  int forgotten = 0;
  int overdue_tasks = 0;
};

struct TeamToday {
  std::optional<std::string> team;  // none: the whole workspace
  Timestamp now;
  std::vector<OwnerLine> owners;  // most forgotten first
  SchedulerHealth scheduler;
};

class TodayService {
 public:
  TodayService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}
  // user_id: default the caller; another user's Today is for managers and admins.
  // `limit`: forgotten customers per page; `task_limit`: tasks shown of each list (the totals
  // count them all).
  core::Result<TodayReport> ForUser(const Actor& actor, std::optional<Id> user_id, int limit,
                                    std::optional<std::string_view> cursor, int task_limit = 50);
  // Managers (their team, or everyone when they have none) and admins (everyone).
  core::Result<TeamToday> ForTeam(const Actor& actor);

 private:
  Store& store_;
  const core::Clock& clock_;
};

}  // namespace rapport::domain
