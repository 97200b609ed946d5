// The storage contract, continued: record ownership (CustomerScope inside Find and List, owner
// reassignment) and erasure (PurgeDeletedData leaves no trace of overwritten data in the files).
#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>
#include <thread>

#include "store_test_fixture.hpp"

namespace rapport::store {
namespace {

using domain::Customer;
using domain::CustomerQuery;
using domain::CustomerScope;
using domain::Role;

class StoreScopeTest : public testing::StoreFixture {
 protected:
  // Reps a1 and a2 in team "north", b in team "south", solo without a team; a manager.
  void MakeTeams() {
    a1_ = InsertUser("a1@example.com", Role::kRep, "north");
    a2_ = InsertUser("a2@example.com", Role::kRep, "north");
    b_ = InsertUser("b@example.com", Role::kRep, "south");
    solo_ = InsertUser("solo@example.com", Role::kRep);
    manager_ = InsertUser("m@example.com", Role::kManager, "north");
  }
  std::optional<Customer> Find(core::Id id, const CustomerScope& scope, bool in_write = false) {
    std::optional<Customer> out;
    auto work = [&](domain::Txn& txn) -> core::Status {
      auto r = txn.Customers().Find(id, scope);
      if (!r) return core::Fail(r.error());
      out = std::move(*r);
      return {};
    };
    auto st = in_write ? db_->Write(work) : db_->Read(work);
    EXPECT_TRUE(st) << (st ? "" : st.error().message);
    return out;
  }
  // Every row `query` reaches, page by page (limit rows a page), following the keyset cursor.
  std::vector<Customer> ListAll(CustomerQuery query, int* pages = nullptr) {
    std::vector<Customer> all;
    int n = 0;
    for (; n < 1000; ++n) {
      std::vector<Customer> rows;
      auto st = db_->Read([&](domain::Txn& txn) -> core::Status {
        auto r = txn.Customers().List(query);
        if (!r) return core::Fail(r.error());
        rows = std::move(*r);
        return {};
      });
      EXPECT_TRUE(st) << (st ? "" : st.error().message);
      if (!st) break;
      const bool more = static_cast<int>(rows.size()) > query.limit;
      if (more) rows.resize(static_cast<std::size_t>(query.limit));
      all.insert(all.end(), rows.begin(), rows.end());
      if (!more) break;
      query.after = domain::CursorAfter(rows.back(), query.sort);
    }
    if (pages) *pages = n + 1;
    return all;
  }
  static std::set<core::Id> Ids(const std::vector<Customer>& rows) {
    std::set<core::Id> ids;
    for (const auto& c : rows) ids.insert(c.id);
    return ids;
  }
  static std::set<core::Id> Union(std::initializer_list<const std::set<core::Id>*> sets) {
    std::set<core::Id> out;
    for (const auto* s : sets) out.insert(s->begin(), s->end());
    return out;
  }

