#include "domain/next_action/economics_rules.hpp"

#include <cmath>
#include <cstdio>

#include "domain/economics/economics_repo.hpp"

namespace rapport::domain {
namespace {

std::string Percent(double p) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", p * 100);
  return buf;
}

core::Result<std::vector<NextAction>> AtRisk(Store& store, const NextActionContext& ctx) {
  return ReadValue<std::vector<NextAction>>(store, [&](Txn& txn) -> core::Result<std::vector<NextAction>> {
    std::vector<NextAction> out;
    auto score = txn.Economics().ScoreOf(ctx.customer_id);
    if (!score) return core::Fail(score.error());
    if (!*score || !(*score)->p_alive) return out;
    const auto& s = **score;
    const double p = *s.p_alive;
    const bool low = p < kAtRiskPAlive;
    const bool dropped = s.previous_p_alive && *s.previous_p_alive >= kAtRiskMinPrevious &&
                         *s.previous_p_alive - p >= kAtRiskDrop;
    // A customer who bought once only is "at risk" for everyone: the rule needs a repeat buyer.
    if ((!low && !dropped) || s.frequency == 0) return out;
    NextAction a;
    a.kind = "at_risk";
    a.priority = dropped ? 84 : 72;
    a.reason = dropped ? "the chance this customer still buys from us fell from " + Percent(*s.previous_p_alive) + " to " +
                             Percent(p) + " since the last scoring: get in touch before they drift away"
                       : "only a " + Percent(p) + " chance this customer still buys from us (last bought " +
                             std::to_string(static_cast<int>(s.age_weeks - s.recency_weeks)) +
                             " weeks ago): time for a personal touch";
    a.details = {{"p_alive", p},
                 {"previous_p_alive", s.previous_p_alive ? ActionDetail(*s.previous_p_alive) : ActionDetail()},
                 {"predicted_clv_cents", s.predicted_clv_cents ? ActionDetail(*s.predicted_clv_cents) : ActionDetail()}};
    out.push_back(std::move(a));
    return out;
  });
}

}  // namespace

std::vector<NextActionRule> EconomicsRules(Store& store) {
  return {[&store](const NextActionContext& ctx) { return AtRisk(store, ctx); }};
}

}  // namespace rapport::domain
