// The romance engine through its services on every backend, with a driven clock (issue 6):
// cadence rules create exactly the expected tasks across simulated months; mass mail does not
// reset the touch clock; the forgotten list is ordered by value and explains itself; the
// scheduler is idempotent and incremental.
#include <gtest/gtest.h>

#include "domain/cadence/cadence_service.hpp"
#include "domain/interaction/interaction_service.hpp"
#include "domain/order/order_service.hpp"
#include "domain/task/task_service.hpp"
#include "domain/today/today_service.hpp"
#include "store_test_fixture.hpp"

namespace rapport::store {
namespace {

using domain::CadenceType;
using domain::Stage;
using domain::TaskKind;

constexpr std::int64_t kDay = core::kMsPerDay;

class RomanceTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    if (IsSkipped()) return;
    // The default rules apply from the migration's real time; the test clock runs earlier.
    Do([&](domain::Txn& txn) -> core::Status {
      auto rules = txn.Cadences().Rules();
      if (!rules) return core::Fail(rules.error());
      for (auto& r : *rules) {
        r.applies_from = clock_.Now();
        if (auto st = txn.Cadences().UpdateRule(r); !st) return st;
      }
      return {};
    });
  }
  domain::CadenceService Cadences() { return domain::CadenceService(*db_, clock_); }
  domain::TodayService Today() { return domain::TodayService(*db_, clock_); }
  domain::InteractionService Interactions() { return domain::InteractionService(*db_, clock_); }

  core::Id Customer(std::string name, Stage stage) {
    auto c = Create(std::move(name));
    if (stage != Stage::kContact) {
      domain::StageChangeRequest to;
      to.target = stage;
      auto moved = customers_->ChangeStage(actor_, c.id, to);
      EXPECT_TRUE(moved) << (moved ? "" : moved.error().message);
    }
    return c.id;
  }
  void Order(core::Id customer, std::int64_t margin_cents) {
    domain::OrderInput in;
    in.customer_id = customer;
    in.amount_cents = margin_cents * 3;
    in.margin_cents = margin_cents;
    auto o = domain::OrderService(*db_, clock_, "USD").Create(actor_, in);
    ASSERT_TRUE(o) << o.error().message;
  }
  void Log(core::Id customer, const char* kind, std::optional<core::Timestamp> at = std::nullopt) {
    domain::InteractionInput in;
    in.kind = kind;
    in.at = at;
    auto x = Interactions().Log(actor_, customer, in);
    ASSERT_TRUE(x) << x.error().message;
  }
  domain::PassReport Pass(bool full = false) {
    auto r = Cadences().RunPass(full);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? *r : domain::PassReport{};
  }
  std::vector<domain::Task> TasksOf(core::Id customer) {
    return Read<std::vector<domain::Task>>([&](domain::Txn& t) { return t.Tasks().OfCustomer(customer); });
  }
  domain::TodayReport TodayOf(core::Id user) {
    auto t = Today().ForUser(actor_, user, 50, std::nullopt);
    EXPECT_TRUE(t) << (t ? "" : t.error().message);
    return t ? *t : domain::TodayReport{};
  }
};

TEST_P(RomanceTest, ANewInstallHasTheDefaultRules) {
  auto rules = Cadences().List(actor_);
  ASSERT_TRUE(rules);
  int touch = 0, after_order = 0;
  for (const auto& r : *rules) {
    if (r.type == CadenceType::kTouchEvery && r.days == 45) {
      ++touch;
      EXPECT_EQ(r.target.stages, std::vector<Stage>{Stage::kRomance});
    }
    if (r.type == CadenceType::kAfterOrder) {
      ++after_order;
      EXPECT_TRUE((r.days == 7 && r.task_kind == TaskKind::kPostPurchaseConversation) ||
                  (r.days == 2 && r.task_kind == TaskKind::kThankYou))
          << r.name;
    }
  }
  EXPECT_EQ(touch, 1);
  EXPECT_EQ(after_order, 2);
}

