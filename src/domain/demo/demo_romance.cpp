#include "domain/demo/demo_romance.hpp"

#include <algorithm>

#include "domain/cadence/cadence_service.hpp"
#include "domain/interaction/interaction_repo.hpp"

namespace rapport::domain {
namespace {

constexpr const char* kCallSummaries[] = {"Checked in on how things are going", "Talked through their next project",
                                          "Answered questions about the invoice", "Caught up after the holidays"};
constexpr const char* kEmailSummaries[] = {"Sent the documents they asked for", "Followed up on our last call",
                                           "Shared a case study that fits their plans", "Confirmed the delivery date"};
constexpr const char* kInboundSummaries[] = {"Question about an invoice", "Asking for a quote for more seats",
                                             "Problem with the last delivery", "Wants to change the plan"};

template <typename T, std::size_t N>
const T& Pick(core::Random& r, const T (&items)[N]) {
  return items[r.Below(N)];
}

}  // namespace

core::Result<int> DemoRomance::AddFor(Txn& txn, const Customer& c, const std::vector<StageTransition>& path) {
  if (c.stage == Stage::kContact || path.empty()) return 0;
  const Timestamp since = path.front().at;
  const std::int64_t span = std::max<std::int64_t>(as_of_.ms - since.ms, core::kMsPerDay);
  int logged = 0;
  auto log = [&](InteractionKind kind, Direction dir, Timestamp at, std::string summary, bool personal) -> core::Status {
    Interaction x;
    x.customer_id = c.id;
    x.kind = kind;
    x.direction = dir;
    x.at = at;
    x.user_id = c.owner_id;
    x.summary = std::move(summary);
    x.personal = personal;
    x.created_at = at;
    ++logged;
    return txn.Interactions().Insert(x);
  };
  // A few touches over the relationship, and the last personal one spread over the last 120 days
  // (a tenth never touched personally): against a 45-day cadence, a good share is forgotten.
  const int earlier = static_cast<int>(rng_.Below(3));
  for (int i = 0; i < earlier; ++i) {
    const Timestamp at{since.ms + static_cast<std::int64_t>(rng_.Unit() * static_cast<double>(span))};
    const bool call = rng_.Chance(0.5);
    if (auto st = log(call ? InteractionKind::kCall : InteractionKind::kEmail, Direction::kOutbound, at,
                      call ? Pick(rng_, kCallSummaries) : Pick(rng_, kEmailSummaries), true);
        !st)
      return core::Fail(st.error());
  }
  if (!rng_.Chance(0.1)) {
    const std::int64_t ago = static_cast<std::int64_t>(rng_.Unit() * 120.0 * static_cast<double>(core::kMsPerDay));
    const Timestamp at{std::max(since.ms, as_of_.ms - ago)};
    const InteractionKind kind = rng_.Chance(0.2) ? InteractionKind::kMeeting : InteractionKind::kCall;
    if (auto st = log(kind, Direction::kOutbound, at, Pick(rng_, kCallSummaries), true); !st) return core::Fail(st.error());
  }
  if (c.stage == Stage::kRomance && rng_.Chance(0.6)) {
    const Timestamp at{as_of_.ms - static_cast<std::int64_t>(rng_.Below(30)) * core::kMsPerDay};
    if (auto st = log(InteractionKind::kNewsletter, Direction::kOutbound, at, "Monthly newsletter", false); !st)
      return core::Fail(st.error());
  }
  if (rng_.Chance(0.03)) {  // an inbound message still waiting for an answer
    Interaction x;
    x.customer_id = c.id;
    x.kind = rng_.Chance(0.7) ? InteractionKind::kEmail : InteractionKind::kSocial;
    x.direction = Direction::kInbound;
    x.at = Timestamp{as_of_.ms - static_cast<std::int64_t>(rng_.Below(72)) * 3'600'000};
    x.user_id = c.owner_id;
    x.summary = Pick(rng_, kInboundSummaries);
    x.needs_reply = true;
    x.reply_due_at = Timestamp{x.at.ms + kDefaultReplyWindowMs};
    x.created_at = x.at;
    ++logged;
    if (auto st = txn.Interactions().Insert(x); !st) return core::Fail(st.error());
  }
  return logged;
}

core::Result<PassReport> StartDemoCadences(Store& store, const core::Clock& clock, Timestamp since) {
  auto st = store.Write([&](Txn& txn) -> core::Status {
    auto rules = txn.Cadences().Rules();
    if (!rules) return core::Fail(rules.error());
    for (auto& r : *rules) {
      r.applies_from = since;
      if (auto s = txn.Cadences().UpdateRule(r); !s) return s;
    }
    return {};
  });
  if (!st) return core::Fail(st.error());
  return CadenceService(store, clock).RunPass(/*force_full=*/true);
}

}  // namespace rapport::domain
