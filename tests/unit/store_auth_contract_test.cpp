// The storage contract, continued: users, API tokens, sessions, login throttling, password reset
// tickets and the audit log, on every backend (see store_test_fixture.hpp).
#include <gtest/gtest.h>

#include "store_test_fixture.hpp"

namespace rapport::store {
namespace {

using core::Id;
using core::Timestamp;
using domain::Role;

class StoreAuthTest : public testing::StoreFixture {
 protected:
  Timestamp At(std::int64_t offset_ms) const { return Timestamp{clock_.Now().ms + offset_ms}; }
};

// --- users ---

TEST_P(StoreAuthTest, UserUpdateReplacesEveryFieldAndListIsById) {
  const Id a = InsertUser("a@example.com", Role::kRep, "north");
  const Id b = InsertUser("b@example.com", Role::kManager);
  auto user = Read<std::optional<domain::User>>([&](domain::Txn& t) { return t.Users().Find(a); });
  ASSERT_TRUE(user);
  user->email = "Anna.New@Example.com";
  user->name = "Anna New";
  user->role = Role::kManager;
  user->team.reset();
  user->active = false;
  user->password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  user->updated_at = At(5000);
  Do([&](domain::Txn& t) { return t.Users().Update(*user); });

  auto found = Read<std::optional<domain::User>>([&](domain::Txn& t) { return t.Users().Find(a); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->email, "Anna.New@Example.com");
  EXPECT_EQ(found->name, "Anna New");
  EXPECT_EQ(found->role, Role::kManager);
  EXPECT_EQ(found->team, std::nullopt);
  EXPECT_FALSE(found->active);
  EXPECT_EQ(found->password_hash, user->password_hash);
  EXPECT_EQ(found->created_at, clock_.Now());
  EXPECT_EQ(found->updated_at, At(5000));
  // The email key follows the email: found by the new one in any case, not by the old one.
  auto by_new = Read<std::optional<domain::User>>(
      [&](domain::Txn& t) { return t.Users().FindByEmail("anna.new@EXAMPLE.com"); });
  ASSERT_TRUE(by_new);
  EXPECT_EQ(by_new->id, a);
  EXPECT_FALSE(Read<std::optional<domain::User>>(
      [&](domain::Txn& t) { return t.Users().FindByEmail("a@example.com"); }));

  // Taking another user's email (in another case) is a conflict on "email", as for Insert.
  auto other = *Read<std::optional<domain::User>>([&](domain::Txn& t) { return t.Users().Find(b); });
  other.email = "ANNA.NEW@example.COM";
  auto conflict = db_->Write([&](domain::Txn& t) { return t.Users().Update(other); });
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(conflict.error().fields, (std::map<std::string, std::string>{{"email", "already taken"}}));
  domain::User dup;
  dup.email = "anna.new@example.com";
  dup.name = "Dup";
  auto insert_conflict = db_->Write([&](domain::Txn& t) -> core::Status {
    auto r = t.Users().Insert(dup);
    return r ? core::Status{} : core::Fail(r.error());
  });
  ASSERT_FALSE(insert_conflict);
  EXPECT_EQ(insert_conflict.error().fields, conflict.error().fields);

  domain::User ghost = other;
  ghost.id = 999999;
  ghost.email = "ghost@example.com";
  auto missing = db_->Write([&](domain::Txn& t) { return t.Users().Update(ghost); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);

  auto all = Read<std::vector<domain::User>>([&](domain::Txn& t) { return t.Users().List(); });
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, actor_.user_id);
  EXPECT_EQ(all[1].id, a);
  EXPECT_EQ(all[2].id, b);
  EXPECT_EQ(all[2].email, "b@example.com");  // the refused update left it alone
  EXPECT_EQ(all[2].role, Role::kManager);
}

// --- API tokens ---

TEST_P(StoreAuthTest, TokensListNewestFirstAndRevokeOnce) {
  const Id a = InsertUser("a@example.com");
  const Id b = InsertUser("b@example.com");
  auto insert = [&](Id user, std::string name, std::optional<Timestamp> expires = std::nullopt) {
    domain::ApiToken t;
    t.user_id = user;
    t.name = name;
    t.token_hash = "hash-" + name;
    t.created_at = clock_.Now();
    t.expires_at = expires;
    return Write<Id>([&](domain::Txn& txn) { return txn.Tokens().Insert(t); });
  };
  const Id t1 = insert(a, "one", At(86'400'000));
  const Id t2 = insert(b, "two");
  const Id t3 = insert(a, "three");
  const Id t4 = insert(a, "four");

  auto found = Read<std::optional<domain::ApiToken>>([&](domain::Txn& t) { return t.Tokens().Find(t1); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->user_id, a);
  EXPECT_EQ(found->name, "one");
  EXPECT_EQ(found->token_hash, "hash-one");
  EXPECT_EQ(found->created_at, clock_.Now());
  EXPECT_EQ(found->expires_at, At(86'400'000));
  EXPECT_EQ(found->last_used_at, std::nullopt);
  EXPECT_EQ(found->revoked_at, std::nullopt);
  EXPECT_FALSE(Read<std::optional<domain::ApiToken>>([&](domain::Txn& t) { return t.Tokens().Find(999999); }));

  auto ids = [](const std::vector<domain::ApiToken>& v) {
    std::vector<Id> out;
    for (const auto& t : v) out.push_back(t.id);
    return out;
  };
  using Tokens = std::vector<domain::ApiToken>;
  EXPECT_EQ(ids(Read<Tokens>([&](domain::Txn& t) { return t.Tokens().List(a); })),
            (std::vector<Id>{t4, t3, t1}));
  EXPECT_EQ(ids(Read<Tokens>([&](domain::Txn& t) { return t.Tokens().List(std::nullopt); })),
            (std::vector<Id>{t4, t3, t2, t1}));
  EXPECT_TRUE(Read<Tokens>([&](domain::Txn& t) { return t.Tokens().List(999999); }).empty());

  Do([&](domain::Txn& t) { return t.Tokens().Revoke(t3, At(1000)); });
  Do([&](domain::Txn& t) { return t.Tokens().Revoke(t3, At(2000)); });  // no-op: revoked already
  Do([&](domain::Txn& t) { return t.Tokens().Revoke(999999, At(2000)); });  // no-op: no such token
  EXPECT_EQ(Read<std::optional<domain::ApiToken>>([&](domain::Txn& t) { return t.Tokens().Find(t3); })
                ->revoked_at,
            At(1000));
  // Revoked tokens stay listed.
  EXPECT_EQ(Read<Tokens>([&](domain::Txn& t) { return t.Tokens().List(a); }).size(), 3u);

  EXPECT_EQ(Write<int>([&](domain::Txn& t) { return t.Tokens().RevokeAllOf(a, At(3000)); }), 2);
  EXPECT_EQ(Write<int>([&](domain::Txn& t) { return t.Tokens().RevokeAllOf(a, At(4000)); }), 0);
  for (const auto& t : Read<Tokens>([&](domain::Txn& txn) { return txn.Tokens().List(a); }))
    EXPECT_EQ(t.revoked_at, t.id == t3 ? At(1000) : At(3000)) << t.name;
  // Another user's token is untouched, and FindByHash reports revocation.
  auto owner = Read<std::optional<domain::TokenOwner>>(
      [&](domain::Txn& t) { return t.Tokens().FindByHash("hash-two"); });
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->token.revoked_at, std::nullopt);
  EXPECT_EQ(owner->user.id, b);
  owner = Read<std::optional<domain::TokenOwner>>(
      [&](domain::Txn& t) { return t.Tokens().FindByHash("hash-four"); });
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->token.revoked_at, At(3000));
  EXPECT_EQ(owner->user.email, "a@example.com");
}

// --- sessions ---

TEST_P(StoreAuthTest, SessionsInsertFindTouchEndAndExpire) {
  const Id a = InsertUser("a@example.com", Role::kRep, "north");
  const Id b = InsertUser("b@example.com");
  auto insert = [&](Id user, std::string hash, std::int64_t expires_in_ms) {
    domain::Session s;
    s.user_id = user;
    s.token_hash = hash;
    s.csrf_token = "csrf-" + hash;
    s.client_address = "192.0.2.7";
    s.created_at = s.last_seen_at = clock_.Now();
    s.expires_at = At(expires_in_ms);
    return Write<Id>([&](domain::Txn& t) { return t.Sessions().Insert(s); });
  };
  const Id s1 = insert(a, "h1", 3'600'000);
  const Id s2 = insert(a, "h2", 3'600'000);
  const Id s3 = insert(a, "h3", 60'000);
  const Id s4 = insert(b, "h4", 3'600'000);
  EXPECT_NE(s1, s2);

  using Owner = std::optional<domain::SessionOwner>;
  auto find = [&](const char* hash) {
    return Read<Owner>([&](domain::Txn& t) { return t.Sessions().FindByHash(hash); });
  };
  auto o = find("h1");
  ASSERT_TRUE(o);
  EXPECT_EQ(o->session.id, s1);
  EXPECT_EQ(o->session.user_id, a);
  EXPECT_EQ(o->session.token_hash, "h1");
  EXPECT_EQ(o->session.csrf_token, "csrf-h1");
  EXPECT_EQ(o->session.client_address, "192.0.2.7");
  EXPECT_EQ(o->session.created_at, clock_.Now());
  EXPECT_EQ(o->session.last_seen_at, clock_.Now());
  EXPECT_EQ(o->session.expires_at, At(3'600'000));
  EXPECT_EQ(o->session.ended_at, std::nullopt);
  EXPECT_EQ(o->user.id, a);
  EXPECT_EQ(o->user.email, "a@example.com");
  EXPECT_EQ(o->user.team, "north");
  EXPECT_FALSE(find("nope"));

  // The token hash is unique.
  domain::Session dup = o->session;
  auto conflict = db_->Write([&](domain::Txn& t) -> core::Status {
    auto r = t.Sessions().Insert(dup);
    return r ? core::Status{} : core::Fail(r.error());
  });
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, core::ErrorCode::kConflict);

  Do([&](domain::Txn& t) { return t.Sessions().Touch(s1, At(10'000)); });
  EXPECT_EQ(find("h1")->session.last_seen_at, At(10'000));

  Do([&](domain::Txn& t) { return t.Sessions().End(s1, At(20'000)); });
  Do([&](domain::Txn& t) { return t.Sessions().End(s1, At(30'000)); });  // ended already: kept
  EXPECT_EQ(find("h1")->session.ended_at, At(20'000));

  // s2 and s3 are still open; s1 ended; b's s4 is left alone.
  EXPECT_EQ(Write<int>([&](domain::Txn& t) { return t.Sessions().EndAllOf(a, At(40'000)); }), 2);
  EXPECT_EQ(Write<int>([&](domain::Txn& t) { return t.Sessions().EndAllOf(a, At(50'000)); }), 0);
  EXPECT_EQ(find("h1")->session.ended_at, At(20'000));
  EXPECT_EQ(find("h2")->session.ended_at, At(40'000));
  EXPECT_EQ(find("h4")->session.ended_at, std::nullopt);

  // Before 30 s: only s1 ended before then. Before 70 s: s2 (ended at 40 s) and s3 (expired at
  // 60 s) too. s4 is live until an hour from now.
  EXPECT_EQ(Write<int>([&](domain::Txn& t) { return t.Sessions().DeleteExpired(At(30'000)); }), 1);
  EXPECT_FALSE(find("h1"));
  EXPECT_TRUE(find("h2"));
  EXPECT_EQ(Write<int>([&](domain::Txn& t) { return t.Sessions().DeleteExpired(At(70'000)); }), 2);
  EXPECT_FALSE(find("h2"));
  EXPECT_FALSE(find("h3"));
  auto live = find("h4");
  ASSERT_TRUE(live);
  EXPECT_EQ(live->session.id, s4);
  EXPECT_EQ(Write<int>([&](domain::Txn& t) { return t.Sessions().DeleteExpired(At(3'600'000)); }), 0);
  EXPECT_EQ(Write<int>([&](domain::Txn& t) { return t.Sessions().DeleteExpired(At(3'600'001)); }), 1);
  (void)s3;
}

// --- login throttling ---

TEST_P(StoreAuthTest, ThrottleGetPutClear) {
  using Throttle = std::optional<domain::LoginThrottle>;
  auto get = [&](const char* key) {
    return Read<Throttle>([&](domain::Txn& t) { return t.LoginThrottles().Get(key); });
  };
  EXPECT_FALSE(get("account:a@example.com"));
  domain::LoginThrottle t{"account:a@example.com", 1, At(0), At(0)};
  Do([&](domain::Txn& txn) { return txn.LoginThrottles().Put(t); });
  Do([&](domain::Txn& txn) {
    return txn.LoginThrottles().Put({"address:192.0.2.7", 2, At(5), At(6)});
  });
  auto got = get("account:a@example.com");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->key, "account:a@example.com");
  EXPECT_EQ(got->failures, 1);
  EXPECT_EQ(got->window_start, At(0));
  EXPECT_EQ(got->blocked_until, At(0));
  // Put replaces.
  t.failures = 6;
  t.blocked_until = At(64'000);
  Do([&](domain::Txn& txn) { return txn.LoginThrottles().Put(t); });
  got = get("account:a@example.com");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->failures, 6);
  EXPECT_EQ(got->window_start, At(0));
  EXPECT_EQ(got->blocked_until, At(64'000));
  Do([&](domain::Txn& txn) { return txn.LoginThrottles().Clear("account:a@example.com"); });
  Do([&](domain::Txn& txn) { return txn.LoginThrottles().Clear("account:nobody"); });  // no-op
  EXPECT_FALSE(get("account:a@example.com"));
  auto other = get("address:192.0.2.7");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->failures, 2);
  EXPECT_EQ(other->window_start, At(5));
  EXPECT_EQ(other->blocked_until, At(6));
}

TEST_P(StoreAuthTest, ThrottleDeleteStaleKeepsCountersStillInUse) {
  Do([&](domain::Txn& txn) { return txn.LoginThrottles().Put({"account:old", 3, At(0), At(0)}); });
  Do([&](domain::Txn& txn) { return txn.LoginThrottles().Put({"account:locked", 9, At(0), At(500)}); });
  Do([&](domain::Txn& txn) { return txn.LoginThrottles().Put({"account:recent", 1, At(200), At(0)}); });
  EXPECT_EQ(Write<int>([&](domain::Txn& t) { return t.LoginThrottles().DeleteStale(At(100)); }), 1);
  auto get = [&](const char* key) {
    return Read<std::optional<domain::LoginThrottle>>([&](domain::Txn& t) { return t.LoginThrottles().Get(key); });
  };
  EXPECT_FALSE(get("account:old"));
  EXPECT_TRUE(get("account:locked")) << "its lockout has not ended";
  EXPECT_TRUE(get("account:recent"));
}

// --- password reset tickets ---

TEST_P(StoreAuthTest, PasswordResetsInsertFindUseAll) {
  const Id a = InsertUser("a@example.com");
  const Id b = InsertUser("b@example.com");
  auto insert = [&](Id user, std::string hash, std::optional<Id> by) {
    domain::PasswordReset r;
    r.user_id = user;
    r.token_hash = hash;
    r.created_by = by;
    r.created_at = clock_.Now();
    r.expires_at = At(86'400'000);
    return Write<Id>([&](domain::Txn& t) { return t.PasswordResets().Insert(r); });
  };
  const Id r1 = insert(a, "r1", actor_.user_id);
  insert(a, "r2", std::nullopt);
  insert(b, "r3", actor_.user_id);
  using Reset = std::optional<domain::PasswordReset>;
  auto find = [&](const char* hash) {
    return Read<Reset>([&](domain::Txn& t) { return t.PasswordResets().FindByHash(hash); });
  };
  auto got = find("r1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, r1);
  EXPECT_EQ(got->user_id, a);
  EXPECT_EQ(got->token_hash, "r1");
  EXPECT_EQ(got->created_by, actor_.user_id);
  EXPECT_EQ(got->created_at, clock_.Now());
  EXPECT_EQ(got->expires_at, At(86'400'000));
  EXPECT_EQ(got->used_at, std::nullopt);
  EXPECT_EQ(find("r2")->created_by, std::nullopt);
  EXPECT_FALSE(find("nope"));

  Do([&](domain::Txn& t) { return t.PasswordResets().UseAllOf(a, At(1000)); });
  EXPECT_EQ(find("r1")->used_at, At(1000));
  EXPECT_EQ(find("r2")->used_at, At(1000));
  EXPECT_EQ(find("r3")->used_at, std::nullopt);
  insert(a, "r4", actor_.user_id);
  Do([&](domain::Txn& t) { return t.PasswordResets().UseAllOf(a, At(2000)); });
  EXPECT_EQ(find("r1")->used_at, At(1000));  // used once, stays used then
  EXPECT_EQ(find("r4")->used_at, At(2000));
}

// --- audit log ---

class StoreAuditTest : public StoreAuthTest {
 protected:
  domain::AuditEntry Entry(std::string action, std::optional<Id> actor, std::optional<Id> customer,
                           std::vector<domain::FieldChange> changes = {}) {
    domain::AuditEntry e;
    e.at = clock_.Now();
    e.actor_id = actor;
    e.client_address = actor ? "192.0.2.1" : "cli";
    e.action = std::move(action);
    e.entity_type = customer ? "customer" : "user";
    e.entity_id = customer ? customer : actor;
    e.customer_id = customer;
    e.changes = std::move(changes);
    return e;
  }
  void Append(const domain::AuditEntry& e) {
    Do([&](domain::Txn& t) { return t.Audit().Append(e); });
  }
  std::vector<domain::AuditEntry> List(domain::AuditQuery q) {
    return Read<std::vector<domain::AuditEntry>>([&](domain::Txn& t) { return t.Audit().List(q); });
  }
  static std::vector<std::string> Actions(const std::vector<domain::AuditEntry>& v) {
    std::vector<std::string> out;
    for (const auto& e : v) out.push_back(e.action);
    return out;
  }
};

TEST_P(StoreAuditTest, AppendsAndListsNewestFirstWithChangesInFieldOrder) {
  const Id rep = InsertUser("rep@example.com");
  clock_.AdvanceMs(1000);  // after the fixture's own entries (adding its admin)
  auto e = Entry("customer.update", rep, 7,
                 {{"name", "\"Ada\"", "\"Ada L\""},
                  {"custom.b", std::nullopt, "1"},
                  {"address.city", "\"Paris\"", std::nullopt},
                  {"custom.B", "null", "[\"x\"]"},
                  {"tags", "[]", "[\"vip\"]"}});
  e.detail = "some detail";
  Append(e);
  clock_.AdvanceMs(1000);
  Append(Entry("auth.login_failed", std::nullopt, std::nullopt));

  domain::AuditQuery since;
  since.since = e.at;
  auto all = List(since);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].action, "auth.login_failed");
  EXPECT_EQ(all[0].actor_id, std::nullopt);
  EXPECT_EQ(all[0].customer_id, std::nullopt);
  EXPECT_EQ(all[0].entity_id, std::nullopt);
  EXPECT_EQ(all[0].detail, std::nullopt);
  EXPECT_EQ(all[0].client_address, "cli");
  EXPECT_TRUE(all[0].changes.empty());
  EXPECT_GT(all[0].id, all[1].id);
  const auto& got = all[1];
  EXPECT_EQ(got.at, e.at);
  EXPECT_EQ(got.actor_id, rep);
  EXPECT_EQ(got.client_address, "192.0.2.1");
  EXPECT_EQ(got.action, "customer.update");
  EXPECT_EQ(got.entity_type, "customer");
  EXPECT_EQ(got.entity_id, 7);
  EXPECT_EQ(got.customer_id, 7);
  EXPECT_EQ(got.detail, "some detail");
  // Field order is byte order on both backends ("B" before "b").
  EXPECT_EQ(got.changes, (std::vector<domain::FieldChange>{
                             {"address.city", "\"Paris\"", std::nullopt},
                             {"custom.B", "null", "[\"x\"]"},
                             {"custom.b", std::nullopt, "1"},
                             {"name", "\"Ada\"", "\"Ada L\""},
                             {"tags", "[]", "[\"vip\"]"}}));
}

TEST_P(StoreAuditTest, ListFiltersAndPages) {
  const Id r1 = InsertUser("r1@example.com");
  const Id r2 = InsertUser("r2@example.com");
  clock_.AdvanceMs(1000);  // after the fixture's own entries (adding its admin)
  const Timestamp start = clock_.Now();
  // 30 entries: actors alternate, customers 1..3 (every third has none), a second apart.
  for (int i = 0; i < 30; ++i) {
    const std::optional<Id> customer = i % 3 == 2 ? std::nullopt : std::optional<Id>(1 + i % 2);
    Append(Entry("e" + std::to_string(i), i % 2 ? r2 : r1, customer,
                 {{"n", std::nullopt, std::to_string(i)}}));
    clock_.AdvanceMs(1000);
  }
  auto expect = [](auto pred) {
    std::vector<std::string> out;
    for (int i = 29; i >= 0; --i)
      if (pred(i)) out.push_back("e" + std::to_string(i));
    return out;
  };
  domain::AuditQuery q;
  q.limit = 100;
  q.since = start;
  EXPECT_EQ(Actions(List(q)), expect([](int) { return true; }));
  q.since.reset();
  q.customer_id = 1;
  EXPECT_EQ(Actions(List(q)), expect([](int i) { return i % 3 != 2 && i % 2 == 0; }));
  q.actor_id = r1;
  EXPECT_EQ(Actions(List(q)), expect([](int i) { return i % 3 != 2 && i % 2 == 0; }));
  q.actor_id = r2;
  EXPECT_TRUE(List(q).empty());  // customer 1 only ever by r1
  q.customer_id.reset();
  EXPECT_EQ(Actions(List(q)), expect([](int i) { return i % 2 == 1; }));
  q.since = Timestamp{start.ms + 20'000};  // at >= since: e20 onwards
  EXPECT_EQ(Actions(List(q)), expect([](int i) { return i % 2 == 1 && i >= 20; }));
  q.actor_id.reset();
  EXPECT_EQ(Actions(List(q)), expect([](int i) { return i >= 20; }));
  q.since = start;

  // Pages of 4: limit + 1 rows come back; before_id continues below the last one kept.
  q.limit = 4;
  std::vector<std::string> seen;
  int pages = 0;
  for (;; ++pages) {
    auto page = List(q);
    ASSERT_LE(page.size(), 5u);
    const bool more = page.size() > 4;
    if (more) page.resize(4);
    for (const auto& e : page) {
      seen.push_back(e.action);
      ASSERT_EQ(e.changes.size(), 1u);  // each entry has its own change, none of a neighbour's
      EXPECT_EQ("e" + *e.changes[0].after, e.action);
    }
    if (!more) break;
    q.before_id = page.back().id;
  }
  EXPECT_EQ(pages + 1, 8);  // 30 = 7 * 4 + 2
  EXPECT_EQ(seen, expect([](int) { return true; }));
  // A page ending exactly at the last entry says there is no more.
  q.before_id = 0;
  q.limit = 30;
  EXPECT_EQ(List(q).size(), 30u);
  q.limit = 29;
  EXPECT_EQ(List(q).size(), 30u);
}

TEST_P(StoreAuditTest, RedactCustomerReplacesValuesButKeepsAnonymousFields) {
  auto e1 = Entry("customer.create", actor_.user_id, 1,
                  {{"name", std::nullopt, "\"Ada\""},
                   {"email", std::nullopt, "\"ada@example.com\""},
                   {"stage", std::nullopt, "\"contact\""},
                   {"acquisition_cost_cents", std::nullopt, "100"}});
  e1.detail = "imported from ada.csv";
  Append(e1);
  Append(Entry("customer.update", actor_.user_id, 1,
               {{"name", "\"Ada\"", "\"Ada Lovelace\""}, {"phone", "\"+44 1\"", std::nullopt}}));
  auto other = Entry("customer.create", actor_.user_id, 2, {{"name", std::nullopt, "\"Bob\""}});
  other.detail = "keep me";
  Append(other);
  Append(Entry("user.update", actor_.user_id, std::nullopt, {{"name", "\"Owner\"", "\"Boss\""}}));

  constexpr std::string_view keep[] = {"stage", "acquisition_cost_cents"};
  Do([&](domain::Txn& t) { return t.Audit().RedactCustomer(1, keep, "\"[erased]\""); });

  domain::AuditQuery q;
  q.customer_id = 1;
  auto mine = List(q);
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].changes, (std::vector<domain::FieldChange>{
                                 {"name", "\"[erased]\"", "\"[erased]\""},
                                 {"phone", "\"[erased]\"", std::nullopt}}));
  EXPECT_EQ(mine[1].changes, (std::vector<domain::FieldChange>{
                                 {"acquisition_cost_cents", std::nullopt, "100"},
                                 {"email", std::nullopt, "\"[erased]\""},
                                 {"name", std::nullopt, "\"[erased]\""},
                                 {"stage", std::nullopt, "\"contact\""}}));
  EXPECT_EQ(mine[1].detail, std::nullopt);
  EXPECT_EQ(mine[1].action, "customer.create");  // the entry itself stays

  q.customer_id = 2;
  auto theirs = List(q);
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_EQ(theirs[0].changes, other.changes);
  EXPECT_EQ(theirs[0].detail, "keep me");
  auto user_entry = List({})[0];
  EXPECT_EQ(user_entry.action, "user.update");
  EXPECT_EQ(user_entry.changes[0].before, "\"Owner\"");

  // With nothing to keep, every value goes.
  Do([&](domain::Txn& t) { return t.Audit().RedactCustomer(2, {}, "\"x\""); });
  q.customer_id = 2;
  EXPECT_EQ(List(q)[0].changes[0].after, "\"x\"");
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreAuthTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });
INSTANTIATE_TEST_SUITE_P(Backends, StoreAuditTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::store
