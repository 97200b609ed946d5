// The account commands of the CLI (docs/accounts.md): `rapport user list|update|deactivate|
// activate|reset-password` and `rapport token list|revoke`, run against the database of a running
// server, whose answers must change at once.
//
// Every test runs its own server on its own database.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "api_helpers.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::At;
using rapport_test::CliResult;
using rapport_test::Dump;
using rapport_test::FreshServerWithIdsSuite;
using rapport_test::HttpClient;
using rapport_test::IdText;
using rapport_test::IsNullAt;
using rapport_test::RapportServer;
using rapport_test::Reply;
using rapport_test::RunCli;
using rapport_test::Show;
using rapport_test::StrAt;
using rapport_test::Trim;

using Row = std::vector<std::string>;

// Tab-separated output, one row per non-empty line.
std::vector<Row> Rows(const std::string& out) {
  std::vector<Row> rows;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    if (Trim(line).empty()) continue;
    Row row;
    std::string::size_type start = 0;
    while (true) {
      const auto tab = line.find('\t', start);
      row.push_back(line.substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    rows.push_back(row);
  }
  return rows;
}

class CliAccountsTest : public FreshServerWithIdsSuite {
 protected:
  std::unique_ptr<HttpClient>& admin_ = client_;  // the admin's client, by the name these tests use

  // `rapport <args> --db <the server's database>`.
  CliResult Cli(std::vector<std::string> args, const std::string& stdin_text = "") {
    args.push_back("--db");
    args.push_back(server_->db_path());
    return RunCli(args, stdin_text);
  }

  json::value GetUser(const std::string& id) {
    return rapport_test::GetJson(*admin_, "/api/v1/users/" + id);
  }

  std::string CreateCustomerAsRep(const std::string& name) {
    Reply r = rep_->Post("/api/v1/customers", Dump(json::object{{"name", name}}));
    EXPECT_EQ(r.status, 201) << r.Summary();
    return r.status == 201 ? StrAt(r.Json(), "/id") : "";
  }

  std::vector<json::value> Audit(const std::string& action) {
    return rapport_test::AuditEntries(*admin_, action);
  }
};

// The row whose column `column` is `value`, or an empty row.
Row FindRow(const std::vector<Row>& rows, std::size_t column, const std::string& value) {
  for (const Row& r : rows)
    if (r.size() > column && r[column] == value) return r;
  return {};
}

TEST_F(CliAccountsTest, UserListPrintsTheUsers) {
  ASSERT_EQ(admin_->Post("/api/v1/users",
                         R"({"email": "mia@example.com", "name": "Mia Manager", "role": "manager", "team": "north"})")
                .status,
            201);
  CliResult r = Cli({"user", "list"});
  ASSERT_EQ(r.exit_code, 0) << Show(r);
  const std::vector<Row> rows = Rows(r.out);
  EXPECT_EQ(rows.size(), 3u) << Show(r);
  // id, email, name, role, team, active
  const Row admin = FindRow(rows, 1, RapportServer::kAdminEmail);
  ASSERT_EQ(admin.size(), 6u) << Show(r);
  EXPECT_EQ(admin[0], admin_id_);
  EXPECT_EQ(admin[3], "admin");
  EXPECT_EQ(admin[5], "active");
  const Row rep = FindRow(rows, 1, RapportServer::kRepEmail);
  ASSERT_EQ(rep.size(), 6u) << Show(r);
  EXPECT_EQ(rep[0], rep_id_);
  EXPECT_EQ(rep[3], "rep");
  const Row mia = FindRow(rows, 1, "mia@example.com");
  ASSERT_EQ(mia.size(), 6u) << Show(r);
  EXPECT_EQ(mia[2], "Mia Manager");
  EXPECT_EQ(mia[3], "manager");
  EXPECT_EQ(mia[4], "north");
}

TEST_F(CliAccountsTest, UserUpdateChangesRoleAndTeamAtOnce) {
  ASSERT_EQ(rep_->Get("/api/v1/audit").status, 403) << "reps do not read the audit log";
  CliResult r = Cli({"user", "update", "--email", RapportServer::kRepEmail, "--role", "manager",
                     "--team", "south"});
  ASSERT_EQ(r.exit_code, 0) << Show(r);
  json::value u = GetUser(rep_id_);
  EXPECT_EQ(StrAt(u, "/role"), "manager");
  EXPECT_EQ(StrAt(u, "/team"), "south");
  EXPECT_EQ(StrAt(u, "/name"), "Rep") << "unchanged";
  EXPECT_EQ(rep_->Get("/api/v1/audit").status, 200) << "the running server sees the new role";
  const Row row = FindRow(Rows(Cli({"user", "list"}).out), 1, RapportServer::kRepEmail);
  ASSERT_EQ(row.size(), 6u);
  EXPECT_EQ(row[3], "manager");

  CliResult no_team = Cli({"user", "update", "--email", "REP@example.com", "--no-team"});
  ASSERT_EQ(no_team.exit_code, 0) << Show(no_team);
  EXPECT_TRUE(IsNullAt(GetUser(rep_id_), "/team"));

  // The last admin stays an admin.
  CliResult last = Cli({"user", "update", "--email", RapportServer::kAdminEmail, "--role", "rep"});
  EXPECT_NE(last.exit_code, 0) << Show(last);
  EXPECT_FALSE(Trim(last.err).empty()) << Show(last);
  EXPECT_EQ(StrAt(GetUser(admin_id_), "/role"), "admin");
}

TEST_F(CliAccountsTest, DeactivateNeedsReassignToWhenTheUserOwnsCustomers) {
  std::vector<std::string> ids{CreateCustomerAsRep("Cli Owned A"), CreateCustomerAsRep("Cli Owned B")};

  CliResult refused = Cli({"user", "deactivate", "--email", RapportServer::kRepEmail});
  EXPECT_NE(refused.exit_code, 0) << Show(refused);
  EXPECT_NE(refused.err.find("--reassign-to"), std::string::npos) << Show(refused);
  EXPECT_EQ(GetUser(rep_id_).at("active"), json::value(true)) << "nothing changed";
  EXPECT_EQ(rep_->Get("/api/v1/customers").status, 200) << "the rep's token still works";
  EXPECT_TRUE(Audit("user.deactivate").empty());

  CliResult done = Cli({"user", "deactivate", "--email", RapportServer::kRepEmail, "--reassign-to",
                        RapportServer::kAdminEmail});
  ASSERT_EQ(done.exit_code, 0) << Show(done);
  Reply after = rep_->Get("/api/v1/customers");
  EXPECT_EQ(after.status, 401) << "revoked at once: " << after.Summary();
  EXPECT_EQ(GetUser(rep_id_).at("active"), json::value(false));
  for (const std::string& id : ids) {
    Reply c = admin_->Get("/api/v1/customers/" + id);
    ASSERT_EQ(c.status, 200) << c.Summary();
    EXPECT_EQ(StrAt(c.Json(), "/owner_id"), admin_id_) << c.body;
  }
  std::vector<json::value> deactivations = Audit("user.deactivate");
  ASSERT_EQ(deactivations.size(), 1u);
  EXPECT_EQ(StrAt(deactivations[0], "/client_address"), "cli") << Dump(deactivations[0]);
  EXPECT_TRUE(IsNullAt(deactivations[0], "/user_id")) << Dump(deactivations[0]);
  EXPECT_EQ(IdText(At(deactivations[0], "/entity_id")), rep_id_) << Dump(deactivations[0]);
  EXPECT_EQ(Audit("customer.reassign").size(), 2u);

  CliResult on = Cli({"user", "activate", "--email", RapportServer::kRepEmail});
  ASSERT_EQ(on.exit_code, 0) << Show(on);
  EXPECT_EQ(GetUser(rep_id_).at("active"), json::value(true));
  const Row row = FindRow(Rows(Cli({"user", "list"}).out), 1, RapportServer::kRepEmail);
  ASSERT_EQ(row.size(), 6u);
  EXPECT_EQ(row[5], "active");
}

TEST_F(CliAccountsTest, ResetPasswordPrintsTheTokenAloneAndTheApiAcceptsIt) {
  CliResult r = Cli({"user", "reset-password", "--email", RapportServer::kRepEmail});
  ASSERT_EQ(r.exit_code, 0) << Show(r);
  const std::string token = Trim(r.out);
  ASSERT_GE(token.size(), 20u) << Show(r);
  EXPECT_EQ(token.find_first_of(" \t\r\n"), std::string::npos) << "stdout is the token alone\n"
                                                               << Show(r);
  EXPECT_TRUE(r.out == token || r.out == token + "\n") << "[" << r.out << "]";

  HttpClient anon = server_->Client("");
  Reply used = anon.Post("/api/v1/auth/password-reset",
                         Dump(json::object{{"token", token}, {"password", "a fresh cli passphrase"}}));
  ASSERT_EQ(used.status, 204) << used.Summary();
  Reply login = rapport_test::Login(anon, RapportServer::kRepEmail, "a fresh cli passphrase");
  EXPECT_EQ(login.status, 200) << login.Summary();
  Reply again = anon.Post("/api/v1/auth/password-reset",
                          Dump(json::object{{"token", token}, {"password", "another passphrase"}}));
  EXPECT_EQ(again.status, 422) << "one use: " << again.Summary();
}

TEST_F(CliAccountsTest, TokenListShowsTheTokenAndRevokeEndsItAtOnce) {
  Reply made = admin_->Post("/api/v1/tokens", R"({"name": "to revoke"})");
  ASSERT_EQ(made.status, 201) << made.Summary();
  const std::string id = StrAt(made.Json(), "/id");
  const std::string secret = StrAt(made.Json(), "/token");
  HttpClient with = server_->Client(secret);
  ASSERT_EQ(with.Get("/api/v1/customers").status, 200);

  CliResult list = Cli({"token", "list"});
  ASSERT_EQ(list.exit_code, 0) << Show(list);
  EXPECT_EQ(list.out.find(secret), std::string::npos) << "no secrets in the list\n" << Show(list);
  // id, user id, name, created, last used, expires, revoked
  Row row = FindRow(Rows(list.out), 0, id);
  ASSERT_EQ(row.size(), 7u) << Show(list);
  EXPECT_EQ(row[1], admin_id_);
  EXPECT_EQ(row[2], "to revoke");
  EXPECT_EQ(row[6], "-") << "not revoked yet";

  CliResult mine = Cli({"token", "list", "--user", RapportServer::kRepEmail});
  ASSERT_EQ(mine.exit_code, 0) << Show(mine);
  EXPECT_TRUE(FindRow(Rows(mine.out), 0, id).empty()) << "--user filters\n" << Show(mine);
  for (const Row& r : Rows(mine.out)) EXPECT_EQ(r.size() > 1 ? r[1] : "", rep_id_) << Show(mine);

  CliResult revoke = Cli({"token", "revoke", "--id", id});
  ASSERT_EQ(revoke.exit_code, 0) << Show(revoke);
  Reply after = with.Get("/api/v1/customers");
  EXPECT_EQ(after.status, 401) << "revoked at once: " << after.Summary();
  EXPECT_EQ(admin_->Get("/api/v1/customers").status, 200) << "other tokens keep working";
  row = FindRow(Rows(Cli({"token", "list"}).out), 0, id);
  ASSERT_EQ(row.size(), 7u);
  EXPECT_NE(row[6], "-") << "shown as revoked";

  CliResult missing = Cli({"token", "revoke", "--id", "987654"});
  EXPECT_NE(missing.exit_code, 0) << Show(missing);
  EXPECT_NE(missing.err.find("987654"), std::string::npos) << Show(missing);
}

TEST_F(CliAccountsTest, UnknownEmailFailsNamingTheEmail) {
  const std::string ghost = "ghost@example.com";
  const std::vector<std::vector<std::string>> commands{
      {"user", "update", "--email", ghost, "--role", "manager"},
      {"user", "deactivate", "--email", ghost},
      {"user", "activate", "--email", ghost},
      {"user", "reset-password", "--email", ghost},
      {"user", "deactivate", "--email", RapportServer::kRepEmail, "--reassign-to", ghost},
      {"token", "list", "--user", ghost},
      {"token", "create", "--user", ghost, "--name", "x"},
  };
  for (const std::vector<std::string>& args : commands) {
    CliResult r = Cli(args);
    std::string line;
    for (const std::string& a : args) line += a + " ";
    EXPECT_NE(r.exit_code, 0) << line << "\n" << Show(r);
    EXPECT_NE(r.err.find(ghost), std::string::npos) << line << "\n" << Show(r);
    EXPECT_TRUE(Trim(r.out).empty()) << line << "\n" << Show(r);
  }
  EXPECT_EQ(GetUser(rep_id_).at("active"), json::value(true));
  EXPECT_EQ(rep_->Get("/api/v1/customers").status, 200);
}

}  // namespace
