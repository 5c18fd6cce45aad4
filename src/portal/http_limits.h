// The limits the portal's HTTP server puts on every connection and request, so that no client,
// slow or hostile, can make it buffer unbounded data or hold a connection forever. Why each
// default is what it is: docs/decisions/0009-http-server.md. Value type; thread-compatible.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace cx {

struct HttpLimits {
  // Request line plus all header fields, in bytes (Beast's header_limit). Beyond it: 431.
  size_t max_header_bytes = 16 << 10;
  // Header fields per request (Beast has no such limit; counted after the header is parsed,
  // which max_header_bytes keeps bounded). Beyond it: 431.
  int max_header_count = 100;
  // Body of an ordinary (JSON) route, held in memory. A larger Content-Length is refused with
  // 413 before any of the body is read; a chunked body with 413 as soon as it crosses the limit.
  uint64_t max_body_bytes = 1 << 20;
  // Body of an upload route (RouteOptions::upload), streamed to a temporary file.
  uint64_t max_upload_bytes = uint64_t{256} << 20;

  // From the first byte of a request (or the accept, for a connection's first request) to the
  // end of its header: one deadline for the whole phase, not reset by each byte, so a client
  // trickling bytes is cut as surely as a silent one.
  std::chrono::milliseconds header_timeout{std::chrono::seconds(10)};
  // The whole body of an ordinary route, and of an upload route.
  std::chrono::milliseconds body_timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds upload_timeout{std::chrono::minutes(10)};
  // Writing one response.
  std::chrono::milliseconds write_timeout{std::chrono::seconds(30)};
  // A kept-alive connection waiting for its next request.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(30)};

  // Requests served on one connection; the last response says `Connection: close`.
  int max_requests_per_connection = 1000;
  // Connections open at once. One more is answered 503 and closed at once.
  int max_connections = 1024;

  // After an error response the server stops sending and discards what the client still sends,
  // for at most this long and this many bytes, so the client can read the response before the
  // connection is closed (a close with unread data would reset it).
  std::chrono::milliseconds linger_timeout{std::chrono::seconds(1)};
  uint64_t linger_bytes = 1 << 20;
};

}  // namespace cx
