#include "server_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace rapport_test {

namespace {

using Clock = std::chrono::steady_clock;

void IgnoreSigpipeOnce() {
  static const bool done = [] {
    ::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)done;
}

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::string Describe(const std::vector<std::string>& args) {
  std::string out = "rapport";
  for (const auto& a : args) out += " " + a;
  return out;
}

// Runs in the child between fork and exec: async-signal-safe calls only.
[[noreturn]] void ExecChild(const std::string& bin, std::vector<char*>& argv) {
  ::signal(SIGPIPE, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::execv(bin.c_str(), argv.data());
  static const char kMsg[] = "exec of RAPPORT_BIN failed\n";
  (void)!::write(2, kMsg, sizeof kMsg - 1);
  ::_exit(127);
}

std::vector<char*> MakeArgv(const std::string& bin, const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(bin.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

}  // namespace

std::string Trim(std::string text) {
  const char* ws = " \t\r\n";
  auto b = text.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  auto e = text.find_last_not_of(ws);
  return text.substr(b, e - b + 1);
}

std::string RapportBinary() {
  const char* bin = std::getenv("RAPPORT_BIN");
#ifdef RAPPORT_DEFAULT_BIN
  if (bin == nullptr || *bin == '\0') bin = RAPPORT_DEFAULT_BIN;  // the build's own binary
#endif
  if (bin == nullptr || *bin == '\0') {
    throw std::runtime_error(
        "RAPPORT_BIN is not set: run the API tests through ctest, or set "
        "RAPPORT_BIN=/path/to/build/src/app/rapport");
  }
  if (::access(bin, X_OK) != 0) {
    throw std::runtime_error(std::string("RAPPORT_BIN=") + bin +
                             " is not an executable file: " + std::strerror(errno));
  }
  return bin;
}

CliResult RunCli(const std::vector<std::string>& args, const std::string& stdin_text,
                 std::chrono::seconds timeout) {
  return RunProgram(RapportBinary(), args, stdin_text, timeout);
}

CliResult RunProgram(const std::string& bin, const std::vector<std::string>& args,
                     const std::string& stdin_text, std::chrono::seconds timeout) {
  IgnoreSigpipeOnce();
  std::vector<char*> argv = MakeArgv(bin, args);

  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
  }
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ExecChild(bin, argv);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  for (int fd : {in[1], out[0], err[0]}) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);

  CliResult result;
  std::size_t written = 0;
  int in_fd = in[1];
  if (stdin_text.empty()) {
    ::close(in_fd);
    in_fd = -1;
  }
  int out_fd = out[0], err_fd = err[0];
  const auto deadline = Clock::now() + timeout;
  bool timed_out = false;
  char buf[8192];
  while (out_fd >= 0 || err_fd >= 0 || in_fd >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd fds[3];
    int n = 0;
    if (in_fd >= 0) fds[n++] = {in_fd, POLLOUT, 0};
    if (out_fd >= 0) fds[n++] = {out_fd, POLLIN, 0};
    if (err_fd >= 0) fds[n++] = {err_fd, POLLIN, 0};
    int rc = ::poll(fds, n, static_cast<int>(left.count()));
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) continue;
    for (int i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == in_fd) {
        ssize_t w = ::write(in_fd, stdin_text.data() + written, stdin_text.size() - written);
        if (w > 0) written += static_cast<std::size_t>(w);
        if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == stdin_text.size()) {
          ::close(in_fd);
          in_fd = -1;
        }
      } else {
        int& fd = fds[i].fd == out_fd ? out_fd : err_fd;
        std::string& sink = fds[i].fd == out_fd ? result.out : result.err;
        ssize_t r = ::read(fd, buf, sizeof buf);
        if (r > 0) {
          sink.append(buf, static_cast<std::size_t>(r));
        } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
          ::close(fd);
          fd = -1;
        }
      }
    }
  }
  for (int fd : {in_fd, out_fd, err_fd}) {
    if (fd >= 0) ::close(fd);
  }
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = DecodeStatus(status);
  if (timed_out) result.err += "\n[test harness: killed after timeout]";
  return result;
}

