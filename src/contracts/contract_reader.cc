#include "contracts/contract_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "base/file.h"
#include "calendar/time_zone.h"
#include "contracts/toml_reader.h"
#include "metrics/settings_toml.h"

namespace cx {

namespace {

using contracts_internal::LineOf;
using contracts_internal::Reader;


Result<MsaVersion> ReadMsa(const Reader& r, const toml::table& t) {
  RETURN_IF_ERROR(r.OnlyKeys(t, {"effective", "client", "partner", "in_house", "term_start",
                                 "term_end", "renewal", "renewal_months",
                                 "cancellation_notice_months", "cure_notice_days",
                                 "data_protection", "retention_months", "deletion_days"},
                             "msa."));
  MsaVersion m;
  m.line = LineOf(t);
  for (std::string_view key : {"effective", "client", "partner", "term_start"}) {
    RETURN_IF_ERROR(r.Required(t, key, "[[msa]]"));
  }
  RETURN_IF_ERROR(r.Date(t, "effective", &m.effective));
  RETURN_IF_ERROR(r.String(t, "client", &m.client));
  RETURN_IF_ERROR(r.String(t, "partner", &m.partner));
  if (m.partner.empty()) return r.Error(*t.get("partner"), "partner must not be empty");
  RETURN_IF_ERROR(r.Bool(t, "in_house", &m.in_house));
  RETURN_IF_ERROR(r.Date(t, "term_start", &m.term_start));
  if (t.contains("term_end")) {
    CivilDay end;
    RETURN_IF_ERROR(r.Date(t, "term_end", &end));
    if (end < m.term_start) return r.Error(*t.get("term_end"), "term_end is before term_start");
    m.term_end = end;
  }
  std::string renewal = "none";
  RETURN_IF_ERROR(r.String(t, "renewal", &renewal));
  if (renewal == "none") {
    m.renewal = Renewal::kNone;
  } else if (renewal == "automatic") {
    m.renewal = Renewal::kAutomatic;
  } else if (renewal == "option") {
    m.renewal = Renewal::kByOption;
  } else {
    return r.Error(*t.get("renewal"), "renewal must be one of none, automatic, option");
  }
  RETURN_IF_ERROR(r.Int(t, "renewal_months", 1, 120, &m.renewal_months));
  RETURN_IF_ERROR(r.Int(t, "cancellation_notice_months", 0, 60, &m.cancellation_notice_months));
  RETURN_IF_ERROR(r.Int(t, "cure_notice_days", 0, 365, &m.cure_notice_days));
  RETURN_IF_ERROR(r.String(t, "data_protection", &m.data_protection));
  RETURN_IF_ERROR(r.Int(t, "retention_months", 0, 240, &m.retention_months));
  RETURN_IF_ERROR(r.Int(t, "deletion_days", 0, 3650, &m.deletion_days));
  return m;
}

Status ReadThresholds(const Reader& r, const toml::table& t, MetricSettings* s) {
  RETURN_IF_ERROR(r.OnlyKeys(t, {"repeat_window_hours", "service_level_seconds",
                                 "response_hours", "response_time", "clock_start",
                                 "short_abandon_seconds"}, "operations.thresholds."));
  // A contract's thresholds stay within a million units (a window of 114 years).
  return ReadMetricThresholds(r, t, 1e6, s);
}

Result<OperationsVersion> ReadOperations(const Reader& r, const toml::table& t) {
  RETURN_IF_ERROR(r.OnlyKeys(t, {"effective", "time_zone", "queues", "calendar", "thresholds"},
                             "operations."));
  OperationsVersion o;
  o.line = LineOf(t);
  RETURN_IF_ERROR(r.Required(t, "effective", "[[operations]]"));
  RETURN_IF_ERROR(r.Date(t, "effective", &o.effective));
  RETURN_IF_ERROR(r.StringList(t, "queues", &o.queues));
  if (t.contains("time_zone")) {
    RETURN_IF_ERROR(r.String(t, "time_zone", &o.settings.time_zone));
    if (!TimeZone::Find(o.settings.time_zone).ok()) {
      return r.Error(*t.get("time_zone"),
                     fmt::format("unknown time zone '{}'", o.settings.time_zone));
    }
    o.settings.calendar.time_zone = o.settings.time_zone;  // Unless the calendar names one.
  }
  for (std::string_view key : {"calendar", "thresholds"}) {
    const toml::node* n = t.get(key);
    if (n && !n->as_table()) return r.Error(*n, fmt::format("{} must be a table", key));
  }
  if (const toml::table* c = t["calendar"].as_table()) {
    RETURN_IF_ERROR(ReadCalendarTable(*c, r.file(), "operations.calendar.", &o.settings.calendar));
  }
  if (const toml::table* th = t["thresholds"].as_table()) {
    RETURN_IF_ERROR(ReadThresholds(r, *th, &o.settings));
  }
  return o;
}

// Sorts a layer by effective date; two versions that would first apply to the same month are
// an error (the earlier one could never apply).
template <typename V>
Status CheckVersions(const Reader& r, std::string_view layer, std::vector<V>* versions) {
  std::stable_sort(versions->begin(), versions->end(),
                   [](const V& a, const V& b) { return a.effective < b.effective; });
  auto first_month = [](const V& v) {
    return MonthOf(v.effective) + (v.effective.day() == 1 ? 0 : 1);
  };
  for (size_t i = 1; i < versions->size(); ++i) {
    const V& a = (*versions)[i - 1];
    const V& b = (*versions)[i];
    const V& later_line = a.line > b.line ? a : b;
    const V& other = a.line > b.line ? b : a;
    if (a.effective == b.effective) {
      return InvalidArgument("{}:{}: two [[{}]] versions effective {} (the other at line {})",
                             r.file(), later_line.line, layer, a.effective.ToString(),
                             other.line);
    }
    if (first_month(a) == first_month(b)) {
      return InvalidArgument(
          "{}:{}: [[{}]] versions effective {} and {} (line {}) both first apply to {}: a "
          "version applies from the first month that starts on or after its date",
          r.file(), later_line.line, layer, later_line.effective.ToString(),
          other.effective.ToString(), other.line, FormatMonth(first_month(a)));
    }
  }
  return Status::Ok();
}

template <typename V, typename F>
Status ReadLayer(const Reader& r, const toml::table& root, std::string_view key, F read,
                 std::vector<V>* out) {
  ASSIGN_OR_RETURN(auto tables, r.Tables(root, key));
  for (const toml::table* t : tables) {
    ASSIGN_OR_RETURN(V v, read(r, *t));
    out->push_back(std::move(v));
  }
  return CheckVersions(r, key, out);
}

}  // namespace

Result<Contract> ParseContract(std::string_view text, std::string_view file) {
  ASSIGN_OR_RETURN(toml::table root, ParseTomlText(text, file));
  Reader r(file);
  RETURN_IF_ERROR(r.OnlyKeys(root, {"contract", "currency", "msa", "sow", "operations"}, ""));
  Contract c;
  c.file = std::string(file);
  RETURN_IF_ERROR(r.String(root, "contract", &c.id));
  RETURN_IF_ERROR(r.String(root, "currency", &c.currency));
  if (c.currency.size() != 3) {
    return r.Error(*root.get("currency"), "currency must be a 3-letter ISO 4217 code");
  }
  RETURN_IF_ERROR(ReadLayer(r, root, "msa", ReadMsa, &c.msa));
  RETURN_IF_ERROR(ReadLayer(r, root, "sow", contracts_internal::ReadSow, &c.sow));
  RETURN_IF_ERROR(ReadLayer(r, root, "operations", ReadOperations, &c.operations));
  if (c.msa.empty()) return InvalidArgument("{}:1: a contract needs at least one [[msa]]", file);
  if (c.sow.empty()) return InvalidArgument("{}:1: a contract needs at least one [[sow]]", file);
  for (const MsaVersion& m : c.msa) {
    if (m.partner != c.msa.front().partner) {
      return InvalidArgument("{}:{}: partner '{}' differs from '{}' of the first [[msa]]: one "
                             "contract file per partner", file, m.line, m.partner,
                             c.msa.front().partner);
    }
  }
  if (c.id.empty()) c.id = c.partner();
  return c;
}

Result<Contract> LoadContract(const std::filesystem::path& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path, "contract file"));
  return ParseContract(text, path.string());
}

Result<std::vector<Contract>> LoadContracts(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".toml") files.push_back(e.path());
  }
  if (ec) return IoError("{}: cannot list contracts: {}", dir.string(), ec.message());
  std::sort(files.begin(), files.end());
  std::vector<Contract> out;
  std::set<std::string> partners;
  for (const auto& f : files) {
    ASSIGN_OR_RETURN(Contract c, LoadContract(f));
    if (!partners.insert(c.partner()).second) {
      return InvalidArgument("{}: a second contract for partner '{}'", f.string(), c.partner());
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace cx
