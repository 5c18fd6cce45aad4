// `cxpact ingest KIND FILE...` and `cxpact quarantine`.
#include <fmt/format.h>

#include "commands.h"
#include "ingest/ingest.h"
#include "io/csv_reader.h"
#include "io/mapping.h"
#include "progress.h"

namespace cx::cli {

namespace {

struct IngestFlags {
  std::string kind;
  std::vector<std::string> files;
  double max_bad_share = -1;  // < 0: the workspace's setting.
  std::string format;         // Empty: from the file name.
  std::string mapping;        // A TOML column mapping for a non-canonical layout.
};

// How to open each file: through the mapping when one is given, else the canonical layout in
// the format named by --format or the file name.
class Opener {
 public:
  static Result<Opener> Create(const IngestFlags& flags, Kind kind) {
    Opener o;
    o.kind_ = kind;
    if (!flags.mapping.empty()) {
      ASSIGN_OR_RETURN(Mapping m, LoadMapping(flags.mapping));
      if (m.kind != kind) {
        return InvalidArgument("{}: the mapping is for {}, not {}", flags.mapping,
                               SpecOf(m.kind).name, SpecOf(kind).name);
      }
      o.mapping_ = std::make_shared<Mapping>(std::move(m));
    } else if (flags.format == "csv") {
      o.format_ = FileFormat::kCsv;
    } else if (flags.format == "json" || flags.format == "jsonl") {
      o.format_ = FileFormat::kJson;
    } else if (!flags.format.empty()) {
      return InvalidArgument("--format must be csv or json, not '{}'", flags.format);
    }
    return o;
  }

  // The workspace default, unless the mapping says otherwise.
  bool RequireCustomerId(bool workspace_default) const {
    return mapping_ && mapping_->require_customer_id ? *mapping_->require_customer_id
                                                     : workspace_default;
  }

  Result<SourceOpener> For(const std::string& file) const {
    if (mapping_) {
      auto mapping = mapping_;
      return SourceOpener([mapping, file] { return OpenMappedSource(*mapping, file); });
    }
    FileFormat format;
    if (format_) {
      format = *format_;
    } else {
      ASSIGN_OR_RETURN(format, FormatFromName(file));
    }
    Kind kind = kind_;
    return SourceOpener([kind, file, format] { return OpenCanonicalSource(kind, file, format); });
  }

