// Customers: listing with filters, search, sorting and keyset pagination.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <cctype>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "api_helpers.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::At;
using rapport_test::Dump;
using rapport_test::HttpClient;
using rapport_test::IsNullAt;
using rapport_test::RapportServer;
using rapport_test::ServerSuite;
using rapport_test::Reply;
using rapport_test::StrAt;
using rapport_test::UrlEncode;
using rapport_test::Walk;

using Ids = std::vector<std::string>;

// Follows next_cursor from the first page to the last. `query` has no cursor.
Walk WalkAll(HttpClient& client, const std::string& query) {
  return rapport_test::WalkPages(client, "/api/v1/customers?" + query);
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

long long Num(const std::string& id) { return std::stoll(id); }

class CustomersListTest : public ServerSuite {
 protected:

  json::value Create(const json::value& body, HttpClient* client = nullptr) {
    Reply r = (client ? *client : *client_).Post("/api/v1/customers", Dump(body));
    EXPECT_EQ(r.status, 201) << Dump(body) << " -> " << r.Summary();
    return r.status == 201 ? r.Json() : json::value();
  }
  std::string CreateId(const json::value& body, HttpClient* client = nullptr) {
    json::value c = Create(body, client);
    return c.is_object() ? StrAt(c, "/id") : std::string();
  }
  json::value MoveStage(const std::string& id, const std::string& stage) {
    Reply r =
        client_->Post("/api/v1/customers/" + id + "/stage", Dump(json::object{{"stage", stage}}));
    EXPECT_EQ(r.status, 200) << r.Summary();
    return r.status == 200 ? r.Json() : json::value();
  }

  // The ids of a single page (limit 500) for `query`.
  Ids List(const std::string& query) {
    Reply r = client_->Get("/api/v1/customers?limit=500&" + query);
    EXPECT_EQ(r.status, 200) << query << " -> " << r.Summary();
    Ids ids;
    if (r.status != 200) return ids;
    json::value v = r.Json();
    for (const auto& item : v.at("data").as_array()) ids.push_back(StrAt(item, "/id"));
    return ids;
  }
  static std::set<std::string> AsSet(const Ids& ids) { return {ids.begin(), ids.end()}; }

  void ExpectInvalidParam(const std::string& query, const std::string& field) {
    Reply r = client_->Get("/api/v1/customers?" + query);
    EXPECT_EQ(r.status, 422) << query << " -> " << r.Summary();
    if (r.status != 422) return;
    json::value v = r.Json();
    EXPECT_EQ(StrAt(v, "/error/code"), "invalid_argument") << r.body;
    if (!field.empty()) {
      EXPECT_NE(At(v, "/error/fields/" + field), nullptr)
          << query << ": fields should name " << field << ": " << r.body;
    }
  }

};

TEST_F(CustomersListTest, ResponseHasDataAndNextCursor) {
  ASSERT_FALSE(CreateId(json::parse(R"({"name": "Shape Sheila"})")).empty());
  Reply r = client_->Get("/api/v1/customers");
  ASSERT_EQ(r.status, 200) << r.Summary();
  json::value v = r.Json();
  ASSERT_TRUE(At(v, "/data") && At(v, "/data")->is_array()) << r.body;
  ASSERT_NE(At(v, "/next_cursor"), nullptr) << r.body;
  EXPECT_TRUE(v.at("next_cursor").is_null() || v.at("next_cursor").is_string());
  ASSERT_FALSE(v.at("data").as_array().empty());
  EXPECT_TRUE(v.at("data").as_array()[0].is_object());
  EXPECT_NE(At(v.at("data").as_array()[0], "/version"), nullptr) << "items are full customers";
}

TEST_F(CustomersListTest, DefaultOrderIsNewestFirst) {
  Ids created;
  for (int i = 0; i < 4; ++i) {
    created.push_back(CreateId(json::object{{"name", "Default Order " + std::to_string(i)},
                                            {"tags", json::array{"default-order"}}}));
  }
  Ids expected(created.rbegin(), created.rend());
  EXPECT_EQ(List("tag=default-order"), expected);
  EXPECT_EQ(List("tag=default-order&sort=-created_at"), expected);
  EXPECT_EQ(List("tag=default-order&sort=created_at"), created);
}

TEST_F(CustomersListTest, FilterByStage) {
  const std::string a = CreateId(json::parse(R"({"name": "Stage A", "tags": ["f-stage"]})"));
  const std::string b = CreateId(json::parse(R"({"name": "Stage B", "tags": ["f-stage"]})"));
  MoveStage(b, "lead");
  EXPECT_EQ(List("tag=f-stage&stage=lead"), Ids{b});
  EXPECT_EQ(List("tag=f-stage&stage=contact"), Ids{a});
  EXPECT_EQ(List("tag=f-stage&stage=proposal"), Ids{});
}

TEST_F(CustomersListTest, FilterByOwner) {
  HttpClient rep = server_->Client(server_->rep_token());
  json::value mine = Create(json::parse(R"({"name": "Owner A", "tags": ["f-owner"]})"));
  json::value theirs = Create(json::parse(R"({"name": "Owner B", "tags": ["f-owner"]})"), &rep);
  ASSERT_TRUE(mine.is_object() && theirs.is_object());
  EXPECT_EQ(List("tag=f-owner&owner_id=" + StrAt(theirs, "/owner_id")), Ids{StrAt(theirs, "/id")});
  EXPECT_EQ(List("tag=f-owner&owner_id=" + StrAt(mine, "/owner_id")), Ids{StrAt(mine, "/id")});
}

TEST_F(CustomersListTest, FilterBySourceKindCompanyAndTag) {
  const std::string co =
      CreateId(json::parse(R"({"kind": "company", "name": "Filter Co", "tags": ["f-misc"]})"));
  ASSERT_FALSE(co.empty());
  const std::string p1 = CreateId(json::object{{"name", "Filter P1"},
                                               {"company_id", co},
                                               {"source", "web"},
                                               {"tags", json::array{"f-misc", "f-misc-x"}}});
  const std::string p2 = CreateId(json::object{
      {"name", "Filter P2"}, {"source", "fair"}, {"tags", json::array{"f-misc", "f-misc-xy"}}});
  EXPECT_EQ(List("tag=f-misc&source=web"), Ids{p1});
  EXPECT_EQ(List("tag=f-misc&source=fair"), Ids{p2});
  EXPECT_EQ(List("tag=f-misc&kind=company"), Ids{co});
  EXPECT_EQ(AsSet(List("tag=f-misc&kind=person")), (std::set<std::string>{p1, p2}));
  EXPECT_EQ(List("tag=f-misc&company_id=" + co), Ids{p1});
  // A tag matches whole tags only.
  EXPECT_EQ(List("tag=f-misc-x"), Ids{p1});
  EXPECT_EQ(List("tag=f-misc-"), Ids{});
  // Filters combine with AND.
  EXPECT_EQ(List("tag=f-misc-x&source=fair"), Ids{});
}

TEST_F(CustomersListTest, SortByNameIsCorrectAndStable) {
  const std::vector<std::string> names = {"bravo", "Alpha", "alpha", "Charlie",    "bravo",
                                          "delta", "Echo",  "echo",  "ALPHA beta", "alpha",
                                          "zulu",  "Mike",  "mike"};
  std::map<std::string, std::string> name_of;
  for (const auto& n : names) {
    std::string id = CreateId(json::object{{"name", n}, {"tags", json::array{"sort-name"}}});
    name_of[id] = n;
  }
  Walk asc_one = WalkAll(*client_, "tag=sort-name&sort=name&limit=500");
  ASSERT_TRUE(asc_one.ok);
  ASSERT_EQ(asc_one.ids.size(), names.size());
  for (std::size_t i = 1; i < asc_one.ids.size(); ++i) {
    const std::string& p = asc_one.ids[i - 1];
    const std::string& c = asc_one.ids[i];
    const std::string pn = Lower(name_of[p]), cn = Lower(name_of[c]);
    EXPECT_LE(pn, cn) << "sort=name out of order at " << i << ": " << name_of[p] << " before "
                      << name_of[c];
    if (pn == cn) {
      EXPECT_LT(Num(p), Num(c)) << "equal names are ordered by id";
    }
  }
  // Every page size gives the same order: no item twice, none skipped, ties stable.
  for (int limit : {1, 2, 3, 5}) {
    Walk paged = WalkAll(*client_, "tag=sort-name&sort=name&limit=" + std::to_string(limit));
    ASSERT_TRUE(paged.ok);
    EXPECT_EQ(paged.ids, asc_one.ids) << "limit=" << limit;
  }

  Walk desc_one = WalkAll(*client_, "tag=sort-name&sort=-name&limit=500");
  ASSERT_TRUE(desc_one.ok);
  ASSERT_EQ(desc_one.ids.size(), names.size());
  for (std::size_t i = 1; i < desc_one.ids.size(); ++i) {
    EXPECT_GE(Lower(name_of[desc_one.ids[i - 1]]), Lower(name_of[desc_one.ids[i]]))
        << "sort=-name out of order at " << i;
  }
  for (int limit : {1, 4}) {
    Walk paged = WalkAll(*client_, "tag=sort-name&sort=-name&limit=" + std::to_string(limit));
    ASSERT_TRUE(paged.ok);
    EXPECT_EQ(paged.ids, desc_one.ids) << "limit=" << limit;
  }
}

TEST_F(CustomersListTest, SortByUpdatedAtAndStageChangedAt) {
  const std::string a = CreateId(json::parse(R"({"name": "Upd A", "tags": ["sort-upd"]})"));
  const std::string b = CreateId(json::parse(R"({"name": "Upd B", "tags": ["sort-upd"]})"));
  const std::string c = CreateId(json::parse(R"({"name": "Upd C", "tags": ["sort-upd"]})"));
  ASSERT_FALSE(c.empty());
  Reply got_c = client_->Get("/api/v1/customers/" + c);
  const std::string c_created = StrAt(got_c.Json(), "/created_at");
  // Touch A until its updated_at is strictly later than C's creation (millisecond clock).
  for (int i = 0; i < 100; ++i) {
    Reply r = client_->Patch("/api/v1/customers/" + a,
                             Dump(json::object{{"source", "touch " + std::to_string(i)}}));
    ASSERT_EQ(r.status, 200) << r.Summary();
    if (StrAt(r.Json(), "/updated_at") > c_created) break;
  }
  Ids by_updated_desc = List("tag=sort-upd&sort=-updated_at");
  ASSERT_EQ(by_updated_desc.size(), 3u);
  EXPECT_EQ(by_updated_desc.front(), a);
  Ids by_updated_asc = List("tag=sort-upd&sort=updated_at");
  ASSERT_EQ(by_updated_asc.size(), 3u);
  EXPECT_EQ(by_updated_asc.back(), a);

  // Move B (several times if the clock has not ticked) so it changed stage last.
  const char* stages[] = {"lead", "proposal", "negotiation", "lead", "proposal"};
  for (const char* s : stages) {
    json::value moved = MoveStage(b, s);
    ASSERT_TRUE(moved.is_object());
    if (StrAt(moved, "/customer/stage_changed_at") > c_created) break;
  }
  Ids by_stage_desc = List("tag=sort-upd&sort=-stage_changed_at");
  ASSERT_EQ(by_stage_desc.size(), 3u);
  EXPECT_EQ(by_stage_desc.front(), b);
  Ids by_stage_asc = List("tag=sort-upd&sort=stage_changed_at");
  ASSERT_EQ(by_stage_asc.size(), 3u);
  EXPECT_EQ(by_stage_asc.back(), b);
}

TEST_F(CustomersListTest, PaginationWalksEveryIdExactlyOnce) {
  std::set<std::string> created;
  for (int i = 0; i < 23; ++i) {
    created.insert(CreateId(
        json::object{{"name", "Page " + std::to_string(i % 7)}, {"tags", json::array{"paging"}}}));
  }
  for (const char* sort :
       {"-created_at", "created_at", "name", "-name", "updated_at", "-stage_changed_at"}) {
    SCOPED_TRACE(sort);
    Walk w = WalkAll(*client_, std::string("tag=paging&limit=5&sort=") + sort);
    ASSERT_TRUE(w.ok);
    EXPECT_EQ(w.page_sizes, (std::vector<std::size_t>{5, 5, 5, 5, 3}));
    EXPECT_EQ(w.ids.size(), 23u);
    EXPECT_EQ(AsSet(w.ids), created) << "every id exactly once";
  }
}

TEST_F(CustomersListTest, PaginationIsConsistentWhileOthersInsert) {
  constexpr int kBefore = 60;
  constexpr int kInserted = 200;
  std::set<std::string> before;
  for (int i = 0; i < kBefore; ++i) {
    // Names spread over the alphabet so new rows land between existing pages for sort=name.
    std::string name =
        std::string(1, static_cast<char>('a' + (i * 7) % 26)) + " existing " + std::to_string(i);
    before.insert(CreateId(json::object{{"name", name}, {"tags", json::array{"conc-page"}}}));
  }
  ASSERT_EQ(before.size(), static_cast<std::size_t>(kBefore));

  std::atomic<int> inserted{0};
  std::atomic<int> failures{0};
  std::atomic<bool> done{false};
  std::string first_failure;
  std::thread inserter([&] {
    try {
      HttpClient c = server_->Client();
      for (int i = 0; i < kInserted; ++i) {
        std::string name = std::string(1, static_cast<char>('a' + (i * 11) % 26)) + " inserted " +
                           std::to_string(i);
        Reply r = c.Post("/api/v1/customers",
                         Dump(json::object{{"name", name}, {"tags", json::array{"conc-page"}}}));
        if (r.status == 201) {
          ++inserted;
        } else if (failures++ == 0) {
          first_failure = r.Summary();
        }
      }
    } catch (const std::exception& e) {
      if (failures++ == 0) first_failure = e.what();
    }
    done = true;
  });

  // Let the inserter get going (bounded), then walk the list again and again until it is done.
  for (int i = 0; i < 1000 && inserted < 5 && !done; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  int walks = 0;
  const char* sorts[] = {"-created_at", "name", "created_at", "-name"};
  while (walks < 4 || (!done && walks < 400)) {
    const std::string sort = sorts[walks % 4];
    ++walks;
    Walk w = WalkAll(*client_, "tag=conc-page&limit=7&sort=" + sort);
    ASSERT_TRUE(w.ok) << sort;
    std::set<std::string> seen;
    for (const auto& id : w.ids) {
      EXPECT_TRUE(seen.insert(id).second) << "sort=" << sort << ": id " << id << " listed twice";
    }
    for (const auto& id : before) {
      EXPECT_TRUE(seen.count(id)) << "sort=" << sort << ": pre-existing id " << id << " skipped";
    }
    if (HasFailure()) break;
  }
  inserter.join();
  EXPECT_EQ(failures.load(), 0) << first_failure;
  EXPECT_EQ(inserted.load(), kInserted);
  Walk all = WalkAll(*client_, "tag=conc-page&limit=500");
  ASSERT_TRUE(all.ok);
  EXPECT_EQ(AsSet(all.ids).size(), static_cast<std::size_t>(kBefore + kInserted));
}

TEST_F(CustomersListTest, LimitIsValidatedNotClamped) {
  for (int i = 0; i < 3; ++i) {
    CreateId(json::object{{"name", "Limit " + std::to_string(i)}, {"tags", json::array{"lim"}}});
  }
  for (const char* bad : {"0", "501", "abc", "-1", "1.5", "", "99999999999999999999"}) {
    ExpectInvalidParam(std::string("limit=") + bad, "limit");
  }
  Reply one = client_->Get("/api/v1/customers?tag=lim&limit=1");
  ASSERT_EQ(one.status, 200) << one.Summary();
  EXPECT_EQ(one.Json().at("data").as_array().size(), 1u);
  EXPECT_TRUE(one.Json().at("next_cursor").is_string());
  Reply max = client_->Get("/api/v1/customers?tag=lim&limit=500");
  ASSERT_EQ(max.status, 200) << max.Summary();
  EXPECT_EQ(max.Json().at("data").as_array().size(), 3u);
  EXPECT_TRUE(max.Json().at("next_cursor").is_null());
}

TEST_F(CustomersListTest, DefaultLimitIs50) {
  for (int i = 0; i < 51; ++i) {
    CreateId(json::object{{"name", "Default Limit " + std::to_string(i)},
                          {"tags", json::array{"deflim"}}});
  }
  Reply r = client_->Get("/api/v1/customers?tag=deflim");
  ASSERT_EQ(r.status, 200) << r.Summary();
  EXPECT_EQ(r.Json().at("data").as_array().size(), 50u);
  EXPECT_TRUE(r.Json().at("next_cursor").is_string());
}

TEST_F(CustomersListTest, BadParametersAre422) {
  ExpectInvalidParam("bogus=1", "");
  ExpectInvalidParam("stage=courting", "stage");
  ExpectInvalidParam("sort=email", "sort");
  ExpectInvalidParam("sort=-", "sort");
  ExpectInvalidParam("cursor=abc", "cursor");
  ExpectInvalidParam("cursor=%00%FF%FE", "cursor");
  ExpectInvalidParam("cursor=" + UrlEncode("' OR 1=1 --"), "cursor");
}

TEST_F(CustomersListTest, CursorFromAnotherSortOrderIsRejected) {
  for (int i = 0; i < 3; ++i) {
    CreateId(json::object{{"name", "Cursor " + std::to_string(i)}, {"tags", json::array{"cur"}}});
  }
  Reply r = client_->Get("/api/v1/customers?tag=cur&limit=1&sort=name");
  ASSERT_EQ(r.status, 200) << r.Summary();
  const std::string cursor = StrAt(r.Json(), "/next_cursor");
  ExpectInvalidParam("tag=cur&limit=1&sort=-created_at&cursor=" + UrlEncode(cursor), "cursor");
}

TEST_F(CustomersListTest, UnicodeNamesRoundTripAndSearchIgnoresCase) {
  const std::vector<std::string> names = {"Ångström Optics", "Zoë Ærø", "Δημήτρης Παπαδόπουλος",
                                          "日本語の会社", "Straße GmbH"};
  std::map<std::string, std::string> id_of;
  for (const auto& n : names) {
    json::value c = Create(json::object{{"name", n}, {"tags", json::array{"uni"}}});
    ASSERT_TRUE(c.is_object());
    EXPECT_EQ(StrAt(c, "/name"), n);
    id_of[n] = StrAt(c, "/id");
    Reply got = client_->Get("/api/v1/customers/" + id_of[n]);
    EXPECT_EQ(StrAt(got.Json(), "/name"), n);
  }
  struct Case {
    const char* q;
    const char* name;
  };
  for (const Case& c :
       {Case{"ångström", "Ångström Optics"}, Case{"ÅNGSTRÖM", "Ångström Optics"},
        Case{"ærø", "Zoë Ærø"}, Case{"ZOË", "Zoë Ærø"}, Case{"δημήτρης", "Δημήτρης Παπαδόπουλος"},
        Case{"ΠΑΠΑΔΌΠΟΥΛΟΣ", "Δημήτρης Παπαδόπουλος"}, Case{"日本", "日本語の会社"},
        Case{"straße", "Straße GmbH"},
        // One- and two-character fragments too.
        Case{"ÅN", "Ångström Optics"}, Case{"ZO", "Zoë Ærø"}, Case{"Ø", "Zoë Ærø"}}) {
    EXPECT_EQ(List(std::string("tag=uni&q=") + UrlEncode(c.q)), Ids{id_of[c.name]}) << "q=" << c.q;
  }
}

TEST_F(CustomersListTest, SearchMatchesEmailAndPhoneFragments) {
  const std::string kim = CreateId(json::parse(R"({"name": "Kim N",
      "email": "Kim.Nguyen@Example.org", "phone": "+1 (415) 555-0199", "tags": ["qf"]})"));
  const std::string other = CreateId(json::parse(
      R"({"name": "Lee O", "email": "lee@other.net", "phone": "+49 30 1234567", "tags": ["qf"]})"));
  for (const char* q :
       {"nguyen@exa", "EXAMPLE.ORG", "kim.nguyen", "555-0199", "(415)", "+1 (4", "KI", "(4"}) {
    EXPECT_EQ(List(std::string("tag=qf&q=") + UrlEncode(q)), Ids{kim}) << "q=" << q;
  }
  EXPECT_EQ(List("tag=qf&q=" + UrlEncode("30 1234")), Ids{other});
  EXPECT_EQ(List("tag=qf&q=" + UrlEncode("nguyen@exb")), Ids{});
}

TEST_F(CustomersListTest, SearchTreatsSqlAndPatternCharactersLiterally) {
  std::map<std::string, std::string> id_of;
  for (const char* n : {"O'Brien & Sons", "100% Organic", "snake_case Ltd", "Quote \"Q\" Inc",
                        "Back\\slash Bakery", "Plain Name"}) {
    id_of[n] = CreateId(json::object{{"name", n}, {"tags", json::array{"sqlmeta"}}});
  }
  struct Case {
    std::string q;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"' OR 1=1 --", {}},
      {"' OR '1'='1", {}},
      {"'; DROP TABLE customers; --", {}},
      {"'", {"O'Brien & Sons"}},
      {"%", {"100% Organic"}},
      {"0%", {"100% Organic"}},
      {"_", {"snake_case Ltd"}},
      {"e_c", {"snake_case Ltd"}},
      {"\"", {"Quote \"Q\" Inc"}},
      {"\\", {"Back\\slash Bakery"}},
      {"*", {}},
      {"?", {}},
      {"[a-z]", {}},
      {"%%", {}},
      {"a%e", {}},
  };
  for (const Case& c : cases) {
    std::set<std::string> expected;
    for (const auto& n : c.expected) expected.insert(id_of[n]);
    EXPECT_EQ(AsSet(List("tag=sqlmeta&q=" + UrlEncode(c.q))), expected) << "q=" << c.q;
  }
  // Without any other filter too: nothing matches an injection attempt.
  EXPECT_EQ(List("q=" + UrlEncode("' OR 1=1 --")), Ids{});
  EXPECT_EQ(List("q=" + UrlEncode("\" OR \"\"=\"")), Ids{});
  // And the table is still there.
  EXPECT_EQ(List("tag=sqlmeta").size(), 6u);
}

// When a fragment matches very many customers the server may answer differently (walking the
// sort order instead of the search index); results must not change with that.
TEST_F(CustomersListTest, SearchWithManyMatchesIsStillCaseInsensitive) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 265;  // 2120 matches in all
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        HttpClient c = server_->Client();
        for (int i = 0; i < kPerThread; ++i) {
          Reply r = c.Post("/api/v1/customers",
                           Dump(json::object{{"name", "Crowd Member " + std::to_string(t) + "-" +
                                                          std::to_string(i)},
                                             {"tags", json::array{"crowd"}}}));
          if (r.status != 201) ++failures;
        }
      } catch (const std::exception&) {
        ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_EQ(failures.load(), 0);
  for (const char* q : {"crowd member", "CROWD MEMBER", "Crowd Member", "cRoWd"}) {
    Reply r = client_->Get("/api/v1/customers?limit=20&q=" + UrlEncode(q));
    ASSERT_EQ(r.status, 200) << r.Summary();
    json::value v = r.Json();
    EXPECT_EQ(v.at("data").as_array().size(), 20u) << "q=" << q;
    EXPECT_TRUE(v.at("next_cursor").is_string()) << "q=" << q;
  }
  // Paging through all matches of a common fragment, in name order.
  Walk w = WalkAll(*client_, "q=CROWD&sort=name&limit=500");
  ASSERT_TRUE(w.ok);
  EXPECT_EQ(AsSet(w.ids).size(), static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_EQ(w.ids.size(), static_cast<std::size_t>(kThreads * kPerThread));
}

}  // namespace
