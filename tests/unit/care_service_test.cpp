// Care through its services on every backend, with a driven clock (issue 7): a detractor's
// answer opens a case; promises past due are recorded as broken (and only those); a case's
// remedy makes a promise; the first outbound contact is the case's first response; a resolved
// case gets its check-in from the cadence scheduler; transfers are counted; the dashboard reads
// the stored cases.
#include <gtest/gtest.h>

#include "domain/cadence/cadence_service.hpp"
#include "domain/care/case_service.hpp"
#include "domain/care/feedback_service.hpp"
#include "domain/care/promise_service.hpp"
#include "domain/care/reply_service.hpp"
#include "domain/interaction/interaction_service.hpp"
#include "store_test_fixture.hpp"

namespace rapport::store {
namespace {

constexpr std::int64_t kDay = core::kMsPerDay;

class CareTest : public testing::StoreFixture {
 protected:
  domain::CaseService Cases() { return domain::CaseService(*db_, clock_); }
  domain::FeedbackService Feedback() { return domain::FeedbackService(*db_, clock_); }
  domain::PromiseService Promises() { return domain::PromiseService(*db_, clock_); }

  domain::Case OpenCase(core::Id customer, std::string title, const char* severity = "normal") {
    domain::CaseInput in;
    in.customer_id = std::optional<core::Id>(customer);
    in.title = std::optional<std::string>(std::move(title));
    in.severity = std::optional<std::string>(severity);
    auto c = Cases().Create(actor_, in);
    EXPECT_TRUE(c) << (c ? "" : c.error().message);
    return c ? *c : domain::Case{};
  }
  domain::Case Move(core::Id id, const char* status, std::optional<std::string> resolution = std::nullopt) {
    domain::CaseInput in;
    in.status = std::optional<std::string>(status);
    if (resolution) in.resolution = std::optional<std::string>(*resolution);
    auto c = Cases().Update(actor_, id, in, std::nullopt);
    EXPECT_TRUE(c) << (c ? "" : c.error().message);
    return c ? *c : domain::Case{};
  }
  domain::Promise Promise(core::Id customer, std::string what, std::int64_t due_in_ms) {
    domain::PromiseInput in;
    in.customer_id = std::optional<core::Id>(customer);
    in.description = std::optional<std::string>(std::move(what));
    in.due_at = std::optional<core::Timestamp>(core::Timestamp{clock_.Now().ms + due_in_ms});
    auto p = Promises().Create(actor_, in);
    EXPECT_TRUE(p) << (p ? "" : p.error().message);
    return p ? *p : domain::Promise{};
  }
};

TEST_P(CareTest, ADetractorsAnswerOpensACaseAndAPromotersDoesNot) {
  const auto c = Create("Ada");
  domain::FeedbackInput in;
  in.customer_id = c.id;
  in.kind = "nps";
  in.score = 2;
  in.comment = "The delivery was two weeks late";
  auto angry = Feedback().Submit(actor_, in);
  ASSERT_TRUE(angry) << angry.error().message;
  ASSERT_TRUE(angry->opened_case);
  EXPECT_EQ(angry->opened_case->severity, domain::CaseSeverity::kHigh) << "NPS 0-3 is answered faster";
  EXPECT_EQ(angry->opened_case->channel, "survey");
  EXPECT_EQ(angry->opened_case->feedback_id, angry->feedback.id);
  EXPECT_EQ(angry->opened_case->owner_id, c.owner_id);
  EXPECT_EQ(angry->opened_case->description, in.comment);
  auto stored = Read<std::optional<domain::Feedback>>([&](domain::Txn& t) { return t.Feedback().Find(angry->feedback.id); });
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->opened_case_id, angry->opened_case->id);

  in.score = 9;
  auto happy = Feedback().Submit(actor_, in);
  ASSERT_TRUE(happy);
  EXPECT_FALSE(happy->opened_case);

  // Turned off, a detractor opens nothing; asked explicitly, feedback opens one anyway.
  domain::CareSettingsInput off;
  off.detractor_opens_case = false;
  ASSERT_TRUE(Feedback().SetSettings(actor_, off));
  in.score = 0;
  auto quiet = Feedback().Submit(actor_, in);
  ASSERT_TRUE(quiet);
  EXPECT_FALSE(quiet->opened_case);
  in.kind = "free";
  in.score.reset();
  in.open_case = true;
  auto asked = Feedback().Submit(actor_, in);
  ASSERT_TRUE(asked);
  EXPECT_TRUE(asked->opened_case);