TEST_P(RomanceTest, AfterOrderRulesCreateExactlyTheExpectedTasksAcrossMonths) {
  const core::Id c = Customer("Ada", Stage::kContact);
  Pass();  // the first, full pass
  std::vector<core::Timestamp> order_times;
  for (int month = 0; month < 3; ++month) {
    order_times.push_back(clock_.Now());
    Order(c, 1000);
    const auto report = Pass();
    EXPECT_FALSE(report.full);
    EXPECT_EQ(report.customers, 1) << "only the changed customer is examined";
    EXPECT_EQ(report.tasks_created, 2) << "a conversation and a thank-you per order";
    EXPECT_EQ(Pass().tasks_created, 0) << "nothing new on a second pass";
    clock_.AdvanceMs(30 * kDay);
  }
  auto tasks = TasksOf(c);
  ASSERT_EQ(tasks.size(), 6u);
  int thanks = 0, conversations = 0;
  for (const auto& t : tasks) {
    ASSERT_TRUE(t.rule_id);
    const auto placed = order_times[static_cast<std::size_t>((thanks + conversations) / 2)];
    if (t.kind == TaskKind::kThankYou) {
      ++thanks;
      EXPECT_EQ(t.due_at.ms, placed.ms + 2 * kDay);
    } else {
      ASSERT_EQ(t.kind, TaskKind::kPostPurchaseConversation);
      ++conversations;
      EXPECT_EQ(t.due_at.ms, placed.ms + 7 * kDay);
    }
  }
  EXPECT_EQ(thanks, 3);
  EXPECT_EQ(conversations, 3);
  // A full pass over everything creates nothing new either.
  const auto full = Pass(/*full=*/true);
  EXPECT_TRUE(full.full);
  EXPECT_EQ(full.tasks_created, 0);
  EXPECT_EQ(TasksOf(c).size(), 6u);
}

TEST_P(RomanceTest, AfterStageRuleFollowsUpNewLeadsOnlyWhileStillLeads) {
  const core::Id stays = Customer("Stays a lead", Stage::kLead);
  const core::Id moves = Customer("Moves on", Stage::kLead);
  domain::StageChangeRequest to;
  to.target = Stage::kProposal;
  ASSERT_TRUE(customers_->ChangeStage(actor_, moves, to));
  Pass();
  const auto tasks = TasksOf(stays);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].kind, TaskKind::kFollowUp);
  EXPECT_EQ(tasks[0].due_at.ms, clock_.Now().ms + 3 * kDay);
  EXPECT_TRUE(TasksOf(moves).empty());
}

TEST_P(RomanceTest, MassMailDoesNotResetTheTouchClock) {
  const core::Id c = Customer("Grace", Stage::kRomance);
  Log(c, "call");
  clock_.AdvanceMs(50 * kDay);
  Log(c, "newsletter");
  auto today = TodayOf(actor_.user_id);
  ASSERT_EQ(today.forgotten_total, 1);
  EXPECT_EQ(today.forgotten[0].customer_id, c);
  EXPECT_EQ(today.forgotten[0].reason.rfind("last personal touch 50 days ago; cadence 45 days", 0), 0u)
      << today.forgotten[0].reason;
  Log(c, "email");
  EXPECT_EQ(TodayOf(actor_.user_id).forgotten_total, 0) << "a personal email is a touch";
}

TEST_P(RomanceTest, AnInboundMessageCountsOnlyOnceAnswered) {
  const core::Id c = Customer("Linus", Stage::kRomance);
  domain::InteractionInput inbound;
  inbound.kind = "email";
  inbound.direction = "inbound";
  inbound.needs_reply = true;
  auto m = Interactions().Log(actor_, c, inbound);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(TodayOf(actor_.user_id).forgotten_total, 1) << "waiting for our answer is not a touch";
  domain::InteractionInput reply;
  reply.kind = "email";
  reply.reply_to_id = m->id;
  ASSERT_TRUE(Interactions().Log(actor_, c, reply));
  EXPECT_EQ(TodayOf(actor_.user_id).forgotten_total, 0);
  auto again = Interactions().Log(actor_, c, reply);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
}

