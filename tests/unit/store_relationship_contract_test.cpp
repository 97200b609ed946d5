// The storage contract of the relationship repositories (store/common, one SQL for both backends),
// run on every backend (see store_test_fixture.hpp): subscriptions and their events and renewals
// window, win-back histories and offers, referrals and the referrers' leaderboard, appreciation
// events, invitations and the target list.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "store_test_fixture.hpp"

namespace rapport::store {
namespace {

using core::Date;
using core::Id;
using core::Timestamp;
using domain::AppreciationEvent;
using domain::CustomerScope;
using domain::Invitation;
using domain::InvitationCounts;
using domain::InvitationResponse;
using domain::LeaderboardOrder;
using domain::LeaderboardRow;
using domain::Order;
using domain::Referral;
using domain::Role;
using domain::Stage;
using domain::Subscription;
using domain::SubscriptionEvent;
using domain::SubscriptionEventKind;
using domain::SubscriptionStatus;
using domain::TargetRow;
using domain::Txn;
using domain::WinBackOffer;

constexpr std::int64_t kDay = core::kMsPerDay;

Date D(std::string_view text) {
  auto d = core::ParseDate(text);
  EXPECT_TRUE(d) << text;
  return d.value_or(Date{});
}

class StoreRelationshipTest : public testing::StoreFixture {
 protected:

  Timestamp At(std::int64_t days) const { return Timestamp{t0_.ms + days * kDay}; }

  // Reps a1 and a2 in team "north", b in "south", solo without a team.
  void MakeTeam() {
    a1_ = InsertUser("a1@example.com", Role::kRep, "north");
    a2_ = InsertUser("a2@example.com", Role::kRep, "north");
    b_ = InsertUser("b@example.com", Role::kRep, "south");
    solo_ = InsertUser("solo@example.com", Role::kRep);
  }
  static CustomerScope Scope(Id user, std::optional<std::string> team = std::nullopt) {
    return CustomerScope{user, std::move(team)};
  }

  Id AddCustomer(std::string name, Id owner, Stage stage = Stage::kContact,
                 std::optional<Timestamp> archived_at = std::nullopt) {
    domain::Customer c;
    c.name = std::move(name);
    c.owner_id = owner;
    c.stage = stage;
    c.archived_at = archived_at;
    c.created_at = c.updated_at = c.stage_changed_at = clock_.Now();
    return Write<Id>([&](Txn& t) { return t.Customers().Insert(c); });
  }

  Id AddProduct(std::string sku) {
    domain::Product p;
    p.name = "Plan " + sku;
    p.sku = std::move(sku);
    p.price_cents = 12'000;
    p.margin_cents = 3'000;
    p.created_at = p.updated_at = clock_.Now();
    return Write<Id>([&](Txn& t) { return t.Products().Insert(p); });
  }

  // An order with the given amount and margin, partly refunded and/or cancelled.
  Id AddOrder(Id customer, Timestamp at, std::int64_t amount, std::int64_t margin, std::int64_t refunded = 0,
              std::int64_t refunded_margin = 0, bool cancelled = false) {
    Order o;
    o.customer_id = customer;
    o.ordered_at = at;
    o.currency = "EUR";
    o.amount_cents = amount;
    o.margin_cents = margin;
    o.refunded_cents = refunded;
    o.refunded_margin_cents = refunded_margin;
    if (cancelled) o.cancelled_at = Timestamp{at.ms + 1};
    o.created_by = actor_.user_id;
    o.created_at = o.updated_at = clock_.Now();
    return Write<Id>([&](Txn& t) { return t.Orders().Insert(o); });
  }

  // ---- subscriptions
  Subscription NewSub(Id customer, Id product, Date renews_on,
                      SubscriptionStatus status = SubscriptionStatus::kActive) {
    Subscription s;
    s.customer_id = customer;
    s.product_id = product;
    s.started_on = core::AddMonths(renews_on, -12);
    s.term_months = 12;
    s.renews_on = renews_on;
    s.price_cents = 12'000;
    s.currency = "EUR";
    s.status = status;
    if (status == SubscriptionStatus::kCancelled) {
      s.cancelled_at = clock_.Now();
      s.cancel_reason = "too expensive";
    }
    s.created_by = actor_.user_id;
    s.created_at = s.updated_at = clock_.Now();
    return s;
  }
  Id AddSub(const Subscription& s) {
    return Write<Id>([&](Txn& t) { return t.Subscriptions().Insert(s); });
  }
  std::optional<Subscription> FindSub(Id id, const CustomerScope& scope = CustomerScope::Everyone(),
                                      bool in_write = false) {
    auto find = [&](Txn& t) { return t.Subscriptions().Find(id, scope); };
    return in_write ? Write<std::optional<Subscription>>(find) : Read<std::optional<Subscription>>(find);
  }
  static std::vector<Id> SubIds(const std::vector<Subscription>& rows) {
    std::vector<Id> ids;
    for (const auto& s : rows) ids.push_back(s.id);
    return ids;
  }
  std::vector<Id> ListSubs(const domain::SubscriptionQuery& q) {
    return SubIds(Read<std::vector<Subscription>>([&](Txn& t) { return t.Subscriptions().List(q); }));
  }
  std::vector<Id> Renewing(Date until, int limit = 100, const CustomerScope& scope = CustomerScope::Everyone()) {
    return SubIds(
        Read<std::vector<Subscription>>([&](Txn& t) { return t.Subscriptions().RenewingBy(scope, until, limit); }));
  }

  // ---- win-back
  domain::MarginHistory History(Id customer) {
    return Read<domain::MarginHistory>([&](Txn& t) { return t.WinBack().History(customer); });
  }
  std::vector<WinBackOffer> Offers(Id customer) {
    return Read<std::vector<WinBackOffer>>([&](Txn& t) { return t.WinBack().Offers(customer); });
  }
  Id AddOffer(Id customer, std::int64_t cost, std::string description = "a free month") {
    WinBackOffer o;
    o.customer_id = customer;
    o.at = clock_.Now();
    o.description = std::move(description);
    o.cost_cents = cost;
    Do([&](Txn& t) { return t.WinBack().Append(o); });
    return o.id;
  }

  // ---- referrals
  Referral NewReferral(Id referrer, Id referred) {
    Referral r;
    r.referrer_id = referrer;
    r.referred_id = referred;
    r.referred_at = clock_.Now();
    r.created_at = clock_.Now();
    return r;
  }
  Id AddReferral(Id referrer, Id referred) {
    const Referral r = NewReferral(referrer, referred);
    return Write<Id>([&](Txn& t) { return t.Referrals().Insert(r); });
  }
  // Inserts and returns the failure (or success) as a Status.
  core::Status TryReferral(const Referral& r) {
    return db_->Write([&](Txn& t) -> core::Status {
      auto id = t.Referrals().Insert(r);
      if (!id) return core::Fail(id.error());
      return {};
    });
  }
  std::optional<Referral> OfReferred(Id referred) {
    return Read<std::optional<Referral>>([&](Txn& t) { return t.Referrals().OfReferred(referred); });
  }
  std::vector<Id> ListReferrals(const domain::ReferralQuery& q) {
    std::vector<Id> ids;
    for (const auto& r : Read<std::vector<Referral>>([&](Txn& t) { return t.Referrals().List(q); }))
      ids.push_back(r.id);
    return ids;
  }
  // "referrer:brought:margin" per row.
  std::vector<std::string> Board(const CustomerScope& scope, LeaderboardOrder order, int limit = 100) {
    std::vector<std::string> out;
    for (const auto& row : Read<std::vector<LeaderboardRow>>(
             [&](Txn& t) { return t.Referrals().Leaderboard(scope, order, limit); }))
      out.push_back(std::to_string(row.referrer_id) + ":" + std::to_string(row.customers_brought) + ":" +
                    std::to_string(row.margin_cents));
    return out;
  }
  static std::string BoardRow(Id referrer, int brought, std::int64_t margin) {
    return std::to_string(referrer) + ":" + std::to_string(brought) + ":" + std::to_string(margin);
  }

  // ---- appreciation
  AppreciationEvent NewEvent(std::string name, std::optional<std::int64_t> capacity = std::nullopt) {
    AppreciationEvent e;
    e.name = std::move(name);
    e.starts_at = At(60);
    e.place = "Rooftop";
    e.capacity = capacity;
    e.created_by = actor_.user_id;
    e.created_at = e.updated_at = clock_.Now();
    return e;
  }
  Id AddEvent(const AppreciationEvent& e) {
    return Write<Id>([&](Txn& t) { return t.Appreciation().InsertEvent(e); });
  }
  std::optional<AppreciationEvent> FindEvent(Id id, bool in_write = false) {
    auto find = [&](Txn& t) { return t.Appreciation().FindEvent(id); };
    return in_write ? Write<std::optional<AppreciationEvent>>(find) : Read<std::optional<AppreciationEvent>>(find);
  }
  Invitation NewInvitation(Id event, Id customer, Timestamp at) {
    Invitation v;
    v.event_id = event;
    v.customer_id = customer;
    v.invited_at = v.updated_at = at;
    v.invited_by = actor_.user_id;
    return v;
  }
  bool Invite(const Invitation& v) {
    return Write<bool>([&](Txn& t) { return t.Appreciation().Invite(v); });
  }
  bool Invite(Id event, Id customer, Timestamp at) { return Invite(NewInvitation(event, customer, at)); }
  std::optional<Invitation> FindInvitation(Id event, Id customer) {
    return Read<std::optional<Invitation>>([&](Txn& t) { return t.Appreciation().FindInvitation(event, customer); });
  }
  // "invited/accepted/declined/pending/attended"
  std::string Counts(Id event) {
    const auto c = Read<InvitationCounts>([&](Txn& t) { return t.Appreciation().Counts(event); });
    return std::to_string(c.invited) + "/" + std::to_string(c.accepted) + "/" + std::to_string(c.declined) + "/" +
           std::to_string(c.pending) + "/" + std::to_string(c.attended);
  }
  std::vector<Id> InvitedCustomers(Id event, const CustomerScope& scope, Id after, int limit) {
    std::vector<Id> ids;
    for (const auto& v : Read<std::vector<Invitation>>(
             [&](Txn& t) { return t.Appreciation().Invitations(event, scope, after, limit); }))
      ids.push_back(v.customer_id);
    return ids;
  }
  std::vector<TargetRow> Targets(const domain::TargetQuery& q) {
    return Read<std::vector<TargetRow>>([&](Txn& t) { return t.Appreciation().Targets(q); });
  }
  // "customer:value:orders" per row.
  std::vector<std::string> TargetSummary(const domain::TargetQuery& q) {
    std::vector<std::string> out;
    for (const auto& r : Targets(q))
      out.push_back(std::to_string(r.customer_id) + ":" + std::to_string(r.value_cents) + ":" +
                    std::to_string(r.orders));
    return out;
  }
  static std::string TargetLine(Id customer, std::int64_t value, int orders) {
    return std::to_string(customer) + ":" + std::to_string(value) + ":" + std::to_string(orders);
  }

