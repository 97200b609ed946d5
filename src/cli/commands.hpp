// The `rapport` subcommands other than `serve` (which lives in app/, next to the HTTP wiring).
// Each Add* registers a subcommand whose callback stores the action in `action`; main() runs it
// after parsing. Actions return the process exit code and print one-line errors to stderr.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>

#include "core/clock.hpp"
#include "store/database.hpp"

namespace rapport::cli {

using Action = std::function<int()>;

void AddMigrateCommand(CLI::App& app, Action& action);
void AddUserCommand(CLI::App& app, Action& action);
void AddTokenCommand(CLI::App& app, Action& action);
void AddDemoCommand(CLI::App& app, Action& action);
void AddVersionCommand(CLI::App& app, Action& action);
void AddCadencesCommand(CLI::App& app, Action& action);
void AddClvCommand(CLI::App& app, Action& action);
void AddScoreCommand(CLI::App& app, Action& action);

// Shared by the commands: "rapport: <message>" on stderr, returns exit code 1.
int PrintError(const core::Error& error);
// Opens the database and brings its schema up to date, printing each migration applied.
core::Result<std::unique_ptr<store::Database>> OpenMigrated(const std::string& db, bool create,
                                                             int writer_cache_mb = 16,
                                                             int pool_size = 4);
std::string VersionString();
// The first line of stdin. On a terminal, asks without echoing what is typed.
std::string ReadPassword();
core::SystemClock& Clock();

// Password of the demo users `rapport demo` creates (demo data only).
inline constexpr std::string_view kDemoPassword = "rapport-demo";

}  // namespace rapport::cli
