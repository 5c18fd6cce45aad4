// `cxpact user add|disable|list`: the web portal's users, kept in WORKSPACE/portal.db (beside
// the data store; docs/decisions/0008-portal-auth.md). The password comes from the environment
// variable CXPACT_PASSWORD or, when it is unset, from standard input (without echo on a
// terminal, asked twice).
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <set>

#include "base/time.h"
#include "commands.h"
#include "io/schema.h"
#include "portal/authenticator.h"

namespace cx::cli {

namespace {

namespace fs = std::filesystem;
using PartnerSet = std::set<std::string, std::less<>>;

struct AddFlags {
  std::string name;
  std::string role;
  std::string partner;
};

// One line from standard input, without echo when it is a terminal.
Result<std::string> ReadLine(const char* prompt) {
  const bool tty = ::isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (tty) {
    fmt::print(stderr, "{}", prompt);
    std::fflush(stderr);
    if (::tcgetattr(STDIN_FILENO, &saved) != 0) return IoError("cannot read the terminal");
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    fmt::print(stderr, "\n");
  }
  if (!got) return InvalidArgument("no password: set CXPACT_PASSWORD or type it on stdin");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Result<std::string> ReadPassword() {
  if (const char* env = std::getenv("CXPACT_PASSWORD")) return std::string(env);
  ASSIGN_OR_RETURN(std::string password, ReadLine("Password: "));
  if (::isatty(STDIN_FILENO)) {
    // Fail early, before asking again.
    RETURN_IF_ERROR(CheckPasswordPolicy(password));
    ASSIGN_OR_RETURN(std::string again, ReadLine("Password (again): "));
    if (again != password) return InvalidArgument("the two passwords differ");
  }
  return password;
}

// The partners the workspace's contacts name (a scan of every contact), empty without data.
Result<PartnerSet> PartnersInData(Store& store) {
  PartnerSet partners;
  RETURN_IF_ERROR(store.ScanRows(Kind::kContacts, [&](const std::vector<Value>& row) {
    const Value& p = row[contact_field::kPartner];
    if (p.tag == Value::Tag::kText && !partners.contains(p.s)) partners.emplace(p.s);
  }));
  return partners;
}

Result<std::unique_ptr<SqliteAuthenticator>> OpenPortal(Workspace& ws) {
  return SqliteAuthenticator::Open(ws.dir() / kPortalDbFile);
}

void Audit(SqliteAuthenticator& auth, std::string action, const std::string& name) {
  // The CLI acts with the rights of whoever can write the workspace folder.
  (void)auth.AppendAudit(
      {auth.options().clock(), "(cli)", "", std::move(action), "user:" + name, "ok"});
}

Status RunAdd(const GlobalOptions& global, const AddFlags& flags) {
  auto role = RoleFromName(flags.role);
  if (!role) {
    return InvalidArgument("--role {}: expected client_admin, client_viewer or partner_user",
                           flags.role);
  }
  RETURN_IF_ERROR(CheckUserName(flags.name));
  ASSIGN_OR_RETURN(Workspace ws, OpenWorkspace(global));
  if (*role == Role::kPartnerUser) {
    if (flags.partner.empty()) return InvalidArgument("a partner_user needs --partner");
    ASSIGN_OR_RETURN(PartnerSet partners, PartnersInData(ws.store()));
    if (!partners.empty() && !partners.contains(flags.partner)) {
      std::string known;
      for (const std::string& p : partners) known += (known.empty() ? "" : ", ") + p;
      return InvalidArgument("--partner {}: no such partner in the workspace's contacts ({})",
                             flags.partner, known);
    }
  } else if (!flags.partner.empty()) {
    return InvalidArgument("--partner is for partner_user only");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteAuthenticator> auth, OpenPortal(ws));
  ASSIGN_OR_RETURN(std::string password, ReadPassword());
  ASSIGN_OR_RETURN(int64_t id, auth->AddUser({flags.name, *role, flags.partner, password}));
  Audit(*auth, "user_add", flags.name);
  fmt::print("added user {} (id {}, {}{})\n", flags.name, id, RoleName(*role),
             flags.partner.empty() ? "" : ", partner " + flags.partner);
  return Status::Ok();
}

Status RunDisable(const GlobalOptions& global, const std::string& name) {
  ASSIGN_OR_RETURN(Workspace ws, OpenWorkspace(global));
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteAuthenticator> auth, OpenPortal(ws));
  RETURN_IF_ERROR(auth->DisableUser(name));
  Audit(*auth, "user_disable", name);
  fmt::print("disabled user {} (its sessions are ended)\n", name);
  return Status::Ok();
}

Status RunList(const GlobalOptions& global) {
  ASSIGN_OR_RETURN(Workspace ws, OpenWorkspace(global));
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteAuthenticator> auth, OpenPortal(ws));
  ASSIGN_OR_RETURN(std::vector<UserRecord> users, auth->ListUsers());
  fmt::print("{:<24} {:<14} {:<16} {:<9} {}\n", "name", "role", "partner", "disabled", "created");
  for (const UserRecord& u : users) {
    const Micros created = u.created_at - FloorMod(u.created_at, kMicrosPerSecond);
    fmt::print("{:<24} {:<14} {:<16} {:<9} {}\n", u.name, RoleName(u.role),
               u.partner.empty() ? "-" : u.partner, u.disabled ? "yes" : "no",
               FormatTimestampUtc(created));
  }
  return Status::Ok();
}

}  // namespace

void AddUserCommands(CLI::App& app, GlobalOptions& global) {
  auto* user = app.add_subcommand("user", "Manage the web portal's users (WORKSPACE/portal.db)");
  user->require_subcommand(1);

  auto flags = std::make_shared<AddFlags>();
  auto* add = user->add_subcommand(
      "add", "Add a user; the password comes from CXPACT_PASSWORD or standard input");
  add->add_option("name", flags->name, "Login name (letters, digits, . _ - @ +)")->required();
  add->add_option("--role", flags->role, "client_admin, client_viewer or partner_user")->required();
  add->add_option("--partner", flags->partner, "The partner of a partner_user");
  add->callback([&global, flags] { CommandStatus() = RunAdd(global, *flags); });

  auto name = std::make_shared<std::string>();
  auto* disable = user->add_subcommand("disable", "Disable a user and end its sessions");
  disable->add_option("name", *name, "Login name")->required();
  disable->callback([&global, name] { CommandStatus() = RunDisable(global, *name); });

  auto* list = user->add_subcommand("list", "List the users");
  list->callback([&global] { CommandStatus() = RunList(global); });
}

}  // namespace cx::cli