TEST_P(RomanceTest, TheForgottenListIsOrderedByValueAndExplainsItself) {
  const core::Id small = Customer("Small", Stage::kRomance);
  const core::Id big = Customer("Big", Stage::kRomance);
  const core::Id never = Customer("Never touched", Stage::kRomance);
  const core::Id fresh = Customer("Fresh", Stage::kRomance);
  Order(small, 100);
  Order(big, 90'000);
  Order(never, 5'000);
  Log(small, "call");
  Log(big, "meeting");
  clock_.AdvanceMs(63 * kDay);
  Log(fresh, "call");
  auto today = TodayOf(actor_.user_id);
  ASSERT_EQ(today.forgotten_total, 3);
  ASSERT_EQ(today.forgotten.size(), 3u);
  EXPECT_EQ(today.forgotten[0].customer_id, big);
  EXPECT_EQ(today.forgotten[1].customer_id, never);
  EXPECT_EQ(today.forgotten[2].customer_id, small);
  EXPECT_EQ(today.forgotten[0].value_cents, 90'000);
  EXPECT_EQ(today.forgotten[0].days_since_touch, 63);
  EXPECT_EQ(today.forgotten[0].reason.rfind("last personal touch 63 days ago; cadence 45 days", 0), 0u);
  EXPECT_EQ(today.forgotten[1].reason.rfind("never touched personally; cadence 45 days", 0), 0u);
  // Pages keep the order.
  auto first = Today().ForUser(actor_, std::nullopt, 2, std::nullopt);
  ASSERT_TRUE(first);
  ASSERT_TRUE(first->next_cursor);
  auto second = Today().ForUser(actor_, std::nullopt, 2, *first->next_cursor);
  ASSERT_TRUE(second);
  ASSERT_EQ(second->forgotten.size(), 1u);
  EXPECT_EQ(second->forgotten[0].customer_id, small);
}

TEST_P(RomanceTest, TodayListsOverdueAndDueTasksAndTheSchedulerState) {
  const core::Id c = Customer("Tasks", Stage::kContact);
  auto never = TodayOf(actor_.user_id);
  EXPECT_TRUE(never.scheduler.stale) << "a scheduler that never ran is not silent";
  Order(c, 500);
  Pass();
  clock_.AdvanceMs(3 * kDay);  // the thank-you (2 days) is overdue; the conversation (7 days) not yet due
  auto today = TodayOf(actor_.user_id);
  ASSERT_EQ(today.overdue_total, 1);
  EXPECT_EQ(today.overdue[0].kind, TaskKind::kThankYou);
  EXPECT_EQ(today.due_today_total, 0);
  EXPECT_TRUE(today.scheduler.stale) << "last pass 3 days ago";
  Pass();
  EXPECT_FALSE(TodayOf(actor_.user_id).scheduler.stale);
}

TEST_P(RomanceTest, ARuleChangeAppliesToEveryCustomerAtOnce) {
  const core::Id vip = Customer("VIP", Stage::kOrder);
  ASSERT_TRUE(customers_->Update(actor_, vip, [] {
    domain::CustomerInput in;
    in.tags = std::optional<std::vector<std::string>>{std::vector<std::string>{"VIP"}};
    return in;
  }()));
  Customer("Plain", Stage::kOrder);
  Pass();
  clock_.AdvanceMs(20 * kDay);
  EXPECT_EQ(TodayOf(actor_.user_id).forgotten_total, 2) << "order stage: touch every 30 days, never touched";
  domain::CadenceRuleInput in;
  in.name = std::optional<std::string>{"VIPs every 10 days"};
  in.type = std::optional<std::string>{"touch_every"};
  in.days = std::optional<std::int64_t>{10};
  in.tag = std::optional<std::string>{"vip"};
  auto rule = Cadences().Create(actor_, in);
  ASSERT_TRUE(rule) << rule.error().message;
  auto state = Read<std::optional<domain::CadenceState>>([&](domain::Txn& t) { return t.Cadences().StateOf(vip); });
  ASSERT_TRUE(state);
  EXPECT_EQ(state->touch_days, 10) << "the shortest cadence applies";
  EXPECT_EQ(state->touch_rule_id, rule->id);
  domain::CadenceRuleInput bad;
  bad.name = std::optional<std::string>{"x"};
  bad.type = std::optional<std::string>{"touch_every"};
  bad.days = std::optional<std::int64_t>{0};
  bad.task_kind = std::optional<std::string>{"thank_you"};
  auto rejected = Cadences().Create(actor_, bad);
  ASSERT_FALSE(rejected);
  EXPECT_TRUE(rejected.error().fields.contains("days"));
  EXPECT_TRUE(rejected.error().fields.contains("task_kind"));
}

TEST_P(RomanceTest, OffboardingMovesOpenTasksAndForgottenCustomers) {
  const core::Id rep = InsertUser("rep@example.com");
  const core::Id heir = InsertUser("heir@example.com");
  auto c = Create("Handed over");
  domain::CustomerInput give;
  give.owner_id = std::optional<core::Id>{rep};
  ASSERT_TRUE(customers_->Update(actor_, c.id, give));
  domain::StageChangeRequest to;
  to.target = Stage::kRomance;
  ASSERT_TRUE(customers_->ChangeStage(actor_, c.id, to));
  Order(c.id, 700);
  Pass();
  EXPECT_EQ(TodayOf(rep).forgotten_total, 1);
  auto out = users_->Deactivate(actor_, rep, heir);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(TodayOf(rep).forgotten_total, 0);
  EXPECT_EQ(TodayOf(heir).forgotten_total, 1);
  for (const auto& t : TasksOf(c.id)) EXPECT_EQ(t.owner_id, heir) << t.title;
}

INSTANTIATE_TEST_SUITE_P(Backends, RomanceTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::store
