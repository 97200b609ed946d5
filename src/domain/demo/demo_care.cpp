#include "domain/demo/demo_care.hpp"

#include <algorithm>
#include <cmath>

#include "domain/care/case_repo.hpp"
#include "domain/care/feedback_repo.hpp"
#include "domain/care/promise_repo.hpp"
#include "domain/interaction/interaction_repo.hpp"

namespace rapport::domain {
namespace {

constexpr std::int64_t kHour = 3'600'000;
constexpr const char* kTitles[] = {"Parcel arrived damaged", "Charged twice on the last invoice", "Wrong size delivered",
                                   "Login does not work since the update", "Delivery is two weeks late",
                                   "Support did not call back", "Missing part in the box"};
constexpr const char* kRemedies[] = {"A replacement sent by courier", "A refund of the duplicate charge", "A call back tomorrow morning",
                                     "A 20% discount on the next order"};
constexpr const char* kResolutions[] = {"Replacement delivered", "Refunded", "Fixed and confirmed with the customer",
                                        "Explained and credited"};
constexpr const char* kChannels[] = {"email", "phone", "email", "chat", "web", "social"};

template <typename T, std::size_t N>
const T& Pick(core::Random& r, const T (&items)[N]) {
  return items[r.Below(N)];
}

// A duration around `median_ms`, log-normally spread (most quick, a long tail).
std::int64_t Spread(core::Random& r, double median_ms) {
  const double z = std::sqrt(-2.0 * std::log(std::max(1e-12, r.Unit()))) * std::cos(6.283185307179586 * r.Unit());
  return static_cast<std::int64_t>(median_ms * std::exp(0.9 * z));
}

}  // namespace

core::Status DemoCare::AddFor(Txn& txn, const Customer& c, const std::vector<StageTransition>& path, DemoCareCounts& counts) {
  if (c.stage == Stage::kContact || c.stage == Stage::kLead || path.empty()) return {};
  const Timestamp since{std::max(path.front().at.ms, as_of_.ms - 365 * core::kMsPerDay)};
  // Poisson-like: whole cases, then one more with the remaining fraction.
  double rate = case_rate_;
  while (rate > 0) {
    if (rate >= 1.0 || rng_.Chance(rate))
      if (auto st = AddCase(txn, c, since, counts); !st) return st;
    rate -= 1.0;
  }
  if (rng_.Chance(0.08))
    if (auto st = AddAnsweredMessage(txn, c, since); !st) return st;
  if (c.stage == Stage::kRomance && rng_.Chance(0.3)) {
    Feedback f;
    f.customer_id = c.id;
    f.kind = FeedbackKind::kNps;
    const double u = rng_.Unit();  // about 45% promoters, 35% passives, 20% detractors
    f.score = u < 0.45 ? 9 + static_cast<int>(rng_.Below(2)) : u < 0.8 ? 7 + static_cast<int>(rng_.Below(2)) : static_cast<int>(rng_.Below(7));
    f.owner_id = c.owner_id;
    f.at = Timestamp{as_of_.ms - static_cast<std::int64_t>(rng_.Below(180)) * core::kMsPerDay};
    f.created_at = f.at;
    if (auto st = txn.Feedback().Insert(f); !st) return st;
    ++counts.feedback;
  }
  return {};
}

core::Status DemoCare::AddAnsweredMessage(Txn& txn, const Customer& c, Timestamp since) {
  Interaction in;
  in.customer_id = c.id;
  in.kind = rng_.Chance(0.6) ? InteractionKind::kEmail : rng_.Chance(0.5) ? InteractionKind::kSocial : InteractionKind::kCall;
  in.direction = Direction::kInbound;
  in.at = Timestamp{since.ms + static_cast<std::int64_t>(rng_.Unit() * static_cast<double>(std::max<std::int64_t>(as_of_.ms - since.ms - kHour, kHour)))};
  in.user_id = c.owner_id;
  in.summary = "Asked about the order";
  in.needs_reply = true;
  in.reply_due_at = Timestamp{in.at.ms + kDefaultReplyWindowMs};
  in.created_at = in.at;
  if (auto st = txn.Interactions().Insert(in); !st) return st;
  // Most answers come within hours; social messages a little faster, calls back a little slower.
  const double median = in.kind == InteractionKind::kSocial ? 2.0 * kHour : in.kind == InteractionKind::kCall ? 6.0 * kHour : 4.0 * kHour;
  Interaction reply;
  reply.customer_id = c.id;
  reply.kind = in.kind == InteractionKind::kCall ? InteractionKind::kCall : in.kind;
  reply.direction = Direction::kOutbound;
  reply.at = Timestamp{std::min(as_of_.ms, in.at.ms + std::max<std::int64_t>(60'000, Spread(rng_, median)))};
  reply.user_id = c.owner_id;
  reply.summary = "Answered";
  reply.reply_to_id = in.id;
  reply.created_at = reply.at;
  if (auto st = txn.Interactions().Insert(reply); !st) return st;
  return txn.Interactions().MarkReplied(in.id, reply.id, reply.at);
}

core::Status DemoCare::AddCase(Txn& txn, const Customer& c, Timestamp since, DemoCareCounts& counts) {
  Case k;
  k.customer_id = c.id;
  k.title = Pick(rng_, kTitles);
  const double s = rng_.Unit();
  k.severity = s < 0.2 ? CaseSeverity::kLow : s < 0.75 ? CaseSeverity::kNormal : s < 0.95 ? CaseSeverity::kHigh : CaseSeverity::kUrgent;
  k.channel = Pick(rng_, kChannels);
  k.owner_id = c.owner_id;
  k.opened_at = Timestamp{since.ms + static_cast<std::int64_t>(rng_.Unit() * static_cast<double>(std::max<std::int64_t>(as_of_.ms - since.ms, kHour)))};
  const auto d = DeadlinesFor(policy_, k.severity);
  k.respond_by = Timestamp{k.opened_at.ms + d.respond_minutes * 60'000};
  k.resolve_by = Timestamp{k.opened_at.ms + d.resolve_minutes * 60'000};
  k.created_by = c.owner_id;
  // Most are answered within about the deadline's third; some late; the newest may still wait.
  const std::int64_t response = Spread(rng_, static_cast<double>(d.respond_minutes) * 60'000 / 3);
  if (k.opened_at.ms + response < as_of_.ms) k.first_response_at = Timestamp{k.opened_at.ms + response};
  const std::int64_t resolution = std::max(response, Spread(rng_, static_cast<double>(d.resolve_minutes) * 60'000 / 3));
  if (k.first_response_at && k.opened_at.ms + resolution < as_of_.ms && rng_.Chance(0.95)) {
    k.in_progress_at = k.first_response_at;
    k.resolved_at = Timestamp{k.opened_at.ms + resolution};
    k.resolution = Pick(rng_, kResolutions);
    k.status = CaseStatus::kResolved;
    if (as_of_.ms - k.resolved_at->ms > 14 * core::kMsPerDay && rng_.Chance(0.7)) {
      k.status = CaseStatus::kClosed;
      k.closed_at = Timestamp{k.resolved_at->ms + 7 * core::kMsPerDay};
    }
  } else if (k.first_response_at) {
    k.status = CaseStatus::kInProgress;
    k.in_progress_at = k.first_response_at;
  }
  const double t = rng_.Unit();  // transfers: most none, a few passed around
  k.transfer_count = t < 0.75 ? 0 : t < 0.92 ? 1 : t < 0.98 ? 2 : 3 + static_cast<int>(rng_.Below(3));
  const bool remedy = rng_.Chance(0.3);
  if (remedy) k.remedy_promised = Pick(rng_, kRemedies);
  k.updated_at = k.resolved_at.value_or(k.first_response_at.value_or(k.opened_at));
  if (auto st = txn.Cases().Insert(k); !st) return st;
  ++counts.cases;
  if (!remedy) return {};
  Promise p;
  p.customer_id = c.id;
  p.case_id = k.id;
  p.kind = PromiseKind::kRemedy;
  p.description = *k.remedy_promised;
  p.promised_by = k.owner_id;
  p.due_at = k.resolve_by;
  p.created_at = p.updated_at = k.opened_at;
  if (k.resolved_at && k.resolved_at->ms <= p.due_at.ms) {
    p.status = PromiseStatus::kKept;
    p.kept_at = k.resolved_at;
  } else if (p.due_at.ms < as_of_.ms) {
    p.status = PromiseStatus::kBroken;
    p.broken_at = p.due_at;
    p.broken_automatically = true;
  }
  if (auto st = txn.Promises().Insert(p); !st) return st;
  ++counts.promises;
  k.promise_id = p.id;
  return txn.Cases().Update(k);
}

}  // namespace rapport::domain
