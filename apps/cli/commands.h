// The cxpact command's subcommands. Each Add* registers one subcommand on the CLI11 app; the
// callbacks call the library and print. Errors come back as Status to main's catch-all.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>

#include "base/status.h"
#include "store/workspace.h"

namespace cx::cli {

struct GlobalOptions {
  std::string workspace = ".";  // --workspace DIR
};

// Set by a subcommand; main turns it into the exit code.
Status& CommandStatus();

Result<Workspace> OpenWorkspace(const GlobalOptions& global);

// Prints what the workspace holds: rows and corrections per kind, loads, quarantine.
Status PrintWorkspaceStatus(Workspace& ws);

void AddWorkspaceCommands(CLI::App& app, GlobalOptions& global);  // init, status
void AddIngestCommands(CLI::App& app, GlobalOptions& global);     // ingest, quarantine
void AddGenerateCommands(CLI::App& app, GlobalOptions& global);   // generate, demo
void AddScoreCommands(CLI::App& app, GlobalOptions& global);      // score, rank

}  // namespace cx::cli
