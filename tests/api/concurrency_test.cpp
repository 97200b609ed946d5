// Many clients at once: creates, conditional updates, merges and stage moves stay consistent.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <latch>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http_client.hpp"
#include "server_process.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::At;
using rapport_test::Dump;
using rapport_test::HttpClient;
using rapport_test::RapportServer;
using rapport_test::ServerSuite;
using rapport_test::Reply;
using rapport_test::StrAt;

struct Outcome {
  int status = 0;
  std::string body;
  std::string error;  // transport failure
};

class ConcurrencyTest : public ServerSuite {
 protected:

  // Runs `n` threads, each with its own connected client; all send at the same moment.
  template <typename Fn>
  std::vector<Outcome> RunConcurrently(int n, Fn request) {
    std::vector<Outcome> outcomes(static_cast<std::size_t>(n));
    std::latch ready(n);
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
      threads.emplace_back([&, i] {
        Outcome& out = outcomes[static_cast<std::size_t>(i)];
        try {
          HttpClient c = server_->Client();
          c.Get("/healthz");  // connect before the start line
          ready.arrive_and_wait();
          Reply r = request(c, i);
          out.status = r.status;
          out.body = r.body;
        } catch (const std::exception& e) {
          out.error = e.what();
        }
      });
    }
    for (auto& t : threads) t.join();
    return outcomes;
  }

  std::string CreateId(const std::string& body) {
    Reply r = client_->Post("/api/v1/customers", body);
    EXPECT_EQ(r.status, 201) << r.Summary();
    return r.status == 201 ? StrAt(r.Json(), "/id") : "0";
  }

};

TEST_F(ConcurrencyTest, HundredConcurrentCreatesAllSucceedAndAreListed) {
  constexpr int kThreads = 100;
  auto outcomes = RunConcurrently(kThreads, [](HttpClient& c, int i) {
    return c.Post("/api/v1/customers",
                  Dump(json::object{{"name", "Concurrent " + std::to_string(i)},
                                    {"email", "c" + std::to_string(i) + "@example.org"},
                                    {"tags", json::array{"conc100"}}}));
  });
  std::set<std::string> ids;
  std::set<std::string> names;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const Outcome& o = outcomes[i];
    ASSERT_TRUE(o.error.empty()) << "thread " << i << ": " << o.error;
    ASSERT_EQ(o.status, 201) << "thread " << i << ": " << o.body;
    json::value v = json::parse(o.body);
    EXPECT_EQ(StrAt(v, "/name"), "Concurrent " + std::to_string(i));
    EXPECT_TRUE(ids.insert(StrAt(v, "/id")).second) << "duplicate id " << StrAt(v, "/id");
  }
  Reply list = client_->Get("/api/v1/customers?tag=conc100&limit=500");
  ASSERT_EQ(list.status, 200) << list.Summary();
  json::value v = list.Json();
  std::set<std::string> listed;
  for (const auto& item : v.at("data").as_array()) {
    listed.insert(StrAt(item, "/id"));
    names.insert(StrAt(item, "/name"));
  }
  EXPECT_EQ(listed, ids);
  EXPECT_EQ(names.size(), static_cast<std::size_t>(kThreads));
}

TEST_F(ConcurrencyTest, SameIfMatchFromManyClientsOnlyOneWins) {
  const std::string id = CreateId(R"({"name": "Contended Connie"})");
  constexpr int kThreads = 20;
  auto outcomes = RunConcurrently(kThreads, [&](HttpClient& c, int i) {
    return c.Patch("/api/v1/customers/" + id,
                   Dump(json::object{{"source", "writer " + std::to_string(i)}}),
                   {{"If-Match", "\"1\""}});
  });
  int ok = 0, stale = 0;
  std::string winner;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const Outcome& o = outcomes[i];
    ASSERT_TRUE(o.error.empty()) << o.error;
    if (o.status == 200) {
      ++ok;
      winner = "writer " + std::to_string(i);
    } else if (o.status == 412) {
      ++stale;
    } else {
      ADD_FAILURE() << "unexpected " << o.status << ": " << o.body;
    }
  }
  EXPECT_EQ(ok, 1) << "exactly one conditional update may win";
  EXPECT_EQ(stale, kThreads - 1);
  Reply r = client_->Get("/api/v1/customers/" + id);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(StrAt(r.Json(), "/source"), winner);
  EXPECT_EQ(r.Json().at("version"), json::value(2));
}

TEST_F(ConcurrencyTest, ConcurrentMergePatchesLoseNoUpdate) {
  const std::string id = CreateId(R"({"name": "Merged Mona"})");
  constexpr int kThreads = 40;
  auto outcomes = RunConcurrently(kThreads, [&](HttpClient& c, int i) {
    return c.Patch("/api/v1/customers/" + id,
                   Dump(json::object{{"custom", json::object{{"k" + std::to_string(i), i}}}}));
  });
  for (const Outcome& o : outcomes) {
    ASSERT_TRUE(o.error.empty()) << o.error;
    EXPECT_EQ(o.status, 200) << o.body;
  }
  Reply r = client_->Get("/api/v1/customers/" + id);
  ASSERT_EQ(r.status, 200);
  json::value v = r.Json();
  ASSERT_TRUE(At(v, "/custom") && v.at("custom").is_object());
  EXPECT_EQ(v.at("custom").as_object().size(), static_cast<std::size_t>(kThreads))
      << "every key written by a 200 PATCH must be there: " << Dump(v.at("custom"));
  EXPECT_EQ(v.at("version"), json::value(kThreads + 1));
}

TEST_F(ConcurrencyTest, ConcurrentStageMovesToTheSameStageOnlyOneWins) {
  const std::string id = CreateId(R"({"name": "Racing Rita"})");
  constexpr int kThreads = 20;
  auto outcomes = RunConcurrently(kThreads, [&](HttpClient& c, int) {
    return c.Post("/api/v1/customers/" + id + "/stage", R"({"stage": "lead"})");
  });
  int ok = 0, conflict = 0;
  for (const Outcome& o : outcomes) {
    ASSERT_TRUE(o.error.empty()) << o.error;
    if (o.status == 200)
      ++ok;
    else if (o.status == 409)
      ++conflict;
    else
      ADD_FAILURE() << "unexpected " << o.status << ": " << o.body;
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(conflict, kThreads - 1) << "lead -> lead is a conflict";
  Reply h = client_->Get("/api/v1/customers/" + id + "/history");
  ASSERT_EQ(h.status, 200);
  EXPECT_EQ(h.Json().at("data").as_array().size(), 1u) << h.body;
}

}  // namespace