unsigned short PickFreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error(std::string("bind: ") + std::strerror(errno));
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// PostgreSQL runs (RAPPORT_TEST_PG_URL_FILE). Databases are made and dropped with the client
// programs of the postgresql package, as the superuser `rapport` the test server was initdb'ed with.
namespace {

std::string ReadPgBaseUrl() {
  const char* file = std::getenv("RAPPORT_TEST_PG_URL_FILE");
  if (file == nullptr || *file == '\0') return "";
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  url = Trim(url);
  if (url.rfind("postgresql://", 0) != 0 || url.find('@') == std::string::npos) {
    throw std::runtime_error(std::string("RAPPORT_TEST_PG_URL_FILE=") + file +
                             ": no postgresql://USER@HOST:PORT/DB URL in it (is the PostgreSQL "
                             "test server running? ctest starts it with the pg_server_start "
                             "fixture, or run scripts/pg-test-server start DIR)");
  }
  return url;
}

const std::string& PgBaseUrl() {
  static const std::string url = ReadPgBaseUrl();
  return url;
}

struct PgUrl {
  std::string user, host, port, db;
};

// "postgresql://USER@HOST:PORT/DB"
PgUrl ParsePgUrl(const std::string& url) {
  const std::string rest = url.substr(std::string("postgresql://").size());
  const auto at = rest.find('@');
  const auto colon = rest.find(':', at);
  const auto slash = rest.find('/', colon);
  if (at == std::string::npos || colon == std::string::npos || slash == std::string::npos) {
    throw std::runtime_error("cannot parse PostgreSQL URL " + url);
  }
  return {rest.substr(0, at), rest.substr(at + 1, colon - at - 1),
          rest.substr(colon + 1, slash - colon - 1), rest.substr(slash + 1)};
}

std::string UrlWithDatabase(const std::string& name) {
  const std::string& base = PgBaseUrl();
  return base.substr(0, base.rfind('/') + 1) + name;
}

// createdb, dropdb, psql: /usr/bin (Debian's wrappers), else the newest server's bin directory.
std::string PgTool(const std::string& name) {
  const std::string usr_bin = "/usr/bin/" + name;
  if (::access(usr_bin.c_str(), X_OK) == 0) return usr_bin;
  std::string best;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    const std::string candidate = (e.path() / "bin" / name).string();
    if (::access(candidate.c_str(), X_OK) == 0 && candidate > best) best = candidate;
  }
  if (best.empty()) throw std::runtime_error(name + " not found (install the postgresql package)");
  return best;
}

// Runs a PostgreSQL client program against the test server with the connection options first.
CliResult RunPgTool(const std::string& tool, std::vector<std::string> args) {
  const PgUrl u = ParsePgUrl(PgBaseUrl());
  std::vector<std::string> all = {"-h", u.host, "-p", u.port, "-U", u.user};
  all.insert(all.end(), args.begin(), args.end());
  return RunProgram(PgTool(tool), all, "", std::chrono::seconds(60));
}

// One SQL statement on the maintenance database; its unaligned, tuples-only output.
CliResult PgQuery(const std::string& sql) {
  return RunPgTool("psql", {"-d", ParsePgUrl(PgBaseUrl()).db, "-X", "-A", "-t", "-q",
                            "-v", "ON_ERROR_STOP=1", "-c", sql});
}

// Creates database `name` (a copy of `from` when given). false when it exists already.
bool CreatePgDatabase(const std::string& name, const std::string& from = "") {
  std::vector<std::string> args;
  if (!from.empty()) args = {"-T", from};
  args.push_back(name);
  CliResult r = RunPgTool("createdb", args);
  if (r.exit_code == 0) return true;
  if (r.err.find("already exists") != std::string::npos) return false;
  throw std::runtime_error("createdb " + (from.empty() ? "" : "-T " + from + " ") + name +
                           " failed (exit " + std::to_string(r.exit_code) + "): " + r.err);
}

void DropPgDatabase(const std::string& name) {
  RunPgTool("dropdb", {"--if-exists", "--force", name});
}

// rapport_t_<pid>_<n>: unique within a test process; a leftover of a crashed process whose pid
// was reused is dropped and made again.
std::string NewPgDatabase(const std::string& from = "") {
  static int counter = 0;
  const std::string name =
      "rapport_t_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
  if (!CreatePgDatabase(name, from)) {
    DropPgDatabase(name);
    if (!CreatePgDatabase(name, from)) throw std::runtime_error("createdb " + name + ": exists");
  }
  return name;
}

}  // namespace

