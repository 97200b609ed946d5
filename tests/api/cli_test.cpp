// The command line: version, flag errors, users and tokens.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <regex>
#include <string>
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

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "rapport-cli-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) dir_ = tmpl;
    try {
      server_ = std::make_unique<RapportServer>();
    } catch (const std::exception& e) {
      setup_error_ = e.what();
    }
  }
  static void TearDownTestSuite() {
    server_.reset();
    for (const std::string& db : databases_) rapport_test::DropDatabase(db);
    databases_.clear();
    if (!dir_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
    }
  }
  void SetUp() override {
    ASSERT_FALSE(dir_.empty()) << "mkdtemp failed";
    try {
      rapport_test::RapportBinary();
    } catch (const std::exception& e) {
      FAIL() << e.what();
    }
  }

  // A fresh database: a path in the temp dir (not created), or a new empty PostgreSQL database.
  static std::string NewDbPath() {
    databases_.push_back(rapport_test::NewDatabase(dir_, "cli"));
    return databases_.back();
  }

  static CliResult AddUser(const std::string& db, const std::string& email,
                           const std::string& password, const std::string& role = "admin") {
    return RunCli(
        {"user", "add", "--db", db, "--email", email, "--name", "Someone", "--role", role},
        password + "\n");
  }
  static CliResult CreateToken(const std::string& db, const std::string& email) {
    return RunCli({"token", "create", "--db", db, "--user", email, "--name", "cli-test"});
  }

  // Exit status non-zero and a message on stderr.
  static void ExpectFailureWithMessage(const CliResult& r) {
    EXPECT_NE(r.exit_code, 0) << Show(r);
    EXPECT_FALSE(Trim(r.err).empty()) << "a failure must say why on stderr\n" << Show(r);
  }

  // Exit status non-zero and exactly one non-empty line on stderr.
  static void ExpectOneLineFailure(const CliResult& r) {
    EXPECT_NE(r.exit_code, 0) << Show(r);
    const std::string message = Trim(r.err);
    EXPECT_FALSE(message.empty()) << "a failure must say why on stderr\n" << Show(r);
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line expected\n" << Show(r);
  }

  static inline std::string dir_;
  static inline std::vector<std::string> databases_;  // made by NewDbPath, dropped at the end
  static inline std::unique_ptr<RapportServer> server_;
  static inline std::string setup_error_;
};

TEST_F(CliTest, VersionExitsZeroAndPrintsTheVersion) {
  CliResult r = RunCli({"version"});
  EXPECT_EQ(r.exit_code, 0) << Show(r);
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\d+\.\d+\.\d+)"))) << Show(r);
}

TEST_F(CliTest, UnknownFlagFailsWithOneLineMessage) {
  ExpectOneLineFailure(RunCli({"serve", "--bogus"}));
  ExpectOneLineFailure(RunCli({"serve", "--db", NewDbPath(), "--bogus"}));
  ExpectOneLineFailure(RunCli({"version", "--bogus"}));
}

// The message names the actual mistake rather than something else that is also missing.
TEST_F(CliTest, UnknownFlagIsNamedInTheMessage) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"serve", "--bogus"},
        std::vector<std::string>{"serve", "--db", NewDbPath(), "--bogus"},
        std::vector<std::string>{"version", "--bogus"}}) {
    CliResult r = RunCli(args);
    EXPECT_NE(r.exit_code, 0) << Show(r);
    EXPECT_NE(r.err.find("--bogus"), std::string::npos)
        << "rapport " << args[0] << " " << args.back() << ": message should name --bogus\n"
        << Show(r);
  }
}

// SQLite: a path to no file; PostgreSQL: a URL naming a database the server does not have.
TEST_F(CliTest, TokenCreateOnMissingDatabaseFails) {
  const std::string db = rapport_test::MissingDatabase(dir_, "cli");
  CliResult r = RunCli({"token", "create", "--db", db, "--user", "x@y.z"});
  ExpectFailureWithMessage(r);
  EXPECT_NE(r.err.find(rapport_test::DatabaseName(db)), std::string::npos)
      << "the message should name the database " << rapport_test::DatabaseName(db) << "\n"
      << Show(r);
  EXPECT_FALSE(rapport_test::DatabaseExists(db)) << "a mistyped --db must not create a database";
}

