// A workspace is a folder holding a config file (cxpact.toml) and the embedded store
// (cxpact.db, SQLite). Every command acts on one; `cxpact init` creates it.
// Thread-compatible.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "base/status.h"
#include "store/store.h"

namespace cx {

inline constexpr const char* kWorkspaceConfig = "cxpact.toml";

struct WorkspaceConfig {
  std::string name;
  std::string store_file = "cxpact.db";
  // A file whose quarantined share of records exceeds this loads nothing.
  double max_bad_share = 0.05;
  // Quarantine contacts without customer_id (docs/decisions/0003-customer-id-required.md).
  bool require_customer_id = true;
};

class Workspace {
 public:
  // Creates the folder if needed, writes `config` (name defaults to the folder's) and creates
  // the store. Fails if a workspace already exists there.
  static Result<Workspace> Init(const std::filesystem::path& dir,
                                const WorkspaceConfig& config = {});
  // Opens an existing workspace; the error says how to create one.
  static Result<Workspace> Open(const std::filesystem::path& dir);

  const std::filesystem::path& dir() const { return dir_; }
  const WorkspaceConfig& config() const { return config_; }
  Store& store() { return *store_; }

 private:
  Workspace() = default;
  std::filesystem::path dir_;
  WorkspaceConfig config_;
  std::unique_ptr<Store> store_;
};

// Parses a workspace config; errors name the file and line.
Result<WorkspaceConfig> LoadWorkspaceConfig(const std::filesystem::path& file);

}  // namespace cx
