// Password hashing cannot be turned against the server's memory (issue 21, hole 1): each
// argon2id hash holds 64 MiB while it runs. A made-up reset ticket must cost no hash at all, and
// however many requests hash at once, no more than one per core run together.
//
// Every test runs its own server: the figures are the server process's peak resident memory.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "api_helpers.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::Dump;
using rapport_test::FreshServerSuite;
using rapport_test::HttpClient;
using rapport_test::Reply;

constexpr long kMiB = 1024 * 1024;

// The peak resident set (VmHWM) of process `pid` in bytes; -1 when unreadable.
long PeakResidentBytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with("VmHWM:")) return std::stol(line.substr(6)) * 1024;
  return -1;
}

class PasswordHashBoundTest : public FreshServerSuite {
 protected:
  // `clients` threads, each with its own connection, send `per_client` requests made by
  // `request(client, thread, i)` after all have connected; returns each answer's status.
  template <typename Fn>
  std::vector<int> Flood(int clients, int per_client, Fn request) {
    std::vector<int> statuses(static_cast<std::size_t>(clients * per_client), 0);
    std::latch ready(clients);
    std::vector<std::thread> threads;
    for (int t = 0; t < clients; ++t) {
      threads.emplace_back([&, t] {
        HttpClient c = server_->Client();
        c.Get("/healthz");
        ready.arrive_and_wait();
        for (int i = 0; i < per_client; ++i) {
          try {
            statuses[static_cast<std::size_t>(t * per_client + i)] = request(c, t, i).status;
          } catch (const std::exception&) {
            statuses[static_cast<std::size_t>(t * per_client + i)] = -1;
          }
        }
      });
    }
    for (auto& th : threads) th.join();
    return statuses;
  }
};

// Before the fix: 640 resets with made-up tickets, 64 at a time, hashed the new password before
// looking at the ticket: the server grew by gigabytes.
TEST_F(PasswordHashBoundTest, MadeUpResetTicketsCostNoHash) {
  const long before = PeakResidentBytes(server_->pid());
  ASSERT_GT(before, 0);
  auto statuses = Flood(64, 10, [](HttpClient& c, int t, int i) {
    const std::string ticket = "made-up-ticket-" + std::to_string(t) + "-" + std::to_string(i) +
                               "-xxxxxxxxxxxxxxxxxxxxxxxx";
    c.SetToken("");
    return c.Post("/api/v1/auth/password-reset",
                  Dump(json::object{{"token", ticket}, {"password", "a long enough new passphrase"}}));
  });
  for (int s : statuses) ASSERT_EQ(s, 422);
  const long grown = PeakResidentBytes(server_->pid()) - before;
  EXPECT_LT(grown, 128 * kMiB) << "peak RSS grew by " << grown / kMiB << " MiB";
  // The server still serves others promptly.
  Reply ok = client_->Post("/api/v1/customers", R"({"name": "After the flood", "kind": "person"})");
  EXPECT_EQ(ok.status, 201) << ok.Summary();
}

// Requests that really hash (users created with a password: 48 at once) wait for one of the
// per-core slots instead of holding 64 MiB each.
TEST_F(PasswordHashBoundTest, ConcurrentHashesStayWithinOnePerCore) {
  const long before = PeakResidentBytes(server_->pid());
  ASSERT_GT(before, 0);
  auto statuses = Flood(48, 1, [](HttpClient& c, int t, int) {
    return c.Post("/api/v1/users",
                  Dump(json::object{{"email", "hash" + std::to_string(t) + "@example.com"},
                                    {"name", "Hash " + std::to_string(t)},
                                    {"role", "rep"},
                                    {"password", "a long enough passphrase " + std::to_string(t)}}));
  });
  for (int s : statuses) ASSERT_EQ(s, 201);
  const long cores = std::max(1u, std::thread::hardware_concurrency());
  const long grown = PeakResidentBytes(server_->pid()) - before;
  // 64 MiB per slot, plus room for the 48 requests themselves; 48 unbounded hashes are 3 GiB.
  EXPECT_LT(grown, cores * 64 * kMiB + 192 * kMiB) << "peak RSS grew by " << grown / kMiB << " MiB";
}

}  // namespace
