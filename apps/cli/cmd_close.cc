// `cxpact close`: the monthly close of every contract, kept as immutable versions in the
// workspace, with its outputs (summary, JSON, CSV, one HTML report per partner).
#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "commands.h"
#include "progress.h"
#include "contracts/close.h"
#include "contracts/close_report.h"
#include "contracts/contract_reader.h"
#include "contracts/money.h"
#include "base/file.h"
#include "io/byte_source.h"
#include "io/csv_reader.h"
#include "metrics/score_cache.h"

namespace cx::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Bumped when the close document's layout or rules change, so old fingerprints no longer match.
// 2: rolling quarters pooled from counts (decision 0018).
constexpr std::string_view kCloseRules = "close-rules-2";

struct CloseFlags {
  std::string period;
  std::string out;
  std::string contracts;   // Default: WORKSPACE/contracts.
  std::string allocation;  // Default: WORKSPACE/allocation.toml when it exists.
  std::string settings;
  bool quiet = false;
};

}  // namespace

namespace {

Result<std::vector<PartnerReport>> LoadReports(Store& store) {
  std::vector<PartnerReport> out;
  RETURN_IF_ERROR(store.ScanRows(Kind::kPartnerReports, [&](const std::vector<Value>& row) {
    out.push_back({std::string(row[0].s), std::string(row[1].s), std::string(row[2].s),
                   row[3].tag == Value::Tag::kInt ? static_cast<double>(row[3].i) : row[3].d});
  }));
  return out;
}

// The store's ContentDigest reads every stored row (3 s at 10M contacts). It is kept in the
// results cache for the data version it was computed at, so that the next close on the same
// data, of any month, reads it back. (If a load lands while it is computed, the entry is filed
// under a version that is no longer current, so it is never read. A load changes one kind in
// one transaction, so such a digest still describes a state the data was in.)
Result<std::string> ContentDigestAt(Store& store, int64_t data_version) {
  const std::string key = "content-digest";
  ASSIGN_OR_RETURN(std::optional<std::string> cached, store.GetCached(key, data_version));
  if (cached) return *cached;
  ASSIGN_OR_RETURN(std::string digest, store.ContentDigest());
  RETURN_IF_ERROR(store.PutCached(key, data_version, digest));
  return digest;
}

Status WriteText(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) return IoError("{}: cannot write", path.string());
  return Status::Ok();
}

// "12,345.67" from cents.
std::string Cents(const json& v) {
  if (!v.is_number()) return "";
  const int64_t c = v.get<int64_t>();
  const int64_t units = (c < 0 ? -c : c) / 100;
  std::string digits = std::to_string(units), grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return fmt::format("{}{}.{:02d}", c < 0 ? "-" : "", grouped, (c < 0 ? -c : c) % 100);
}
std::string Num(const json& v) {
  if (!v.is_number()) return "";
  return fmt::format("{}", v.get<double>());
}

}  // namespace

