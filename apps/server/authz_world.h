// Test-only: the world of the portal API's authorization test (authz_test.cc). A workspace of
// generated data for five partners, closed for one month with the example contracts, users of
// every role in a real SqliteAuthenticator with a session each, the API's router over it, and,
// per partner, an insight and an uploaded file of its own contacts with one bad row.
// Not thread-safe.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "base/testing/temp_dir.h"
#include "contracts/close.h"
#include "contracts/contract_reader.h"
#include "generate/generator.h"
#include "portal/authenticator.h"
#include "server/api_routes.h"
#include "store/workspace.h"

namespace cx::server::authz {

namespace fs = std::filesystem;
using nlohmann::json;

inline const std::vector<std::string> kPartners = {"atlas", "bluepeak", "corvid", "delta",
                                                   "inhouse-nyc"};
inline const std::vector<std::string> kPeriods = {"2026-01", "2026-02", "2026-03"};
inline constexpr const char* kClosedPeriod = "2026-03";
inline constexpr const char* kPassword = "correct horse battery";

inline std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) out.push_back(field);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

struct Caller {
  std::string name;  // "" for anonymous.
  Role role = Role::kClientViewer;
  std::string partner;
  std::string cookie, csrf;
};

struct AuthzWorld {
  testing::TempDir dir;
  std::optional<Workspace> ws;
  std::unique_ptr<SqliteAuthenticator> auth;
  std::unique_ptr<PortalStore> portal;
  std::unique_ptr<ApiData> data;
  std::unique_ptr<Router> router;
  std::vector<Caller> callers;
  std::map<std::string, std::string> id_prefix;   // Partner -> its contact ids' prefix.
  std::map<std::string, fs::path> contacts_file;  // Partner -> a file of its rows only.
  std::map<std::string, int64_t> insight_of;      // Partner -> an insight about it.
  Status status;

  AuthzWorld() { status = Build(); }

  Status Build() {
    GenerateOptions generate;
    generate.contacts = 3000;
    generate.months = 3;
    const fs::path raw = dir / "raw";
    RETURN_IF_ERROR(Generate(generate, raw).status());
    ASSIGN_OR_RETURN(Workspace w, Workspace::Init(dir / "ws"));
    ws.emplace(std::move(w));
    for (const KindSpec& k : AllKinds()) {
      const fs::path file = raw / (std::string(k.name) + ".csv");
      if (fs::exists(file)) {
        RETURN_IF_ERROR(IngestCanonicalFile(ws->store(), k.kind, file, {}).status());
      }
    }
    RETURN_IF_ERROR(SplitContacts(raw / "contacts.csv"));
    RETURN_IF_ERROR(Close());

    AuthOptions auth_options;
    auth_options.max_ip_failures = 1000;
    auth_options.max_user_failures = 1000;
    ASSIGN_OR_RETURN(auth, SqliteAuthenticator::Open(ws->dir() / kPortalDbFile, auth_options));
    ASSIGN_OR_RETURN(portal, PortalStore::Open(ws->dir() / kPortalDbFile));
    data = std::make_unique<ApiData>(ws->store(), *portal, ApiDataOptions{});
    router = std::make_unique<Router>(*auth);
    AddApiRoutes(*router, *data);

    callers.push_back({"", Role::kClientViewer, "", "", ""});
    callers.push_back({"carla", Role::kClientAdmin, "", "", ""});
    callers.push_back({"victor", Role::kClientViewer, "", "", ""});
    for (const std::string& p : kPartners) {
      callers.push_back({"user-of-" + p, Role::kPartnerUser, p, "", ""});
    }
    for (Caller& c : callers) {
      if (c.name.empty()) continue;
      RETURN_IF_ERROR(auth->AddUser({c.name, c.role, c.partner, kPassword}).status());
      ASSIGN_OR_RETURN(std::tie(c.cookie, c.csrf), LoginAs(c.name));
    }
    // Each partner's user writes an insight about its partner, and uploads its own file, so
    // that insight ids and quarantine entries of every partner exist.
    for (Caller& c : callers) {
      if (c.role != Role::kPartnerUser) continue;
      HttpRequest post = Request(c, "POST", "/api/v1/insights", true);
      post.body = json{{"title", "Note by " + c.partner}, {"body", "About " + c.partner}}.dump();
      HttpResponse r = router->Handle(post);
      if (r.status != 201) return Internal("insight of {}: {} {}", c.partner, r.status, r.body);
      insight_of[c.partner] = json::parse(r.body)["id"].get<int64_t>();
      HttpRequest upload = Request(c, "POST", "/api/v1/uploads/contacts", true);
      upload.headers.emplace_back("x-file-name", contacts_file[c.partner].filename().string());
      upload.body_file = contacts_file[c.partner];
      r = router->Handle(upload);
      if (r.status != 200) return Internal("upload of {}: {} {}", c.partner, r.status, r.body);
    }
    return Status::Ok();
  }

