// `cxpact init [DIR]` and `cxpact status`.
#include <fmt/format.h>

#include "commands.h"
#include "io/schema.h"
#include "store/workspace.h"

namespace cx::cli {

Status PrintWorkspaceStatus(Workspace& ws) {
  Store& store = ws.store();
  fmt::print("workspace {} ({})\n", ws.config().name, ws.dir().string());
  fmt::print("  {:<16} {:>12} {:>12}\n", "kind", "rows", "corrections");
  for (const KindSpec& k : AllKinds()) {
    ASSIGN_OR_RETURN(int64_t rows, store.CountRows(k.kind));
    ASSIGN_OR_RETURN(int64_t history, store.CountHistory(k.kind));
    fmt::print("  {:<16} {:>12} {:>12}\n", k.name, rows, history);
  }
  ASSIGN_OR_RETURN(auto loads, store.ListLoads());
  ASSIGN_OR_RETURN(auto quarantine, store.ListQuarantine());
  fmt::print("  {} file loads, {} quarantined records{}\n", loads.size(), quarantine.size(),
             quarantine.empty() ? "" : " (see `cxpact quarantine`)");
  return Status::Ok();
}

void AddWorkspaceCommands(CLI::App& app, GlobalOptions& global) {
  auto* init = app.add_subcommand("init", "Create a workspace: a config file and an SQLite store");
  auto dir = std::make_shared<std::string>();
  init->add_option("dir", *dir, "Folder to create it in (default: --workspace or .)");
  init->callback([&global, dir] {
    std::string where = dir->empty() ? global.workspace : *dir;
    auto ws = Workspace::Init(where);
    if (!ws.ok()) {
      CommandStatus() = ws.status();
      return;
    }
    fmt::print("created workspace {} (config {}/cxpact.toml, store {}/{})\n", ws->config().name,
               where, where, ws->config().store_file);
  });

  auto* status = app.add_subcommand("status", "Summarise what the workspace holds");
  status->callback([&global] {
    auto ws = OpenWorkspace(global);
    CommandStatus() = ws.ok() ? PrintWorkspaceStatus(*ws) : ws.status();
  });
}

}  // namespace cx::cli
