#include "cli/commands.hpp"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/progress.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "domain/demo/demo_generator.hpp"
#include "domain/user/user_service.hpp"
#include "domain/workspace/workspace.hpp"

#ifndef RAPPORT_VERSION
#define RAPPORT_VERSION "dev"
#endif

namespace rapport::cli {

std::string ReadPassword() {
  const bool tty = isatty(STDIN_FILENO) == 1;
  termios old_attrs{};
  if (tty) {
    std::fprintf(stderr, "Password: ");
    std::fflush(stderr);
    tcgetattr(STDIN_FILENO, &old_attrs);
    termios quiet = old_attrs;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old_attrs);
    std::fprintf(stderr, "\n");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

core::SystemClock& Clock() {
  static core::SystemClock clock;
  return clock;
}

std::string VersionString() {
  return std::string("rapport ") + RAPPORT_VERSION + " (schema " +
         std::to_string(store::Database::LatestSchemaVersion()) + ")";
}

int PrintError(const core::Error& error) {
  std::string message = error.message;
  if (message.empty()) message = core::ErrorCodeName(error.code);
  std::fprintf(stderr, "rapport: %s\n", message.c_str());
  return 1;
}

core::Result<std::unique_ptr<store::Database>> OpenMigrated(const std::string& db, bool create,
                                                             int writer_cache_mb, int pool_size) {
  if (auto st = core::InitCrypto(); !st) return core::Fail(st.error());
  store::OpenOptions options;
  options.create_if_missing = create;
  options.writer_cache_mb = writer_cache_mb;
  options.pool_size = pool_size;
  auto database = store::OpenDatabase(db, options);
  if (!database) return core::Fail(database.error());
  auto st = (*database)->Migrate([](const store::MigrationStep& step) {
    std::fprintf(stderr, "migrating: %d %s\n", step.version, step.name.c_str());
  });
  if (!st) return core::Fail(st.error());
  return database;
}

void AddMigrateCommand(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("migrate", "Apply schema migrations to a database");
  auto db = std::make_shared<std::string>();
  auto currency = std::make_shared<std::string>();
  cmd->add_option("--db", *db, "SQLite file path or postgresql://user@host:port/db")->required();
  cmd->add_option("--currency", *currency,
                  "Workspace currency (ISO 4217), chosen at install; default USD");
  cmd->callback([&action, db, currency] {
    action = [db, currency]() -> int {
      auto database = OpenMigrated(*db, /*create=*/true);
      if (!database) return PrintError(database.error());
      if (!currency->empty()) {
        auto st = (*database)->Write([&](domain::Txn& txn) {
          return domain::SetWorkspaceCurrency(txn, *currency);
        });
        if (!st) return PrintError(st.error());
      }
      auto version = (*database)->SchemaVersion();
      if (!version) return PrintError(version.error());
      std::fprintf(stderr, "schema is at version %d\n", *version);
      return 0;
    };
  });
}

void AddDemoCommand(CLI::App& app, Action& action) {
  auto* demo = app.add_subcommand("demo", "Fill a new database with a realistic demo book of business");
  struct Args {
    std::string db, as_of, currency;
    std::int64_t customers = 1000;
    std::uint64_t seed = 42;
    double repeat_rate = 2.0;
    std::int64_t customers_per_rep = 0;
    double cases_per_customer = 0.05;
  };
  auto args = std::make_shared<Args>();
  demo->add_option("--db", args->db, "SQLite file path or postgresql://user@host:port/db")->required();
  demo->add_option("--customers", args->customers, "How many customers")->check(CLI::Range(0, 100'000'000));
  demo->add_option("--seed", args->seed, "Random seed: the same seed gives the same data");
  demo->add_option("--as-of", args->as_of, "The 'today' of the generated history (YYYY-MM-DD); default today");
  demo->add_option("--currency", args->currency, "Workspace currency (ISO 4217); default USD");
  demo->add_option("--repeat-orders", args->repeat_rate,
                   "Mean repeat orders per year of a customer in romance (default 2)")
      ->check(CLI::Range(0.0, 100.0));
  demo->add_option("--customers-per-rep", args->customers_per_rep,
                   "Give the customers to generated reps (rep0001@rapport.demo, ...) owning about this many each")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000'000}));
  demo->add_option("--cases-per-customer", args->cases_per_customer,
                   "Expected complaint cases per customer past the first contact (default 0.05)")
      ->check(CLI::Range(0.0, 10.0));
  demo->callback([&action, args] {
    action = [args]() -> int {
      domain::DemoOptions o;
      o.customers = args->customers;
      o.seed = args->seed;
      o.admin_password = std::string(kDemoPassword);
      if (args->as_of.empty()) {
        const auto now = Clock().Now();
        o.as_of = {now.ms - now.ms % core::kMsPerDay};  // midnight UTC: same seed, same day, same data
      } else if (auto t = core::ParseIso8601(args->as_of)) {
        o.as_of = *t;
      } else {
        return PrintError(core::Error::Invalid("--as-of", "not a date (YYYY-MM-DD)"));
      }
      o.repeat_orders_per_year = args->repeat_rate;
      o.customers_per_rep = args->customers_per_rep;
      o.cases_per_customer = args->cases_per_customer;
      auto database = OpenMigrated(args->db, /*create=*/true, /*writer_cache_mb=*/1024);
      if (!database) return PrintError(database.error());
      if (!args->currency.empty()) {
        auto st = (*database)->Write([&](domain::Txn& txn) {
          return domain::SetWorkspaceCurrency(txn, args->currency);
        });
        if (!st) return PrintError(st.error());
      }
      auto currency = domain::ReadValue<std::string>(**database, [](domain::Txn& txn) {
        return domain::WorkspaceCurrency(txn);
      });
      if (!currency) return PrintError(currency.error());
      o.currency = *currency;
      Progress progress("demo", o.customers, "customers");
      auto summary = domain::GenerateDemo(**database, o, [&](std::int64_t done, std::int64_t) {
        if (done >= 0) {
          progress.Update(done);
        } else if (done == -1) {
          progress.Finish();
          std::fprintf(stderr, "demo: building the search index\n");
        } else {
          std::fprintf(stderr, "demo: running the cadence scheduler's first pass\n");
        }
      });
      if (!summary) return PrintError(summary.error());
      std::fprintf(stderr,
                   "demo: %lld customers (%lld companies), %lld stage transitions, %lld users\n"
                   "demo: %lld products, %lld deals, %lld orders, %lld interactions\n"
                   "demo: %lld complaint cases, %lld NPS answers, %lld promises\n"
                   "demo: first cadence pass over every customer: %lld tasks in %lld ms\n"
                   "demo: sign in as %s with password %s\n",
                   static_cast<long long>(summary->customers),
                   static_cast<long long>(summary->companies),
                   static_cast<long long>(summary->transitions),
                   static_cast<long long>(summary->users), static_cast<long long>(summary->products),
                   static_cast<long long>(summary->deals), static_cast<long long>(summary->orders),
                   static_cast<long long>(summary->interactions),
                   static_cast<long long>(summary->cases), static_cast<long long>(summary->feedback),
                   static_cast<long long>(summary->promises),
                   static_cast<long long>(summary->tasks), static_cast<long long>(summary->cadence_pass_ms),
                   summary->admin_email.c_str(),
                   std::string(kDemoPassword).c_str());
      return 0;
    };
  });
}

void AddVersionCommand(CLI::App& app, Action& action) {
  auto* version = app.add_subcommand("version", "Print the version");
  version->callback([&action] {
    action = [] {
      std::printf("%s\n", VersionString().c_str());
      return 0;
    };
  });
}

}  // namespace rapport::cli