  core::Id a1_ = 0, a2_ = 0, b_ = 0, solo_ = 0, manager_ = 0;
};

TEST_P(StoreScopeTest, FindSeesOnlyWhatTheScopeMaySee) {
  MakeTeams();
  const core::Id of_a1 = InsertCustomer("Of A1", a1_);
  const core::Id of_a2 = InsertCustomer("Of A2", a2_);
  const core::Id of_b = InsertCustomer("Of B", b_);
  const core::Id of_solo = InsertCustomer("Of Solo", solo_);
  const CustomerScope a1_north{a1_, "north"}, a1_alone{a1_, std::nullopt}, solo{solo_, std::nullopt};

  for (bool in_write : {false, true}) {  // PostgreSQL locks the row (FOR UPDATE) in a write
    SCOPED_TRACE(in_write ? "in a write" : "in a read");
    for (core::Id id : {of_a1, of_a2, of_b, of_solo})
      EXPECT_TRUE(Find(id, CustomerScope::Everyone(), in_write)) << id;
    // A rep with a team: their own and their team mates'.
    EXPECT_TRUE(Find(of_a1, a1_north, in_write));
    EXPECT_TRUE(Find(of_a2, a1_north, in_write));
    EXPECT_FALSE(Find(of_b, a1_north, in_write));
    EXPECT_FALSE(Find(of_solo, a1_north, in_write));
    // The same rep without a team: their own only.
    EXPECT_TRUE(Find(of_a1, a1_alone, in_write));
    EXPECT_FALSE(Find(of_a2, a1_alone, in_write));
    // A rep without a team shares nothing.
    EXPECT_TRUE(Find(of_solo, solo, in_write));
    EXPECT_FALSE(Find(of_a1, solo, in_write));
    EXPECT_TRUE(Find(of_b, CustomerScope{b_, "south"}, in_write));
    // A team nobody else is in sees nothing of others.
    EXPECT_FALSE(Find(of_a2, CustomerScope{a1_, "nobody"}, in_write));
    EXPECT_TRUE(Find(of_a1, CustomerScope{a1_, "nobody"}, in_write));
    EXPECT_FALSE(Find(999999, CustomerScope::Everyone(), in_write));
  }

  // Archived customers are still found by id, within the scope.
  auto st = db_->Write([&](domain::Txn& txn) -> core::Status {
    auto c = txn.Customers().Find(of_a2, CustomerScope::Everyone());
    if (!c || !*c) return core::Fail(core::Error::Internal("missing"));
    (*c)->archived_at = clock_.Now();
    ++(*c)->version;
    return txn.Customers().Update(**c);
  });
  ASSERT_TRUE(st) << st.error().message;
  auto archived = Find(of_a2, a1_north);
  ASSERT_TRUE(archived);
  EXPECT_TRUE(archived->archived_at);
  EXPECT_FALSE(Find(of_a2, CustomerScope{b_, "south"}));
}

TEST_P(StoreScopeTest, ListsAndCursorsNeverLeakOutsideTheScope) {
  MakeTeams();
  std::set<core::Id> of_a1, of_a2, of_b, of_solo, of_admin;
  // Interleaved inserts with shared names and times, so every page boundary mixes owners.
  for (int i = 0; i < 23; ++i) {
    const std::string name = "Client " + std::to_string(i % 4);
    of_a1.insert(InsertCustomer(name, a1_));
    of_b.insert(InsertCustomer(name, b_));
    if (i % 2) of_a2.insert(InsertCustomer(name, a2_));
    if (i % 3 == 0) of_solo.insert(InsertCustomer(name, solo_));
    if (i % 5 == 0) of_admin.insert(InsertCustomer(name, actor_.user_id));
    if (i % 7 == 0) clock_.AdvanceMs(1000);
  }
  const auto everyone = Union({&of_a1, &of_a2, &of_b, &of_solo, &of_admin});
  const auto north = Union({&of_a1, &of_a2});

  for (const char* sort : {"-created_at", "created_at", "name", "-name", "-updated_at",
                           "stage_changed_at"}) {
    SCOPED_TRACE(sort);
    CustomerQuery q;
    q.sort = *domain::ParseCustomerSort(sort);
    q.limit = 4;
    int pages = 0;

    q.scope = CustomerScope{a1_, "north"};
    auto rows = ListAll(q, &pages);
    EXPECT_EQ(rows.size(), north.size()) << "a row returned twice";
    EXPECT_EQ(Ids(rows), north);
    EXPECT_EQ(pages, static_cast<int>((north.size() + 3) / 4));

    q.scope = CustomerScope{a1_, std::nullopt};
    EXPECT_EQ(Ids(ListAll(q)), of_a1);

    q.scope = CustomerScope{solo_, std::nullopt};
    EXPECT_EQ(Ids(ListAll(q)), of_solo);

    q.scope = CustomerScope{b_, "south"};
    EXPECT_EQ(Ids(ListAll(q)), of_b);

    q.scope = CustomerScope::Everyone();
    rows = ListAll(q);
    EXPECT_EQ(rows.size(), everyone.size());
    EXPECT_EQ(Ids(rows), everyone);
  }

  // The scope holds with the other filters too: owner, search (both SQLite search plans), and
  // a cursor made from a row the scope cannot see.
  CustomerQuery q;
  q.limit = 5;
  q.scope = CustomerScope{a1_, "north"};
  q.owner_id = b_;
  EXPECT_TRUE(ListAll(q).empty());
  q.owner_id = a2_;
  EXPECT_EQ(Ids(ListAll(q)), of_a2);
  q.owner_id.reset();
  q.q = "client 1";
  auto found = ListAll(q);
  EXPECT_FALSE(found.empty());
  for (const auto& c : found) EXPECT_TRUE(north.contains(c.id)) << c.id;
  q.q = "cl";  // shorter than a trigram: the scan plan
  EXPECT_EQ(Ids(ListAll(q)), north);
  q.q.reset();
  q.sort = *domain::ParseCustomerSort("-created_at");
  Customer foreign;
  auto st = db_->Read([&](domain::Txn& txn) -> core::Status {
    auto c = txn.Customers().Find(*of_b.rbegin(), CustomerScope::Everyone());
    if (!c || !*c) return core::Fail(core::Error::Internal("missing"));
    foreign = **c;
    return {};
  });
  ASSERT_TRUE(st);
  q.after = domain::CursorAfter(foreign, q.sort);
  for (const auto& c : ListAll(q)) EXPECT_TRUE(north.contains(c.id)) << c.id;
}

TEST_P(StoreScopeTest, LargeScopesListCorrectlyToo) {
  // More customers in a scope than SQLite fetches by owner and sorts (kScopeDriveThreshold):
  // there the list walks the sort index and skips rows outside the scope instead.
  MakeTeams();
  std::set<core::Id> of_a1, of_a2, of_b;
  ASSERT_TRUE(db_->Write([&](domain::Txn& txn) -> core::Status {
    for (int i = 0; i < 5200; ++i) {
      Customer c;
      c.name = "Bulk " + std::to_string(i % 97);
      c.owner_id = i % 10 == 0 ? b_ : (i % 10 == 1 ? a2_ : a1_);
      c.created_at = c.updated_at = c.stage_changed_at = core::Timestamp{clock_.Now().ms + i / 7};
      auto id = txn.Customers().Insert(c);
      if (!id) return core::Fail(id.error());
      (c.owner_id == b_ ? of_b : c.owner_id == a2_ ? of_a2 : of_a1).insert(*id);
    }
    return {};
  }));
  const auto north = Union({&of_a1, &of_a2});
  for (const char* sort : {"-created_at", "name", "updated_at"}) {
    SCOPED_TRACE(sort);
    CustomerQuery q;
    q.sort = *domain::ParseCustomerSort(sort);
    q.limit = 500;
    q.scope = CustomerScope{a1_, "north"};
    auto rows = ListAll(q);
    EXPECT_EQ(rows.size(), north.size());
    EXPECT_EQ(Ids(rows), north);
    q.scope = CustomerScope{a1_, std::nullopt};
    EXPECT_EQ(Ids(ListAll(q)), of_a1);
    q.scope = CustomerScope{b_, "south"};  // a small scope: fetched by owner
    EXPECT_EQ(Ids(ListAll(q)), of_b);
    q.scope = CustomerScope{a1_, "north"};
    q.q = "bulk 5";  // a search with the scope: bulk 5 and bulk 50..59
    rows = ListAll(q);
    EXPECT_FALSE(rows.empty());
    for (const auto& c : rows) {
      EXPECT_TRUE(north.contains(c.id));
      EXPECT_TRUE(c.name.starts_with("Bulk 5")) << c.name;
    }
    q.q = "bu";  // matches every row: the search scans in order too
    EXPECT_EQ(Ids(ListAll(q)), north);
  }
}

TEST_P(StoreScopeTest, ReassignOwnerMovesEveryCustomerIncludingArchived) {
  MakeTeams();
  const core::Id c1 = InsertCustomer("One", a1_);
  const core::Id c2 = InsertCustomer("Two", a1_);
  const core::Id c3 = InsertCustomer("Three", a1_);
  const core::Id other = InsertCustomer("Other", b_);
  ASSERT_TRUE(db_->Write([&](domain::Txn& txn) -> core::Status {
    auto c = txn.Customers().Find(c2, CustomerScope::Everyone());
    if (!c || !*c) return core::Fail(core::Error::Internal("missing"));
    (*c)->archived_at = clock_.Now();
    ++(*c)->version;
    return txn.Customers().Update(**c);
  }));
  clock_.AdvanceMs(60'000);
  const core::Timestamp at = clock_.Now();
  std::vector<core::Id> moved;
  ASSERT_TRUE(db_->Write([&](domain::Txn& txn) -> core::Status {
    auto r = txn.Customers().ReassignOwner(a1_, a2_, at);
    if (!r) return core::Fail(r.error());
    moved = *r;
    return {};
  }));
  EXPECT_EQ(moved, (std::vector<core::Id>{c1, c2, c3}));
  for (core::Id id : {c1, c2, c3}) {
    auto c = Find(id, CustomerScope::Everyone());
    ASSERT_TRUE(c);
    EXPECT_EQ(c->owner_id, a2_);
    EXPECT_EQ(c->updated_at, at);
    EXPECT_EQ(c->version, id == c2 ? 3 : 2);
  }
  EXPECT_TRUE(Find(c2, CustomerScope::Everyone())->archived_at);
  auto untouched = Find(other, CustomerScope::Everyone());
  ASSERT_TRUE(untouched);
  EXPECT_EQ(untouched->owner_id, b_);
  EXPECT_EQ(untouched->version, 1);
  // a1 alone now sees nothing; a2 alone sees all three.
  CustomerQuery q;
  q.include_archived = true;
  q.scope = CustomerScope{a1_, std::nullopt};
  EXPECT_TRUE(ListAll(q).empty());
  q.scope = CustomerScope{a2_, std::nullopt};
  EXPECT_EQ(Ids(ListAll(q)), (std::set<core::Id>{c1, c2, c3}));
  // Nobody left to move.
  ASSERT_TRUE(db_->Write([&](domain::Txn& txn) -> core::Status {
    auto r = txn.Customers().ReassignOwner(a1_, a2_, at);
    if (!r) return core::Fail(r.error());
    EXPECT_TRUE(r->empty());
    return {};
  }));
}

// --- erasure ---

std::string ReadFileBytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class StoreEraseTest : public StoreScopeTest {
 protected:
  // Where `needle` occurs in the SQLite database's files (main file and WAL), as "file@offset".
  std::vector<std::string> Traces(const std::string& needle) {
    std::vector<std::string> out;
    for (const char* suffix : {"", "-wal"}) {
      const std::filesystem::path p = path_ + suffix;
      if (!std::filesystem::exists(p)) continue;
      const std::string bytes = ReadFileBytes(p);
      for (auto pos = bytes.find(needle); pos != std::string::npos; pos = bytes.find(needle, pos + 1))
        out.push_back(p.filename().string() + "@" + std::to_string(pos));
    }
    return out;
  }
  // The search index stores trigrams of the folded name, email and phone with their positions
  // (enough to rebuild the text), not whole strings: those trigrams must go too. The name's are
  // unlikely anywhere else; Trigrams() keeps those absent from the files before it was written.
  std::vector<std::string> Trigrams(const std::string& folded) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i + 3 <= folded.size(); ++i) {
      std::string t = folded.substr(i, 3);
      if (std::all_of(t.begin(), t.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; }) &&
          Traces(t).empty())
        out.push_back(std::move(t));
    }
    return out;
  }
  std::vector<std::string> TrigramTraces(const std::vector<std::string>& trigrams) {
    std::vector<std::string> out;
    for (const auto& t : trigrams)
      for (auto& where : Traces(t)) out.push_back(t + " at " + where);
    return out;
  }
  static constexpr const char* kOldName = "Zxqvyk Jwplmhb";
  static constexpr const char* kOldFolded = "zxqvyk jwplmhb";
  static constexpr const char* kOldEmail = "zxqvyk.jwplmhb@erasure.example";
  static constexpr std::string_view kTables[] = {"customers", "customer_tags", "audit_changes",
                                                 "audit_log", "stage_transitions"};
};

