#include "store/workspace.h"

#include <fmt/format.h>

#include <fstream>
#include <toml++/toml.h>

namespace cx {

namespace fs = std::filesystem;

Result<WorkspaceConfig> LoadWorkspaceConfig(const fs::path& file) {
  toml::table t;
  try {
    t = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    return InvalidArgument("{}:{}: {}", file.string(), e.source().begin.line, e.description());
  }
  WorkspaceConfig c;
  auto where = [&](const toml::node* n) {
    return fmt::format("{}:{}", file.string(), n ? n->source().begin.line : 0);
  };
  if (const toml::node* n = t.at_path("workspace.name").node()) {
    if (!n->is_string()) return InvalidArgument("{}: workspace.name must be a string", where(n));
    c.name = n->as_string()->get();
  }
  if (const toml::node* n = t.at_path("workspace.store").node()) {
    if (!n->is_string()) return InvalidArgument("{}: workspace.store must be a string", where(n));
    c.store_file = n->as_string()->get();
  }
  if (const toml::node* n = t.at_path("ingest.max_bad_share").node()) {
    auto v = n->value<double>();
    if (!v || *v < 0 || *v > 1) {
      return InvalidArgument("{}: ingest.max_bad_share must be a number from 0 to 1", where(n));
    }
    c.max_bad_share = *v;
  }
  if (const toml::node* n = t.at_path("ingest.require_customer_id").node()) {
    auto v = n->value<bool>();
    if (!v) return InvalidArgument("{}: ingest.require_customer_id must be true or false", where(n));
    c.require_customer_id = *v;
  }
  return c;
}

Result<Workspace> Workspace::Init(const fs::path& dir, const WorkspaceConfig& config) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return IoError("{}: cannot create the folder: {}", dir.string(), ec.message());
  const fs::path config_file = dir / kWorkspaceConfig;
  if (fs::exists(config_file)) {
    return Status(StatusCode::kAlreadyExists,
                  fmt::format("{}: a workspace already exists here", dir.string()));
  }
  std::string name = config.name;
  if (name.empty()) name = fs::absolute(dir).lexically_normal().filename().string();
  std::ofstream out(config_file);
  out << "# cxpact workspace. Commands run in this folder (or with --workspace) act on it.\n"
      << "[workspace]\n"
      << "name = " << toml::value<std::string>(name) << "\n"
      << "store = " << toml::value<std::string>(config.store_file) << "  # SQLite, WAL mode\n\n"
      << "[ingest]\n"
      << "max_bad_share = " << config.max_bad_share
      << "  # a file with a larger quarantined share loads nothing\n"
      << "require_customer_id = " << (config.require_customer_id ? "true" : "false")
      << (config.require_customer_id
              ? "  # true: contacts without customer_id are quarantined (docs/decisions/0003)\n"
              : "  # false: contacts without customer_id load (they count as no_customer_share, "
                "out of FCR); true quarantines them (docs/decisions/0003)\n");
  out.close();
  if (!out) return IoError("{}: cannot write", config_file.string());
  return Open(dir);
}

Result<Workspace> Workspace::Open(const fs::path& dir) {
  const fs::path config = dir / kWorkspaceConfig;
  if (!fs::exists(config)) {
    return NotFound("{}: not a cxpact workspace (no {}); create one with `cxpact init {}`",
                    dir.string(), kWorkspaceConfig, dir.string());
  }
  Workspace w;
  w.dir_ = dir;
  ASSIGN_OR_RETURN(w.config_, LoadWorkspaceConfig(config));
  ASSIGN_OR_RETURN(w.store_, OpenSqliteStore(dir / w.config_.store_file));
  return w;
}

}  // namespace cx
