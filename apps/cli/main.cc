// cxpact: the command-line front end. Parses flags, calls libcxpact, prints. One catch-all
// maps failures to exit codes: 0 done, 1 failed, 2 bad usage, 3 input rejected.
#include <fmt/format.h>

#include <cstdio>
#include <exception>

#include "commands.h"

namespace cx::cli {

Status& CommandStatus() {
  static Status status;
  return status;
}

Result<Workspace> OpenWorkspace(const GlobalOptions& global) {
  return Workspace::Open(global.workspace);
}

int ExitCode(const Status& s) {
  if (s.ok()) return 0;
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kDataLoss:
      return 3;
    default:
      return 1;
  }
}

}  // namespace cx::cli

int main(int argc, char** argv) {
  using namespace cx::cli;
  CLI::App app{
      "cxpact: one set of definitions for every customer-care partner.\n"
      "Ingest partner data, compute outcome metrics beside the SLAs, evaluate contracts."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "cxpact 0.1.0");
  GlobalOptions global;
  app.add_option("-w,--workspace", global.workspace,
                 "Workspace folder (default: the current folder)");
  AddWorkspaceCommands(app, global);
  AddIngestCommands(app, global);
  AddGenerateCommands(app, global);
  AddScoreCommands(app, global);
  AddCloseCommands(app, global);
  AddUserCommands(app, global);
  cx::server::AddServeCommand(app, global.workspace, CommandStatus());
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    fmt::print(stderr, "cxpact: internal error: {}\n", e.what());
    return 1;
  }
  const cx::Status& s = CommandStatus();
  if (!s.ok()) fmt::print(stderr, "cxpact: {}\n", s.message());
  return ExitCode(s);
}