  // One file per partner with a handful of its contacts and one bad row (quarantined), and
  // each partner's contact id prefix (letters before the digits), when it has one.
  Status SplitContacts(const fs::path& all) {
    std::ifstream in(all);
    std::string header;
    std::getline(in, header);
    const std::vector<std::string> columns = Split(header);
    const auto at = [&](std::string_view name) {
      return static_cast<size_t>(std::find(columns.begin(), columns.end(), name) - columns.begin());
    };
    const size_t partner_at = at("partner"), id_at = at("contact_id"), time_at = at("arrived_at"),
                 customer_at = at("customer_id");
    std::map<std::string, std::vector<std::string>> rows;
    std::string line;
    while (std::getline(in, line)) {
      if (line.find('"') != std::string::npos) continue;
      std::vector<std::string> f = Split(line);
      if (f.size() != columns.size() || f[customer_at].empty()) continue;
      const std::string& id = f[id_at];
      std::string prefix;
      for (char ch : id) {
        if (std::isdigit(static_cast<unsigned char>(ch))) break;
        prefix += ch;
      }
      if (prefix.size() >= 2) id_prefix[f[partner_at]] = prefix;
      if (rows[f[partner_at]].size() < 20) rows[f[partner_at]].push_back(line);
    }
    for (const std::string& p : kPartners) {
      if (rows[p].empty()) return Internal("no generated contacts of {}", p);
      std::vector<std::string> bad = Split(rows[p][0]);
      bad[id_at] += "X";
      bad[time_at] = "not a time";
      std::string text = header + "\n";
      for (const std::string& r : rows[p]) text += r + "\n";
      for (size_t i = 0; i < bad.size(); ++i) text += (i ? "," : "") + bad[i];
      text += "\n";
      // Named without the partner: an upload's own name comes back in its answers.
      contacts_file[p] =
          dir.Write("contacts-" + std::to_string(contacts_file.size()) + ".csv", text);
    }
    return Status::Ok();
  }

  // Closes kClosedPeriod with the example contracts and allocation rule.
  Status Close() {
    ASSIGN_OR_RETURN(Dataset dataset, LoadDatasetFromStore(ws->store()));
    const fs::path examples = fs::path(CXPACT_SOURCE_DIR) / "examples";
    CloseInputs in;
    in.period = *ParseYearMonth(kClosedPeriod);
    in.data = &dataset;
    ASSIGN_OR_RETURN(in.contracts, LoadContracts(examples / "contracts"));
    ASSIGN_OR_RETURN(in.allocation, ParseAllocationRuleText(ReadAll(examples / "allocation.toml"),
                                                            "allocation.toml"));
    ASSIGN_OR_RETURN(json doc, RunClose(in));
    ASSIGN_OR_RETURN(int64_t load, ws->store().DataVersion());
    return ws->store().SaveClose({kClosedPeriod, 1, "test", load, doc.dump()});
  }

  Result<std::pair<std::string, std::string>> LoginAs(const std::string& user) {
    HttpRequest login;
    login.method = "POST";
    login.path = "/api/v1/login";
    login.headers.emplace_back("content-type", "application/json");
    login.body = json{{"user", user}, {"password", kPassword}}.dump();
    HttpResponse r = router->Handle(login);
    if (r.status != 200) return Internal("login of {}: {}", user, r.body);
    std::string cookie;
    for (auto& [k, v] : r.headers) {
      if (k == "Set-Cookie") cookie = v.substr(0, v.find(';'));
    }
    return std::make_pair(cookie, json::parse(r.body)["csrf"].get<std::string>());
  }

  // The user of `partner` (a partner_user), or nullptr.
  const Caller* UserOf(std::string_view partner) const {
    for (const Caller& c : callers) {
      if (c.role == Role::kPartnerUser && c.partner == partner) return &c;
    }
    return nullptr;
  }

  static HttpRequest Request(const Caller& c, std::string method, std::string path, bool csrf) {
    HttpRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.client_ip = "192.0.2.7";
    r.headers.emplace_back("content-type", "application/json");
    if (!c.cookie.empty()) r.headers.emplace_back("cookie", c.cookie);
    if (csrf && !c.csrf.empty()) r.headers.emplace_back("x-csrf-token", c.csrf);
    return r;
  }
};

}  // namespace cx::server::authz
