// The server's defences through the real binary: security headers, --body-limit, the TLS flags
// (both or neither, a bad file named before the database is touched, the https:// URL printed).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api_helpers.hpp"
#include "http_client.hpp"
#include "server_process.hpp"

namespace {

using rapport_test::CliResult;
using rapport_test::HttpClient;
using rapport_test::RapportServer;
using rapport_test::Reply;
using rapport_test::RunCli;
using rapport_test::Show;
using rapport_test::Trim;

void ExpectSecurityHeaders(const Reply& r) {
  EXPECT_EQ(r.Header("Content-Security-Policy"),
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
      << r.Summary();
  EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff") << r.Summary();
  EXPECT_EQ(r.Header("Referrer-Policy"), "no-referrer") << r.Summary();
  EXPECT_EQ(r.Header("X-Frame-Options"), "DENY") << r.Summary();
}

// A temporary directory for databases and certificate files, removed at the end.
class DefencesCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "rapport-defences-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    try {
      rapport_test::RapportBinary();
    } catch (const std::exception& e) {
      FAIL() << e.what();
    }
  }
  void TearDown() override {
    for (const std::string& db : databases_) rapport_test::DropDatabase(db);
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }

  std::string NewDb() {
    databases_.push_back(rapport_test::NewDatabase(dir_, "defences"));
    return databases_.back();
  }

  // Exit status non-zero, exactly one line on stderr, naming `what`.
  static void ExpectOneLineFailureNaming(const CliResult& r, const std::string& what) {
    EXPECT_NE(r.exit_code, 0) << Show(r);
    const std::string message = Trim(r.err);
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line expected\n" << Show(r);
    EXPECT_NE(message.find(what), std::string::npos) << "should name " << what << "\n" << Show(r);
  }

  std::string dir_;
  std::vector<std::string> databases_;
};

// A database that is not there (SQLite: no file; PostgreSQL: no such database): the TLS error
// comes first, and no file is created.
TEST_F(DefencesCliTest, TlsCertWithoutTlsKeyFailsNamingTlsKey) {
  const std::string db = rapport_test::MissingDatabase(dir_, "defences");
  CliResult r = RunCli({"serve", "--db", db, "--tls-cert", dir_ + "/cert.pem"});
  ExpectOneLineFailureNaming(r, "--tls-key");
  r = RunCli({"serve", "--db", db, "--tls-key", dir_ + "/key.pem"});
  ExpectOneLineFailureNaming(r, "--tls-cert");
  EXPECT_FALSE(rapport_test::DatabaseExists(db)) << "refused before touching the database";
}

TEST_F(DefencesCliTest, MissingCertificateFileFailsNamingIt) {
  const std::string db = rapport_test::MissingDatabase(dir_, "defences");
  const std::string cert = dir_ + "/no-such-cert.pem";
  CliResult r = RunCli({"serve", "--db", db, "--listen", "127.0.0.1:0", "--tls-cert", cert,
                        "--tls-key", dir_ + "/no-such-key.pem"});
  ExpectOneLineFailureNaming(r, cert);
  EXPECT_FALSE(rapport_test::DatabaseExists(db)) << "refused before touching the database";
}

TEST_F(DefencesCliTest, BadBodyLimitAndMaxConnectionsNameTheOption) {
  const std::string db = NewDb();
  ExpectOneLineFailureNaming(RunCli({"serve", "--db", db, "--body-limit", "lots"}),
                             "--body-limit");
  ExpectOneLineFailureNaming(RunCli({"serve", "--db", db, "--max-connections", "0"}),
                             "--max-connections");
}

// The real binary with a certificate made by the openssl command: it prints its https:// URL,
// and a plain-HTTP client to that port gets no HTTP answer. (The TLS round trip itself is a unit
// test: tests/unit/http_server_test.cpp.)
TEST_F(DefencesCliTest, ServesHttpsWithACertificate) {
  const std::string cert = dir_ + "/cert.pem", key = dir_ + "/key.pem";
  CliResult made = rapport_test::RunProgram(
      "/usr/bin/openssl", {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                           "-nodes", "-subj", "/CN=localhost", "-days", "1", "-keyout", key,
                           "-out", cert});
  ASSERT_EQ(made.exit_code, 0) << "openssl req failed (package openssl)\n" << Show(made);

  const unsigned short port = rapport_test::PickFreePort();
  const std::string where = "127.0.0.1:" + std::to_string(port);
  std::string plain_answer = "<not tried>";
  std::thread prober([&] {
    // Waits for the server to listen, then speaks plain HTTP to it.
    for (int i = 0; i < 100; ++i) {
      try {
        plain_answer = rapport_test::RawExchange("127.0.0.1", port,
                                                 "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n",
                                                 std::chrono::milliseconds(1000));
        return;
      } catch (const std::exception&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
  });
  // The server runs until the harness kills it after the timeout.
  CliResult r = RunCli({"serve", "--db", NewDb(), "--listen", where, "--tls-cert", cert,
                        "--tls-key", key},
                       "", std::chrono::seconds(4));
  prober.join();
  EXPECT_NE(r.out.find("on https://" + where), std::string::npos) << Show(r);
  EXPECT_EQ(plain_answer.find("HTTP/1."), std::string::npos) << plain_answer;
  EXPECT_NE(plain_answer, "<not tried>");
}

class DefencesServerTest : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> serve_args = {}) {
    try {
      server_ = std::make_unique<RapportServer>(std::move(serve_args));
    } catch (const std::exception& e) {
      FAIL() << "server setup failed: " << e.what();
    }
  }
  std::unique_ptr<RapportServer> server_;
};

TEST_F(DefencesServerTest, EveryResponseCarriesTheSecurityHeaders) {
  Start();
  ASSERT_TRUE(server_);
  HttpClient client = server_->Client();
  Reply health = client.Get("/healthz");
  EXPECT_EQ(health.status, 200) << health.Summary();
  ExpectSecurityHeaders(health);
  Reply list = client.Get("/api/v1/customers?limit=1");
  EXPECT_EQ(list.status, 200) << list.Summary();
  ExpectSecurityHeaders(list);
  Reply missing = client.Get("/api/v1/no-such-thing");
  EXPECT_EQ(missing.status, 404) << missing.Summary();
  ExpectSecurityHeaders(missing);
  Reply anonymous = server_->Client("").Get("/api/v1/customers");
  EXPECT_EQ(anonymous.status, 401) << anonymous.Summary();
  ExpectSecurityHeaders(anonymous);
  EXPECT_EQ(health.Header("Strict-Transport-Security"), "");  // plain HTTP
}

TEST_F(DefencesServerTest, BodyLimitFlagRefusesLargerBodies) {
  Start({"--body-limit", "1000"});
  ASSERT_TRUE(server_);
  HttpClient client = server_->Client();
  const std::string big = R"({"name":"Big","notes":")" + std::string(2000, 'x') + R"("})";
  Reply r = client.Post("/api/v1/customers", big);
  EXPECT_EQ(r.status, 413) << r.Summary();
  EXPECT_EQ(rapport_test::StrAt(r.Json(), "/error/code"), "payload_too_large") << r.Summary();
  EXPECT_NE(rapport_test::StrAt(r.Json(), "/error/message").find("1000 bytes"), std::string::npos)
      << r.Summary();
  ExpectSecurityHeaders(r);

  HttpClient small_client = server_->Client();
  Reply small = small_client.Post("/api/v1/customers", R"({"name":"Small"})");
  EXPECT_EQ(small.status, 201) << small.Summary();
}

}  // namespace
