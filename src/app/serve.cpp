#include "app/serve.hpp"

#include <spdlog/spdlog.h>

#include <malloc.h>

#include <algorithm>
#include <charconv>
#include <thread>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "app/cadence_scheduler.hpp"
#include "core/clock.hpp"
#include "analytics/clv/clv_engine.hpp"
#include "domain/services.hpp"
#include "domain/workspace/workspace.hpp"
#include "http/api.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "http/client_address.hpp"
#include "app/housekeeping.hpp"

namespace rapport::app {
namespace {

// The server's defences: request size, connection limit, TLS. Both TLS files or neither.
struct DefenceArgs {
  std::size_t body_limit = 1 << 20;  // bytes
  std::size_t max_connections = 1024;
  std::string tls_cert, tls_key;  // PEM files; set: HTTPS only
};

struct ServeArgs {
  DefenceArgs defences;
  std::string db, listen = "127.0.0.1:8080";
  // Requests that write wait for a durable commit; the more wait together, the larger each group
  // commit (measured: 16 threads ~4k creates/s, 64 threads ~7k/s on the 2-core VM).
  int threads = 64;
  int io_threads = std::max(1u, std::thread::hardware_concurrency());  // network + reads
  int pool = 0;  // 0: one database connection per thread, at most 32
  std::string session_idle = "12h";  // signed out after this long without a request
  std::string session_max = "7d";    // signed out this long after signing in, however active
  std::vector<std::string> trusted_proxies;  // peers whose X-Forwarded-For names the client
  std::string cadence_interval = "10s";      // how often the cadence scheduler looks for work
  // The built web app (index.html + assets/). Empty: found next to the binary (see DefaultWebRoot).
  std::string web_root;
  bool no_web = false;
  std::string housekeeping_interval = "30s";  // how often background jobs are looked for
  std::int64_t rescore_after = 1000;          // changes that make the scoring run due (0: never)
  std::string rescore_gap = "10m";            // ... at the soonest this long after the last run began
};

// Where the web app is when --web-root is not given: <bindir>/../../web/dist, which is
// build/web/dist for the binary build/src/app/rapport of a CMake build tree, then
// <bindir>/../share/rapport/web for an installed binary. Empty when neither holds index.html.
std::filesystem::path DefaultWebRoot() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const std::filesystem::path bindir = exe.parent_path();
  for (const auto& candidate : {bindir / ".." / ".." / "web" / "dist", bindir / ".." / "share" / "rapport" / "web"}) {
    if (std::filesystem::is_regular_file(candidate / "index.html", ec)) return candidate.lexically_normal();
  }
  return {};
}

void AddDefenceOptions(CLI::App& cmd, DefenceArgs& args) {
  cmd.add_option("--body-limit", args.body_limit,
                 "Largest request body in bytes; a larger one is answered 413")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30))
      ->capture_default_str();
  cmd.add_option("--max-connections", args.max_connections,
                 "Connections served at once; one more is answered 503 with Retry-After")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20))
      ->capture_default_str();
  auto* cert = cmd.add_option("--tls-cert", args.tls_cert,
                              "PEM certificate chain: serve HTTPS only (needs --tls-key)");
  auto* key = cmd.add_option("--tls-key", args.tls_key, "PEM private key of --tls-cert");
  cert->needs(key);
  key->needs(cert);
}

void ApplyDefences(const DefenceArgs& args, http::ServerOptions& options) {
  options.body_limit = args.body_limit;
  options.max_connections = args.max_connections;
  options.tls_cert_file = args.tls_cert;
  options.tls_key_file = args.tls_key;
}

// "HOST:PORT" or "[v6]:PORT".
core::Result<std::pair<std::string, unsigned short>> ParseListen(const std::string& text) {
  const auto colon = text.rfind(':');
  auto bad = core::Error::Invalid("--listen", "expected HOST:PORT, e.g. 127.0.0.1:8080, got '" + text + "'");
  if (colon == std::string::npos || colon == 0) return core::Fail(bad);
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port_text = text.substr(colon + 1);
  unsigned port = 0;
  const auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || p != port_text.data() + port_text.size() || port > 65535) return core::Fail(bad);
  return std::pair{host, static_cast<unsigned short>(port)};
}

