// `cxpact ingest KIND FILE...` and `cxpact quarantine`.
#include <fmt/format.h>

#include "commands.h"
#include "ingest/ingest.h"
#include "progress.h"

namespace cx::cli {

namespace {

struct IngestFlags {
  std::string kind;
  std::vector<std::string> files;
  double max_bad_share = -1;  // < 0: the workspace's setting.
  std::string format;         // Empty: from the file name.
};

Status RunIngest(const GlobalOptions& global, const IngestFlags& flags) {
  ASSIGN_OR_RETURN(Kind kind, KindFromName(flags.kind));
  ASSIGN_OR_RETURN(Workspace ws, OpenWorkspace(global));
  IngestOptions options;
  options.max_bad_share =
      flags.max_bad_share >= 0 ? flags.max_bad_share : ws.config().max_bad_share;
  options.validate.require_customer_id = ws.config().require_customer_id;
  Status first_error;
  for (const std::string& file : flags.files) {
    FileFormat format;
    if (flags.format.empty()) {
      auto f = FormatFromName(file);
      if (!f.ok()) return f.status();
      format = *f;
    } else if (flags.format == "csv") {
      format = FileFormat::kCsv;
    } else if (flags.format == "json" || flags.format == "jsonl") {
      format = FileFormat::kJson;
    } else {
      return InvalidArgument("--format must be csv or json, not '{}'", flags.format);
    }
    ProgressBar bar(fmt::format("ingest {}", std::filesystem::path(file).filename().string()));
    options.progress = [&bar](double f, int64_t n) { bar.Update(f, n); };
    auto report = Ingest(ws.store(), kind,
                         [&] { return OpenCanonicalSource(kind, file, format); }, options);
    if (!report.ok()) {
      fmt::print(stderr, "cxpact: {}\n", report.status().message());
      if (first_error.ok()) first_error = report.status();
      continue;
    }
    fmt::print("{}\n", FormatReport(*report));
    for (const QuarantineEntry& e : report->first_quarantined) {
      fmt::print("  quarantined {}:{} (record {}): {}{}{}\n", e.file, e.line, e.record, e.reason,
                 e.field.empty() ? "" : " in " + e.field,
                 e.value.empty() ? "" : fmt::format(" '{}'", e.value));
    }
    if (report->counts.quarantined > 5) {
      fmt::print("  ... and {} more: `cxpact quarantine`\n", report->counts.quarantined - 5);
    }
  }
  return first_error.ok() ? Status::Ok()
                          : Status(first_error.code(), "some files were not loaded (see above)");
}

// CSV cell quoting (RFC 4180) for text that may hold commas, quotes or newlines.
std::string Csv(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
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
      if (!only || e.kind == *only) fmt::print("{},{},{}\n", Csv(e.file), e.record, e.reason);
    }
    return Status::Ok();
  }
  if (format == "full-csv") {
    fmt::print("kind,file,sha256,record,line,field,value,reason,detail\n");
    for (const QuarantineEntry& e : entries) {
      if (only && e.kind != *only) continue;
      fmt::print("{},{},{},{},{},{},{},{},{}\n", SpecOf(e.kind).name, Csv(e.file), e.sha256,
                 e.record, e.line, e.field, Csv(e.value), e.reason, Csv(e.detail));
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
  auto flags = std::make_shared<IngestFlags>();
  auto* ingest = app.add_subcommand(
      "ingest",
      "Load files of one kind (CSV or JSON Lines, optionally .gz) into the workspace.\n"
      "Re-sent rows change nothing; a changed row with the same key is a correction (the old\n"
      "version is kept); bad rows go to the quarantine with their reason.");
  ingest->add_option("kind", flags->kind,
                     "contacts, surveys, self_service, kb_events, outages, volumes or "
                     "partner_reports")
      ->required();
  ingest->add_option("files", flags->files, "Files to load")->required();
  ingest->add_option("--max-bad-share", flags->max_bad_share,
                     "Reject a file whose quarantined share exceeds this (default 0.05)");
  ingest->add_option("--format", flags->format, "csv or json (default: from the file name)");
  ingest->callback([&global, flags] { CommandStatus() = RunIngest(global, *flags); });

  auto format = std::make_shared<std::string>("table");
  auto kind = std::make_shared<std::string>();
  auto* q = app.add_subcommand("quarantine", "List the records that were set aside, and why");
  q->add_option("--format", *format,
                "table (default), csv (file,record,reason) or full-csv (every column)");
  q->add_option("--kind", *kind, "Only this kind");
  q->callback([&global, format, kind] { CommandStatus() = RunQuarantine(global, *format, *kind); });
}

}  // namespace cx::cli