TEST_P(StoreEraseTest, PurgeLeavesNoTraceOfOverwrittenData) {
  const auto trigrams = OnPostgres() ? std::vector<std::string>{} : Trigrams(kOldFolded);
  // Written straight through the repositories (no audit entries), then overwritten.
  Customer c;
  c.name = kOldName;
  c.email = kOldEmail;
  c.owner_id = actor_.user_id;
  c.created_at = c.updated_at = c.stage_changed_at = clock_.Now();
  ASSERT_TRUE(db_->Write([&](domain::Txn& txn) -> core::Status {
    auto id = txn.Customers().Insert(c);
    if (!id) return core::Fail(id.error());
    c.id = *id;
    return {};
  }));
  // Other writes after it, so its pages are not simply the last ones written.
  for (int i = 0; i < 200; ++i) InsertCustomer("Filler " + std::to_string(i), actor_.user_id);
  c.name = "Erased customer";
  c.email.reset();
  ++c.version;
  ASSERT_TRUE(db_->Write([&](domain::Txn& txn) { return txn.Customers().Update(c); }));
  if (!OnPostgres()) {
    // Before the purge, the old values are there to be found (WAL page images, index postings).
    EXPECT_FALSE(Traces(kOldName).empty());
    EXPECT_GE(trigrams.size(), 8u);
    EXPECT_GE(TrigramTraces(trigrams).size(), trigrams.size());
  }

  auto st = db_->PurgeDeletedData(kTables);
  ASSERT_TRUE(st) << st.error().message;
  if (OnPostgres()) return;  // VACUUM ran; PostgreSQL's files are not inspected here
  for (const char* needle : {kOldName, kOldFolded, kOldEmail}) {
    const auto traces = Traces(needle);
    EXPECT_TRUE(traces.empty()) << needle << " still at " << ::testing::PrintToString(traces);
  }
  EXPECT_EQ(TrigramTraces(trigrams), std::vector<std::string>{});
  // Search no longer finds it, and the store still works after the purge.
  CustomerQuery q;
  q.q = "quixote";
  int pages = 0;
  EXPECT_TRUE(ListAll(q, &pages).empty());
  EXPECT_NE(InsertCustomer("After the purge", actor_.user_id), 0);
}

