// The `rapport` program: one binary for serving, data and administration. Wiring only.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "app/serve.hpp"
#include "cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Rapport: the CRM that keeps customers after the sale", "rapport"};
  app.require_subcommand(1);
  rapport::cli::Action action;
  rapport::app::AddServeCommand(app, action);
  rapport::cli::AddMigrateCommand(app, action);
  rapport::cli::AddUserCommand(app, action);
  rapport::cli::AddTokenCommand(app, action);
  rapport::cli::AddDemoCommand(app, action);
  rapport::cli::AddVersionCommand(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line naming the problem; usage is one --help away.
    std::fprintf(stderr, "rapport: %s (see 'rapport --help')\n", e.what());
    return 2;
  }
  return action ? action() : 2;
}
