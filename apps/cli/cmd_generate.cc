// `cxpact generate` (realistic synthetic partner data) and `cxpact demo DIR` (the main job:
// generate, create a workspace, ingest everything, summarise).
#include <fmt/format.h>

#include <fstream>

#include "commands.h"
#include "generate/generator.h"
#include "ingest/ingest.h"
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
  fmt::print("== 1/3 generating {} contacts for 4 outsourcers and 1 in-house centre\n",
             options.contacts);
  RETURN_IF_ERROR(RunGenerate(options, data.string()));

  fmt::print("== 2/3 creating the workspace {} and ingesting\n", dir);
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
    ingest.progress = [&bar](double f, int64_t n) { bar.Update(f, n); };
    ASSIGN_OR_RETURN(IngestReport report, IngestCanonicalFile(ws.store(), kind, file, ingest));
    bar.Finish();
    fmt::print("  {}\n", FormatReport(report));
  }
  fmt::print("== 3/3 summary\n");
  // The monthly close and the portal join the demo as they are built (issues 4 and 5).
  return PrintWorkspaceStatus(ws);
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
      fmt::print("\nThe demo workspace is {}. Try:\n  build/apps/cli/cxpact -w {} status\n"
                 "  build/apps/cli/cxpact -w {} quarantine\n",
                 *dir, *dir, *dir);
    }
  });
}

}  // namespace cx::cli