TEST_P(StoreEraseTest, EraseThroughTheServiceLeavesNoTraceInTheFiles) {
  // The acceptance test of erasure, end to end: created and changed through the service (so the
  // audit log holds the values), then erased.
  const auto trigrams = OnPostgres() ? std::vector<std::string>{} : Trigrams(kOldFolded);
  domain::CustomerInput in;
  in.name = std::optional<std::string>{kOldName};
  in.email = std::optional<std::string>{kOldEmail};
  auto created = customers_->Create(actor_, in);
  ASSERT_TRUE(created) << created.error().message;
  for (int i = 0; i < 50; ++i) Create("Filler " + std::to_string(i));
  domain::CustomerInput rename;
  rename.name = std::optional<std::string>{std::string(kOldName) + " Jr"};
  ASSERT_TRUE(customers_->Update(actor_, created->id, rename));
  auto erased = customers_->Erase(actor_, created->id);
  ASSERT_TRUE(erased) << erased.error().message;
  if (OnPostgres()) return;
  for (const char* needle : {kOldName, kOldFolded, kOldEmail}) {
    const auto traces = Traces(needle);
    EXPECT_TRUE(traces.empty()) << needle << " still at " << ::testing::PrintToString(traces);
  }
  EXPECT_EQ(TrigramTraces(trigrams), std::vector<std::string>{});
}

