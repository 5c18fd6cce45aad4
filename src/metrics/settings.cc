#include "metrics/settings.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>

#include "base/file.h"
#include "calendar/time_zone.h"
#include "metrics/settings_toml.h"
#include "metrics/toml_reader.h"

namespace cx {

namespace {

constexpr std::string_view kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

}  // namespace

Status ReadCalendarTable(const toml::table& t, std::string_view file, std::string_view where,
                         BusinessCalendarSpec* spec) {
  const TomlReader r(file);
  RETURN_IF_ERROR(r.OnlyKeys(
      t, {"time_zone", "weekdays", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "holidays"},
      where));
  if (const toml::node* n = t.get("time_zone")) {
    auto tz = n->value<std::string>();
    if (!tz) return r.Error(*n, fmt::format("{}time_zone must be text", where));
    spec->time_zone = *tz;
  }
  auto ranges = [&](std::string_view key, std::vector<OpenRange>* out) -> Status {
    const toml::node* n = t.get(key);
    if (!n) return Status::Ok();
    auto text = n->value<std::string>();
    if (!text) return r.Error(*n, fmt::format("{}{} must be text like \"09:00-17:00\"", where, key));
    auto parsed = ParseOpenRanges(*text);
    if (!parsed.ok()) return r.Error(*n, parsed.status().message());
    *out = std::move(*parsed);
    return Status::Ok();
  };
  if (t.contains("weekdays")) {
    std::vector<OpenRange> hours;
    RETURN_IF_ERROR(ranges("weekdays", &hours));
    for (int d = 0; d < 7; ++d) spec->weekly[d] = d < 5 ? hours : std::vector<OpenRange>{};
  }
  for (int d = 0; d < 7; ++d) RETURN_IF_ERROR(ranges(kDays[d], &spec->weekly[d]));
  if (const toml::node* n = t.get("holidays")) {
    const toml::array* a = n->as_array();
    if (!a) return r.Error(*n, fmt::format("{}holidays must be a list of \"YYYY-MM-DD\" dates", where));
    spec->holidays.clear();
    for (const toml::node& h : *a) {
      // A TOML date (2026-01-01) or text ("2026-01-01").
      auto date = h.value<toml::date>();
      auto text = h.value<std::string>();
      std::optional<CivilDay> day;
      if (date && IsValidDate(date->year, date->month, date->day)) {
        day = CivilDay::FromYmd(date->year, date->month, date->day);
      } else if (text) {
        day = CivilDay::Parse(*text);
      }
      if (!day) return r.Error(h, "a holiday must be a date \"YYYY-MM-DD\"");
      spec->holidays.push_back(*day);
    }
  }
  Status valid = spec->Validate();
  if (!valid.ok()) return r.Error(t, valid.message());
  return Status::Ok();
}

BusinessCalendarSpec MetricSettings::GoldenCalendar() {
  BusinessCalendarSpec spec = BusinessCalendarSpec::Weekdays("America/New_York", Hours(9, 0, 17, 0));
  for (const char* d : {"2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25"}) {
    spec.holidays.push_back(*CivilDay::Parse(d));
  }
  return spec;
}

Result<toml::table> ParseTomlText(std::string_view text, std::string_view file) {
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return InvalidArgument("{}:{}: {}", file, e.source().begin.line, e.description());
  }
}

Status ReadMetricThresholds(const TomlReader& r, const toml::table& t, double max_units,
                            MetricSettings* s) {
  const auto duration = [&](std::string_view key, Micros unit, Micros* out) -> Status {
    double v = -1;
    RETURN_IF_ERROR(r.Number(t, key, 0, max_units, &v));
    // The nearest µs: 4.6 h is 16559999999.999998 µs in doubles, and truncated it missed a
    // response of exactly 4.6 h against an inclusive target.
    if (v >= 0) *out = static_cast<Micros>(std::llround(v * static_cast<double>(unit)));
    return Status::Ok();
  };
  RETURN_IF_ERROR(duration("repeat_window_hours", kMicrosPerHour, &s->repeat_window));
  RETURN_IF_ERROR(duration("service_level_seconds", kMicrosPerSecond, &s->service_level_threshold));
  RETURN_IF_ERROR(duration("response_hours", kMicrosPerHour, &s->response_target));
  RETURN_IF_ERROR(duration("short_abandon_seconds", kMicrosPerSecond, &s->short_abandon));
  RETURN_IF_ERROR(r.Choice<ElapsedTime>(
      t, "response_time",
      {{"business", ElapsedTime::kBusiness}, {"calendar", ElapsedTime::kCalendar}},
      &s->response_time));
  return r.Choice<ClockStart>(t, "clock_start",
                              {{"sent", ClockStart::kSent}, {"arrived", ClockStart::kArrived}},
                              &s->clock_start);
}

Result<MetricSettings> ParseMetricSettings(std::string_view text, std::string_view file) {
  ASSIGN_OR_RETURN(toml::table root, ParseTomlText(text, file));
  TomlReader r(file);
  MetricSettings s;
  RETURN_IF_ERROR(r.OnlyKeys(root, {"reporting", "calendar", "metrics", "ingest"}, ""));
  if (const toml::table* t = root["reporting"].as_table()) {
    RETURN_IF_ERROR(r.OnlyKeys(*t, {"time_zone", "period"}, "reporting."));
    RETURN_IF_ERROR(r.String(*t, "time_zone", &s.time_zone));
    RETURN_IF_ERROR(r.Choice<PeriodKind>(
        *t, "period",
        {{"month", PeriodKind::kMonth}, {"week", PeriodKind::kWeek}, {"day", PeriodKind::kDay}},
        &s.period));
    if (!TimeZone::Find(s.time_zone).ok()) {
      return r.Error(*t, fmt::format("unknown time zone '{}'", s.time_zone));
    }
    s.calendar.time_zone = s.time_zone;  // The calendar follows unless it names its own.
  }
  if (const toml::table* t = root["calendar"].as_table()) {
    RETURN_IF_ERROR(ReadCalendarTable(*t, r.file(), "calendar.", &s.calendar));
  }
  if (const toml::table* t = root["metrics"].as_table()) {
    RETURN_IF_ERROR(r.OnlyKeys(*t,
                               {"repeat_window_hours", "service_level_seconds", "response_hours",
                                "response_time", "clock_start", "short_abandon_seconds",
                                "fcr_pending", "z"},
                               "metrics."));
    RETURN_IF_ERROR(ReadMetricThresholds(r, *t, kTomlNoLimit, &s));
    RETURN_IF_ERROR(r.Choice<FcrPending>(
        *t, "fcr_pending",
        {{"window", FcrPending::kWindow}, {"unknown_only", FcrPending::kUnknownOnly}},
        &s.fcr_pending));
    RETURN_IF_ERROR(r.Number(*t, "z", 0, kTomlNoLimit, &s.z));
  }
  if (const toml::table* t = root["ingest"].as_table()) {
    RETURN_IF_ERROR(r.OnlyKeys(*t, {"require_customer_id"}, "ingest."));
    if (const toml::node* n = t->get("require_customer_id")) {
      auto v = n->value<bool>();
      if (!v) return r.Error(*n, "require_customer_id must be true or false");
      s.require_customer_id = *v;
    }
  }
  return s;
}

Result<MetricSettings> LoadMetricSettings(const std::filesystem::path& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path, "settings file"));
  return ParseMetricSettings(text, path.string());
}

}  // namespace cx
