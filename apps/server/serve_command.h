// `cxpact serve`: the portal's HTTP server over one workspace, a thin front end that wires the
// workspace's store, the portal's SqliteAuthenticator (WORKSPACE/portal.db), the router and
// its routes, and the static front end, then serves until SIGINT or SIGTERM.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>

#include "base/status.h"

namespace cx::server {

struct ServeOptions {
  std::filesystem::path workspace = ".";
  std::string bind = "127.0.0.1";  // --bind
  int port = 8080;                 // --port; 0 picks a free one.
  std::filesystem::path web;       // --web: the built front end; none when empty.
  bool behind_tls = false;         // --behind-tls: __Host- cookie with Secure.
  // --trusted-proxy: whose X-Forwarded-For names the client; 127.0.0.1 with --behind-tls.
  std::string trusted_proxy;
  int threads = 2;          // --threads: I/O threads.
  int handler_threads = 8;  // --handler-threads: run the handlers (HttpServerOptions).
  // --settings: metric settings (TOML) of the portal's scores; empty: the golden defaults.
  std::filesystem::path settings;
};

// Serves until SIGINT or SIGTERM; fails when the workspace, the portal database or the
// address cannot be opened.
Status Serve(const ServeOptions& options);

// Registers the `serve` subcommand on the cxpact CLI. `workspace` (the global --workspace) is
// read when the command runs; its outcome goes to `status`.
void AddServeCommand(CLI::App& app, const std::string& workspace, Status& status);

}  // namespace cx::server
