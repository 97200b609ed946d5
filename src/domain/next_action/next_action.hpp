// Next best action per customer: a ranked list, each action explained in a sentence. Built from
// small independent rules: each looks at one customer and proposes zero or more actions; the
// service runs them all and ranks by priority. Later features add rules without touching these.
//
// Thread safety: NextActionService holds references to the Store and the Clock and its rules,
// fixed at construction; For is safe to call from many threads at once when the rules are (the
// rules here and in commerce_rules.hpp, care_rules.hpp, economics_rules.hpp only read the store).
// For checks visibility in one read transaction, then each rule runs its own: the list is not one
// snapshot.
//
// Errors: For answers kNotFound when the actor does not see the customer, and otherwise the first
// error a rule answers (the store's kUnavailable / kInternal for the rules above); no partial list.
#pragma once

#include <functional>
#include <variant>

#include "core/clock.hpp"
#include "domain/store.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

using ActionDetail = std::variant<std::monostate, std::int64_t, double, std::string>;  // monostate: null

struct NextAction {
  std::string kind;   // thank_you_due, unanswered_message, overdue_touch, win_back, cross_sell, ...
  int priority = 0;   // higher first
  std::string reason; // the sentence shown to the salesperson
  std::vector<std::pair<std::string, ActionDetail>> details;  // kind-specific fields for clients
};

struct NextActionContext {
  const Actor& actor;
  Id customer_id;
  Timestamp now;
};

using NextActionRule = std::function<core::Result<std::vector<NextAction>>(const NextActionContext&)>;

class NextActionService {
 public:
  NextActionService(Store& store, const core::Clock& clock, std::vector<NextActionRule> rules)
      : store_(store), clock_(clock), rules_(std::move(rules)) {}
  // kNotFound when the customer is not visible to `actor`.
  core::Result<std::vector<NextAction>> For(const Actor& actor, Id customer_id);

 private:
  Store& store_;
  const core::Clock& clock_;
  std::vector<NextActionRule> rules_;
};

// " (overdue by 3 days)" / " (overdue)" / " (due today)" / "" for `due` seen at `now`.
std::string Lateness(Timestamp due, Timestamp now);

// The romance engine's rules: thank-you and post-purchase conversation due, other tasks due,
// unanswered inbound messages, overdue personal touch.
std::vector<NextActionRule> RomanceRules(Store& store);

}  // namespace rapport::domain