TEST_F(CliTest, UserAddRejectsAPasswordShorterThan10Characters) {
  const std::string db = NewDbPath();
  for (const char* password : {"short", "123456789", ""}) {
    SCOPED_TRACE(password);
    CliResult r = AddUser(db, "weak@example.com", password);
    ExpectFailureWithMessage(r);
    EXPECT_NE(r.err.find("password"), std::string::npos) << Show(r);
  }
  // The user was not created.
  CliResult token = CreateToken(db, "weak@example.com");
  EXPECT_NE(token.exit_code, 0) << Show(token);
  // Ten characters but one of the 1,000 most common passwords (any case): refused.
  for (const char* common : {"1234567890", "QwertyuiOP"}) {
    CliResult r = AddUser(db, "common@example.com", common);
    ExpectFailureWithMessage(r);
    EXPECT_NE(r.err.find("too common"), std::string::npos) << Show(r);
  }
  // Exactly 10 characters is enough.
  CliResult ok = AddUser(db, "ten@example.com", "k7#pq9vz2m");
  EXPECT_EQ(ok.exit_code, 0) << Show(ok);
}

TEST_F(CliTest, UserAddThenTokenCreatePrintsTheTokenAlone) {
  const std::string db = NewDbPath();
  CliResult add = AddUser(db, "fresh@example.com", "a long enough password");
  ASSERT_EQ(add.exit_code, 0) << Show(add);
  CliResult token = CreateToken(db, "fresh@example.com");
  ASSERT_EQ(token.exit_code, 0) << Show(token);
  const std::string t = Trim(token.out);
  EXPECT_FALSE(t.empty());
  EXPECT_EQ(t.find_first_of(" \t\r\n"), std::string::npos)
      << "stdout is the token alone: " << token.out;
  EXPECT_TRUE(token.out == t || token.out == t + "\n") << "[" << token.out << "]";
  // Each call makes a new token.
  CliResult again = CreateToken(db, "fresh@example.com");
  ASSERT_EQ(again.exit_code, 0) << Show(again);
  EXPECT_NE(Trim(again.out), t);
}

TEST_F(CliTest, DuplicateUserAndUnknownUserFail) {
  const std::string db = NewDbPath();
  ASSERT_EQ(AddUser(db, "dup@example.com", "a long enough password").exit_code, 0);
  ExpectFailureWithMessage(AddUser(db, "dup@example.com", "another long password"));
  ExpectFailureWithMessage(AddUser(db, "DUP@Example.com", "another long password"));
  ExpectFailureWithMessage(CreateToken(db, "nobody@example.com"));
}

TEST_F(CliTest, MissingRequiredOptionFails) {
  ExpectFailureWithMessage(RunCli({"token", "create", "--user", "x@y.z"}));
  ExpectFailureWithMessage(
      RunCli({"user", "add", "--db", NewDbPath()}, "a long enough password\n"));
}

TEST_F(CliTest, TokenCreatedWhileTheServerRunsWorksAtOnce) {
  ASSERT_TRUE(server_) << "server setup failed: " << setup_error_;
  CliResult token = CreateToken(server_->db_path(), RapportServer::kAdminEmail);
  ASSERT_EQ(token.exit_code, 0) << Show(token);
  HttpClient c = server_->Client(Trim(token.out));
  Reply r = c.Get("/api/v1/customers");
  EXPECT_EQ(r.status, 200) << r.Summary();

  HttpClient rep = server_->Client(server_->rep_token());
  Reply rr = rep.Get("/api/v1/customers");
  EXPECT_EQ(rr.status, 200) << rr.Summary();
}

// Bad values name the option and change nothing.
TEST_F(CliTest, BadOptionValuesNameTheOption) {
  const std::string db = NewDbPath();
  CliResult listen = RunCli({"serve", "--db", db, "--listen", "nonsense"});
  ExpectFailureWithMessage(listen);
  EXPECT_NE(listen.err.find("--listen"), std::string::npos) << Show(listen);

  CliResult as_of = RunCli({"demo", "--db", db, "--customers", "5", "--as-of", "yesterday"});
  ExpectFailureWithMessage(as_of);
  EXPECT_NE(as_of.err.find("--as-of"), std::string::npos) << Show(as_of);

  CliResult currency = RunCli({"migrate", "--db", db, "--currency", "XYZ"});
  ExpectFailureWithMessage(currency);
  EXPECT_NE(currency.err.find("ISO 4217"), std::string::npos) << Show(currency);
}

// Demo data goes into a new database only: a second run refuses instead of mixing data.
TEST_F(CliTest, DemoRefusesADatabaseThatHasCustomers) {
  const std::string db = NewDbPath();
  CliResult first = RunCli({"demo", "--db", db, "--customers", "20", "--seed", "3"});
  ASSERT_EQ(first.exit_code, 0) << Show(first);
  CliResult second = RunCli({"demo", "--db", db, "--customers", "20", "--seed", "3"});
  ExpectFailureWithMessage(second);
  EXPECT_NE(second.err.find("already has customers"), std::string::npos) << Show(second);
  // Once customers exist, the currency can no longer change.
  CliResult currency = RunCli({"migrate", "--db", db, "--currency", "EUR"});
  ExpectFailureWithMessage(currency);
  EXPECT_NE(currency.err.find("cannot be changed"), std::string::npos) << Show(currency);
}

}  // namespace