// The folder of a close: close.json, kpis.csv, invoices.csv, allocation.csv, one HTML report
// per partner, and diff.txt for a restated version. Nothing in it depends on the clock.
Status WriteCloseOutputs(const fs::path& dir, const json& doc) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return IoError("{}: cannot create: {}", dir.string(), ec.message());
  // A folder reused from an earlier close keeps nothing of it: its known outputs go first.
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const fs::path& p = e.path();
    if (p.extension() == ".html" || p.extension() == ".csv" || p.filename() == "close.json" ||
        p.filename() == "diff.txt") {
      fs::remove(p, ec);
    }
  }
  RETURN_IF_ERROR(WriteText(dir / "close.json", doc.dump(2) + "\n"));
  std::string kpis = "partner,metric,kind,target,direction,value,low,high,sample,status,weight,credit_cents\n";
  std::string invoices = "partner,invoice,kind,description,quantity,unit_price,amount_cents\n";
  for (const json& p : doc["partners"]) {
    const std::string partner = p.value("partner", "");
    for (const json& k : p.value("kpis", json::array())) {
      kpis += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", CsvField(partner),
                          CsvField(k.value("metric", "")), k.value("kind", ""), Num(k["target"]),
                          k.value("direction", ""), Num(k["value"]), Num(k["low"]),
                          Num(k["high"]), k.value("sample", 0), CsvField(k.value("status", "")),
                          Num(k["weight"]), k.value("credit_cents", 0));
    }
    auto lines = [&](const std::string& label, const json& ls) {
      for (const json& l : ls) {
        invoices += fmt::format("{},{},{},{},{},{},{}\n", CsvField(partner), CsvField(label),
                                l.value("kind", ""), CsvField(l.value("description", "")),
                                l.value("quantity", ""), l.value("unit_price", ""),
                                l.value("amount_cents", 0));
      }
    };
    if (p.contains("invoice")) lines("actual:" + p["invoice"].value("label", ""), p["invoice"]["lines"]);
    for (const json& w : p.value("what_if", json::array())) {
      lines("what_if:" + w.value("label", ""), w["lines"]);
    }
    json report = p;
    report["version"] = doc["version"];
    report["fingerprint"] = doc["fingerprint"];
    // Partner codes name files: only those that are plain names.
    if (partner.empty() || partner.find_first_of("/\\") != std::string::npos || partner[0] == '.') {
      return InvalidArgument("partner '{}' cannot name a report file", partner);
    }
    RETURN_IF_ERROR(WriteText(dir / (partner + ".html"), RenderCloseReportHtml(report)));
  }
  RETURN_IF_ERROR(WriteText(dir / "kpis.csv", kpis));
  RETURN_IF_ERROR(WriteText(dir / "invoices.csv", invoices));
  if (doc["allocation"].is_object()) {
    std::string alloc = "for_period,queue,partner,share_bp,pool_winner\n";
    for (const json& q : doc["allocation"]["queues"]) {
      for (const json& s : q["shares"]) {
        alloc += fmt::format("{},{},{},{},{}\n", doc["allocation"].value("for_period", ""),
                             CsvField(q.value("queue", "")), CsvField(s.value("partner", "")),
                             s.value("share_bp", 0), CsvField(q.value("pool_winner", "")));
      }
    }
    RETURN_IF_ERROR(WriteText(dir / "allocation.csv", alloc));
  }
  if (doc.contains("diff")) {
    std::string diff;
    for (const json& line : doc["diff"]["restated"]) diff += "restated " + line.get<std::string>() + "\n";
    for (const json& line : doc["diff"]["changes"]) diff += line.get<std::string>() + "\n";
    RETURN_IF_ERROR(WriteText(dir / "diff.txt", diff));
  }
  return Status::Ok();
}

void PrintCloseSummary(const json& doc, bool reused) {
  fmt::print("Close {} version {} ({}; inputs {})\n", doc.value("period", ""),
             doc.value("version", 0), reused ? "unchanged inputs: the stored version" : "new",
             doc.value("fingerprint", "").substr(0, 12));
  fmt::print("  {:<13} {:>4} {:>6} {:>14} {:>12}  {}\n", "partner", "met", "missed",
             "invoice", "credits", "flags");
  for (const json& p : doc["partners"]) {
    int met = 0, missed = 0;
    for (const json& k : p.value("kpis", json::array())) {
      met += k.value("status", "") == "met";
      missed += k.value("status", "") == "missed";
    }
    std::vector<std::string> flags;
    const json& audit = p.value("audit", json::object());
    if (audit.contains("watermelon") && audit["watermelon"].value("flagged", false)) {
      flags.push_back("WATERMELON");
    }
    for (const json& t : p.value("termination", json::array())) {
      flags.push_back("termination: " + t.value("name", ""));
    }
    for (const json& c : p.value("cures", json::array())) {
      flags.push_back(fmt::format("cure {} {}", c.value("metric", ""), c.value("event", "")));
    }
    if (p.value("rebid", json::object()).value("exempt", false)) flags.push_back("rebid-exempt");
    const json money = p.value("money", json::object());
    fmt::print("  {:<13} {:>4} {:>6} {:>14} {:>12}  {}\n", p.value("partner", ""), met, missed,
               Cents(money.value("total_cents", json())), Cents(money.value("credits_cents", json())),
               flags.empty() ? (p.value("status", "") == "closed" ? std::string("-") : std::string(p.value("status", ""))) : fmt::format("{}", fmt::join(flags, "; ")));
  }
  if (doc["allocation"].is_object()) {
    fmt::print("  volume shares for {} (Champion/Challenger):\n", doc["allocation"].value("for_period", ""));
    for (const json& q : doc["allocation"]["queues"]) {
      std::vector<std::string> shares;
      for (const json& s : q["shares"]) {
        if (s.value("share_bp", 0) == 0) continue;
        shares.push_back(fmt::format("{} {:.1f}%", s.value("partner", ""), s.value("share_bp", 0) / 100.0));
      }
      fmt::print("    {:<14} {}\n", q.value("queue", ""), fmt::join(shares, ", "));
    }
  }
  if (doc.contains("diff")) {
    fmt::print("  restated since version {}: {} rows, {} changed results (diff.txt)\n",
               doc["diff"].value("from_version", 0), doc["diff"]["restated"].size(),
               doc["diff"]["changes"].size());
  }
}