  const Timestamp t0_{1'790'000'000'000};
  Id a1_ = 0, a2_ = 0, b_ = 0, solo_ = 0;
};

// ---- subscriptions ------------------------------------------------------------------------------

TEST_P(StoreRelationshipTest, SubscriptionRoundTripsEveryFieldAndUpdatesOnlyItsMutableFields) {
  const Id customer = InsertCustomer("Acme", actor_.user_id);
  const Id product = AddProduct("PLAN-1");
  Subscription s = NewSub(customer, product, D("2027-01-31"));
  s.started_on = D("2026-01-31");
  s.term_months = 1;
  s.renewals = 11;
  s.auto_renew = true;
  s.price_cents = 1'990;
  s.created_at = Timestamp{1'790'000'000'111};
  s.updated_at = Timestamp{1'790'000'000'222};
  const Id id = AddSub(s);
  const Id other = AddSub(NewSub(customer, product, D("2026-12-01")));
  ASSERT_GT(id, 0);
  ASSERT_GT(other, id);

  auto found = FindSub(id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->customer_id, customer);
  EXPECT_EQ(found->product_id, product);
  EXPECT_EQ(core::FormatDate(found->started_on), "2026-01-31");
  EXPECT_EQ(found->term_months, 1);
  EXPECT_EQ(found->renewals, 11);
  EXPECT_EQ(core::FormatDate(found->renews_on), "2027-01-31");
  EXPECT_TRUE(found->auto_renew);
  EXPECT_EQ(found->price_cents, 1'990);
  EXPECT_EQ(found->currency, "EUR");
  EXPECT_EQ(found->status, SubscriptionStatus::kActive);
  EXPECT_FALSE(found->cancelled_at);
  EXPECT_FALSE(found->cancel_reason);
  EXPECT_EQ(found->created_by, actor_.user_id);
  EXPECT_EQ(found->created_at.ms, 1'790'000'000'111);
  EXPECT_EQ(found->updated_at.ms, 1'790'000'000'222);
  EXPECT_EQ(found->version, 1);
  EXPECT_FALSE(FindSub(other + 100));
  EXPECT_FALSE(FindSub(other + 100, CustomerScope::Everyone(), /*in_write=*/true));

  // Renewed, then cancelled: Update writes renewals, renews_on, status, the cancellation,
  // updated_at and version, and nothing else.
  Subscription changed = *found;
  changed.renewals = 12;
  changed.renews_on = D("2027-02-28");
  changed.status = SubscriptionStatus::kCancelled;
  changed.cancelled_at = Timestamp{1'790'000'500'000};
  changed.cancel_reason = "zu teuer – moved to a competitor";
  changed.updated_at = Timestamp{1'790'000'500'000};
  changed.version = 2;
  changed.price_cents = 1;        // not updatable
  changed.auto_renew = false;     // not updatable
  changed.term_months = 6;        // not updatable
  changed.started_on = D("2020-01-01");
  Do([&](Txn& t) { return t.Subscriptions().Update(changed); });
  found = FindSub(id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->renewals, 12);
  EXPECT_EQ(core::FormatDate(found->renews_on), "2027-02-28");
  EXPECT_EQ(found->status, SubscriptionStatus::kCancelled);
  EXPECT_EQ(found->cancelled_at, Timestamp{1'790'000'500'000});
  EXPECT_EQ(found->cancel_reason, "zu teuer – moved to a competitor");
  EXPECT_EQ(found->updated_at.ms, 1'790'000'500'000);
  EXPECT_EQ(found->version, 2);
  EXPECT_EQ(found->price_cents, 1'990);
  EXPECT_TRUE(found->auto_renew);
  EXPECT_EQ(found->term_months, 1);
  EXPECT_EQ(core::FormatDate(found->started_on), "2026-01-31");
  EXPECT_EQ(found->created_at.ms, 1'790'000'000'111);

  // The cancellation can be cleared again (absent values stay absent).
  changed = *found;
  changed.status = SubscriptionStatus::kActive;
  changed.cancelled_at.reset();
  changed.cancel_reason.reset();
  changed.version = 3;
  Do([&](Txn& t) { return t.Subscriptions().Update(changed); });
  found = FindSub(id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status, SubscriptionStatus::kActive);
  EXPECT_FALSE(found->cancelled_at);
  EXPECT_FALSE(found->cancel_reason);
  EXPECT_EQ(found->version, 3);

  auto untouched = FindSub(other);
  ASSERT_TRUE(untouched);
  EXPECT_EQ(untouched->renewals, 0) << "only the row with the id changed";
  EXPECT_EQ(core::FormatDate(untouched->renews_on), "2026-12-01");
  EXPECT_EQ(untouched->version, 1);
}

TEST_P(StoreRelationshipTest, SubscriptionFindRespectsTheCustomerScope) {
  MakeTeam();
  const Id product = AddProduct("PLAN-1");
  const Id north = AddSub(NewSub(InsertCustomer("North Co", a1_), product, D("2026-06-01")));
  const Id south = AddSub(NewSub(InsertCustomer("South Co", b_), product, D("2026-06-01")));
  for (bool in_write : {false, true}) {
    SCOPED_TRACE(in_write ? "in a write" : "in a read");
    EXPECT_TRUE(FindSub(north, Scope(a1_, "north"), in_write)) << "the owner";
    EXPECT_TRUE(FindSub(north, Scope(a2_, "north"), in_write)) << "a teammate";
    EXPECT_TRUE(FindSub(north, Scope(a1_), in_write)) << "the owner without a team";
    EXPECT_FALSE(FindSub(north, Scope(a2_), in_write)) << "a teammate without the team";
    EXPECT_FALSE(FindSub(north, Scope(b_, "south"), in_write)) << "another team";
    EXPECT_FALSE(FindSub(north, Scope(solo_), in_write)) << "a rep without a team";
    EXPECT_FALSE(FindSub(south, Scope(a1_, "north"), in_write));
    EXPECT_TRUE(FindSub(south, Scope(b_, "south"), in_write));
    EXPECT_TRUE(FindSub(south, CustomerScope::Everyone(), in_write));
  }
}

TEST_P(StoreRelationshipTest, SubscriptionEventsAppendAndReadOldestFirst) {
  const Id customer = InsertCustomer("Acme", actor_.user_id);
  const Id product = AddProduct("PLAN-1");
  const Id s1 = AddSub(NewSub(customer, product, D("2026-03-01")));
  const Id s2 = AddSub(NewSub(customer, product, D("2026-04-01")));

  SubscriptionEvent started;
  started.subscription_id = s1;
  started.kind = SubscriptionEventKind::kStarted;
  started.at = At(0);
  started.to_date = D("2026-03-01");
  started.by = actor_.user_id;
  Do([&](Txn& t) { return t.Subscriptions().AppendEvent(started); });
  SubscriptionEvent other;
  other.subscription_id = s2;
  other.kind = SubscriptionEventKind::kStarted;
  other.at = At(0);
  Do([&](Txn& t) { return t.Subscriptions().AppendEvent(other); });
  SubscriptionEvent renewed;
  renewed.subscription_id = s1;
  renewed.kind = SubscriptionEventKind::kRenewed;
  renewed.at = At(1);
  renewed.from_date = D("2026-03-01");
  renewed.to_date = D("2027-03-01");
  renewed.order_id = 4711;
  Do([&](Txn& t) { return t.Subscriptions().AppendEvent(renewed); });
  SubscriptionEvent cancelled;
  cancelled.subscription_id = s1;
  cancelled.kind = SubscriptionEventKind::kCancelled;
  cancelled.at = At(2);
  cancelled.reason = "budget cut";
  cancelled.by = actor_.user_id;
  Do([&](Txn& t) { return t.Subscriptions().AppendEvent(cancelled); });
  ASSERT_GT(started.id, 0);
  ASSERT_LT(started.id, other.id);
  ASSERT_LT(other.id, renewed.id);
  ASSERT_LT(renewed.id, cancelled.id);

  auto events = Read<std::vector<SubscriptionEvent>>([&](Txn& t) { return t.Subscriptions().Events(s1); });
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].id, started.id);
  EXPECT_EQ(events[0].subscription_id, s1);
  EXPECT_EQ(events[0].kind, SubscriptionEventKind::kStarted);
  EXPECT_EQ(events[0].at, At(0));
  EXPECT_FALSE(events[0].from_date);
  ASSERT_TRUE(events[0].to_date);
  EXPECT_EQ(core::FormatDate(*events[0].to_date), "2026-03-01");
  EXPECT_FALSE(events[0].order_id);
  EXPECT_FALSE(events[0].reason);
  EXPECT_EQ(events[0].by, actor_.user_id);

  EXPECT_EQ(events[1].id, renewed.id);
  EXPECT_EQ(events[1].kind, SubscriptionEventKind::kRenewed);
  EXPECT_EQ(events[1].at, At(1));
  ASSERT_TRUE(events[1].from_date);
  ASSERT_TRUE(events[1].to_date);
  EXPECT_EQ(core::FormatDate(*events[1].from_date), "2026-03-01");
  EXPECT_EQ(core::FormatDate(*events[1].to_date), "2027-03-01");
  EXPECT_EQ(events[1].order_id, 4711);
  EXPECT_FALSE(events[1].reason);
  EXPECT_FALSE(events[1].by) << "no user (a system action)";

  EXPECT_EQ(events[2].id, cancelled.id);
  EXPECT_EQ(events[2].kind, SubscriptionEventKind::kCancelled);
  EXPECT_EQ(events[2].at, At(2));
  EXPECT_FALSE(events[2].from_date);
  EXPECT_FALSE(events[2].to_date);
  EXPECT_FALSE(events[2].order_id);
  EXPECT_EQ(events[2].reason, "budget cut");

  auto of_s2 = Read<std::vector<SubscriptionEvent>>([&](Txn& t) { return t.Subscriptions().Events(s2); });
  ASSERT_EQ(of_s2.size(), 1u);
  EXPECT_EQ(of_s2[0].id, other.id);
  EXPECT_TRUE(Read<std::vector<SubscriptionEvent>>([&](Txn& t) { return t.Subscriptions().Events(s2 + 100); })
                  .empty());
}

TEST_P(StoreRelationshipTest, SubscriptionListFiltersAndPagesNewestFirst) {
  MakeTeam();
  const Id product = AddProduct("PLAN-1");
  const Id north = InsertCustomer("North Co", a1_);
  const Id north2 = InsertCustomer("North Two", a2_);
  const Id south = InsertCustomer("South Co", b_);
  const Id s1 = AddSub(NewSub(north, product, D("2026-03-01")));
  const Id s2 = AddSub(NewSub(south, product, D("2026-02-01")));
  const Id s3 = AddSub(NewSub(north2, product, D("2026-04-01"), SubscriptionStatus::kCancelled));
  const Id s4 = AddSub(NewSub(north, product, D("2026-02-15")));
  const Id s5 = AddSub(NewSub(south, product, D("2026-01-10"), SubscriptionStatus::kCancelled));

  domain::SubscriptionQuery q;
  EXPECT_EQ(ListSubs(q), (std::vector<Id>{s5, s4, s3, s2, s1}));
  q.customer_id = north;
  EXPECT_EQ(ListSubs(q), (std::vector<Id>{s4, s1}));
  q.customer_id.reset();
  q.status = SubscriptionStatus::kActive;
  EXPECT_EQ(ListSubs(q), (std::vector<Id>{s4, s2, s1}));
  q.status = SubscriptionStatus::kCancelled;
  EXPECT_EQ(ListSubs(q), (std::vector<Id>{s5, s3}));
  q.status.reset();

  q.renews_before = D("2026-03-01");
  EXPECT_EQ(ListSubs(q), (std::vector<Id>{s5, s4, s2})) << "renews_on < the date: the date itself is out";
  q.renews_before = D("2026-03-02");
  EXPECT_EQ(ListSubs(q), (std::vector<Id>{s5, s4, s2, s1}));
  q.renews_before = D("2026-01-10");
  EXPECT_TRUE(ListSubs(q).empty());
  q.renews_before = D("2026-03-01");
  q.status = SubscriptionStatus::kActive;
  EXPECT_EQ(ListSubs(q), (std::vector<Id>{s4, s2})) << "filters combine";
  q.customer_id = north;
  EXPECT_EQ(ListSubs(q), (std::vector<Id>{s4}));

  // The scope applies to the subscription's customer.
  domain::SubscriptionQuery scoped;
  scoped.scope = Scope(a1_, "north");
  EXPECT_EQ(ListSubs(scoped), (std::vector<Id>{s4, s3, s1}));
  scoped.scope = Scope(a1_);
  EXPECT_EQ(ListSubs(scoped), (std::vector<Id>{s4, s1}));
  scoped.scope = Scope(b_, "south");
  EXPECT_EQ(ListSubs(scoped), (std::vector<Id>{s5, s2}));
  scoped.scope = Scope(solo_);
  EXPECT_TRUE(ListSubs(scoped).empty());
  scoped.scope = Scope(b_, "south");
  scoped.customer_id = north;
  EXPECT_TRUE(ListSubs(scoped).empty()) << "a filter cannot reach outside the scope";

  // Pages: limit + 1 rows, then before the last id shown.
  domain::SubscriptionQuery page;
  page.limit = 2;
  EXPECT_EQ(ListSubs(page), (std::vector<Id>{s5, s4, s3}));
  page.before_id = s4;
  EXPECT_EQ(ListSubs(page), (std::vector<Id>{s3, s2, s1}));
  page.before_id = s2;
  EXPECT_EQ(ListSubs(page), (std::vector<Id>{s1}));
  page.before_id = s1;
  EXPECT_TRUE(ListSubs(page).empty());
  page.before_id = s4;
  page.customer_id = north;
  page.limit = 1;
  EXPECT_EQ(ListSubs(page), (std::vector<Id>{s1}));
  page.before_id = s5;
  page.customer_id.reset();
  page.status = SubscriptionStatus::kActive;
  page.limit = 1;
  EXPECT_EQ(ListSubs(page), (std::vector<Id>{s4, s2}));
}

TEST_P(StoreRelationshipTest, RenewingByIncludesTheLastDayAndOrdersByDateThenId) {
  MakeTeam();
  const Id product = AddProduct("PLAN-1");
  const Id north = InsertCustomer("North Co", a1_);
  const Id north2 = InsertCustomer("North Two", a2_);
  const Id south = InsertCustomer("South Co", b_);
  const Id r1 = AddSub(NewSub(north, product, D("2026-03-10")));
  const Id r2 = AddSub(NewSub(south, product, D("2026-03-01")));
  AddSub(NewSub(north, product, D("2026-02-20"), SubscriptionStatus::kCancelled));  // never listed
  Subscription past = NewSub(north2, product, D("2026-01-15"));
  past.auto_renew = true;
  const Id r4 = AddSub(past);  // already due: still listed (missed or overdue)
  const Id r5 = AddSub(NewSub(north, product, D("2026-03-01")));  // same day as r2, later id
  const Id r6 = AddSub(NewSub(south, product, D("2026-03-11")));

  EXPECT_EQ(Renewing(D("2026-03-10")), (std::vector<Id>{r4, r2, r5, r1})) << "until is inclusive";
  EXPECT_EQ(Renewing(D("2026-03-09")), (std::vector<Id>{r4, r2, r5}));
  EXPECT_EQ(Renewing(D("2026-03-01")), (std::vector<Id>{r4, r2, r5}));
  EXPECT_EQ(Renewing(D("2026-02-28")), (std::vector<Id>{r4}));
  EXPECT_EQ(Renewing(D("2026-01-15")), (std::vector<Id>{r4}));
  EXPECT_TRUE(Renewing(D("2026-01-14")).empty());
  EXPECT_EQ(Renewing(D("2026-03-11")), (std::vector<Id>{r4, r2, r5, r1, r6}));
  EXPECT_EQ(Renewing(D("2027-01-01")), (std::vector<Id>{r4, r2, r5, r1, r6}));

  // At most `limit`, not limit + 1.
  EXPECT_EQ(Renewing(D("2026-03-11"), 2), (std::vector<Id>{r4, r2}));
  EXPECT_EQ(Renewing(D("2026-03-11"), 5), (std::vector<Id>{r4, r2, r5, r1, r6}));

  EXPECT_EQ(Renewing(D("2026-03-11"), 100, Scope(a1_, "north")), (std::vector<Id>{r4, r5, r1}));
  EXPECT_EQ(Renewing(D("2026-03-11"), 100, Scope(a1_)), (std::vector<Id>{r5, r1}));
  EXPECT_EQ(Renewing(D("2026-03-11"), 100, Scope(b_, "south")), (std::vector<Id>{r2, r6}));
  EXPECT_TRUE(Renewing(D("2026-03-11"), 100, Scope(solo_)).empty());

  // Cancelling takes a row out; renewing moves it past the window.
  Subscription s = *FindSub(r4);
  s.status = SubscriptionStatus::kCancelled;
  s.cancelled_at = At(1);
  s.cancel_reason = "gone";
  s.version = 2;
  Do([&](Txn& t) { return t.Subscriptions().Update(s); });
  s = *FindSub(r2);
  s.renewals = 1;
  s.renews_on = D("2027-03-01");
  s.version = 2;
  Do([&](Txn& t) { return t.Subscriptions().Update(s); });
  EXPECT_EQ(Renewing(D("2026-03-10")), (std::vector<Id>{r5, r1}));
  EXPECT_EQ(Renewing(D("2027-03-01")), (std::vector<Id>{r5, r1, r6, r2}));
}

TEST_P(StoreRelationshipTest, SubscriptionFindInAWriteSerialisesConcurrentRenewals) {
  // Eight writers renew the same subscription at once, each reading it through Find: on
  // PostgreSQL the row is locked for update, so no renewal is lost.
  const Id customer = InsertCustomer("Acme", actor_.user_id);
  const Id product = AddProduct("PLAN-1");
  Subscription s = NewSub(customer, product, D("2026-01-31"));
  s.started_on = D("2026-01-31");
  s.term_months = 1;
  s.renews_on = domain::RenewalDate(s.started_on, 1, 0);
  const Id id = AddSub(s);
  constexpr int kThreads = 8;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      Do([&](Txn& t) -> core::Status {
        auto found = t.Subscriptions().Find(id, CustomerScope::Everyone());
        if (!found) return core::Fail(found.error());
        if (!*found) return core::Fail(core::Error::NotFound("gone"));
        Subscription x = **found;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // widen the race window
        SubscriptionEvent ev;
        ev.subscription_id = id;
        ev.kind = SubscriptionEventKind::kRenewed;
        ev.at = At(i);
        ev.from_date = x.renews_on;
        ++x.renewals;
        x.renews_on = domain::RenewalDate(x.started_on, x.term_months, x.renewals);
        ++x.version;
        ev.to_date = x.renews_on;
        if (auto st = t.Subscriptions().Update(x); !st) return st;
        return t.Subscriptions().AppendEvent(ev);
      });
    });
  for (auto& th : threads) th.join();
  auto found = FindSub(id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->renewals, kThreads);
  EXPECT_EQ(found->version, 1 + kThreads);
  EXPECT_EQ(core::FormatDate(found->renews_on), "2026-10-31") << "Jan 31 + 9 months";
  auto events = Read<std::vector<SubscriptionEvent>>([&](Txn& t) { return t.Subscriptions().Events(id); });
  ASSERT_EQ(events.size(), static_cast<std::size_t>(kThreads));
  for (std::size_t i = 1; i < events.size(); ++i)
    EXPECT_EQ(events[i].from_date, events[i - 1].to_date) << "each renewal starts where the previous ended";
}

