// The cxpact command's subcommands. Each Add* registers one subcommand on the CLI11 app; the
// callbacks call the library and print. Errors come back as Status to main's catch-all.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "base/status.h"
#include "server/serve_command.h"  // serve: cx::server::AddServeCommand (apps/server)
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
void AddCloseCommands(CLI::App& app, GlobalOptions& global);      // close
void AddUserCommands(CLI::App& app, GlobalOptions& global);       // user add, disable, list

// Closes one month of `ws` (cmd_close.cc): the stored version when its inputs are unchanged
// (then the document holds "reused": true), else a new version, saved.
Result<nlohmann::json> CloseMonth(Workspace& ws, const std::string& period,
                                  const std::string& contracts_dir,
                                  const std::string& allocation_file,
                                  const std::string& settings_file);

// Prints a close's summary: per partner KPIs met and missed, invoice, credits and flags.
void PrintCloseSummary(const nlohmann::json& doc, bool reused);
// Writes a close's output folder.
Status WriteCloseOutputs(const std::filesystem::path& dir, const nlohmann::json& doc);

}  // namespace cx::cli
