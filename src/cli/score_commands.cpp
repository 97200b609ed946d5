// `rapport score`: the nightly scoring run from the command line (the server runs the same job
// once a night under a lease): fits the purchase and spend models and re-scores every customer.
#include <cstdio>

#include "analytics/clv/clv_engine.hpp"
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "domain/economics/scoring_service.hpp"

namespace rapport::cli {

void AddScoreCommand(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("score", "Fit the lifetime-value models and re-score every customer now");
  auto db = std::make_shared<std::string>();
  cmd->add_option("--db", *db, "SQLite file path or postgresql://user@host:port/db")->required();
  cmd->callback([&action, db] {
    action = [db]() -> int {
      auto database = OpenMigrated(*db, /*create=*/false);
      if (!database) return PrintError(database.error());
      analytics::clv::ClvEngine engine;
      domain::ScoringService service(**database, Clock(), engine);
      std::unique_ptr<Progress> progress;
      std::string phase;
      auto report = service.Run([&](std::string_view p, std::int64_t done, std::int64_t total) {
        if (p != phase) {
          if (progress) progress->Finish();
          phase = std::string(p);
          progress = std::make_unique<Progress>(phase, total, "customers");
        }
        progress->Update(done);
      });
      if (progress) progress->Finish();
      if (!report) return PrintError(report.error());
      std::printf("scoring run %lld: %lld customers scored (%lld have bought, %lld bought again); read %lld ms, "
                  "fit %lld ms, write %lld ms, total %lld ms\n",
                  static_cast<long long>(report->version), static_cast<long long>(report->customers),
                  static_cast<long long>(report->buying_customers), static_cast<long long>(report->repeat_customers),
                  static_cast<long long>(report->read_ms), static_cast<long long>(report->fit_ms),
                  static_cast<long long>(report->write_ms), static_cast<long long>(report->elapsed_ms));
      for (const auto& f : report->fits)
        std::printf("  %s: %s, log-likelihood %s, %lld customers, %lld distinct groups, %.3f s%s%s\n", f.model.c_str(),
                    f.params ? f.params->c_str() : "not fitted",
                    f.log_likelihood ? std::to_string(*f.log_likelihood).c_str() : "-",
                    static_cast<long long>(f.customers), static_cast<long long>(f.distinct_triples), f.seconds,
                    f.reason ? ": " : "", f.reason ? f.reason->c_str() : "");
      return 0;
    };
  });
}

}  // namespace rapport::cli