TEST_P(StoreEraseTest, PurgeRefusesNamesThatAreNotPlainIdentifiers) {
  constexpr std::string_view bad[] = {"customers; DROP TABLE users"};
  auto st = db_->PurgeDeletedData(bad);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, core::ErrorCode::kInternal);
  EXPECT_TRUE(users_->GetByEmail("owner@example.com"));
}

// SQLite only: the WAL checkpoint must wait for readers (PostgreSQL's VACUUM never blocks on them).
class StoreWalEraseTest : public StoreEraseTest {};

TEST_P(StoreWalEraseTest, PurgeIsUnavailableWhileAReaderHoldsTheLog) {
  InsertCustomer("Someone", actor_.user_id);
  std::mutex mu;
  std::condition_variable cv;
  bool reading = false, release = false;
  std::thread reader([&] {
    (void)db_->Read([&](domain::Txn& txn) -> core::Status {
      auto r = txn.Customers().List(CustomerQuery{});  // holds a snapshot of the WAL
      std::unique_lock lock(mu);
      reading = true;
      cv.notify_all();
      cv.wait(lock, [&] { return release; });
      return r ? core::Status{} : core::Fail(r.error());
    });
  });
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return reading; });
  }
  InsertCustomer("Someone else", actor_.user_id);  // a frame the reader's snapshot predates
  auto busy = db_->PurgeDeletedData(kTables);
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  reader.join();
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(busy.error().message.find("retry"), std::string::npos) << busy.error().message;
  // Writes still work, and with the reader gone the purge succeeds.
  EXPECT_NE(InsertCustomer("Third", actor_.user_id), 0);
  auto st = db_->PurgeDeletedData(kTables);
  EXPECT_TRUE(st) << st.error().message;
  EXPECT_EQ(std::filesystem::file_size(path_ + "-wal"), 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreScopeTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });
INSTANTIATE_TEST_SUITE_P(Sqlite, StoreWalEraseTest, ::testing::Values("sqlite"),
                         [](const auto& info) { return info.param; });
INSTANTIATE_TEST_SUITE_P(Backends, StoreEraseTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::store