// ---- win-back -----------------------------------------------------------------------------------

TEST_P(StoreRelationshipTest, WinBackHistoryIsNetOfRefundsAndLeavesOutCancelledOrders) {
  const Id c = InsertCustomer("Acme", actor_.user_id);
  const Id other = InsertCustomer("Other", actor_.user_id);
  const Id none = InsertCustomer("Never ordered", actor_.user_id);
  const Id only_cancelled = InsertCustomer("Only cancelled", actor_.user_id);

  AddOrder(c, At(5), 9'000, 3'000, 9'000, 3'000, /*cancelled=*/true);  // earliest, but cancelled
  const Id placed = AddOrder(c, At(10), 10'000, 4'000);
  AddOrder(c, At(20), 5'000, 2'000, 1'000, 500);     // partly refunded: 1500
  AddOrder(c, At(30), 2'000, 800, 2'000, 800);       // refunded in full, not cancelled: 0, still an order
  AddOrder(c, At(40), 1'000, -300);                  // sold at a loss
  AddOrder(other, At(1), 99'000, 9'999);
  AddOrder(only_cancelled, At(1), 1'000, 400, 1'000, 400, /*cancelled=*/true);

  auto h = History(c);
  EXPECT_EQ(h.net_margin_cents, 4'000 + 1'500 + 0 - 300);
  EXPECT_EQ(h.orders, 4);
  EXPECT_EQ(h.first_order_at, At(10)) << "the first non-cancelled order";
  h = History(other);
  EXPECT_EQ(h.net_margin_cents, 9'999);
  EXPECT_EQ(h.orders, 1);
  EXPECT_EQ(h.first_order_at, At(1));
  for (Id empty : {none, only_cancelled, other + none + only_cancelled + c}) {
    h = History(empty);
    EXPECT_EQ(h.net_margin_cents, 0) << empty;
    EXPECT_EQ(h.orders, 0) << empty;
    EXPECT_FALSE(h.first_order_at) << empty;
  }

  // Cancelling an order later takes it (and its date) out.
  Order o = *Read<std::optional<Order>>([&](Txn& t) { return t.Orders().Find(placed, CustomerScope::Everyone()); });
  o.cancelled_at = At(50);
  o.refunded_cents = o.amount_cents;
  o.refunded_margin_cents = o.margin_cents;
  o.version = 2;
  Do([&](Txn& t) { return t.Orders().UpdateTotals(o); });
  h = History(c);
  EXPECT_EQ(h.net_margin_cents, 1'500 + 0 - 300);
  EXPECT_EQ(h.orders, 3);
  EXPECT_EQ(h.first_order_at, At(20));

  // The figures feed the cap: 1200 over 20 days counts as a year.
  EXPECT_EQ(domain::YearlyMargin(h.net_margin_cents, domain::WholeDaysBetween(*h.first_order_at, At(40))), 1'200);
}

TEST_P(StoreRelationshipTest, WinBackHistoryOverTwoYearsGivesHalfTheMarginAYear) {
  const Id c = InsertCustomer("Acme", actor_.user_id);
  AddOrder(c, At(0), 100'000, 40'000);
  AddOrder(c, At(400), 50'000, 30'000, 10'000, 5'000);
  const auto h = History(c);
  ASSERT_EQ(h.net_margin_cents, 65'000);
  ASSERT_TRUE(h.first_order_at);
  const std::int64_t days = domain::WholeDaysBetween(*h.first_order_at, Timestamp{At(730).ms + kDay - 1});
  EXPECT_EQ(days, 730);
  EXPECT_EQ(domain::YearlyMargin(h.net_margin_cents, days), 32'500);
}

TEST_P(StoreRelationshipTest, WinBackOffersAppendAndReadOldestFirst) {
  const Id c = InsertCustomer("Acme", actor_.user_id);
  const Id other = InsertCustomer("Other", actor_.user_id);
  WinBackOffer first;
  first.customer_id = c;
  first.at = At(1);
  first.by = actor_.user_id;
  first.description = "Drei Monate gratis ☕";
  first.cost_cents = 3'000;
  first.cap_at_offer_cents = 32'500;
  Do([&](Txn& t) { return t.WinBack().Append(first); });
  const Id elsewhere = AddOffer(other, 10);
  WinBackOffer second;
  second.customer_id = c;
  second.at = At(2);
  second.description = "A call from the CEO";
  second.cost_cents = 0;
  second.cap_at_offer_cents = 29'500;
  Do([&](Txn& t) { return t.WinBack().Append(second); });
  ASSERT_GT(first.id, 0);
  ASSERT_LT(first.id, elsewhere);
  ASSERT_LT(elsewhere, second.id);

  const auto offers = Offers(c);
  ASSERT_EQ(offers.size(), 2u);
  EXPECT_EQ(offers[0].id, first.id);
  EXPECT_EQ(offers[0].customer_id, c);
  EXPECT_EQ(offers[0].at, At(1));
  EXPECT_EQ(offers[0].by, actor_.user_id);
  EXPECT_EQ(offers[0].description, "Drei Monate gratis ☕");
  EXPECT_EQ(offers[0].cost_cents, 3'000);
  EXPECT_EQ(offers[0].cap_at_offer_cents, 32'500);
  EXPECT_EQ(offers[1].id, second.id);
  EXPECT_EQ(offers[1].at, At(2));
  EXPECT_FALSE(offers[1].by) << "no user (the command line)";
  EXPECT_EQ(offers[1].description, "A call from the CEO");
  EXPECT_EQ(offers[1].cost_cents, 0);
  EXPECT_EQ(offers[1].cap_at_offer_cents, 29'500);
  ASSERT_EQ(Offers(other).size(), 1u);
  EXPECT_EQ(Offers(other)[0].id, elsewhere);
  EXPECT_TRUE(Offers(other + c + 1).empty());

  // A negative cost is refused by the schema and leaves nothing.
  WinBackOffer negative = first;
  negative.cost_cents = -1;
  auto st = db_->Write([&](Txn& t) { return t.WinBack().Append(negative); });
  EXPECT_FALSE(st);
  EXPECT_EQ(Offers(c).size(), 2u);
}

TEST_P(StoreRelationshipTest, WinBackLockSerialisesOffersToOneCustomer) {
  // Eight writers each offer 300 against a budget of 1000 at once, checking what was spent after
  // Lock: exactly three fit, on every backend.
  const Id c = InsertCustomer("Acme", actor_.user_id);
  const Id other = InsertCustomer("Other", actor_.user_id);
  Do([&](Txn& t) { return t.WinBack().Lock(other + c + 1); });  // an unknown customer locks nothing
  Do([&](Txn& t) { return t.WinBack().Lock(other); });
  constexpr int kThreads = 8;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      Do([&](Txn& t) -> core::Status {
        if (auto st = t.WinBack().Lock(c); !st) return st;
        auto offers = t.WinBack().Offers(c);
        if (!offers) return core::Fail(offers.error());
        std::int64_t spent = 0;
        for (const auto& o : *offers) spent += o.cost_cents;
        const std::int64_t cap = domain::WinBackCap(1'000, spent);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // widen the race window
        if (300 > cap) return {};
        WinBackOffer o;
        o.customer_id = c;
        o.at = At(i);
        o.description = "offer " + std::to_string(i);
        o.cost_cents = 300;
        o.cap_at_offer_cents = cap;
        return t.WinBack().Append(o);
      });
    });
  for (auto& th : threads) th.join();
  const auto offers = Offers(c);
  ASSERT_EQ(offers.size(), 3u);
  EXPECT_EQ(offers[0].cap_at_offer_cents, 1'000);
  EXPECT_EQ(offers[1].cap_at_offer_cents, 700);
  EXPECT_EQ(offers[2].cap_at_offer_cents, 400);
}

// ---- referrals ----------------------------------------------------------------------------------

TEST_P(StoreRelationshipTest, ReferralRoundTripsWithBothNamesAndIsFoundByTheReferred) {
  MakeTeam();
  const Id referrer = InsertCustomer("Ada Referrer", a1_);
  const Id referred = InsertCustomer("Bob Referred", b_);
  const Id bare_referred = InsertCustomer("Cy", a1_);
  Referral r;
  r.referrer_id = referrer;
  r.referred_id = referred;
  r.referred_at = At(-3);
  r.channel = "Messe München";
  r.note = "met at the booth";
  r.created_by = actor_.user_id;
  r.created_at = At(0);
  const Id id = Write<Id>([&](Txn& t) { return t.Referrals().Insert(r); });
  const Id bare = AddReferral(referrer, bare_referred);
  ASSERT_GT(id, 0);
  ASSERT_GT(bare, id);

  auto found = OfReferred(referred);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->referrer_id, referrer);
  EXPECT_EQ(found->referred_id, referred);
  EXPECT_EQ(found->referred_at, At(-3));
  EXPECT_EQ(found->channel, "Messe München");
  EXPECT_EQ(found->note, "met at the booth");
  EXPECT_EQ(found->created_by, actor_.user_id);
  EXPECT_EQ(found->created_at, At(0));
  EXPECT_EQ(found->referrer_name, "Ada Referrer");
  EXPECT_EQ(found->referred_name, "Bob Referred");

  found = OfReferred(bare_referred);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, bare);
  EXPECT_FALSE(found->channel);
  EXPECT_FALSE(found->note);
  EXPECT_FALSE(found->created_by);
  EXPECT_EQ(found->referred_name, "Cy");

  EXPECT_FALSE(OfReferred(referrer)) << "the referrer was not referred";
  EXPECT_FALSE(OfReferred(referrer + referred + bare_referred));
  // In a write too (the service checks it there before inserting).
  EXPECT_EQ(Write<std::optional<Referral>>([&](Txn& t) { return t.Referrals().OfReferred(referred); })->id, id);
}

TEST_P(StoreRelationshipTest, ASecondReferralOfTheSameCustomerIsAConflictAndLeavesNothing) {
  const Id ada = InsertCustomer("Ada", actor_.user_id);
  const Id bob = InsertCustomer("Bob", actor_.user_id);
  const Id cy = InsertCustomer("Cy", actor_.user_id);
  const Id first = AddReferral(ada, bob);

  for (Id referrer : {ada, cy}) {
    Referral again = NewReferral(referrer, bob);
    again.note = "second try";
    auto st = TryReferral(again);
    ASSERT_FALSE(st) << referrer;
    EXPECT_EQ(st.error().code, core::ErrorCode::kConflict) << st.error().message;
    EXPECT_EQ(st.error().message, "customer " + core::FormatId(bob) + " was referred already");
  }
  // In a write with other work: nothing of it remains.
  auto st = db_->Write([&](Txn& t) -> core::Status {
    WinBackOffer o;
    o.customer_id = bob;
    o.at = At(0);
    o.description = "ghost";
    if (auto r = t.WinBack().Append(o); !r) return r;
    auto id = t.Referrals().Insert(NewReferral(cy, bob));
    if (!id) return core::Fail(id.error());
    return {};
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, core::ErrorCode::kConflict);
  EXPECT_TRUE(Offers(bob).empty());

  auto found = OfReferred(bob);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, first);
  EXPECT_EQ(found->referrer_id, ada);
  EXPECT_FALSE(found->note);
  EXPECT_EQ(ListReferrals(domain::ReferralQuery{}), (std::vector<Id>{first}));

  // The same referrer may bring others; the referred may refer others.
  const Id second = AddReferral(ada, cy);
  EXPECT_GT(second, first);
  const Id dan = InsertCustomer("Dan", actor_.user_id);
  EXPECT_GT(AddReferral(bob, dan), second);

  // Referring oneself is refused by the schema (a failure, and nothing stored).
  const Id eve = InsertCustomer("Eve", actor_.user_id);
  EXPECT_FALSE(TryReferral(NewReferral(eve, eve)));
  EXPECT_FALSE(OfReferred(eve));
}

TEST_P(StoreRelationshipTest, ReferralListNeedsBothCustomersVisibleFiltersAndPages) {
  MakeTeam();
  const Id a = InsertCustomer("A", a1_);
  const Id b = InsertCustomer("B", a1_);
  const Id c = InsertCustomer("C", b_);
  const Id d = InsertCustomer("D", a2_);
  const Id e = InsertCustomer("E", b_);
  const Id f = InsertCustomer("F", a1_);
  const Id r1 = AddReferral(a, b);
  const Id r2 = AddReferral(a, c);
  const Id r3 = AddReferral(d, f);
  const Id r4 = AddReferral(c, e);
  const Id r5 = AddReferral(b, d);

  domain::ReferralQuery q;
  EXPECT_EQ(ListReferrals(q), (std::vector<Id>{r5, r4, r3, r2, r1}));
  const auto rows = Read<std::vector<Referral>>([&](Txn& t) { return t.Referrals().List(q); });
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[3].referrer_name, "A");
  EXPECT_EQ(rows[3].referred_name, "C");
  q.referrer_id = a;
  EXPECT_EQ(ListReferrals(q), (std::vector<Id>{r2, r1}));
  q.referred_id = c;
  EXPECT_EQ(ListReferrals(q), (std::vector<Id>{r2}));
  q.referrer_id.reset();
  q.referred_id = d;
  EXPECT_EQ(ListReferrals(q), (std::vector<Id>{r5}));
  q.referred_id = a;
  EXPECT_TRUE(ListReferrals(q).empty());

  domain::ReferralQuery scoped;
  scoped.scope = Scope(a1_, "north");  // sees A, B, D, F
  EXPECT_EQ(ListReferrals(scoped), (std::vector<Id>{r5, r3, r1}));
  scoped.scope = Scope(a1_);  // A, B, F
  EXPECT_EQ(ListReferrals(scoped), (std::vector<Id>{r1}));
  scoped.scope = Scope(b_, "south");  // C, E
  EXPECT_EQ(ListReferrals(scoped), (std::vector<Id>{r4}));
  scoped.scope = Scope(solo_);
  EXPECT_TRUE(ListReferrals(scoped).empty());
  scoped.scope = Scope(a1_, "north");
  scoped.referrer_id = a;
  EXPECT_EQ(ListReferrals(scoped), (std::vector<Id>{r1})) << "A referred C, whom north cannot see";

  domain::ReferralQuery page;
  page.limit = 2;
  EXPECT_EQ(ListReferrals(page), (std::vector<Id>{r5, r4, r3}));
  page.before_id = r4;
  EXPECT_EQ(ListReferrals(page), (std::vector<Id>{r3, r2, r1}));
  page.before_id = r2;
  EXPECT_EQ(ListReferrals(page), (std::vector<Id>{r1}));
  page.before_id = r1;
  EXPECT_TRUE(ListReferrals(page).empty());
  page.before_id = 0;
  page.referrer_id = a;
  page.limit = 1;
  EXPECT_EQ(ListReferrals(page), (std::vector<Id>{r2, r1}));
  page.before_id = r2;
  EXPECT_EQ(ListReferrals(page), (std::vector<Id>{r1}));
}

TEST_P(StoreRelationshipTest, LeaderboardRanksReferrersByCustomersAndNetMargin) {
  MakeTeam();
  // Created first: the lowest id, so the ties below are not settled by id alone.
  const Id r4 = InsertCustomer("R4", a2_);
  const Id w1 = InsertCustomer("W1", a2_);
  const Id r1 = InsertCustomer("R1", a1_);
  const Id x1 = InsertCustomer("X1", a1_);
  const Id x2 = InsertCustomer("X2", b_);
  const Id r2 = InsertCustomer("R2", b_);
  const Id y1 = InsertCustomer("Y1", b_);
  const Id r3 = InsertCustomer("R3", a1_);
  const Id z1 = InsertCustomer("Z1", a1_);
  const Id z2 = InsertCustomer("Z2", a2_);
  const Id nobody = InsertCustomer("Referred nobody", a1_);
  AddReferral(r1, x1);
  AddReferral(r1, x2);
  AddReferral(r2, y1);
  AddReferral(r3, z1);
  AddReferral(r3, z2);
  AddReferral(r4, w1);

  AddOrder(x1, At(1), 5'000, 1'000);                                 // 1000
  AddOrder(x1, At(2), 2'500, 500, 2'500, 500, /*cancelled=*/true);   // cancelled: 0
  AddOrder(x2, At(3), 8'000, 2'000, 6'000, 1'500);                   // refunded in part: 500
  AddOrder(y1, At(4), 20'000, 4'000);                                // 4000
  AddOrder(y1, At(5), 5'000, 1'000, 5'000, 1'000);                   // refunded in full: 0
  AddOrder(z2, At(6), 6'000, 1'500);                                 // 1500 (z1 has no orders)
  AddOrder(w1, At(7), 9'000, 1'000);                                 // 1000 + 500
  AddOrder(w1, At(8), 3'000, 500);
  AddOrder(r1, At(9), 100'000, 50'000);  // the referrer's own orders do not count
  AddOrder(nobody, At(9), 100'000, 50'000);

  // R1: 2 customers, 1500; R3: 2, 1500; R2: 1, 4000; R4: 1, 1500.
  EXPECT_EQ(Board(CustomerScope::Everyone(), LeaderboardOrder::kCustomers),
            (std::vector<std::string>{BoardRow(r1, 2, 1'500), BoardRow(r3, 2, 1'500), BoardRow(r2, 1, 4'000),
                                      BoardRow(r4, 1, 1'500)}))
      << "ties on customers go to the margin (R2 before R4), then to the referrer id";
  EXPECT_EQ(Board(CustomerScope::Everyone(), LeaderboardOrder::kMargin),
            (std::vector<std::string>{BoardRow(r2, 1, 4'000), BoardRow(r1, 2, 1'500), BoardRow(r3, 2, 1'500),
                                      BoardRow(r4, 1, 1'500)}))
      << "ties on margin go to the customers (R4 last despite the lowest id), then to the referrer id";
  EXPECT_EQ(Board(CustomerScope::Everyone(), LeaderboardOrder::kCustomers, 2),
            (std::vector<std::string>{BoardRow(r1, 2, 1'500), BoardRow(r3, 2, 1'500)}));
  EXPECT_EQ(Board(CustomerScope::Everyone(), LeaderboardOrder::kMargin, 1),
            (std::vector<std::string>{BoardRow(r2, 1, 4'000)}));

  const auto rows = Read<std::vector<LeaderboardRow>>(
      [&](Txn& t) { return t.Referrals().Leaderboard(CustomerScope::Everyone(), LeaderboardOrder::kMargin, 10); });
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].referrer_name, "R2");
  EXPECT_EQ(rows[3].referrer_name, "R4");

  // Only referrals whose both customers are in scope count.
  EXPECT_EQ(Board(Scope(a1_, "north"), LeaderboardOrder::kCustomers),
            (std::vector<std::string>{BoardRow(r3, 2, 1'500), BoardRow(r4, 1, 1'500), BoardRow(r1, 1, 1'000)}))
      << "X2 (south) is out of R1's count";
  EXPECT_EQ(Board(Scope(a1_, "north"), LeaderboardOrder::kMargin),
            (std::vector<std::string>{BoardRow(r3, 2, 1'500), BoardRow(r4, 1, 1'500), BoardRow(r1, 1, 1'000)}));
  EXPECT_EQ(Board(Scope(a1_), LeaderboardOrder::kMargin),
            (std::vector<std::string>{BoardRow(r1, 1, 1'000), BoardRow(r3, 1, 0)}));
  EXPECT_EQ(Board(Scope(b_, "south"), LeaderboardOrder::kCustomers),
            (std::vector<std::string>{BoardRow(r2, 1, 4'000)}))
      << "R1 is north's: its referral of X2 is out";
  EXPECT_TRUE(Board(Scope(solo_), LeaderboardOrder::kCustomers).empty());

  // Cancelling an order later takes its margin out.
  const Id y1_order = Read<std::vector<Order>>([&](Txn& t) { return t.Orders().OfCustomer(y1); })[0].id;
  Order o = *Read<std::optional<Order>>([&](Txn& t) { return t.Orders().Find(y1_order, CustomerScope::Everyone()); });
  o.cancelled_at = At(10);
  o.refunded_cents = o.amount_cents;
  o.refunded_margin_cents = o.margin_cents;
  o.version = 2;
  Do([&](Txn& t) { return t.Orders().UpdateTotals(o); });
  EXPECT_EQ(Board(CustomerScope::Everyone(), LeaderboardOrder::kMargin),
            (std::vector<std::string>{BoardRow(r1, 2, 1'500), BoardRow(r3, 2, 1'500), BoardRow(r4, 1, 1'500),
                                      BoardRow(r2, 1, 0)}));
}

// ---- appreciation events ------------------------------------------------------------------------

TEST_P(StoreRelationshipTest, EventRoundTripsEveryFieldAndUpdates) {
  AppreciationEvent e = NewEvent("Sommerfest ☀", 50);
  e.created_at = Timestamp{1'790'000'000'111};
  e.updated_at = Timestamp{1'790'000'000'222};
  const Id id = AddEvent(e);
  AppreciationEvent online = NewEvent("Webinar");
  online.place.reset();
  online.online = true;
  online.created_by.reset();
  const Id online_id = AddEvent(online);
  ASSERT_GT(id, 0);
  ASSERT_GT(online_id, id);

  for (bool in_write : {false, true}) {
    SCOPED_TRACE(in_write ? "in a write" : "in a read");
    auto found = FindEvent(id, in_write);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, id);
    EXPECT_EQ(found->name, "Sommerfest ☀");
    EXPECT_EQ(found->starts_at, At(60));
    EXPECT_EQ(found->place, "Rooftop");
    EXPECT_FALSE(found->online);
    EXPECT_EQ(found->capacity, 50);
    EXPECT_EQ(found->created_by, actor_.user_id);
    EXPECT_EQ(found->created_at.ms, 1'790'000'000'111);
    EXPECT_EQ(found->updated_at.ms, 1'790'000'000'222);
    EXPECT_EQ(found->version, 1);
    found = FindEvent(online_id, in_write);
    ASSERT_TRUE(found);
    EXPECT_FALSE(found->place);
    EXPECT_TRUE(found->online);
    EXPECT_FALSE(found->capacity);
    EXPECT_FALSE(found->created_by);
    EXPECT_FALSE(FindEvent(online_id + 100, in_write));
  }

  AppreciationEvent changed = *FindEvent(id);
  changed.name = "Herbstfest";
  changed.starts_at = At(90);
  changed.place.reset();
  changed.online = true;
  changed.capacity.reset();
  changed.updated_at = Timestamp{1'790'000'900'000};
  changed.version = 2;
  changed.created_by = 4711;                    // not updatable
  changed.created_at = Timestamp{1};            // not updatable
  Do([&](Txn& t) { return t.Appreciation().UpdateEvent(changed); });
  auto found = FindEvent(id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->name, "Herbstfest");
  EXPECT_EQ(found->starts_at, At(90));
  EXPECT_FALSE(found->place);
  EXPECT_TRUE(found->online);
  EXPECT_FALSE(found->capacity);
  EXPECT_EQ(found->updated_at.ms, 1'790'000'900'000);
  EXPECT_EQ(found->version, 2);
  EXPECT_EQ(found->created_by, actor_.user_id);
  EXPECT_EQ(found->created_at.ms, 1'790'000'000'111);

  changed = *found;
  changed.place = "Hall 3";
  changed.capacity = 7;
  changed.online = false;
  changed.version = 3;
  Do([&](Txn& t) { return t.Appreciation().UpdateEvent(changed); });
  found = FindEvent(id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->place, "Hall 3");
  EXPECT_EQ(found->capacity, 7);
  EXPECT_FALSE(found->online);
  EXPECT_EQ(FindEvent(online_id)->name, "Webinar") << "only the row with the id changed";
  EXPECT_EQ(FindEvent(online_id)->version, 1);

  // The schema refuses a capacity below 1.
  changed.capacity = 0;
  auto st = db_->Write([&](Txn& t) { return t.Appreciation().UpdateEvent(changed); });
  EXPECT_FALSE(st);
  EXPECT_EQ(FindEvent(id)->capacity, 7);
}

TEST_P(StoreRelationshipTest, EventListPagesNewestFirst) {
  std::vector<Id> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(AddEvent(NewEvent("Event " + std::to_string(i))));
  auto list = [&](Id before, int limit) {
    std::vector<Id> out;
    domain::EventQuery q;
    q.before_id = before;
    q.limit = limit;
    for (const auto& e : Read<std::vector<AppreciationEvent>>([&](Txn& t) { return t.Appreciation().ListEvents(q); }))
      out.push_back(e.id);
    return out;
  };
  EXPECT_EQ(list(0, 50), (std::vector<Id>{ids[4], ids[3], ids[2], ids[1], ids[0]}));
  EXPECT_EQ(list(0, 2), (std::vector<Id>{ids[4], ids[3], ids[2]})) << "limit + 1 rows";
  EXPECT_EQ(list(ids[3], 2), (std::vector<Id>{ids[2], ids[1], ids[0]}));
  EXPECT_EQ(list(ids[1], 2), (std::vector<Id>{ids[0]}));
  EXPECT_TRUE(list(ids[0], 2).empty());
  const auto rows = Read<std::vector<AppreciationEvent>>(
      [&](Txn& t) { return t.Appreciation().ListEvents(domain::EventQuery{}); });
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].name, "Event 4");
  EXPECT_EQ(rows[0].place, "Rooftop");
}

TEST_P(StoreRelationshipTest, InvitationsOncePerEventAndCustomerWithResponsesAndCounts) {
  MakeTeam();
  const Id event = AddEvent(NewEvent("Gala", 2));
  const Id other_event = AddEvent(NewEvent("Picnic"));
  const Id c1 = InsertCustomer("C1", a1_);
  const Id c2 = InsertCustomer("C2", b_);
  const Id c3 = InsertCustomer("C3", a2_);
  const Id c4 = InsertCustomer("C4", a1_);

  EXPECT_EQ(Counts(event), "0/0/0/0/0") << "no invitations: zeros, not an error";
  EXPECT_TRUE(Invite(event, c1, At(0)));
  // Invited again (even with other values): false, and nothing changes.
  Invitation again = NewInvitation(event, c1, At(5));
  again.response = InvitationResponse::kAccepted;
  again.responded_at = At(5);
  again.attended = true;
  again.invited_by.reset();
  EXPECT_FALSE(Invite(again));
  EXPECT_TRUE(Invite(event, c2, At(1)));
  EXPECT_TRUE(Invite(event, c3, At(1)));
  EXPECT_TRUE(Invite(other_event, c1, At(2))) << "the same customer at another event";
  EXPECT_FALSE(Invite(other_event, c1, At(3)));
  Invitation answered = NewInvitation(event, c4, At(2));  // stored as given
  answered.response = InvitationResponse::kDeclined;
  answered.responded_at = At(3);
  answered.attended = false;
  answered.updated_at = At(3);
  EXPECT_TRUE(Invite(answered));

  auto v = FindInvitation(event, c1);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->event_id, event);
  EXPECT_EQ(v->customer_id, c1);
  EXPECT_EQ(v->invited_at, At(0)) << "the first invitation stands";
  EXPECT_EQ(v->invited_by, actor_.user_id);
  EXPECT_EQ(v->response, InvitationResponse::kPending);
  EXPECT_FALSE(v->responded_at);
  EXPECT_FALSE(v->attended);
  EXPECT_EQ(v->updated_at, At(0));
  EXPECT_EQ(v->customer_name, "C1");
  EXPECT_EQ(v->event_name, "Gala");
  EXPECT_EQ(v->event_starts_at, At(60));
  v = FindInvitation(event, c4);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->response, InvitationResponse::kDeclined);
  EXPECT_EQ(v->responded_at, At(3));
  EXPECT_EQ(v->attended, false);
  EXPECT_EQ(v->updated_at, At(3));
  EXPECT_FALSE(FindInvitation(other_event, c2));
  EXPECT_FALSE(FindInvitation(event + other_event, c1));
  EXPECT_EQ(Counts(event), "4/0/1/3/0");
  EXPECT_EQ(Counts(other_event), "1/0/0/1/0");

  auto update = [&](Id customer, InvitationResponse response, std::optional<bool> attended, Timestamp at) {
    auto found = FindInvitation(event, customer);
    ASSERT_TRUE(found);
    Invitation x = *found;
    if (x.response != response) x.responded_at = at;
    x.response = response;
    x.attended = attended;
    x.updated_at = at;
    x.invited_at = At(99);       // not updatable
    x.invited_by = 4711;         // not updatable
    Do([&](Txn& t) { return t.Appreciation().UpdateInvitation(x); });
  };
  update(c1, InvitationResponse::kAccepted, std::nullopt, At(10));
  EXPECT_EQ(Counts(event), "4/1/1/2/0");
  update(c2, InvitationResponse::kAccepted, true, At(11));
  EXPECT_EQ(Counts(event), "4/2/1/1/1");
  update(c1, InvitationResponse::kAccepted, false, At(12));
  EXPECT_EQ(Counts(event), "4/2/1/1/1") << "attended false is not attended";
  update(c3, InvitationResponse::kDeclined, std::nullopt, At(13));
  EXPECT_EQ(Counts(event), "4/2/2/0/1");
  update(c2, InvitationResponse::kAccepted, std::nullopt, At(14));
  EXPECT_EQ(Counts(event), "4/2/2/0/0") << "attendance back to not recorded";
  update(c4, InvitationResponse::kPending, std::nullopt, At(15));
  EXPECT_EQ(Counts(event), "4/2/1/1/0");
  EXPECT_EQ(Counts(other_event), "1/0/0/1/0") << "the other event's invitation is untouched";

  v = FindInvitation(event, c1);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->response, InvitationResponse::kAccepted);
  EXPECT_EQ(v->responded_at, At(10));
  EXPECT_EQ(v->attended, false);
  EXPECT_EQ(v->updated_at, At(12));
  EXPECT_EQ(v->invited_at, At(0));
  EXPECT_EQ(v->invited_by, actor_.user_id);
  v = FindInvitation(event, c2);
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->attended);
  EXPECT_EQ(v->responded_at, At(11));
  v = FindInvitation(event, c4);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->response, InvitationResponse::kPending);
  EXPECT_EQ(v->responded_at, At(15));
  v = FindInvitation(other_event, c1);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->response, InvitationResponse::kPending);
  EXPECT_EQ(v->updated_at, At(2));

  // Updating an invitation that does not exist changes nothing and creates nothing.
  Invitation ghost = NewInvitation(other_event, c2, At(20));
  ghost.response = InvitationResponse::kAccepted;
  Do([&](Txn& t) { return t.Appreciation().UpdateInvitation(ghost); });
  EXPECT_FALSE(FindInvitation(other_event, c2));
  EXPECT_EQ(Counts(other_event), "1/0/0/1/0");
}

TEST_P(StoreRelationshipTest, InvitationsOfAnEventByCustomerWithinTheScope) {
  MakeTeam();
  const Id event = AddEvent(NewEvent("Gala"));
  const Id other_event = AddEvent(NewEvent("Picnic"));
  const Id c1 = InsertCustomer("C1", a1_);
  const Id c2 = InsertCustomer("C2", b_);
  const Id c3 = InsertCustomer("C3", a2_);
  const Id c4 = InsertCustomer("C4", a1_);
  // Invited out of id order: the list goes by customer id.
  Invite(event, c4, At(0));
  Invite(event, c2, At(1));
  Invite(event, c1, At(2));
  Invite(event, c3, At(3));
  Invite(other_event, c2, At(4));

  const auto all = CustomerScope::Everyone();
  EXPECT_EQ(InvitedCustomers(event, all, 0, 10), (std::vector<Id>{c1, c2, c3, c4}));
  EXPECT_EQ(InvitedCustomers(event, all, 0, 2), (std::vector<Id>{c1, c2})) << "at most limit";
  EXPECT_EQ(InvitedCustomers(event, all, c2, 2), (std::vector<Id>{c3, c4}));
  EXPECT_EQ(InvitedCustomers(event, all, c4, 2), std::vector<Id>{});
  EXPECT_EQ(InvitedCustomers(other_event, all, 0, 10), (std::vector<Id>{c2}));
  EXPECT_TRUE(InvitedCustomers(event + other_event, all, 0, 10).empty());

  EXPECT_EQ(InvitedCustomers(event, Scope(a1_, "north"), 0, 10), (std::vector<Id>{c1, c3, c4}));
  EXPECT_EQ(InvitedCustomers(event, Scope(a1_, "north"), c1, 1), (std::vector<Id>{c3}));
  EXPECT_EQ(InvitedCustomers(event, Scope(a1_), 0, 10), (std::vector<Id>{c1, c4}));
  EXPECT_EQ(InvitedCustomers(event, Scope(b_, "south"), 0, 10), (std::vector<Id>{c2}));
  EXPECT_TRUE(InvitedCustomers(event, Scope(solo_), 0, 10).empty());
  // The counts are over every invitation, whoever may see the customers.
  EXPECT_EQ(Counts(event), "4/0/0/4/0");

  const auto rows = Read<std::vector<Invitation>>(
      [&](Txn& t) { return t.Appreciation().Invitations(event, all, c3, 10); });
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].customer_id, c4);
  EXPECT_EQ(rows[0].invited_at, At(0));
  EXPECT_EQ(rows[0].customer_name, "C4");
  EXPECT_EQ(rows[0].event_name, "Gala");
}

TEST_P(StoreRelationshipTest, InvitationsOfACustomerNewestFirst) {
  const Id c = InsertCustomer("Acme", actor_.user_id);
  const Id other = InsertCustomer("Other", actor_.user_id);
  const Id e1 = AddEvent(NewEvent("First"));
  const Id e2 = AddEvent(NewEvent("Second"));
  const Id e3 = AddEvent(NewEvent("Third"));
  const Id e4 = AddEvent(NewEvent("Fourth"));
  Invite(e3, c, At(0));
  Invite(e1, c, At(5));
  Invite(e2, c, At(5));  // same time as e1: the higher event id first
  Invite(e4, other, At(9));

  auto of = [&](Id customer) {
    std::vector<Id> events;
    for (const auto& v : Read<std::vector<Invitation>>([&](Txn& t) { return t.Appreciation().OfCustomer(customer); }))
      events.push_back(v.event_id);
    return events;
  };
  EXPECT_EQ(of(c), (std::vector<Id>{e2, e1, e3}));
  EXPECT_EQ(of(other), (std::vector<Id>{e4}));
  EXPECT_TRUE(of(c + other + 1).empty());
  const auto rows = Read<std::vector<Invitation>>([&](Txn& t) { return t.Appreciation().OfCustomer(c); });
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].event_name, "Second");
  EXPECT_EQ(rows[0].customer_name, "Acme");
  EXPECT_EQ(rows[2].invited_at, At(0));
}

TEST_P(StoreRelationshipTest, TargetsRankByLifetimeNetRevenueLeavingOutTheInvited) {
  MakeTeam();
  const Timestamp since = At(100);
  const Id event = AddEvent(NewEvent("Gala"));
  const Id old_event = AddEvent(NewEvent("Last year's gala"));

  const Id big = AddCustomer("Big", a1_, Stage::kRomance);
  AddOrder(big, At(1), 10'000, 1'000);
  AddOrder(big, At(2), 5'000, 1'000, 2'000, 400);                       // net 3000
  AddOrder(big, At(3), 50'000, 9'000, 50'000, 9'000, /*cancelled=*/true);  // out
  const Id mid = AddCustomer("Mid", a2_);
  AddOrder(mid, At(1), 8'000, 100);
  Invite(old_event, mid, Timestamp{since.ms - 1});  // just before since: still a target
  const Id tie1 = AddCustomer("Tie 1", a1_);
  AddOrder(tie1, At(1), 6'000, 100);
  const Id tie2 = AddCustomer("Tie 2", a1_);
  AddOrder(tie2, At(1), 4'000, 100);
  AddOrder(tie2, At(2), 2'000, 100);
  const Id at_since = AddCustomer("Invited at since", a1_);
  AddOrder(at_since, At(1), 20'000, 100);
  Invite(event, at_since, since);  // exactly at since: left out
  const Id after = AddCustomer("Invited after", a1_);
  AddOrder(after, At(1), 30'000, 100);
  Invite(old_event, after, At(10));
  Invite(event, after, At(105));
  const Id refunded = AddCustomer("Refunded all", a1_);
  AddOrder(refunded, At(1), 7'000, 100, 7'000, 100);  // net 0: no value
  const Id cancelled = AddCustomer("Only cancelled", a1_);
  AddOrder(cancelled, At(1), 7'000, 100, 7'000, 100, /*cancelled=*/true);
  AddCustomer("No orders", a1_);
  const Id archived = AddCustomer("Archived", a1_, Stage::kContact, At(50));
  AddOrder(archived, At(1), 40'000, 100);
  const Id south = AddCustomer("South", b_, Stage::kRomance);
  AddOrder(south, At(1), 9'000, 100);

  domain::TargetQuery q;
  q.not_invited_since = since;
  EXPECT_EQ(TargetSummary(q),
            (std::vector<std::string>{TargetLine(big, 13'000, 2), TargetLine(south, 9'000, 1),
                                      TargetLine(mid, 8'000, 1), TargetLine(tie1, 6'000, 1),
                                      TargetLine(tie2, 6'000, 2)}));
  const auto rows = Targets(q);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].name, "Big");
  EXPECT_EQ(rows[0].stage, Stage::kRomance);
  EXPECT_EQ(rows[0].owner_id, a1_);
  EXPECT_FALSE(rows[0].last_invited_at);
  EXPECT_EQ(rows[2].name, "Mid");
  EXPECT_EQ(rows[2].owner_id, a2_);
  EXPECT_EQ(rows[2].last_invited_at, Timestamp{since.ms - 1});

  q.limit = 2;
  EXPECT_EQ(TargetSummary(q), (std::vector<std::string>{TargetLine(big, 13'000, 2), TargetLine(south, 9'000, 1)}));
  q.limit = 50;
  q.stage = Stage::kRomance;
  EXPECT_EQ(TargetSummary(q), (std::vector<std::string>{TargetLine(big, 13'000, 2), TargetLine(south, 9'000, 1)}));
  q.stage = Stage::kChurned;
  EXPECT_TRUE(TargetSummary(q).empty());
  q.stage.reset();

  q.scope = Scope(a1_, "north");
  EXPECT_EQ(TargetSummary(q), (std::vector<std::string>{TargetLine(big, 13'000, 2), TargetLine(mid, 8'000, 1),
                                                        TargetLine(tie1, 6'000, 1), TargetLine(tie2, 6'000, 2)}));
  q.scope = Scope(a1_);
  EXPECT_EQ(TargetSummary(q), (std::vector<std::string>{TargetLine(big, 13'000, 2), TargetLine(tie1, 6'000, 1),
                                                        TargetLine(tie2, 6'000, 2)}));
  q.scope = Scope(b_, "south");
  q.stage = Stage::kRomance;
  EXPECT_EQ(TargetSummary(q), (std::vector<std::string>{TargetLine(south, 9'000, 1)}));
  q.scope = Scope(solo_);
  q.stage.reset();
  EXPECT_TRUE(TargetSummary(q).empty());
  q.scope = CustomerScope::Everyone();

  // Moving since: one millisecond earlier leaves Mid out, one later lets "Invited at since" in.
  q.not_invited_since = Timestamp{since.ms - 1};
  EXPECT_EQ(TargetSummary(q), (std::vector<std::string>{TargetLine(big, 13'000, 2), TargetLine(south, 9'000, 1),
                                                        TargetLine(tie1, 6'000, 1), TargetLine(tie2, 6'000, 2)}));
  q.not_invited_since = Timestamp{since.ms + 1};
  auto later = Targets(q);
  ASSERT_EQ(later.size(), 6u);
  EXPECT_EQ(later[0].customer_id, at_since);
  EXPECT_EQ(later[0].value_cents, 20'000);
  EXPECT_EQ(later[0].last_invited_at, since);
  q.not_invited_since = Timestamp{At(105).ms + 1};
  later = Targets(q);
  ASSERT_EQ(later.size(), 7u);
  EXPECT_EQ(later[0].customer_id, after);
  EXPECT_EQ(later[0].value_cents, 30'000);
  EXPECT_EQ(later[0].last_invited_at, At(105)) << "the latest of its invitations";
}

TEST_P(StoreRelationshipTest, FindEventInAWriteSerialisesConcurrentChanges) {
  // Eight writers bump the same event's version at once, each reading it through FindEvent: on
  // PostgreSQL the row is locked for update, so no change is lost.
  const Id id = AddEvent(NewEvent("Gala", 10));
  constexpr int kThreads = 8;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&] {
      Do([&](Txn& t) -> core::Status {
        auto found = t.Appreciation().FindEvent(id);
        if (!found) return core::Fail(found.error());
        if (!*found) return core::Fail(core::Error::NotFound("gone"));
        AppreciationEvent e = **found;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // widen the race window
        ++e.version;
        *e.capacity += 1;
        return t.Appreciation().UpdateEvent(e);
      });
    });
  for (auto& th : threads) th.join();
  auto found = FindEvent(id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->version, 1 + kThreads);
  EXPECT_EQ(found->capacity, 10 + kThreads);
}

// ---- transactions -------------------------------------------------------------------------------

TEST_P(StoreRelationshipTest, AFailedWriteLeavesNoRelationshipRows) {
  const Id c = InsertCustomer("Acme", actor_.user_id);
  const Id d = InsertCustomer("Dora", actor_.user_id);
  const Id product = AddProduct("PLAN-1");
  const Id sub = AddSub(NewSub(c, product, D("2026-03-01")));
  const Id event = AddEvent(NewEvent("Gala"));
  Invite(event, c, At(0));

  auto st = db_->Write([&](Txn& t) -> core::Status {
    auto s = t.Subscriptions().Find(sub, CustomerScope::Everyone());
    if (!s || !*s) return core::Fail(core::Error::Internal("no subscription"));
    Subscription x = **s;
    x.renewals = 1;
    x.renews_on = D("2027-03-01");
    x.version = 2;
    if (auto r = t.Subscriptions().Update(x); !r) return r;
    SubscriptionEvent ev;
    ev.subscription_id = sub;
    ev.kind = SubscriptionEventKind::kRenewed;
    ev.at = At(1);
    if (auto r = t.Subscriptions().AppendEvent(ev); !r) return r;
    if (auto id = t.Subscriptions().Insert(NewSub(d, product, D("2026-05-01"))); !id) return core::Fail(id.error());
    WinBackOffer o;
    o.customer_id = c;
    o.at = At(1);
    o.description = "ghost";
    o.cost_cents = 100;
    if (auto r = t.WinBack().Append(o); !r) return r;
    if (auto id = t.Referrals().Insert(NewReferral(c, d)); !id) return core::Fail(id.error());
    auto e = t.Appreciation().InsertEvent(NewEvent("Ghost event"));
    if (!e) return core::Fail(e.error());
    if (auto r = t.Appreciation().Invite(NewInvitation(*e, d, At(1))); !r) return core::Fail(r.error());
    if (auto r = t.Appreciation().Invite(NewInvitation(event, d, At(1))); !r) return core::Fail(r.error());
    Invitation v = NewInvitation(event, c, At(1));
    v.response = InvitationResponse::kAccepted;
    v.responded_at = At(1);
    if (auto r = t.Appreciation().UpdateInvitation(v); !r) return r;
    AppreciationEvent changed = NewEvent("Renamed");
    changed.id = event;
    changed.version = 2;
    if (auto r = t.Appreciation().UpdateEvent(changed); !r) return r;
    return core::Fail(core::Error::Conflict("changed my mind"));
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message, "changed my mind");

  auto s = FindSub(sub);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->renewals, 0);
  EXPECT_EQ(core::FormatDate(s->renews_on), "2026-03-01");
  EXPECT_EQ(s->version, 1);
  EXPECT_TRUE(Read<std::vector<SubscriptionEvent>>([&](Txn& t) { return t.Subscriptions().Events(sub); }).empty());
  EXPECT_EQ(ListSubs(domain::SubscriptionQuery{}), (std::vector<Id>{sub}));
  EXPECT_TRUE(Offers(c).empty());
  EXPECT_FALSE(OfReferred(d));
  EXPECT_TRUE(ListReferrals(domain::ReferralQuery{}).empty());
  const auto events = Read<std::vector<AppreciationEvent>>(
      [&](Txn& t) { return t.Appreciation().ListEvents(domain::EventQuery{}); });
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].id, event);
  EXPECT_EQ(events[0].name, "Gala");
  EXPECT_EQ(events[0].version, 1);
  EXPECT_EQ(Counts(event), "1/0/0/1/0");
  EXPECT_FALSE(FindInvitation(event, d));
  EXPECT_TRUE(Read<std::vector<Invitation>>([&](Txn& t) { return t.Appreciation().OfCustomer(d); }).empty());

  // The referral and the invitation can now be made for real.
  EXPECT_GT(AddReferral(c, d), 0);
  EXPECT_TRUE(Invite(event, d, At(2)));
}

TEST_P(StoreRelationshipTest, ConcurrentWritesThatFailLeaveNothingAndOthersCommit) {
  // Writes committed together (SQLite's group commit) are each isolated: the failing half leaves
  // no offer, the other half's offers all commit.
  const Id c = InsertCustomer("Acme", actor_.user_id);
  constexpr int kThreads = 8;
  std::vector<std::thread> threads;
  std::vector<int> failed(kThreads, 0);
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      auto st = db_->Write([&](Txn& t) -> core::Status {
        WinBackOffer o;
        o.customer_id = c;
        o.at = At(i);
        o.description = "offer " + std::to_string(i);
        o.cost_cents = i;
        if (auto r = t.WinBack().Append(o); !r) return r;
        if (i % 2) return core::Fail(core::Error::Conflict("odd"));
        return {};
      });
      failed[static_cast<std::size_t>(i)] = st ? 0 : 1;
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failed, (std::vector<int>{0, 1, 0, 1, 0, 1, 0, 1}));
  std::vector<std::int64_t> costs;
  for (const auto& o : Offers(c)) costs.push_back(o.cost_cents);
  std::sort(costs.begin(), costs.end());
  EXPECT_EQ(costs, (std::vector<std::int64_t>{0, 2, 4, 6}));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreRelationshipTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::store
