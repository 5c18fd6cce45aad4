// `cxpact generate` (realistic synthetic partner data) and `cxpact demo DIR` (the main job:
// generate, create a workspace, ingest everything, summarise).
#include <fmt/format.h>
#include <sodium.h>

#include <fstream>
#include <map>

#include "commands.h"
#include "generate/generator.h"
#include "ingest/ingest.h"
#include "metrics/score.h"
#include "portal/authenticator.h"
#include "portal/portal_store.h"
#include "progress.h"

namespace cx::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* kDemoMarker = ".cxpact-demo";

Status RunGenerate(const GenerateOptions& options, const std::string& out) {
  ProgressBar bar("generate");
  auto stats = Generate(options, out,
                        [&bar, &options](double f) { bar.Update(f, int64_t(f * options.contacts)); });
  bar.Finish();
  if (!stats.ok()) return stats.status();
  fmt::print("wrote {}: {} contacts, {} surveys, {} self-service sessions, {} kb events, "
             "{} outages, {} volume rows, {} partner report rows\n",
             out, stats->contacts, stats->surveys, stats->self_service, stats->kb_events,
             stats->outages, stats->volumes, stats->partner_reports);
  return Status::Ok();
}

// Kinds in load order, with the file names Generate writes.
constexpr Kind kLoadOrder[] = {Kind::kContacts, Kind::kSurveys, Kind::kSelfService,
                               Kind::kKbEvents, Kind::kOutages, Kind::kVolumes,
                               Kind::kPartnerReports};

// Speed SLAs beside outcomes for each partner in the last complete month: the watermelon
// (green SLA, red outcome) shows at a glance.
Status PrintScorecard(Workspace& ws) {
  ASSIGN_OR_RETURN(Dataset data, LoadDatasetFromStore(ws.store()));
  const Dimension by[] = {Dimension::kPartner, Dimension::kPeriod};
  ASSIGN_OR_RETURN(ScoreResult result, Score(data, MetricSettings{}, by));
  // The last period whose FCR has nothing pending is the last complete one.
  std::string month;
  std::map<std::string, int64_t> pending;
  for (const MetricRow& r : result.rows) {
    if (r.metric == "fcr") pending[r.keys[1]] += r.pending.value_or(0);
  }
  for (const auto& [period, n] : pending) {
    if (n == 0) month = period;
  }
  if (month.empty() && !pending.empty()) month = pending.begin()->first;
  std::map<std::string, std::map<std::string_view, double>> by_partner;
  for (const MetricRow& r : result.rows) {
    if (r.keys[1] == month && r.value) by_partner[r.keys[0]][r.metric] = *r.value;
  }
  fmt::print("\nScorecard {} (speed SLAs beside outcomes; `cxpact -w DIR score` for everything)\n",
             month);
  fmt::print("  {:<14} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8}\n", "partner", "offered",
             "SL 20s", "email 48h", "FCR", "CSAT", "NPS");
  for (auto& [partner, m] : by_partner) {
    fmt::print("  {:<14} {:>9.0f} {:>8.1f}% {:>8.1f}% {:>8.1f}% {:>8.1f}% {:>+8.1f}\n", partner,
               m["offered"], 100 * m["service_level"], 100 * m["response_within"],
               100 * m["fcr"], 100 * m["csat"], m["nps"]);
  }
  return Status::Ok();
}

// A random password of 20 letters and digits (no look-alikes such as 0/O, 1/l).
std::string RandomPassword() {
  constexpr std::string_view kAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string password;
  for (int i = 0; i < 20; ++i) {
    password += kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))];
  }
  return password;
}

// The portal's demo users: a client admin, a client viewer and one partner user per partner,
// with fresh random passwords (a demo on localhost is still a server: no well-known passwords).
// They are printed and kept in DIR/users.txt (readable by its owner only).
Status AddDemoUsers(Workspace& ws, const fs::path& root) {
  if (sodium_init() < 0) return Internal("libsodium failed to initialise");
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteAuthenticator> auth,
                   SqliteAuthenticator::Open(ws.dir() / kPortalDbFile));
  ASSIGN_OR_RETURN(std::vector<std::string> partners, ws.store().ListPartners());
  std::vector<NewUser> users = {{"admin", Role::kClientAdmin, "", RandomPassword()},
                                {"viewer", Role::kClientViewer, "", RandomPassword()}};
  for (const std::string& p : partners) {
    users.push_back({p + "-pm", Role::kPartnerUser, p, RandomPassword()});
  }
  const fs::path file = root / "users.txt";
  std::ofstream out(file);
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  out << "# cxpact demo users (user, role, partner, password); made by `cxpact demo`\n";
  fmt::print("  {:<16} {:<14} {:<12} {}\n", "user", "role", "partner", "password");
  for (const NewUser& u : users) {
    RETURN_IF_ERROR(auth->AddUser(u).status());
    const std::string partner = u.partner.empty() ? "-" : u.partner;
    fmt::print("  {:<16} {:<14} {:<12} {}\n", u.name, RoleName(u.role), partner, u.password);
    out << fmt::format("{} {} {} {}\n", u.name, RoleName(u.role), partner, u.password);
  }
  if (!out.flush()) return IoError("{}: cannot write", file.string());
  return Status::Ok();
}