// "90s", "30m", "12h", "7d": a positive whole number and a unit, at most a year.
core::Result<std::chrono::milliseconds> ParseDuration(const std::string& text, const char* option) {
  auto bad = core::Error::Invalid(option, std::string("expected a duration like 30s, 15m, 12h or 7d, got '") + text + "'");
  if (text.size() < 2) return core::Fail(bad);
  std::int64_t n = 0;
  const char* end = text.data() + text.size() - 1;
  const auto [p, ec] = std::from_chars(text.data(), end, n);
  if (ec != std::errc() || p != end || n <= 0) return core::Fail(bad);
  std::int64_t unit_ms = 0;
  switch (text.back()) {
    case 's': unit_ms = 1000; break;
    case 'm': unit_ms = 60'000; break;
    case 'h': unit_ms = 3'600'000; break;
    case 'd': unit_ms = 86'400'000; break;
    default: return core::Fail(bad);
  }
  if (n > 366 * 86'400'000LL / unit_ms) return core::Fail(bad);
  return std::chrono::milliseconds(n * unit_ms);
}

int Serve(const ServeArgs& args) {
  auto listen = ParseListen(args.listen);
  if (!listen) return cli::PrintError(listen.error());
  http::ServerOptions options;
  options.host = listen->first;
  options.port = listen->second;
  options.threads = args.io_threads;
  options.blocking_threads = args.threads;
  ApplyDefences(args.defences, options);
  // A bad certificate or key is reported before the database is touched.
  if (auto st = http::CheckTls(options); !st) return cli::PrintError(st.error());
  auto idle = ParseDuration(args.session_idle, "--session-idle");
  if (!idle) return cli::PrintError(idle.error());
  auto cadence_interval = ParseDuration(args.cadence_interval, "--cadence-interval");
  if (!cadence_interval) return cli::PrintError(cadence_interval.error());
  auto housekeeping_interval = ParseDuration(args.housekeeping_interval, "--housekeeping-interval");
  if (!housekeeping_interval) return cli::PrintError(housekeeping_interval.error());
  auto rescore_gap = ParseDuration(args.rescore_gap, "--rescore-gap");
  if (!rescore_gap) return cli::PrintError(rescore_gap.error());
  auto max = ParseDuration(args.session_max, "--session-max");
  if (!max) return cli::PrintError(max.error());
  // A missing web app is reported before the database is touched, like a bad TLS file.
  std::optional<http::StaticFiles> web;
  if (!args.no_web) {
    if (!args.web_root.empty()) {
      auto opened = http::StaticFiles::Open(args.web_root);
      if (!opened) return cli::PrintError(opened.error());
      web = std::move(*opened);
    } else if (auto found = DefaultWebRoot(); !found.empty()) {
      auto opened = http::StaticFiles::Open(found);
      if (!opened) return cli::PrintError(opened.error());
      web = std::move(*opened);
    } else {
      spdlog::info("the web app is not built (no web/dist next to the binary; see --web-root): "
                   "serving the API only");
    }
  }

  auto database = cli::OpenMigrated(args.db, /*create=*/true, /*writer_cache_mb=*/16,
                                    args.pool > 0 ? args.pool
                                                  : std::min(32, args.threads + args.io_threads));
  if (!database) return cli::PrintError(database.error());
  auto& db = **database;
  auto currency = domain::ReadValue<std::string>(db, [](domain::Txn& txn) {
    return domain::WorkspaceCurrency(txn);
  });
  if (!currency) return cli::PrintError(currency.error());

  core::SystemClock clock;
  // Figures over many rows (the care dashboard reads 100k rows, tens of MB) would otherwise get
  // fresh pages from the kernel on every request: glibc maps blocks over 32 MB and unmaps them on
  // free. Keep such blocks in the heap for the next request (measured: 0.2 s -> 0.1 s a request).
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  const domain::SessionLimits session_limits{*idle, *max};
  analytics::clv::ClvEngine clv_engine;
  domain::Services services(db, clock, clv_engine, {*currency, session_limits});
  http::ApiContext ctx{services};
  http::Router router;
  http::RegisterApiRoutes(router, ctx);

  http::Server server(options, [&router, &args, &web](http::Request& req) {
    http::ResolveClientAddress(req, args.trusted_proxies);
    if (web && (req.method == "GET" || req.method == "HEAD") && !http::IsApiPath(req.path)) {
      return web->Serve(req);
    }
    return router.Dispatch(req);
  });
  if (auto st = server.Listen(); !st) return cli::PrintError(st.error());
  const char* scheme = options.tls_cert_file.empty() ? "http" : "https";
  std::printf("Rapport %s serving %s on %s://%s:%u\n", cli::VersionString().c_str(),
              args.db.c_str(), scheme, options.host.c_str(), server.BoundPort());
  if (web) std::printf("Web app from %s\n", web->root().c_str());
  std::fflush(stdout);
  {
    Housekeeping housekeeping(db, clock, &clv_engine, domain::RescorePolicy{args.rescore_after, *rescore_gap},
                              *housekeeping_interval);
    CadenceScheduler scheduler(db, clock, ServerHolderId(), *cadence_interval);
    server.Run();
  }
  db.Close();
  spdlog::info("stopped cleanly");
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, cli::Action& action) {
  auto* cmd = app.add_subcommand("serve", "Run the HTTP API server");
  auto args = std::make_shared<ServeArgs>();
  cmd->add_option("--db", args->db, "SQLite file path (created when missing) or postgresql://user@host:port/db")->required();
  cmd->add_option("--listen", args->listen, "HOST:PORT to listen on")->capture_default_str();
  cmd->add_option("--threads", args->threads,
                  "Threads for requests that write (they wait for durable commits: more than cores)")
      ->check(CLI::Range(1, 512))
      ->capture_default_str();
  cmd->add_option("--io-threads", args->io_threads, "Threads for the network and for reads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--pool", args->pool,
                  "PostgreSQL: connections in the pool (default: --threads + --io-threads, at most 32)")
      ->check(CLI::Range(1, 1000));
  AddDefenceOptions(*cmd, args->defences);
  cmd->add_option("--trusted-proxy", args->trusted_proxies,
                  "Address of a reverse proxy whose X-Forwarded-For names the client (repeatable)");
  cmd->add_option("--cadence-interval", args->cadence_interval,
                  "How often the cadence scheduler looks for changed customers (e.g. 10s, 1m)")
      ->capture_default_str();
  cmd->add_option("--housekeeping-interval", args->housekeeping_interval,
                  "How often background jobs (clean-up, expiries, scoring) are looked for (e.g. 30s)")
      ->capture_default_str();
  cmd->add_option("--rescore-after", args->rescore_after,
                  "Changes to customers and orders (imports, bulk edits) since the last scoring run that make it "
                  "run again soon instead of waiting for the night; 0: never")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1'000'000'000}))
      ->capture_default_str();
  cmd->add_option("--rescore-gap", args->rescore_gap,
                  "The soonest such a run starts after the last one began (e.g. 10m)")
      ->capture_default_str();
  cmd->add_option("--session-idle", args->session_idle,
                  "Time without a request after which a browser session ends (e.g. 30m, 12h)")
      ->capture_default_str();
  cmd->add_option("--session-max", args->session_max,
                  "Time after sign-in after which a browser session ends, however active (e.g. 7d)")
      ->capture_default_str();
  cmd->add_option("--web-root", args->web_root,
                  "Directory of the built web app (index.html, assets/); default: web/dist of the "
                  "build tree next to the binary, or ../share/rapport/web");
  cmd->add_flag("--no-web", args->no_web, "Serve the API only, not the web app")
      ->excludes(cmd->get_option("--web-root"));
  cmd->callback([&action, args] { action = [args] { return Serve(*args); }; });
}

}  // namespace rapport::app