bool OnPostgres() { return !PgBaseUrl().empty(); }

std::string NewDatabase(const std::string& dir, const std::string& hint) {
  static int counter = 0;
  if (!OnPostgres()) return dir + "/" + hint + "-" + std::to_string(++counter) + ".db";
  return UrlWithDatabase(NewPgDatabase());
}

std::string MissingDatabase(const std::string& dir, const std::string& hint) {
  static int counter = 0;
  const std::string name = hint + "-missing-" + std::to_string(++counter);
  if (!OnPostgres()) return dir + "/" + name + ".db";
  std::string db = "rapport_" + name + "_" + std::to_string(::getpid());
  for (char& ch : db) {
    if (ch == '-') ch = '_';
  }
  DropPgDatabase(db);
  return UrlWithDatabase(db);
}

bool DatabaseExists(const std::string& spec) {
  if (spec.rfind("postgresql://", 0) != 0) return std::filesystem::exists(spec);
  const std::string name = ParsePgUrl(spec).db;
  for (char ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_') {
      throw std::runtime_error("DatabaseExists: unexpected database name " + name);
    }
  }
  CliResult r = PgQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'");
  if (r.exit_code != 0) throw std::runtime_error("psql failed: " + r.err);
  return Trim(r.out) != "0";
}

std::string DatabaseName(const std::string& spec) {
  if (spec.rfind("postgresql://", 0) != 0) return spec;
  return ParsePgUrl(spec).db;
}

void DropDatabase(const std::string& spec) {
  if (spec.rfind("postgresql://", 0) != 0) return;
  if (std::getenv("RAPPORT_TEST_KEEP") != nullptr) return;
  DropPgDatabase(ParsePgUrl(spec).db);
}

RapportServer::RapportServer(std::vector<std::string> extra_serve_args)
    : extra_serve_args_(std::move(extra_serve_args)) {
  IgnoreSigpipeOnce();
  RapportBinary();  // fail early and clearly
  std::string tmpl = (std::filesystem::temp_directory_path() / "rapport-api-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) {
    throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
  }
  dir_ = tmpl;
  log_path_ = dir_ + "/server.log";
  try {
    if (!OnPostgres()) db_path_ = dir_ + "/t.db";
    if (!CopyFromTemplate()) {
      if (OnPostgres()) db_path_ = NewDatabase(dir_, "t");
      token_ = CreateUser(kAdminEmail, "Admin", "admin");
      rep_token_ = CreateUser(kRepEmail, "Rep", "rep");
      PublishTemplate();
    }
    port_ = PickFreePort();
    Start();
  } catch (...) {
    if (pid_ > 0) Kill();
    try {
      DropDatabase(db_path_);
    } catch (...) {
    }
    std::error_code ignored;
    if (std::getenv("RAPPORT_TEST_KEEP") == nullptr) std::filesystem::remove_all(dir_, ignored);
    throw;
  }
}

