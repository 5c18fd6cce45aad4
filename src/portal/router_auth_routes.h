// The session routes of the portal's API, on top of the router's access policy:
//   POST /api/v1/login   {"user", "password"} -> {"csrf", "principal", "expires"} + session cookie
//   POST /api/v1/logout  revokes the session and clears the cookie
//   GET  /api/v1/me      -> {"principal"}
// Thread-safe once added (the handlers only call the router's Authenticator).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "portal/principal.h"
#include "portal/router.h"

namespace cx {

void AddAuthRoutes(Router& router);

// {"user", "role", "partner"} (partner null for client roles).
nlohmann::json PrincipalJson(const Principal& p);
// The Set-Cookie value that stores `token` (empty: clears it) under the router's cookie policy:
// HttpOnly, SameSite=Strict, Path=/, and Secure with the __Host- prefix behind TLS.
std::string SessionCookie(const Router& router, std::string_view token);

}  // namespace cx
