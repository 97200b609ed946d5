// Test fixtures running the real server. ServerSuite: one server shared by a suite (started once
// per suite; CTest runs each test in its own process, so in practice once per test), with an
// authenticated admin client per test. FreshServerSuite: a server of its own for every test.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api_helpers.hpp"
#include "server_process.hpp"

namespace rapport_test {

class ServerSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    try {
      server_ = std::make_unique<RapportServer>();
    } catch (const std::exception& e) {
      setup_error_ = e.what();
    }
  }
  static void TearDownTestSuite() { server_.reset(); }
  void SetUp() override {
    ASSERT_TRUE(server_) << "server setup failed: " << setup_error_;
    client_ = std::make_unique<HttpClient>(server_->Client());
  }

  static inline std::unique_ptr<RapportServer> server_;
  static inline std::string setup_error_;
  std::unique_ptr<HttpClient> client_;
};

// One server per test (not per suite), for tests that count exact sets of customers, users and
// audit entries, change users, tokens and sign-ins (failed sign-ins count against 127.0.0.1), or
// start the server with other `serve` flags: they must not see each other's data even when run in
// one process.
class FreshServerSuite : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(); }

  // Starts this test's server (stopping the one it had) with `serve_args` appended to
  // `rapport serve`, and the clients. A server that does not start is a fatal failure ("server
  // setup failed: ...") that leaves server_ and the clients empty: check HasFatalFailure() after.
  void StartServer(std::vector<std::string> serve_args = {}) {
    client_.reset();
    rep_.reset();
    anon_.reset();
    server_.reset();
    try {
      server_ = std::make_unique<RapportServer>(std::move(serve_args));
    } catch (const std::exception& e) {
      FAIL() << "server setup failed: " << e.what();
    }
    client_ = std::make_unique<HttpClient>(server_->Client());
    rep_ = std::make_unique<HttpClient>(server_->Client(server_->rep_token()));
    anon_ = std::make_unique<HttpClient>(server_->Client(""));
  }

  std::unique_ptr<RapportServer> server_;
  std::unique_ptr<HttpClient> client_;  // the admin's token
  std::unique_ptr<HttpClient> rep_;     // the rep's token
  std::unique_ptr<HttpClient> anon_;    // no Authorization header
};

// A FreshServerSuite that also knows the admin's and the rep's user ids.
class FreshServerWithIdsSuite : public FreshServerSuite {
 protected:
  void SetUp() override {
    FreshServerSuite::SetUp();
    if (HasFatalFailure()) return;
    admin_id_ = SelfId(*client_);
    rep_id_ = SelfId(*rep_);
    ASSERT_FALSE(admin_id_.empty());
    ASSERT_FALSE(rep_id_.empty());
  }

  std::string admin_id_;
  std::string rep_id_;
};

}  // namespace rapport_test
