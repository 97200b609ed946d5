#include "domain/next_action/care_rules.hpp"

#include "domain/care/case_repo.hpp"
#include "domain/care/feedback_repo.hpp"
#include "domain/care/promise_repo.hpp"
#include "domain/referral/referral_repo.hpp"

namespace rapport::domain {
namespace {

constexpr std::int64_t kPromiseSoonMs = 2 * core::kMsPerDay;
constexpr std::int64_t kBrokenRecentlyMs = 30 * core::kMsPerDay;
constexpr std::int64_t kPromoterFreshMs = 180 * core::kMsPerDay;

std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

core::Result<std::vector<NextAction>> CaseActions(Store& store, const NextActionContext& ctx) {
  return ReadValue<std::vector<NextAction>>(store, [&](Txn& txn) -> core::Result<std::vector<NextAction>> {
    auto cases = txn.Cases().OfCustomer(ctx.customer_id);
    if (!cases) return core::Fail(cases.error());
    std::vector<NextAction> out;
    for (const auto& c : *cases) {
      if (!c.Active()) continue;
      NextAction a;
      const std::string what = "complaint case " + core::FormatId(c.id) + " " + Quoted(c.title) + " (" +
                               std::string(CaseSeverityName(c.severity)) + ")";
      if (!c.first_response_at) {
        a.kind = "case_response_due";
        a.priority = c.respond_by.ms < ctx.now.ms ? 98 : 86;
        a.reason = what + " has had no response: respond by " + core::FormatIso8601(c.respond_by) + Lateness(c.respond_by, ctx.now);
        a.details = {{"case_id", core::FormatId(c.id)}, {"respond_by", core::FormatIso8601(c.respond_by)}};
      } else {
        a.kind = "case_resolution_due";
        a.priority = c.resolve_by.ms < ctx.now.ms ? 89 : 66;
        a.reason = what + " is " + std::string(CaseStatusName(c.status)) + ": resolve by " + core::FormatIso8601(c.resolve_by) +
                   Lateness(c.resolve_by, ctx.now);
        a.details = {{"case_id", core::FormatId(c.id)}, {"resolve_by", core::FormatIso8601(c.resolve_by)}};
      }
      a.details.emplace_back("transfer_count", std::int64_t{c.transfer_count});
      out.push_back(std::move(a));
    }
    return out;
  });
}

core::Result<std::vector<NextAction>> PromiseActions(Store& store, const NextActionContext& ctx) {
  return ReadValue<std::vector<NextAction>>(store, [&](Txn& txn) -> core::Result<std::vector<NextAction>> {
    auto promises = txn.Promises().OfCustomer(ctx.customer_id);
    if (!promises) return core::Fail(promises.error());
    std::vector<NextAction> out;
    for (const auto& p : *promises) {
      NextAction a;
      if (p.Open() && p.due_at.ms < ctx.now.ms + kPromiseSoonMs) {
        a.kind = "promise_due";
        a.priority = p.due_at.ms < ctx.now.ms ? 97 : 91;
        a.reason = "promised " + Quoted(p.description) + ": due " + core::FormatIso8601(p.due_at) + Lateness(p.due_at, ctx.now) +
                   "; mark it kept once done";
      } else if (p.status == PromiseStatus::kBroken && p.broken_at && p.broken_at->ms > ctx.now.ms - kBrokenRecentlyMs) {
        a.kind = "broken_promise";
        a.priority = 76;
        a.reason = "the promise " + Quoted(p.description) + " was broken on " + core::FormatDate(core::DateOf(*p.broken_at)) +
                   ": say so and make it right";
      } else {
        continue;
      }
      a.details = {{"promise_id", core::FormatId(p.id)}, {"due_at", core::FormatIso8601(p.due_at)}};
      out.push_back(std::move(a));
    }
    return out;
  });
}

core::Result<std::vector<NextAction>> AskForReferral(Store& store, const NextActionContext& ctx) {
  return ReadValue<std::vector<NextAction>>(store, [&](Txn& txn) -> core::Result<std::vector<NextAction>> {
    std::vector<NextAction> out;
    auto nps = txn.Feedback().LatestNps(ctx.customer_id);
    if (!nps) return core::Fail(nps.error());
    if (!*nps || !(*nps)->score || NpsGroupOf(*(*nps)->score) != NpsGroup::kPromoter) return out;
    const Feedback& f = **nps;
    if (f.at.ms < ctx.now.ms - kPromoterFreshMs) return out;
    // Not while a complaint is open, and not again once they referred someone after saying so.
    auto cases = txn.Cases().OfCustomer(ctx.customer_id);
    if (!cases) return core::Fail(cases.error());
    for (const auto& c : *cases)
      if (c.Active()) return out;
    ReferralQuery q;
    q.referrer_id = ctx.customer_id;
    q.limit = 1;
    auto referrals = txn.Referrals().List(q);
    if (!referrals) return core::Fail(referrals.error());
    if (!referrals->empty() && referrals->front().referred_at.ms >= f.at.ms) return out;
    NextAction a;
    a.kind = "ask_for_referral";
    a.priority = 45;
    a.reason = "answered NPS " + std::to_string(*f.score) + " on " + core::FormatDate(core::DateOf(f.at)) +
               ": a promoter who could refer friends";
    a.details = {{"feedback_id", core::FormatId(f.id)}, {"score", std::int64_t{*f.score}}};
    out.push_back(std::move(a));
    return out;
  });
}

}  // namespace

std::vector<NextActionRule> CareRules(Store& store) {
  return {
      [&store](const NextActionContext& ctx) { return CaseActions(store, ctx); },
      [&store](const NextActionContext& ctx) { return PromiseActions(store, ctx); },
      [&store](const NextActionContext& ctx) { return AskForReferral(store, ctx); },
  };
}

}  // namespace rapport::domain