// Creating the two users costs about half a second (password hashing) and CTest runs every test
// in its own process, so the starting database (users + tokens, nothing else) is made once per
// `rapport` build and copied. The template lives next to the temp dirs, keyed by the binary's
// path, size and mtime; RAPPORT_TEST_NO_TEMPLATE disables it. On PostgreSQL the template is a
// database on the test server (rapport_tpl_<key>, the tokens in its comment), copied with
// `createdb -T` (nothing ever connects to it, which a template copy requires).
namespace {

std::string TemplatePrefix(const std::string& bin) {
  return (std::filesystem::temp_directory_path() /
          ("rapport-api-tpl-" + std::to_string(std::hash<std::string>{}(bin) % 1000000007) + "-"))
      .string();
}

std::string TemplateDir(const std::string& bin) {
  struct stat st {};
  if (::stat(bin.c_str(), &st) != 0) return "";
  return TemplatePrefix(bin) + std::to_string(st.st_size) + "-" +
         std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

}  // namespace

namespace {

constexpr const char* kPgTokensTag = "rapport-test-tokens";

std::string PgTemplateName(const std::string& bin) {
  const std::string key = TemplateDir(bin);
  if (key.empty()) return "";
  char hex[32];
  std::snprintf(hex, sizeof hex, "%016zx", std::hash<std::string>{}(key));
  return std::string("rapport_tpl_") + hex;
}

// The admin and rep tokens of the PostgreSQL template database `name`; false when there is none.
bool PgTemplateTokens(const std::string& name, std::string& admin, std::string& rep) {
  CliResult r = PgQuery("SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                        "WHERE datname = '" + name + "'");
  if (r.exit_code != 0) return false;
  std::istringstream words(Trim(r.out));
  std::string tag;
  return words >> tag >> admin >> rep && tag == kPgTokensTag;
}

bool PlainToken(const std::string& token) {
  if (token.empty()) return false;
  for (char ch : token) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-') return false;
  }
  return true;
}

}  // namespace

bool RapportServer::CopyFromTemplate() {
  if (std::getenv("RAPPORT_TEST_NO_TEMPLATE") != nullptr) return false;
  if (OnPostgres()) {
    const std::string tpl = PgTemplateName(RapportBinary());
    std::string admin, rep;
    if (tpl.empty() || !PgTemplateTokens(tpl, admin, rep)) return false;
    try {
      db_path_ = UrlWithDatabase(NewPgDatabase(tpl));
    } catch (const std::exception&) {
      return false;  // e.g. the template busy for too long: make the users instead
    }
    token_ = admin;
    rep_token_ = rep;
    return true;
  }
  const std::string tpl = TemplateDir(RapportBinary());
  if (tpl.empty()) return false;
  std::ifstream tokens(tpl + "/tokens");
  std::string admin, rep;
  if (!std::getline(tokens, admin) || !std::getline(tokens, rep) || admin.empty() || rep.empty()) {
    return false;
  }
  std::error_code ec;
  std::filesystem::copy_file(tpl + "/t.db", db_path_, ec);
  if (ec) {
    std::filesystem::remove(db_path_, ec);
    return false;
  }
  token_ = admin;
  rep_token_ = rep;
  return true;
}

void RapportServer::PublishTemplate() {
  if (std::getenv("RAPPORT_TEST_NO_TEMPLATE") != nullptr) return;
  const std::string bin = RapportBinary();
  if (OnPostgres()) {
    // A private copy, tokens in its comment, then renamed into place: atomic, so concurrent
    // test processes see the whole template or none; the loser of a race drops its copy.
    const std::string tpl = PgTemplateName(bin);
    std::string admin, rep;
    if (tpl.empty() || !PlainToken(token_) || !PlainToken(rep_token_) ||
        PgTemplateTokens(tpl, admin, rep)) {
      return;
    }
    std::string staging;
    try {
      staging = NewPgDatabase(ParsePgUrl(db_path_).db);
    } catch (const std::exception&) {
      return;
    }
    const std::string comment = std::string(kPgTokensTag) + " " + token_ + " " + rep_token_;
    if (PgQuery("COMMENT ON DATABASE " + staging + " IS '" + comment + "'").exit_code != 0 ||
        PgQuery("ALTER DATABASE " + staging + " RENAME TO " + tpl).exit_code != 0) {
      DropPgDatabase(staging);
    }
    return;
  }
  const std::string tpl = TemplateDir(bin);
  if (tpl.empty() || std::filesystem::exists(tpl)) return;
  std::string staging = tpl + ".XXXXXX";
  if (::mkdtemp(staging.data()) == nullptr) return;
  std::error_code ec;
  std::filesystem::copy_file(db_path_, staging + "/t.db", ec);
  if (!ec) {
    std::ofstream(staging + "/tokens") << token_ << "\n" << rep_token_ << "\n";
    // Atomic: concurrent test processes either see the whole template or none.
    if (::rename(staging.c_str(), tpl.c_str()) != 0) ec = std::make_error_code(std::errc::io_error);
  }
  if (ec) {
    std::filesystem::remove_all(staging, ec);
    return;
  }
  // Templates of earlier builds of the same binary are of no further use.
  const std::string prefix = TemplatePrefix(bin);
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::temp_directory_path(), ec)) {
    const std::string path = entry.path().string();
    if (path.rfind(prefix, 0) == 0 && path != tpl && path.rfind(tpl + ".", 0) != 0) {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  }
}

