// The portal's HTTP/1.1 server (Boost.Beast, asynchronous, on a pool of threads): reads each
// request under the limits of HttpLimits, asks the Router whether to admit it before reading
// its body, streams upload bodies to temporary files, runs the route's handler on a worker
// pool (uploads on a pool of their own), and writes the router's answer with the security
// headers. Plain HTTP on loopback by default; TLS belongs to a reverse proxy in front
// (docs/decisions/0009-http-server.md). Thread-safe: Start, Stop and port may be called from
// any thread; the router must be fully built before Start and outlive the server.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "base/status.h"
#include "portal/http_limits.h"
#include "portal/router.h"

namespace cx {

struct HttpServerOptions {
  std::string bind_address = "127.0.0.1";  // Loopback: the proxy in front is the public side.
  int port = 8080;                         // 0: an ephemeral port (port() tells which).
  int threads = 2;                         // Threads running the I/O (and admission).
  // Threads running route handlers, so that a slow one (a login's password hash, a drill-down
  // waiting for its store connection) never holds an I/O thread and other connections keep
  // being served. Idle threads cost nothing, and a handler that waits holds one, hence more
  // than cores. 0: handlers run on the I/O threads.
  int handler_threads = 8;
  // Threads running upload handlers (loads, minutes at 10M rows), apart from the others so that
  // loads cannot take every handler thread. 0: with the other handlers.
  int upload_threads = 1;
  HttpLimits limits;
  // The reverse proxy's address. Requests from it take their client IP (for the audit log and
  // login rate limits) from the last X-Forwarded-For entry; empty: the peer's address always.
  std::string trusted_proxy;
  // Where upload bodies are streamed; empty: <temp dir>/cxpact-uploads.
  std::filesystem::path upload_dir;
};

class HttpServer {
 public:
  HttpServer(const Router& router, HttpServerOptions options);
  ~HttpServer();  // Stops.
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts the threads; IoError when the address cannot be bound.
  Status Start();
  // The bound port, after Start.
  int port() const;
  // Closes the listener and every connection, and joins the threads; waits for handlers that
  // are running. Idempotent. Not from a handler (it would join its own thread).
  void Stop();
  // Connections open now.
  int connections() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cx