  auto figures = Feedback().Figures(actor_, domain::FeedbackKind::kNps, domain::FeedbackFigureBy::kTotal, std::nullopt, std::nullopt);
  ASSERT_TRUE(figures) << figures.error().message;
  EXPECT_EQ(figures->total.responses, 3);
  EXPECT_EQ(figures->total.nps.promoters, 1);
  EXPECT_EQ(figures->total.nps.detractors, 2);
  EXPECT_NEAR(*figures->total.nps.Score(), 100.0 * (1 - 2) / 3, 1e-9);
}

TEST_P(CareTest, PromisesPastDueAreBrokenWithTheClockAndOnlyThose) {
  const auto c = Create("Grace");
  const auto soon = Promise(c.id, "Call back about the invoice", 2 * 3600'000);
  const auto later = Promise(c.id, "Deliver the spare part", 5 * kDay);
  const auto kept = Promise(c.id, "Send the manual", 3600'000);
  domain::PromiseInput keep;
  keep.status = std::optional<std::string>("kept");
  ASSERT_TRUE(Promises().Update(actor_, kept.id, keep, std::nullopt));

  auto none = Promises().BreakOverdue();
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0) << "nothing is due yet";
  clock_.AdvanceMs(3 * 3600'000);
  auto broken = Promises().BreakOverdue(1);  // batches of one: the loop goes on until none is left
  ASSERT_TRUE(broken) << broken.error().message;
  EXPECT_EQ(*broken, 1);
  auto got = Promises().Get(actor_, soon.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, domain::PromiseStatus::kBroken);
  EXPECT_TRUE(got->broken_automatically);
  EXPECT_EQ(got->broken_at, soon.due_at) << "broken when it fell due";
  EXPECT_EQ(Promises().Get(actor_, later.id)->status, domain::PromiseStatus::kOpen);
  EXPECT_EQ(Promises().Get(actor_, kept.id)->status, domain::PromiseStatus::kKept);
  // A broken promise stays broken.
  auto late_keep = Promises().Update(actor_, soon.id, keep, std::nullopt);
  ASSERT_FALSE(late_keep);
  EXPECT_EQ(late_keep.error().code, core::ErrorCode::kConflict);
  clock_.AdvanceMs(10 * kDay);
  EXPECT_EQ(*Promises().BreakOverdue(), 1);
  auto care = Cases().ForCustomer(actor_, c.id);
  ASSERT_TRUE(care);
  EXPECT_EQ(care->promises.broken, 2);
  EXPECT_EQ(care->promises.kept, 1);
  EXPECT_EQ(care->broken_promises.size(), 2u);
}

TEST_P(CareTest, ARemedyMakesAPromiseAndTheFirstOutboundContactIsTheResponse) {
  const auto c = Create("Linus");
  domain::CaseInput in;
  in.customer_id = std::optional<core::Id>(c.id);
  in.title = std::optional<std::string>("Broken screen on arrival");
  in.remedy_promised = std::optional<std::string>("A new screen by courier");
  auto k = Cases().Create(actor_, in);
  ASSERT_TRUE(k) << k.error().message;
  ASSERT_TRUE(k->promise_id);
  auto p = Promises().Get(actor_, *k->promise_id);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind, domain::PromiseKind::kRemedy);
  EXPECT_EQ(p->description, "A new screen by courier");
  EXPECT_EQ(p->due_at, k->resolve_by);
  EXPECT_EQ(p->case_id, k->id);

  // An inbound note about the case is not a response; the outbound call is.
  clock_.AdvanceMs(3600'000);
  domain::InteractionInput inbound;
  inbound.kind = "email";
  inbound.direction = "inbound";
  inbound.case_id = k->id;
  ASSERT_TRUE(domain::InteractionService(*db_, clock_).Log(actor_, c.id, inbound));
  EXPECT_FALSE(Cases().Get(actor_, k->id)->first_response_at);
  clock_.AdvanceMs(3600'000);
  domain::InteractionInput call;
  call.kind = "call";
  call.case_id = k->id;
  ASSERT_TRUE(domain::InteractionService(*db_, clock_).Log(actor_, c.id, call));
  auto answered = Cases().Get(actor_, k->id);
  EXPECT_EQ(answered->first_response_at, clock_.Now());
  EXPECT_FALSE(answered->ResponseBreached(clock_.Now()));
  // A case of another customer cannot be answered from here.
  const auto other = Create("Other");
  auto wrong = domain::InteractionService(*db_, clock_).Log(actor_, other.id, call);
  ASSERT_FALSE(wrong);
  EXPECT_TRUE(wrong.error().fields.contains("case_id"));

  // Withdrawing the remedy cancels the promise.
  domain::CaseInput withdraw;
  withdraw.remedy_promised.emplace(std::nullopt);  // present and null: withdrawn
  auto changed = Cases().Update(actor_, k->id, withdraw, std::nullopt);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_FALSE(changed->promise_id);
  EXPECT_EQ(Promises().Get(actor_, p->id)->status, domain::PromiseStatus::kCancelled);
}

TEST_P(CareTest, AResolvedCaseGetsItsCheckInFromTheScheduler) {
  // The default check-in rule applies from the migration's real time; the test clock runs earlier.
  Do([&](domain::Txn& txn) -> core::Status {
    auto rules = txn.Cadences().Rules();
    if (!rules) return core::Fail(rules.error());
    for (auto& r : *rules) {
      r.applies_from = clock_.Now();
      if (auto st = txn.Cadences().UpdateRule(r); !st) return st;
    }
    return {};
  });
  const auto c = Create("Barbara");
  auto k = OpenCase(c.id, "Wrong size delivered");
  domain::CadenceService cadences(*db_, clock_);
  ASSERT_TRUE(cadences.RunPass(true));
  clock_.AdvanceMs(kDay);
  Move(k.id, "resolved", "Exchanged for the right size");
  ASSERT_TRUE(cadences.RunPass(false));
  ASSERT_TRUE(cadences.RunPass(false));  // idempotent
  auto tasks = Read<std::vector<domain::Task>>([&](domain::Txn& t) { return t.Tasks().OfCustomer(c.id); });
  int check_ins = 0;
  for (const auto& t : tasks)
    if (t.kind == domain::TaskKind::kCheckIn) {
      ++check_ins;
      EXPECT_EQ(t.due_at.ms, clock_.Now().ms + 14 * kDay);
      EXPECT_NE(t.title.find("case " + core::FormatId(k.id)), std::string::npos) << t.title;
      EXPECT_EQ(t.owner_id, c.owner_id);
    }
  EXPECT_EQ(check_ins, 1);
  // Reopened and resolved again: still one check-in for the case.
  Move(k.id, "open");
  Move(k.id, "resolved");
  ASSERT_TRUE(cadences.RunPass(false));
  tasks = Read<std::vector<domain::Task>>([&](domain::Txn& t) { return t.Tasks().OfCustomer(c.id); });
  check_ins = 0;
  for (const auto& t : tasks) check_ins += t.kind == domain::TaskKind::kCheckIn;
  EXPECT_EQ(check_ins, 1);
}

TEST_P(CareTest, TransfersAreCountedRecordedAndShownOnTheDashboard) {
  const core::Id rep1 = InsertUser("one@example.com");
  const core::Id rep2 = InsertUser("two@example.com");
  const auto c = Create("Edsger");
  auto k = OpenCase(c.id, "Invoice twice", "urgent");
  EXPECT_EQ(k.respond_by.ms, k.opened_at.ms + 60 * 60'000);
  domain::AssignCaseInput a;
  a.owner_id = rep1;
  auto no_reason = Cases().Assign(actor_, k.id, a);
  ASSERT_FALSE(no_reason);
  EXPECT_TRUE(no_reason.error().fields.contains("reason"));
  a.reason = "Billing is rep one's";
  ASSERT_TRUE(Cases().Assign(actor_, k.id, a));
  a.owner_id = rep2;
  a.reason = "Rep one is on leave";
  auto moved = Cases().Assign(actor_, k.id, a);
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->transfer_count, 2);
  EXPECT_EQ(moved->owner_id, rep2);
  // Rep one is no longer the owner: they may not move it on.
  const domain::Actor rep_one{rep1, domain::Role::kRep, std::nullopt, "test"};
  a.owner_id = rep1;
  auto denied = Cases().Assign(rep_one, k.id, a);
  ASSERT_FALSE(denied);
  EXPECT_NE(denied.error().code, core::ErrorCode::kInvalidArgument);
  auto events = Cases().Events(actor_, k.id);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[2].kind, domain::CaseEventKind::kAssigned);
  EXPECT_EQ((*events)[2].from_owner, rep1);
  EXPECT_EQ((*events)[2].note, "Rep one is on leave");

  OpenCase(c.id, "Second");
  clock_.AdvanceMs(2 * kDay);
  auto d = Cases().Dashboard(actor_, core::Timestamp{clock_.Now().ms - 30 * kDay});
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->cases.open_total, 2);
  EXPECT_EQ(d->cases.overall.transfers, 2);
  EXPECT_EQ(d->cases.overall.response_breaches, 2) << "neither was answered within its deadline";
  EXPECT_EQ(d->cases.open_by_severity_age["urgent"]["1_3d"], 1);
  EXPECT_EQ(d->cases.by_owner[rep2].transfers, 2);
  EXPECT_EQ(d->owner_names[rep2], "two@example.com");
}

TEST_P(CareTest, DashboardTimesOnlyThePeriodCountsOldLiveCasesAndKeepsToTheRepsScope) {
  const auto c = Create("Grace");
  const auto old_open = OpenCase(c.id, "Old and still open", "low");
  const auto old_done = OpenCase(c.id, "Old and resolved");
  Move(old_done.id, "resolved", "Refunded");
  clock_.AdvanceMs(40 * kDay);
  const auto recent = OpenCase(c.id, "Recent", "high");
  clock_.AdvanceMs(3 * 60 * 60'000);
  Move(recent.id, "resolved", "Replaced the part");
  const core::Timestamp from{clock_.Now().ms - 30 * kDay};

  auto d = Cases().Dashboard(actor_, from);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->cases.open_total, 1) << "the old open case is live whatever its age";
  EXPECT_EQ(d->cases.open_by_severity_age["low"]["over_30d"], 1);
  EXPECT_EQ(d->cases.overall.cases, 1) << "only the recent case was opened in the period";
  EXPECT_EQ(d->cases.overall.resolved, 1);
  ASSERT_TRUE(d->cases.overall.resolution.median_minutes);
  EXPECT_DOUBLE_EQ(*d->cases.overall.resolution.median_minutes, 180.0);
  EXPECT_EQ(d->cases.overall.first_response.count, 1) << "the resolution is the first response";
  EXPECT_EQ(d->cases.transfer_distribution["0"], 1);
  EXPECT_EQ(d->cases.by_channel.size(), 1u);
  EXPECT_EQ(old_open.status, domain::CaseStatus::kOpen);

  // A rep who owns none of these cases and none of the customer's sees an empty dashboard.
  const domain::Actor stranger{InsertUser("stranger@example.com"), domain::Role::kRep, std::nullopt, "test"};
  auto theirs = Cases().Dashboard(stranger, from);
  ASSERT_TRUE(theirs) << theirs.error().message;
  EXPECT_EQ(theirs->cases.open_total, 0);
  EXPECT_EQ(theirs->cases.overall.cases, 0);
  EXPECT_FALSE(theirs->cases.overall.resolution.median_minutes);
}

// The reply queue is driven by the waiting messages, not by the owner's customers (a rep of a
// large book owns 100k+): it must still keep to the owner, leave out archived customers and
// answered messages, and put the most urgent first.
TEST_P(CareTest, ReplyQueueKeepsToTheOwnerLeavesOutArchivedAndAnsweredMostUrgentFirst) {
  const core::Id ann = InsertUser("ann@example.com"), bob = InsertUser("bob@example.com");
  const core::Id a1 = InsertCustomer("Ann's first", ann), a2 = InsertCustomer("Ann's second", ann);
  const core::Id gone = InsertCustomer("Ann's archived", ann), b1 = InsertCustomer("Bob's", bob);
  domain::InteractionService interactions(*db_, clock_);
  auto inbound = [&](core::Id customer, std::int64_t due_in_hours) {
    domain::InteractionInput in;
    in.kind = "email";
    in.direction = "inbound";
    in.needs_reply = true;
    in.reply_due_at = core::Timestamp{clock_.Now().ms + due_in_hours * 3600'000};
    auto i = interactions.Log(actor_, customer, in);
    EXPECT_TRUE(i) << (i ? "" : i.error().message);
    return i ? i->id : core::Id{0};
  };
  const core::Id later = inbound(a1, 20), sooner = inbound(a2, 2), answered = inbound(a1, 1);
  inbound(gone, 1);
  inbound(b1, 1);
  domain::InteractionInput reply;
  reply.kind = "email";
  reply.reply_to_id = answered;
  ASSERT_TRUE(interactions.Log(actor_, a1, reply));
  ASSERT_TRUE(customers_->Archive(actor_, gone));

  auto q = domain::ReplyService(*db_, clock_).Queue(actor_, ann, 10);
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->total, 2);
  ASSERT_EQ(q->items.size(), 2u);
  EXPECT_EQ(q->items[0].waiting.message.id, sooner);
  EXPECT_EQ(q->items[1].waiting.message.id, later);
  EXPECT_EQ(q->items[0].waiting.customer_name, "Ann's second");
  auto one = domain::ReplyService(*db_, clock_).Queue(actor_, ann, 1);
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_EQ(one->total, 2) << "the total counts past the page";
  EXPECT_EQ(one->items.size(), 1u);
  EXPECT_EQ(domain::ReplyService(*db_, clock_).Queue(actor_, bob, 10)->total, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, CareTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::store