RapportServer::~RapportServer() {
  if (pid_ > 0) Stop();
  try {
    DropDatabase(db_path_);
  } catch (...) {
  }
  if (std::getenv("RAPPORT_TEST_KEEP") == nullptr && !dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

std::string RapportServer::CreateUser(const std::string& email, const std::string& name,
                                      const std::string& role) {
  std::vector<std::string> add = {"user", "add",    "--db", db_path_, "--email",
                                  email,  "--name", name,   "--role", role};
  CliResult r = RunCli(add, std::string(kPassword) + "\n");
  if (r.exit_code != 0) {
    throw std::runtime_error(Describe(add) + " exited " + std::to_string(r.exit_code) +
                             "\nstdout: " + r.out + "\nstderr: " + r.err);
  }
  std::vector<std::string> create = {"token",  "create", "--db",   db_path_,
                                     "--user", email,    "--name", "tests"};
  r = RunCli(create);
  std::string token = Trim(r.out);
  if (r.exit_code != 0 || token.empty() || token.find_first_of(" \t\r\n") != std::string::npos) {
    throw std::runtime_error(Describe(create) + " exited " + std::to_string(r.exit_code) +
                             " (expected 0 and the token alone on stdout)\nstdout: " + r.out +
                             "\nstderr: " + r.err);
  }
  return token;
}

bool RapportServer::TryStart(std::string& failure) {
  const std::string bin = RapportBinary();
  std::vector<std::string> args = {
      "serve", "--db", db_path_, "--listen", host_ + ":" + std::to_string(port_), "--threads", "8"};
  args.insert(args.end(), extra_serve_args_.begin(), extra_serve_args_.end());
  std::vector<char*> argv = MakeArgv(bin, args);
  const pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    // Do not outlive the test process if it crashes.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(1);
    int log = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (log >= 0) {
      ::dup2(log, 1);
      ::dup2(log, 2);
    }
    if (null >= 0) ::dup2(null, 0);
    ExecChild(bin, argv);
  }
  pid_ = pid;

  const auto deadline = Clock::now() + std::chrono::seconds(10);
  std::string last;
  HttpClient client(host_, port_);
  client.SetTimeout(std::chrono::milliseconds(1000));
  while (Clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      failure = "rapport serve exited with status " + std::to_string(DecodeStatus(status)) +
                " before becoming healthy";
      return false;
    }
    try {
      Reply r = client.Request("GET", "/healthz");
      if (r.status == 200) return true;
      last = "GET /healthz answered " + std::to_string(r.status) + ": " + r.body;
    } catch (const std::exception& e) {
      last = e.what();
    }
    client.Close();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  failure = "rapport serve did not answer GET /healthz with 200 within 10 s (last: " + last + ")";
  Kill();
  return false;
}

void RapportServer::Start() {
  if (pid_ > 0) return;
  std::string failure;
  if (TryStart(failure)) return;
  // The port may have been taken between PickFreePort and the bind: one more try elsewhere.
  if (ReadLog().find("in use") != std::string::npos) {
    port_ = PickFreePort();
    if (TryStart(failure)) return;
  }
  std::string log = ReadLog();
  if (log.size() > 4000) log = "..." + log.substr(log.size() - 4000);
  throw std::runtime_error(failure + "\n--- " + log_path_ + " ---\n" + log);
}

int RapportServer::Stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  int status = 0;
  while (Clock::now() < deadline) {
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      return DecodeStatus(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  std::ofstream(log_path_, std::ios::app)
      << "\n[test harness: no exit 10 s after SIGTERM, killed]\n";
  return DecodeStatus(status);
}

void RapportServer::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

void RapportServer::Restart() {
  Stop();
  Start();
}

std::string RapportServer::ReadLog() const {
  std::ifstream in(log_path_, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

HttpClient RapportServer::Client() const { return Client(token_); }

HttpClient RapportServer::Client(const std::string& token) const {
  HttpClient client(host_, port_);
  client.SetToken(token);
  return client;
}

}  // namespace rapport_test
