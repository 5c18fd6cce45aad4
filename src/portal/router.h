// The portal's routing table and its access policy, independent of the HTTP library: a request
// comes in as an HttpRequest, a handler answers an HttpResponse. Every /api/ route but
// POST /api/v1/login needs a live session (401 otherwise), and every state-changing method on
// one needs the session's X-CSRF-Token (403 otherwise); the router enforces both, before the
// body is read (Admit), and reports each denial to Authenticator::Audit. A handler's failure,
// Status or exception, becomes a JSON error with a matching HTTP status (the front end's one
// catch-all). Add routes before serving; after that a Router is thread-safe (const).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "portal/auth.h"
#include "portal/principal.h"

namespace cx {

inline constexpr std::string_view kLoginPath = "/api/v1/login";
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // The target before '?', still percent-encoded.
  std::string query;   // After '?', without it.
  std::vector<std::pair<std::string, std::string>> headers;  // Names in lower case.
  std::string body;                                          // Ordinary routes.
  std::filesystem::path body_file;  // Upload routes: the body, removed after the handler.
  std::string client_ip;

  // The first field named `name` (lower case), or "".
  std::string_view Header(std::string_view name) const;
  // The value of cookie `name` in the Cookie header(s), or "".
  std::string_view Cookie(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool close = false;  // Close the connection after this response.

  static HttpResponse Json(int status, const nlohmann::json& body);
  // {"error": message}.
  static HttpResponse Error(int status, std::string_view message);
};

// The HTTP status for a handler's failure: InvalidArgument and DataLoss 400, NotFound 404,
// PermissionDenied 403, ResourceExhausted 429, AlreadyExists and FailedPrecondition 409,
// anything else 500.
int HttpStatusFor(StatusCode code);
// The error response for `status`; a 5xx never carries the message, which may name internals.
HttpResponse ErrorResponseFor(const Status& status);
// Adds the headers every response carries (CSP, nosniff, no referrer, no framing) and, for
// /api/ paths and errors, Cache-Control: no-store. A Content-Security-Policy the handler set
// (a route-specific one) is kept instead of the default.
void AddSecurityHeaders(std::string_view path, HttpResponse& response);
// True for POST, PUT, PATCH and DELETE.
bool IsStateChange(std::string_view method);

struct RouteContext {
  const HttpRequest& request;
  const Principal* principal = nullptr;  // Set on every route that requires auth.
  std::string_view session_token;        // Likewise.
  std::vector<std::pair<std::string, std::string>> params;  // Path parameters, decoded.

  std::string_view Param(std::string_view name) const;
};

using RouteHandler = std::function<Result<HttpResponse>(const RouteContext&)>;

struct RouteOptions {
  // The body is streamed to a temporary file (HttpRequest::body_file) under the upload limit.
  bool upload = false;
};

// One registered route, as Routes() lists it.
struct RouteInfo {
  std::string method;
  std::string pattern;  // "/api/v1/partners/{partner}/scorecard".
  bool requires_auth = false;
  bool state_change = false;
  bool upload = false;
};

struct RouterOptions {
  // The session cookie is `__Host-cxpact_session` (with Secure) behind TLS, else
  // `cxpact_session`.
  bool secure_cookies = false;
  // The clock for sessions and audit entries.
  std::function<Micros()> now = DefaultNow;

  static Micros DefaultNow();
};

class Router {
 public:
  // `auth` must outlive the router.
  explicit Router(Authenticator& auth, RouterOptions options = {});
  ~Router();

  // Registers `handler` for `method` on `pattern`: literal segments and `{name}` parameters,
  // e.g. "/api/v1/partners/{partner}". Patterns under /api/ require a session, except
  // POST /api/v1/login. Programmer errors (a duplicate, a pattern without '/') throw
  // std::logic_error.
  void Add(std::string method, std::string pattern, RouteHandler handler,
           RouteOptions options = {});
  // What answers requests no route matches outside /api/ (static files); 404 when unset.
  void SetFallback(std::function<HttpResponse(const HttpRequest&)> fallback);

  std::vector<RouteInfo> Routes() const;

  // The decision made from the request's header alone, before its body is read.
  struct Admission {
    std::optional<HttpResponse> denied;  // Set when the request must be answered with this.
    bool upload = false;                 // The route streams its body to a file.
    int route = -1;                      // Internal: the matched route, or -1 for the fallback.
    std::optional<Principal> principal;
    std::string token;
    std::vector<std::pair<std::string, std::string>> params;
  };
  Admission Admit(const HttpRequest& head) const;
  // Runs the admitted request's handler. Never throws.
  HttpResponse Run(const Admission& admission, const HttpRequest& request) const;
  // Admit then Run, for tests and callers that have the whole request.
  HttpResponse Handle(const HttpRequest& request) const;

  Authenticator& authenticator() const { return auth_; }
  const RouterOptions& options() const { return options_; }
  std::string_view cookie_name() const;

 private:
  struct Route;
  // Index of the route matching (method, path), filling `params`; -1 when none. Sets
  // `path_matched` when a route of another method matches the path.
  int Match(std::string_view method, std::string_view path,
            std::vector<std::pair<std::string, std::string>>& params, bool& path_matched) const;
  HttpResponse Deny(const HttpRequest& r, const Principal* who, int status,
                    std::string_view why) const;

  Authenticator& auth_;
  RouterOptions options_;
  std::vector<Route> routes_;
  std::function<HttpResponse(const HttpRequest&)> fallback_;
};

// Decodes %XX escapes; nullopt when one is malformed or decodes to NUL.
std::optional<std::string> PercentDecode(std::string_view s);

}  // namespace cx
