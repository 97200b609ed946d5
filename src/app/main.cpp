// The `rapport` program: one binary for serving, data and administration. Wiring only.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "app/serve.hpp"
#include "cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Rapport: the CRM that keeps customers after the sale", "rapport"};
  app.require_subcommand(1);
  // Unknown arguments are collected instead of thrown, so the message can name them even when a
  // required option is missing too (CLI11 checks requirements first).
  app.allow_extras();
  rapport::cli::Action action;
  rapport::app::AddServeCommand(app, action);
  rapport::cli::AddMigrateCommand(app, action);
  rapport::cli::AddUserCommand(app, action);
  rapport::cli::AddTokenCommand(app, action);
  rapport::cli::AddDemoCommand(app, action);
  rapport::cli::AddCadencesCommand(app, action);
  rapport::cli::AddClvCommand(app, action);
  rapport::cli::AddScoreCommand(app, action);
  rapport::cli::AddVersionCommand(app, action);
  auto unexpected = [&app]() -> std::string {
    std::string names;
    for (const auto& extra : app.remaining(/*recurse=*/true)) names += (names.empty() ? "" : " ") + extra;
    return names;
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line naming the problem; usage is one --help away.
    const std::string extras = unexpected();
    if (!extras.empty())
      std::fprintf(stderr, "rapport: unknown argument: %s (see 'rapport --help')\n", extras.c_str());
    else
      std::fprintf(stderr, "rapport: %s (see 'rapport --help')\n", e.what());
    return 2;
  }
  if (const std::string extras = unexpected(); !extras.empty()) {
    std::fprintf(stderr, "rapport: unknown argument: %s (see 'rapport --help')\n", extras.c_str());
    return 2;
  }
  return action ? action() : 2;
}
