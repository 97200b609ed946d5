// `rapport serve`: wires the store, the services and the HTTP API together and runs the server.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"

namespace rapport::app {

void AddServeCommand(CLI::App& app, cli::Action& action);

}  // namespace rapport::app
