// `rapport cadences run|list`: the cadence scheduler from the command line (for those who prefer
// cron to the scheduler inside the server) and the rules in force.
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "domain/cadence/cadence_service.hpp"

namespace rapport::cli {

void AddCadencesCommand(CLI::App& app, Action& action) {
  auto* cadences = app.add_subcommand("cadences", "Cadence rules and the scheduler that turns them into tasks");
  cadences->require_subcommand(1);
  auto db = std::make_shared<std::string>();
  auto full = std::make_shared<bool>(false);

  auto* run = cadences->add_subcommand("run", "Run one scheduler pass now: incremental, or full after rule changes");
  run->add_option("--db", *db, "SQLite file path or postgresql://user@host:port/db")->required();
  run->add_flag("--full", *full, "Examine every customer, not only those changed since the last pass");
  run->callback([&action, db, full] {
    action = [db, full]() -> int {
      auto database = OpenMigrated(*db, /*create=*/false);
      if (!database) return PrintError(database.error());
      domain::CadenceService service(**database, Clock());
      std::unique_ptr<Progress> progress;
      auto report = service.RunPass(*full, [&](std::int64_t done, std::int64_t total) {
        if (!progress) progress = std::make_unique<Progress>("cadences", total, "customers");
        progress->Update(done);
      });
      if (progress) progress->Finish();
      if (!report) return PrintError(report.error());
      std::printf("%s pass: %lld customers examined, %lld touch states changed, %lld tasks created in %lld ms\n",
                  report->full ? "full" : "incremental", static_cast<long long>(report->customers),
                  static_cast<long long>(report->states_changed), static_cast<long long>(report->tasks_created),
                  static_cast<long long>(report->elapsed_ms));
      return 0;
    };
  });

  auto* list = cadences->add_subcommand("list", "List the cadence rules (tab-separated: id, type, days, active, name)");
  list->add_option("--db", *db, "SQLite file path or postgresql://user@host:port/db")->required();
  list->callback([&action, db] {
    action = [db]() -> int {
      auto database = OpenMigrated(*db, /*create=*/false);
      if (!database) return PrintError(database.error());
      domain::CadenceService service(**database, Clock());
      auto rules = service.List(domain::Actor::CommandLine());
      if (!rules) return PrintError(rules.error());
      for (const auto& r : *rules)
        std::printf("%s\t%s\t%d\t%s\t%s\n", core::FormatId(r.id).c_str(), std::string(domain::CadenceTypeName(r.type)).c_str(),
                    r.days, r.active ? "active" : "inactive", r.name.c_str());
      return 0;
    };
  });
}

}  // namespace rapport::cli