 private:
  Kind kind_ = Kind::kContacts;
  std::optional<FileFormat> format_;
  std::shared_ptr<Mapping> mapping_;
};

void PrintReport(const IngestReport& report, bool stored) {
  fmt::print("{}\n", FormatReport(report));
  for (const QuarantineEntry& e : report.first_quarantined) {
    fmt::print("  quarantined {}:{} (record {}): {}{}{}\n", e.file, e.line, e.record, e.reason,
               e.field.empty() ? "" : " in " + e.field,
               e.value.empty() ? "" : fmt::format(" '{}'", e.value));
  }
  if (report.counts.quarantined > 5) {
    fmt::print("  ... and {} more{}\n", report.counts.quarantined - 5,
               stored ? ": `cxpact quarantine`"
                      : " (`cxpact ingest` keeps every one for `cxpact quarantine`)");
  }
}

// Loads (store != nullptr) or only checks each file; a failed file does not stop the others.
Status RunFiles(const IngestFlags& flags, Kind kind, Store* store, IngestOptions options) {
  ASSIGN_OR_RETURN(Opener opener, Opener::Create(flags, kind));
  options.validate.require_customer_id =
      opener.RequireCustomerId(options.validate.require_customer_id);
  Status first_error;
  for (const std::string& file : flags.files) {
    ProgressBar bar(fmt::format("{} {}", store ? "ingest" : "check",
                                std::filesystem::path(file).filename().string()));
    options.progress = bar.Updater();
    auto open = opener.For(file);
    Result<IngestReport> report = open.status();
    if (open.ok()) {
      report = store ? Ingest(*store, kind, *open, options) : CheckFile(kind, *open, options);
    }
    bar.Finish();
    if (!report.ok()) {
      fmt::print(stderr, "cxpact: {}\n", report.status().message());
      if (first_error.ok()) first_error = report.status();
      continue;
    }
    PrintReport(*report, store != nullptr);
    if (!store) {
      // What the load would do with this share of bad records: refuse the file whole.
      const auto& c = report->counts;
      if (TooManyBad(*report, options)) {
        const Status refused = DataLoss(
            "{}: {:.1f}% of the records are bad, more than the {:.1f}% allowed: `cxpact ingest` "
            "would load nothing of it",
            report->file, 100.0 * c.quarantined / c.read, 100.0 * options.max_bad_share);
        fmt::print(stderr, "cxpact: {}\n", refused.message());
        if (first_error.ok()) first_error = refused;
      }
    }
  }
  return first_error.ok()
             ? Status::Ok()
             : Status(first_error.code(), store ? "some files were not loaded (see above)"
                                                : "some files would not load (see above)");
}

Status RunIngest(const GlobalOptions& global, const IngestFlags& flags) {
  ASSIGN_OR_RETURN(Kind kind, KindFromName(flags.kind));
  ASSIGN_OR_RETURN(Workspace ws, OpenWorkspace(global));
  IngestOptions options;
  options.max_bad_share =
      flags.max_bad_share >= 0 ? flags.max_bad_share : ws.config().max_bad_share;
  options.validate.require_customer_id = ws.config().require_customer_id;
  return RunFiles(flags, kind, &ws.store(), options);
}

// Outside a workspace the defaults apply; inside one, its settings.
Status RunCheck(const GlobalOptions& global, const IngestFlags& flags) {
  ASSIGN_OR_RETURN(Kind kind, KindFromName(flags.kind));
  IngestOptions options;
  if (std::filesystem::exists(std::filesystem::path(global.workspace) / kWorkspaceConfig)) {
    ASSIGN_OR_RETURN(WorkspaceConfig config,
                     LoadWorkspaceConfig(std::filesystem::path(global.workspace) / kWorkspaceConfig));
    options.max_bad_share = config.max_bad_share;
    options.validate.require_customer_id = config.require_customer_id;
  }
  if (flags.max_bad_share >= 0) options.max_bad_share = flags.max_bad_share;
  return RunFiles(flags, kind, nullptr, options);
}

Status RunQuarantine(const GlobalOptions& global, const std::string& format,
                     const std::string& kind_filter) {
  ASSIGN_OR_RETURN(Workspace ws, OpenWorkspace(global));
  ASSIGN_OR_RETURN(auto entries, ws.store().ListQuarantine());
  std::optional<Kind> only;
  if (!kind_filter.empty()) {
    ASSIGN_OR_RETURN(only, KindFromName(kind_filter));
  }
  if (format == "csv") {
    fmt::print("file,record,reason\n");
    for (const QuarantineEntry& e : entries) {
      if (!only || e.kind == *only) fmt::print("{},{},{}\n", CsvField(e.file), e.record, e.reason);
    }
    return Status::Ok();
  }
  if (format == "full-csv") {
    fmt::print("kind,file,sha256,record,line,field,value,reason,detail\n");
    for (const QuarantineEntry& e : entries) {
      if (only && e.kind != *only) continue;
      fmt::print("{},{},{},{},{},{},{},{},{}\n", SpecOf(e.kind).name, CsvField(e.file), e.sha256,
                 e.record, e.line, e.field, CsvField(e.value), e.reason, CsvField(e.detail));
    }
    return Status::Ok();
  }
  if (format != "table") return InvalidArgument("--format must be table, csv or full-csv");
  size_t shown = 0;
  fmt::print("{:<24} {:>7} {:>7}  {:<24} {:<18} {}\n", "file", "line", "record", "reason", "field",
             "value / why");
  for (const QuarantineEntry& e : entries) {
    if (only && e.kind != *only) continue;
    ++shown;
    std::string value = e.value.size() > 40 ? e.value.substr(0, 37) + "..." : e.value;
    fmt::print("{:<24} {:>7} {:>7}  {:<24} {:<18} {}{}{}\n", e.file, e.line, e.record, e.reason,
               e.field, value.empty() ? "" : "'" + value + "' ", e.detail.empty() ? "" : "- ",
               e.detail);
  }
  fmt::print("{} quarantined record{}\n", shown, shown == 1 ? "" : "s");
  return Status::Ok();
}

}  // namespace

void AddIngestCommands(CLI::App& app, GlobalOptions& global) {
  auto add_file_flags = [](CLI::App* cmd, IngestFlags& flags) {
    cmd->add_option("kind", flags.kind,
                    "contacts, surveys, self_service, kb_events, outages, volumes or "
                    "partner_reports")
        ->required();
    cmd->add_option("files", flags.files, "Files (CSV or JSON Lines, optionally .gz)")->required();
    cmd->add_option("--max-bad-share", flags.max_bad_share,
                    "Reject a file whose quarantined share exceeds this (default 0.05)");
    cmd->add_option("--format", flags.format, "csv or json (default: from the file name)");
    cmd->add_option("--mapping", flags.mapping,
                    "A TOML column mapping for another layout (see docs/mappings.md)");
  };
  auto flags = std::make_shared<IngestFlags>();
  auto* ingest = app.add_subcommand(
      "ingest",
      "Load files of one kind into the workspace. Re-sent rows change nothing; a changed row\n"
      "with the same key is a correction (the old version is kept); bad rows go to the\n"
      "quarantine with their reason. Each file loads entirely or not at all.");
  add_file_flags(ingest, *flags);
  ingest->callback([&global, flags] { CommandStatus() = RunIngest(global, *flags); });

  auto check_flags = std::make_shared<IngestFlags>();
  auto* check = app.add_subcommand(
      "check", "Validate files without loading them: what ingest would quarantine, and why");
  add_file_flags(check, *check_flags);
  check->callback([&global, check_flags] { CommandStatus() = RunCheck(global, *check_flags); });

  auto format = std::make_shared<std::string>("table");
  auto kind = std::make_shared<std::string>();
  auto* q = app.add_subcommand("quarantine", "List the records that were set aside, and why");
  q->add_option("--format", *format,
                "table (default), csv (file,record,reason) or full-csv (every column)");
  q->add_option("--kind", *kind, "Only this kind");
  q->callback([&global, format, kind] { CommandStatus() = RunQuarantine(global, *format, *kind); });
}

}  // namespace cx::cli