Result<json> CloseMonth(Workspace& ws, const std::string& period_text, const std::string& contracts_dir,
                        const std::string& allocation_file, const std::string& settings_file) {
  auto month = ParseYearMonth(period_text);
  if (!month) return InvalidArgument("--period {}: not a month (YYYY-MM)", period_text);
  const fs::path contracts = contracts_dir.empty() ? ws.dir() / "contracts" : fs::path(contracts_dir);
  if (!fs::is_directory(contracts)) {
    return NotFound("{}: no contracts folder (put one contract file per partner there; see "
                    "docs/contracts.md)", contracts.string());
  }
  CloseInputs in;
  in.period = *month;
  ASSIGN_OR_RETURN(in.contracts, LoadContracts(contracts));
  // The fingerprint of the inputs: the close's and the engine's rules, the period, the data,
  // every contract file (as LoadContracts found them, in its order), the allocation rule and
  // the settings.
  std::string fingerprint_input =
      fmt::format("{}\n{}\n{}\n", kCloseRules, kScoreRules, period_text);
  // The data version before anything is read: if a load by another process lands while the
  // close reads, the close refuses rather than fingerprint data it did not use.
  ASSIGN_OR_RETURN(const int64_t data_load, ws.store().DataVersion());
  ASSIGN_OR_RETURN(std::string digest, ContentDigestAt(ws.store(), data_load));
  fingerprint_input += digest + "\n";
  std::vector<fs::path> files;
  for (const Contract& c : in.contracts) files.push_back(c.file);
  const fs::path allocation =
      allocation_file.empty() ? ws.dir() / "allocation.toml" : fs::path(allocation_file);
  if (!allocation_file.empty() || fs::exists(allocation)) files.push_back(allocation);
  if (!settings_file.empty()) files.push_back(settings_file);
  for (const fs::path& f : files) {
    ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(f, "input file"));
    fingerprint_input += f.filename().string() + "\n" + bytes + "\n";
    // Each file is read once: the bytes fingerprinted are the bytes parsed.
    if (f == allocation) {
      ASSIGN_OR_RETURN(AllocationRule rule, ParseAllocationRuleText(bytes, f.string()));
      in.allocation = rule;
    } else if (!settings_file.empty() && f == fs::path(settings_file)) {
      ASSIGN_OR_RETURN(in.settings, ParseMetricSettings(bytes, f.string()));
    }
  }
  const std::string fingerprint = Sha256HexOf(fingerprint_input);

  ASSIGN_OR_RETURN(std::optional<CloseRecord> latest, ws.store().LatestClose(period_text));
  auto parse = [&](const CloseRecord& r) -> Result<json> {
    json doc = json::parse(r.document, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
      return DataLoss("close {} version {}: the stored document is not JSON", r.period, r.version);
    }
    return doc;
  };
  if (latest && latest->fingerprint == fingerprint) {
    ASSIGN_OR_RETURN(json doc, parse(*latest));
    doc["reused"] = true;
    return doc;
  }
  // One bar for the load, then for the close's steps (reconciliation, contracts, allocation).
  ProgressBar bar("load");
  ASSIGN_OR_RETURN(Dataset data,
                   LoadDatasetFromStore(ws.store(), DatasetScope::kAll, bar.Updater()));
  bar.Restart("close");
  in.data = &data;
  in.progress = bar.Updater();
  ASSIGN_OR_RETURN(in.reports, LoadReports(ws.store()));
  ASSIGN_OR_RETURN(const int64_t data_after, ws.store().DataVersion());
  if (data_after != data_load) {
    return FailedPrecondition("close {}: data was loaded while the close read it (load {}); run "
                              "the close again", period_text, data_after);
  }
  ASSIGN_OR_RETURN(json doc, RunClose(in));
  bar.Finish();
  doc["version"] = latest ? latest->version + 1 : 1;
  doc["fingerprint"] = fingerprint;
  if (latest) {
    ASSIGN_OR_RETURN(json previous, parse(*latest));
    json restated = json::array();
    for (Kind kind : {Kind::kContacts, Kind::kSurveys}) {
      ASSIGN_OR_RETURN(std::vector<Correction> corrections,
                       ws.store().ListCorrections(kind, latest->data_load));
      for (const Correction& c : corrections) {
        restated.push_back(fmt::format("{} {} (load {}): {} changed", SpecOf(kind).name,
                                       fmt::join(c.key, "/"), c.load, fmt::join(c.fields, ", ")));
      }
    }
    previous.erase("diff");
    json current = doc;
    for (json* d : {&previous, &current}) {
      d->erase("version");
      d->erase("fingerprint");
    }
    json changes = json::array();
    for (const std::string& line : DiffCloseDocuments(previous, current)) changes.push_back(line);
    doc["diff"] = {{"from_version", latest->version}, {"restated", restated}, {"changes", changes}};
  }
  RETURN_IF_ERROR(ws.store().SaveClose(
      CloseRecord{period_text, doc["version"].get<int>(), fingerprint, data_load, doc.dump()}));
  return doc;
}