Status RunDemo(const std::string& dir, GenerateOptions options) {
  const fs::path root(dir);
  if (fs::exists(root) && !fs::is_empty(root)) {
    if (!fs::exists(root / kDemoMarker)) {
      return FailedPrecondition(
          "{}: the folder exists and is not a cxpact demo; choose another folder", dir);
    }
    fs::remove_all(root);  // A previous demo: rebuild it from scratch.
  }
  fs::create_directories(root);
  std::ofstream(root / kDemoMarker) << "built by `cxpact demo`; safe to delete\n";
  const fs::path data = root / "data";
  fmt::print("== 1/5 generating {} contacts for 4 outsourcers and 1 in-house centre\n",
             options.contacts);
  RETURN_IF_ERROR(RunGenerate(options, data.string()));

  fmt::print("== 2/5 creating the workspace {} and ingesting\n", dir);
  // The generated feeds carry unidentified callers (about 3% of contacts have no customer_id),
  // as real phone traffic does: the demo loads them, so their share can be reported.
  WorkspaceConfig config;
  config.name = "demo";
  config.require_customer_id = false;
  ASSIGN_OR_RETURN(Workspace ws, Workspace::Init(root, config));
  IngestOptions ingest;
  ingest.validate.require_customer_id = ws.config().require_customer_id;
  for (Kind kind : kLoadOrder) {
    fs::path file = data / (std::string(SpecOf(kind).name) + (options.gzip ? ".csv.gz" : ".csv"));
    ProgressBar bar(fmt::format("ingest {}", file.filename().string()));
    ingest.progress = bar.Updater();
    ASSIGN_OR_RETURN(IngestReport report, IngestCanonicalFile(ws.store(), kind, file, ingest));
    bar.Finish();
    fmt::print("  {}\n", FormatReport(report));
  }
  fmt::print("== 3/5 summary\n");
  RETURN_IF_ERROR(PrintWorkspaceStatus(ws));
  RETURN_IF_ERROR(PrintScorecard(ws));

  fmt::print("\n== 4/5 the monthly close: one contract per partner (examples/contracts)\n");
  const fs::path examples = CXPACT_EXAMPLES_DIR;
  fs::create_directories(root / "contracts");
  for (const auto& e : fs::directory_iterator(examples / "contracts")) {
    if (e.path().extension() == ".toml") {
      fs::copy_file(e.path(), root / "contracts" / e.path().filename());
    }
  }
  fs::copy_file(examples / "allocation.toml", root / "allocation.toml");
  auto first = ParseYearMonth(options.start_month);
  if (!first) return InvalidArgument("--start {}: not a month", options.start_month);
  for (int m = *first; m < *first + options.months; ++m) {
    const std::string period = fmt::format("{:04d}-{:02d}", m / 12, m % 12 + 1);
    ASSIGN_OR_RETURN(nlohmann::json doc, CloseMonth(ws, period, "", "", ""));
    doc.erase("reused");
    fmt::print("\n");
    PrintCloseSummary(doc, false);
    RETURN_IF_ERROR(WriteCloseOutputs(root / "close" / period, doc));
  }
  fmt::print("\nReports: {}/close/YYYY-MM/<partner>.html\n", dir);
  fmt::print("\n== 5/5 the portal's users (also in {}/users.txt)\n", dir);
  return AddDemoUsers(ws, root);
}

}  // namespace

void AddGenerateCommands(CLI::App& app, GlobalOptions& /*global*/) {
  auto options = std::make_shared<GenerateOptions>();
  auto out = std::make_shared<std::string>();
  auto add_generation_flags = [options](CLI::App* cmd) {
    cmd->add_option("--contacts", options->contacts, "How many contacts (all partners)");
    cmd->add_option("--seed", options->seed, "Random seed: the same seed gives the same files");
    cmd->add_option("--start", options->start_month, "First month, YYYY-MM");
    cmd->add_option("--months", options->months, "How many months");
    cmd->add_option("--time-zone", options->time_zone, "Zone of the client's business hours");
    cmd->add_flag("--gzip", options->gzip, "Write .csv.gz files");
    cmd->add_flag("--dirty", options->dirty,
                  "Add defects: duplicates, corrections and bad rows, like real feeds");
  };
  auto* gen = app.add_subcommand(
      "generate", "Write realistic, deterministic data for every input kind (4 outsourcers, 1 "
                  "in-house centre)");
  add_generation_flags(gen);
  gen->add_option("--out", *out, "Folder to write into")->required();
  gen->callback([options, out] { CommandStatus() = RunGenerate(*options, *out); });

  auto demo_options = std::make_shared<GenerateOptions>();
  demo_options->contacts = 200'000;
  demo_options->seed = 42;
  demo_options->dirty = true;
  auto dir = std::make_shared<std::string>("demo");
  auto* demo = app.add_subcommand(
      "demo", "Build a complete demo workspace in DIR: generated data for every partner, "
              "ingested, summarised");
  demo->add_option("dir", *dir, "Folder for the demo (rebuilt if it holds an earlier demo)");
  demo->add_option("--contacts", demo_options->contacts, "How many contacts");
  demo->add_option("--seed", demo_options->seed, "Random seed");
  demo->callback([demo_options, dir] {
    Status s = RunDemo(*dir, *demo_options);
    CommandStatus() = s;
    if (s.ok()) {
      fmt::print("\nThe demo workspace is {0}. Try:\n"
                 "  build/apps/cli/cxpact -w {0} score            # every metric, per partner and month\n"
                 "  build/apps/cli/cxpact -w {0} rank --metric fcr  # ties where the gap is noise\n"
                 "  build/apps/cli/cxpact -w {0} quarantine       # what was set aside, and why\n"
                 "  build/apps/cli/cxpact -w {0} close --period 2026-03 --out close-2026-03  # a close again: the stored version\n"
                 "  build/apps/cli/cxpact -w {0} score --partner delta --from 2026-01 --to 2026-04  # one scorecard\n"
                 "  build/apps/cli/cxpact -w {0} serve --web web/dist  # the portal (scripts/demo.sh starts it)\n",
                 *dir);
    }
  });
}

}  // namespace cx::cli
