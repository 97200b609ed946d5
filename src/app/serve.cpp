#include "app/serve.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <thread>
#include <cstdio>

#include "core/clock.hpp"
#include "domain/customer/customer_service.hpp"
#include "domain/user/user_service.hpp"
#include "domain/workspace/workspace.hpp"
#include "http/api.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace rapport::app {
namespace {

struct ServeArgs {
  std::string db, listen = "127.0.0.1:8080";
  // Requests that write wait for a durable commit; the more wait together, the larger each group
  // commit (measured: 16 threads ~4k creates/s, 64 threads ~7k/s on the 2-core VM).
  int threads = 64;
  int io_threads = std::max(1u, std::thread::hardware_concurrency());  // network + reads
  int pool = 0;  // 0: one database connection per thread, at most 32
};

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

int Serve(const ServeArgs& args) {
  auto listen = ParseListen(args.listen);
  if (!listen) return cli::PrintError(listen.error());
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
  domain::CustomerService customers(db, clock);
  domain::UserService users(db, clock);
  http::ApiContext ctx{customers, users, *currency};
  http::Router router;
  http::RegisterApiRoutes(router, ctx);

  http::ServerOptions options;
  options.host = listen->first;
  options.port = listen->second;
  options.threads = args.io_threads;
  options.blocking_threads = args.threads;
  http::Server server(options, [&router](http::Request& req) { return router.Dispatch(req); });
  if (auto st = server.Listen(); !st) return cli::PrintError(st.error());
  std::printf("Rapport %s serving %s on http://%s:%u\n", cli::VersionString().c_str(),
              args.db.c_str(), options.host.c_str(), server.BoundPort());
  std::fflush(stdout);
  server.Run();
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
  cmd->callback([&action, args] { action = [args] { return Serve(*args); }; });
}

}  // namespace rapport::app
