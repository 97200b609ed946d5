// A test suite sharing one real server: started once per suite (CTest runs each test in its own
// process, so in practice once per test), with an authenticated admin client per test.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

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

}  // namespace rapport_test
