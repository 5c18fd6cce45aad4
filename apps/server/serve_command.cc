#include "server/serve_command.h"

#include <fmt/format.h>
#include <malloc.h>
#include <signal.h>

#include <memory>

#include "base/file.h"
#include "metrics/settings.h"
#include "portal/authenticator.h"
#include "portal/http_server.h"
#include "portal/portal_store.h"
#include "portal/static_files.h"
#include "server/api_routes.h"
#include "store/workspace.h"

namespace cx::server {

namespace {

bool IsLoopback(const std::string& address) {
  return address == "127.0.0.1" || address == "::1" || address == "localhost";
}

}  // namespace

Status Serve(const ServeOptions& options) {
  // Answers are tens of KB (80 KB for a 12-month scorecard), built and freed on several
  // threads. glibc's defaults give each back to the kernel as soon as 128 KiB at a heap's top
  // are free, so the next answer page-faults its buffer in again: at 100 connections that was
  // half the server's time (bench/README.md). Keep up to 16 MiB free per heap instead, and take
  // blocks up to 4 MiB from the heaps rather than from mmap.
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  mallopt(M_TRIM_THRESHOLD, 16 << 20);
  ASSIGN_OR_RETURN(Workspace ws, Workspace::Open(options.workspace));
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteAuthenticator> auth,
                   SqliteAuthenticator::Open(ws.dir() / kPortalDbFile));
  // The API's own connection to portal.db (insights, uploads); the authenticator has another.
  ASSIGN_OR_RETURN(std::unique_ptr<PortalStore> portal,
                   PortalStore::Open(ws.dir() / kPortalDbFile));
  ApiDataOptions data_options;  // The golden metric definitions unless --settings.
  if (!options.settings.empty()) {
    ASSIGN_OR_RETURN(data_options.settings_bytes,
                     ReadFileToString(options.settings, "settings file"));
    ASSIGN_OR_RETURN(data_options.settings,
                     ParseMetricSettings(data_options.settings_bytes, options.settings.string()));
  }
  data_options.ingest.max_bad_share = ws.config().max_bad_share;
  data_options.ingest.validate.require_customer_id = ws.config().require_customer_id;
  data_options.log = [](std::string_view line) { fmt::print(stderr, "cxpact serve: {}\n", line); };
  // Reads and scoring on connections of their own, so that an upload's ingest on the main one
  // makes no metric request wait (docs/decisions/0010-live-score.md). A small page cache each:
  // they read the results cache and scan tables once. The scorer's write to the results cache
  // waits for a load in progress (minutes at 10M rows), then sees the data changed and scores
  // again.
  ApiStoreConnections more;
  const std::filesystem::path db = ws.dir() / ws.config().store_file;
  const SqliteOptions small{.cache_bytes = 16 << 20};
  ASSIGN_OR_RETURN(more.versions, OpenSqliteStore(db, small));
  ASSIGN_OR_RETURN(more.reader, OpenSqliteStore(db, small));
  ASSIGN_OR_RETURN(more.drilldown, OpenSqliteStore(db, small));
  ASSIGN_OR_RETURN(more.scorer,
                   OpenSqliteStore(db, {.busy_timeout_ms = 30 * 60'000, .cache_bytes = 16 << 20}));
  // The extended metrics (the data-quality page) on one more, so that computing them, when
  // asked for, never delays the core score (docs/decisions/0012-portal-quality-metrics.md).
  ASSIGN_OR_RETURN(more.extended,
                   OpenSqliteStore(db, {.busy_timeout_ms = 30 * 60'000, .cache_bytes = 16 << 20}));
  ApiData data(ws.store(), *portal, std::move(data_options), std::move(more));
  Router router(*auth, RouterOptions{.secure_cookies = options.behind_tls});
  AddApiRoutes(router, data);
  std::optional<StaticFiles> web;
  if (!options.web.empty()) {
    ASSIGN_OR_RETURN(StaticFiles files, StaticFiles::Open(options.web));
    web.emplace(std::move(files));
    router.SetFallback([&web](const HttpRequest& r) { return web->Serve(r); });
  }

  // The server's threads inherit this mask, so only sigwait below sees the signals.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  HttpServerOptions server_options;
  server_options.bind_address = options.bind;
  server_options.port = options.port;
  server_options.threads = options.threads;
  server_options.handler_threads = options.handler_threads;
  server_options.trusted_proxy = options.trusted_proxy;
  if (options.behind_tls && server_options.trusted_proxy.empty()) {
    server_options.trusted_proxy = "127.0.0.1";
  }
  HttpServer server(router, server_options);
  RETURN_IF_ERROR(server.Start());
  data.RefreshScore();  // Warm, so that the first request finds the score in memory.
  fmt::print("cxpact: serving workspace {} on http://{}:{}/{}\n", ws.dir().string(), options.bind,
             server.port(), options.web.empty() ? " (API only: no --web folder)" : "");
  if (!IsLoopback(options.bind) && !options.behind_tls) {
    fmt::print(stderr,
               "cxpact: warning: plain HTTP on {}; put a TLS proxy in front and pass "
               "--behind-tls (docs/decisions/0009-http-server.md)\n",
               options.bind);
  }
  std::fflush(stdout);
  int received = 0;
  sigwait(&signals, &received);
  fmt::print("cxpact: stopping ({})\n", received == SIGINT ? "SIGINT" : "SIGTERM");
  server.Stop();
  return Status::Ok();
}

void AddServeCommand(CLI::App& app, const std::string& workspace, Status& status) {
  auto* serve = app.add_subcommand("serve", "Serve the portal (HTTP API and web front end)");
  auto options = std::make_shared<ServeOptions>();
  serve->add_option("--port", options->port, "TCP port (0: any free port)")->capture_default_str();
  serve->add_option("--bind", options->bind, "Address to listen on")->capture_default_str();
  serve->add_option("--web", options->web, "Folder of the built front end (web/dist)");
  serve->add_flag("--behind-tls", options->behind_tls,
                  "A TLS proxy is in front: session cookie with Secure and the __Host- prefix");
  serve->add_option("--trusted-proxy", options->trusted_proxy,
                    "Address of the reverse proxy whose X-Forwarded-For names the client "
                    "(default with --behind-tls: 127.0.0.1)");
  serve->add_option("--threads", options->threads, "I/O threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  serve
      ->add_option("--handler-threads", options->handler_threads,
                   "Threads running request handlers (0: on the I/O threads); uploads have "
                   "their own")
      ->capture_default_str()
      ->check(CLI::Range(0, 64));
  serve->add_option("--settings", options->settings,
                    "Metric parameters (TOML, as for cxpact score --settings). Default: the "
                    "golden parameters");
  serve->callback([&workspace, &status, options] {
    options->workspace = workspace;
    status = Serve(*options);
  });
}

}  // namespace cx::server
