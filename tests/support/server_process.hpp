// Runs the real `rapport` binary for black-box tests: CLI invocations with captured output, and a
// server process on a private temporary database with an admin and a rep user and their tokens.
// The binary's path comes from the environment variable RAPPORT_BIN (CTest sets it). The database
// is a SQLite file, or a PostgreSQL database when RAPPORT_TEST_PG_URL_FILE is set (see OnPostgres).
//
// Failures to set up (binary missing, CLI step failing, server not becoming healthy) throw
// std::runtime_error with the details (command, exit code, stderr, server log tail).
// Not thread-safe: drive one RapportServer from one thread (clients may run on any thread).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "http_client.hpp"

namespace rapport_test {

struct CliResult {
  int exit_code = -1;  // 128 + signal when killed by a signal
  std::string out;     // stdout
  std::string err;     // stderr
};

// The value of RAPPORT_BIN; throws (with a hint on how to set it) when unset or not executable.
std::string RapportBinary();

// Runs `$RAPPORT_BIN args...` with `stdin_text` on its stdin (then closed). A process still
// running after `timeout` is killed (exit_code 137).
CliResult RunCli(const std::vector<std::string>& args, const std::string& stdin_text = "",
                 std::chrono::seconds timeout = std::chrono::seconds(30));

// Runs any program the same way (used for PostgreSQL's createdb/dropdb/psql).
CliResult RunProgram(const std::string& bin, const std::vector<std::string>& args,
                     const std::string& stdin_text = "",
                     std::chrono::seconds timeout = std::chrono::seconds(30));

// A port that was free a moment ago on 127.0.0.1 (bind to port 0, read it, close).
unsigned short PickFreePort();

// Databases. By default every database of a test is a SQLite file. When the environment variable
// RAPPORT_TEST_PG_URL_FILE names a file holding the URL of a PostgreSQL test server
// (postgresql://rapport@127.0.0.1:PORT/postgres, written by scripts/pg-test-server; the pg.*
// copies of the suite set it), every database is a PostgreSQL database on that server instead,
// passed to `rapport` as --db postgresql://rapport@127.0.0.1:PORT/NAME.
bool OnPostgres();
// A fresh database for --db: a SQLite path in `dir` (not created; rapport creates it), or on
// PostgreSQL the URL of a new, empty database rapport_t_<pid>_<n> (rapport cannot create
// PostgreSQL databases itself). Drop it with DropDatabase.
std::string NewDatabase(const std::string& dir, const std::string& hint);
// A --db naming a database that does not exist: a path in `dir`, or a URL naming a PostgreSQL
// database that is not there.
std::string MissingDatabase(const std::string& dir, const std::string& hint);
// Whether the database `spec` (a path or a URL) exists.
bool DatabaseExists(const std::string& spec);
// What an error message about `spec` should name: the path, or the PostgreSQL database's name.
std::string DatabaseName(const std::string& spec);
// Drops a PostgreSQL database (dropdb --if-exists --force; kept when RAPPORT_TEST_KEEP is set);
// nothing for SQLite paths (they live in a temp dir that is removed).
void DropDatabase(const std::string& spec);

// Trims ASCII whitespace at both ends.
std::string Trim(std::string text);

class RapportServer {
 public:
  static constexpr const char* kAdminEmail = "admin@example.com";
  static constexpr const char* kRepEmail = "rep@example.com";
  static constexpr const char* kPassword = "correct horse battery";

  // Temp dir, database with admin + rep users and their tokens, server started and healthy.
  // The users are created once per `rapport` build and the database copied from a template in
  // the temp directory (on PostgreSQL: a template database on the server) afterwards (password
  // hashing is slow); set RAPPORT_TEST_NO_TEMPLATE to create them every time.
  // extra_serve_args: appended to `rapport serve` (e.g. {"--session-idle", "2s"}).
  explicit RapportServer(std::vector<std::string> extra_serve_args = {});
  // Stops the server (SIGTERM, then SIGKILL) and removes the temp dir and drops the PostgreSQL
  // database (both kept when the environment variable RAPPORT_TEST_KEEP is set, for post-mortems).
  ~RapportServer();
  RapportServer(const RapportServer&) = delete;
  RapportServer& operator=(const RapportServer&) = delete;

  // Starts `rapport serve` on the same database and waits (max 10 s) for GET /healthz == 200.
  void Start();
  // SIGTERM and wait (max 10 s, then SIGKILL). Returns the exit status (128 + signal when killed
  // by a signal); -1 when no server was running.
  int Stop();
  // SIGKILL and reap.
  void Kill();
  // Stop (if running) and Start again on the same database.
  void Restart();
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }  // the running server's process id; -1 when stopped

  const std::string& host() const { return host_; }
  unsigned short port() const { return port_; }
  const std::string& dir() const { return dir_; }
  // The --db value: the SQLite file's path, or the PostgreSQL database's URL.
  const std::string& db_path() const { return db_path_; }
  const std::string& log_path() const { return log_path_; }
  const std::string& token() const { return token_; }
  const std::string& rep_token() const { return rep_token_; }
  std::string ReadLog() const;

  // A new client to this server, carrying the admin token (or `token` when given).
  HttpClient Client() const;
  HttpClient Client(const std::string& token) const;

 private:
  bool TryStart(std::string& failure);
  bool CopyFromTemplate();
  void PublishTemplate();
  std::string CreateUser(const std::string& email, const std::string& name,
                         const std::string& role);

  std::string host_ = "127.0.0.1";
  unsigned short port_ = 0;
  std::string dir_;
  std::string db_path_;
  std::string log_path_;
  std::string token_;
  std::string rep_token_;
  pid_t pid_ = -1;
  std::vector<std::string> extra_serve_args_;
};

}  // namespace rapport_test
