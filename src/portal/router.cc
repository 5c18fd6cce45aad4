#include "portal/router.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <stdexcept>

namespace cx {

namespace {

bool IsApiPath(std::string_view path) { return path.starts_with("/api/") || path == "/api"; }

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 1;  // Past the leading '/'.
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = HexDigit(s[i + 1]), lo = HexDigit(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (c == '\0') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

std::string_view HttpRequest::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

std::string_view HttpRequest::Cookie(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k != "cookie") continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      size_t end = rest.find(';');
      std::string_view pair = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    }
  }
  return {};
}

HttpResponse HttpResponse::Json(int status, const nlohmann::json& body) {
  HttpResponse r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

HttpResponse HttpResponse::Error(int status, std::string_view message) {
  return Json(status, nlohmann::json{{"error", std::string(message)}});
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
    case StatusCode::kDataLoss:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition:
      return 409;
    default:
      return 500;
  }
}

HttpResponse ErrorResponseFor(const Status& status) {
  int code = HttpStatusFor(status.code());
  return HttpResponse::Error(code, code >= 500 ? "internal error" : status.message());
}

void AddSecurityHeaders(std::string_view path, HttpResponse& r) {
  // A handler may set a stricter, route-specific policy (e.g. a report with inline styles); a
  // second header would be enforced as well, so the default is added only when there is none.
  const bool has_csp = std::any_of(r.headers.begin(), r.headers.end(), [](const auto& h) {
    return h.first == "Content-Security-Policy";
  });
  if (!has_csp) {
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
                           "form-action 'self'");
  }
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  if (IsApiPath(path) || r.status >= 400) r.headers.emplace_back("Cache-Control", "no-store");
}

bool IsStateChange(std::string_view m) {
  return m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE";
}

std::string_view RouteContext::Param(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return {};
}

Micros RouterOptions::DefaultNow() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Router::Route {
  RouteInfo info;
  std::vector<std::string> segments;  // "{name}" for a parameter.
  RouteHandler handler;
};

Router::Router(Authenticator& auth, RouterOptions options)
    : auth_(auth), options_(std::move(options)) {}
Router::~Router() = default;

std::string_view Router::cookie_name() const {
  return options_.secure_cookies ? "__Host-cxpact_session" : "cxpact_session";
}

void Router::Add(std::string method, std::string pattern, RouteHandler handler,
                 RouteOptions options) {
  if (!pattern.starts_with("/")) throw std::logic_error("route pattern must start with /");
  for (const Route& r : routes_) {
    if (r.info.method == method && r.info.pattern == pattern) {
      throw std::logic_error("duplicate route " + method + " " + pattern);
    }
  }
  Route r;
  r.info.requires_auth = IsApiPath(pattern) && !(method == "POST" && pattern == kLoginPath);
  r.info.state_change = IsStateChange(method);
  r.info.upload = options.upload;
  r.info.method = std::move(method);
  r.info.pattern = std::move(pattern);
  for (std::string_view s : Segments(r.info.pattern)) r.segments.emplace_back(s);
  r.handler = std::move(handler);
  routes_.push_back(std::move(r));
}

void Router::SetFallback(std::function<HttpResponse(const HttpRequest&)> fallback) {
  fallback_ = std::move(fallback);
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  for (const Route& r : routes_) out.push_back(r.info);
  return out;
}

int Router::Match(std::string_view method, std::string_view path,
                  std::vector<std::pair<std::string, std::string>>& params,
                  bool& path_matched) const {
  std::vector<std::string_view> segs = Segments(path);
  for (size_t i = 0; i < routes_.size(); ++i) {
    const Route& r = routes_[i];
    if (r.segments.size() != segs.size()) continue;
    std::vector<std::pair<std::string, std::string>> found;
    bool ok = true;
    for (size_t s = 0; s < segs.size() && ok; ++s) {
      const std::string& want = r.segments[s];
      if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
        auto value = PercentDecode(segs[s]);
        ok = value && !value->empty() && value->find('/') == std::string::npos;
        if (ok) found.emplace_back(want.substr(1, want.size() - 2), std::move(*value));
      } else {
        ok = want == segs[s];
      }
    }
    if (!ok) continue;
    if (r.info.method != method) {
      path_matched = true;
      continue;
    }
    params = std::move(found);
    return static_cast<int>(i);
  }
  return -1;
}

HttpResponse Router::Deny(const HttpRequest& r, const Principal* who, int status,
                          std::string_view why) const {
  AuditEntry e;
  e.at = options_.now();
  if (who != nullptr) e.user = who->user;
  e.client_ip = r.client_ip;
  e.action = "denied";
  e.target = fmt::format("{} {}", r.method, r.path);
  e.outcome = fmt::format("denied: {}", why);
  try {
    auth_.Audit(e);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "cxpact serve: audit failed: %s\n", ex.what());
  }
  HttpResponse res = HttpResponse::Error(status, why);
  return res;
}

Router::Admission Router::Admit(const HttpRequest& r) const {
  Admission a;
  const bool api = IsApiPath(r.path);
  const bool login = r.method == "POST" && r.path == kLoginPath;
  if (api && !login) {
    std::string_view token = r.Cookie(cookie_name());
    Result<Principal> who = token.empty() ? Result<Principal>(PermissionDenied("no session"))
                                          : auth_.Authenticate(token, options_.now());
    if (!who.ok()) {
      a.denied = Deny(r, nullptr, 401, "not logged in");
      return a;
    }
    a.principal = std::move(*who);
    a.token = std::string(token);
    if (IsStateChange(r.method)) {
      std::string_view csrf = r.Header(kCsrfHeader);
      if (csrf.empty() || !auth_.CheckCsrf(token, csrf)) {
        a.denied = Deny(r, &*a.principal, 403, "missing or wrong CSRF token");
        return a;
      }
    }
  }
  bool path_matched = false;
  a.route = Match(r.method, r.path, a.params, path_matched);
  if (a.route >= 0) {
    a.upload = routes_[a.route].info.upload;
  } else if (path_matched) {
    a.denied = HttpResponse::Error(405, "method not allowed");
  } else if (api || !fallback_) {
    a.denied = HttpResponse::Error(404, "not found");
  }
  return a;
}

HttpResponse Router::Run(const Admission& a, const HttpRequest& r) const {
  if (a.denied) return *a.denied;
  try {
    if (a.route < 0) return fallback_(r);
    const Route& route = routes_[a.route];
    RouteContext ctx{r, a.principal ? &*a.principal : nullptr, a.token, a.params};
    Result<HttpResponse> res = route.handler(ctx);
    if (!res.ok()) {
      if (HttpStatusFor(res.status().code()) >= 500) {
        std::fprintf(stderr, "cxpact serve: %s %s: %s\n", r.method.c_str(), r.path.c_str(),
                     res.status().ToString().c_str());
      }
      return ErrorResponseFor(res.status());
    }
    return std::move(*res);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "cxpact serve: %s %s: exception: %s\n", r.method.c_str(), r.path.c_str(),
                 ex.what());
  } catch (...) {
    std::fprintf(stderr, "cxpact serve: %s %s: unknown exception\n", r.method.c_str(),
                 r.path.c_str());
  }
  return HttpResponse::Error(500, "internal error");
}

HttpResponse Router::Handle(const HttpRequest& r) const { return Run(Admit(r), r); }

}  // namespace cx
