// Durability: what the server acknowledged survives a graceful stop (SIGTERM, exit 0) and a crash
// (SIGKILL), and comes back unchanged after a restart on the same database.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http_client.hpp"
#include "server_process.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::Dump;
using rapport_test::HttpClient;
using rapport_test::RapportServer;
using rapport_test::ServerSuite;
using rapport_test::Reply;
using rapport_test::StrAt;

class DurabilityTest : public ServerSuite {
 protected:
  // A test may leave the server stopped or killed; the next one starts it again.
  void SetUp() override {
    ASSERT_TRUE(server_) << "server setup failed: " << setup_error_;
    if (!server_->running()) {
      try {
        server_->Start();
      } catch (const std::exception& e) {
        FAIL() << e.what();
      }
    }
    client_ = std::make_unique<HttpClient>(server_->Client());
  }

  void RestartOrFail() {
    try {
      server_->Start();
    } catch (const std::exception& e) {
      FAIL() << "restart failed: " << e.what();
    }
  }

  // Writers that create customers (tag `tag`) as fast as they can until `stop` or an error; the
  // acknowledged (201) ones are recorded as id -> name.
  struct Writers {
    std::atomic<bool> stop{false};
    std::atomic<int> acked{0};
    std::mutex mu;
    std::map<std::string, std::string> ids;  // id -> name
    std::vector<std::thread> threads;

    void Start(const RapportServer& server, int n, const std::string& tag) {
      for (int t = 0; t < n; ++t) {
        threads.emplace_back([this, &server, t, tag] {
          try {
            HttpClient c = server.Client();
            c.SetTimeout(std::chrono::seconds(15));
            for (int i = 0; !stop; ++i) {
              const std::string name = tag + " " + std::to_string(t) + "-" + std::to_string(i);
              Reply r = c.Post("/api/v1/customers",
                               Dump(json::object{{"name", name}, {"tags", json::array{tag}}}));
              if (r.status != 201) break;  // e.g. 503 while shutting down
              std::lock_guard lock(mu);
              ids[StrAt(r.Json(), "/id")] = name;
              ++acked;
            }
          } catch (const std::exception&) {
            // The server went away: expected here.
          }
        });
      }
    }
    void WaitFor(int n) {
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (acked < n && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
    }
    void Join() {
      stop = true;
      for (auto& t : threads) t.join();
    }
  };

  void ExpectAllPresent(const std::map<std::string, std::string>& ids) {
    int missing = 0;
    for (const auto& [id, name] : ids) {
      Reply r = client_->Get("/api/v1/customers/" + id);
      if (r.status != 200 || StrAt(r.Json(), "/name") != name) {
        if (++missing <= 5) {
          ADD_FAILURE() << "acknowledged customer " << id << " (" << name
                        << ") lost: " << r.Summary();
        }
      }
    }
    EXPECT_EQ(missing, 0) << "of " << ids.size() << " acknowledged creates";
  }

};

TEST_F(DurabilityTest, GracefulStopExitsZeroAndKeepsEverything) {
  std::vector<std::string> ids;
  for (int i = 0; i < 50; ++i) {
    json::object body{{"kind", i % 5 == 0 ? "company" : "person"},
                      {"name", "Durable " + std::to_string(i) + " Ünïcödé"},
                      {"email", "durable" + std::to_string(i) + "@example.org"},
                      {"phone", "+49 30 " + std::to_string(1000000 + i)},
                      {"address", json::object{{"city", "Berlin"}, {"postal_code", "10115"}}},
                      {"time_zone", "Europe/Berlin"},
                      {"source", i % 2 ? "web" : "fair"},
                      {"acquisition_cost_cents", i * 100},
                      {"tags", json::array{"durable", "n" + std::to_string(i)}},
                      {"custom", json::object{{"i", i}, {"even", i % 2 == 0}}},
                      {"notes", json::object{{"preferences", "prefers mornings"}}}};
    Reply r = client_->Post("/api/v1/customers", Dump(body));
    ASSERT_EQ(r.status, 201) << r.Summary();
    ids.push_back(StrAt(r.Json(), "/id"));
  }
  // Some history and some updates too.
  for (int i = 0; i < 10; ++i) {
    Reply m =
        client_->Post("/api/v1/customers/" + ids[i] + "/stage",
                      i % 2 ? R"({"stage": "romance"})" : R"({"stage": "lost", "reason": "r"})");
    ASSERT_EQ(m.status, 200) << m.Summary();
    Reply p = client_->Patch("/api/v1/customers/" + ids[i], R"({"custom": {"patched": true}})");
    ASSERT_EQ(p.status, 200) << p.Summary();
  }
  ASSERT_EQ(client_->Delete("/api/v1/customers/" + ids[49]).status, 204);

  std::map<std::string, json::value> before, history_before;
  for (const auto& id : ids) {
    before[id] = client_->Get("/api/v1/customers/" + id).Json();
    history_before[id] = client_->Get("/api/v1/customers/" + id + "/history").Json();
  }

  EXPECT_EQ(server_->Stop(), 0) << "SIGTERM must end the server with exit status 0\n"
                                << server_->ReadLog();
  RestartOrFail();

  for (const auto& id : ids) {
    Reply r = client_->Get("/api/v1/customers/" + id);
    ASSERT_EQ(r.status, 200) << id << ": " << r.Summary();
    EXPECT_EQ(r.Json(), before[id]) << "customer " << id << " changed across a restart";
    Reply h = client_->Get("/api/v1/customers/" + id + "/history");
    ASSERT_EQ(h.status, 200) << h.Summary();
    EXPECT_EQ(h.Json(), history_before[id]) << "history of " << id;
  }
  Reply list = client_->Get("/api/v1/customers?tag=durable&limit=500");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Json().at("data").as_array().size(), 49u) << "49 listed, 1 archived";
}

TEST_F(DurabilityTest, SigtermWhileWritingExitsZeroAndKeepsAcknowledgedWrites) {
  Writers w;
  w.Start(*server_, 4, "drain");
  w.WaitFor(100);
  ASSERT_GE(w.acked.load(), 100) << "writers made no progress";
  const int status = server_->Stop();
  w.Join();
  EXPECT_EQ(status, 0) << server_->ReadLog();
  RestartOrFail();
  ExpectAllPresent(w.ids);
}

TEST_F(DurabilityTest, SigkillKeepsEveryAcknowledgedCreate) {
  Writers w;
  w.Start(*server_, 4, "crash");
  w.WaitFor(200);
  ASSERT_GE(w.acked.load(), 200) << "writers made no progress";
  server_->Kill();
  w.Join();
  RestartOrFail();
  ExpectAllPresent(w.ids);

  // The restarted server keeps working normally.
  Reply r = client_->Post("/api/v1/customers", R"({"name": "After The Crash"})");
  EXPECT_EQ(r.status, 201) << r.Summary();
}

TEST_F(DurabilityTest, RepeatedCrashesLoseNothingAcknowledged) {
  std::map<std::string, std::string> all;
  for (int round = 0; round < 3; ++round) {
    Writers w;
    w.Start(*server_, 2, "crash-round-" + std::to_string(round));
    w.WaitFor(30);
    server_->Kill();
    w.Join();
    all.insert(w.ids.begin(), w.ids.end());
    RestartOrFail();
  }
  ExpectAllPresent(all);
}

}  // namespace