Status RunCloseCommand(const GlobalOptions& global, const CloseFlags& flags) {
  ASSIGN_OR_RETURN(Workspace ws, OpenWorkspace(global));
  ASSIGN_OR_RETURN(json doc, CloseMonth(ws, flags.period, flags.contracts, flags.allocation,
                                        flags.settings));
  const bool reused = doc.value("reused", false);
  doc.erase("reused");
  if (!flags.quiet) PrintCloseSummary(doc, reused);
  if (!flags.out.empty()) {
    RETURN_IF_ERROR(WriteCloseOutputs(flags.out, doc));
    if (!flags.quiet) fmt::print("  wrote {} (close.json, kpis.csv, invoices.csv, one HTML report per partner)\n", flags.out);
  }
  return Status::Ok();
}

void AddCloseCommands(CLI::App& app, GlobalOptions& global) {
  auto flags = std::make_shared<CloseFlags>();
  auto* close = app.add_subcommand(
      "close", "Close a month: evaluate every contract (KPIs, credits, cure, flags, invoices, "
               "what-if, allocation, SLA audit) and keep the result as an immutable version");
  close->add_option("--period", flags->period, "The month, YYYY-MM")->required();
  close->add_option("--out", flags->out, "Write close.json, CSV files and HTML reports here");
  close->add_option("--contracts", flags->contracts, "Contract files (default WORKSPACE/contracts)");
  close->add_option("--allocation", flags->allocation,
                    "Champion/Challenger rule (default WORKSPACE/allocation.toml if present)");
  close->add_option("--settings", flags->settings, "Metric settings for contracts without an operations manual");
  close->callback([&global, flags] { CommandStatus() = RunCloseCommand(global, *flags); });
}

}  // namespace cx::cli
