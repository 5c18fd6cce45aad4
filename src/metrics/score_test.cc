// Score's per-customer figures (FCR, FCR same reason, issues and their time to resolve) come
// from blocks of whole customers that two threads scan into cells of their own, merged after.
// They must equal what the engine's row-by-row scans (MarkRepeats, ChainIssues over
// OrderByCustomer) give, grouped by partner and month here independently.
#include "metrics/score.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "base/testing/temp_dir.h"
#include "calendar/business_calendar.h"
#include "calendar/period.h"
#include "calendar/time_zone.h"
#include "engine/customer_order.h"
#include "engine/stats.h"
#include "generate/generator.h"
#include "metrics/contact_outcome.h"
#include "metrics/output.h"

namespace cx {
namespace {

namespace fs = std::filesystem;
const Dimension kBy[] = {Dimension::kPartner, Dimension::kPeriod};

struct Expected {
  int64_t fcr_resolved = 0, fcr_repeated = 0, fcr_pending = 0;
  int64_t sr_resolved = 0, sr_repeated = 0, sr_pending = 0;
  int64_t issues_closed = 0, issue_contacts = 0, issues_open = 0;
  std::vector<double> ttr, ttr_business;
};

void Count(RepeatState s, int64_t& resolved, int64_t& repeated, int64_t& pending) {
  if (s == RepeatState::kResolved) ++resolved;
  if (s == RepeatState::kRepeated) ++repeated;
  if (s == RepeatState::kPending) ++pending;
}

std::map<std::pair<std::string, std::string>, Expected> RowByRow(const Dataset& data,
                                                                  const MetricSettings& s,
                                                                  int64_t horizon) {
  const ContactTable& t = data.contacts;
  const TimeZone* tz = *TimeZone::Find(s.time_zone);
  auto key = [&](uint32_t row) {
    return std::pair{std::string(t.partners[t.partner[row]]),
                     FormatPeriod(s.period, PeriodIndex(*tz, s.period, t.arrived[row]))};
  };
  Micros lo = INT64_MAX, hi = INT64_MIN;
  for (size_t i = 0; i < t.size(); ++i) {
    for (Micros v : {t.arrived[i], t.sent[i], t.answered[i], t.ended[i]}) {
      if (v == kNull) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  auto cal = BusinessCalendar::Build(s.calendar, lo - 8 * kMicrosPerDay,
                                     hi + 8 * kMicrosPerDay + s.response_target * 4);
  EXPECT_TRUE(cal.ok());
  const RepeatWindowOptions rw = RepeatOptionsOf(s);
  const Column<uint32_t> order = OrderByCustomer(t);
  std::vector<RepeatState> fcr, same_reason;
  MarkRepeats(t, order, rw, horizon, false, &fcr);
  MarkRepeats(t, order, rw, horizon, true, &same_reason);
  std::vector<CustomerIssue> issues;
  ChainIssues(t, order, rw, horizon, &issues);

  std::map<std::pair<std::string, std::string>, Expected> out;
  for (uint32_t row = 0; row < t.size(); ++row) {
    Expected& e = out[key(row)];
    Count(fcr[row], e.fcr_resolved, e.fcr_repeated, e.fcr_pending);
    Count(same_reason[row], e.sr_resolved, e.sr_repeated, e.sr_pending);
  }
  for (const CustomerIssue& issue : issues) {
    Expected& e = out[key(issue.first)];
    if (!issue.closed) {
      ++e.issues_open;
      continue;
    }
    ++e.issues_closed;
    e.issue_contacts += issue.contacts;
    const uint32_t f = issue.first, l = issue.last;
    const Micros from =
        s.clock_start == ClockStart::kSent && t.sent[f] != kNull ? t.sent[f] : t.arrived[f];
    const Micros to = t.ended[l] != kNull ? t.ended[l]
                      : t.answered[l] != kNull ? t.answered[l]
                                               : t.arrived[l];
    e.ttr.push_back(static_cast<double>(to - from) / kMicrosPerHour);
    e.ttr_business.push_back(static_cast<double>(cal->Between(from, to)) / kMicrosPerHour);
  }
  return out;
}

// Three months of generated contacts with duplicates and corrections, ~10 blocks of the
// customer scan: both threads take some.
void LoadGenerated(const fs::path& dir, Dataset* out) {
  GenerateOptions generate;
  generate.contacts = 40'000;
  generate.months = 3;
  generate.seed = 5;
  generate.dirty = true;
  ASSERT_TRUE(Generate(generate, dir).ok());
  auto data = LoadDatasetFromFolder(dir, ValidateOptions{}, DatasetScope::kCore);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  ASSERT_GT(data->contacts.size(), 30'000u);
  *out = std::move(*data);
}

TEST(ScoreTest, PerCustomerFiguresFromBothThreadsEqualTheRowByRowScans) {
  testing::TempDir dir;
  Dataset data;
  ASSERT_NO_FATAL_FAILURE(LoadGenerated(dir.path(), &data));

  MetricSettings same_instant_known;
  same_instant_known.fcr_pending = FcrPending::kUnknownOnly;
  same_instant_known.clock_start = ClockStart::kArrived;
  same_instant_known.short_abandon = 20 * kMicrosPerSecond;
  for (const MetricSettings& s : {MetricSettings{}, same_instant_known}) {
    auto score = Score(data, s, kBy);
    ASSERT_TRUE(score.ok()) << score.status().ToString();
    const auto expected = RowByRow(data, s, score->horizon);
    int compared = 0;
    for (const MetricRow& r : score->rows) {
      if (r.keys[0] == "*") continue;
      SCOPED_TRACE(r.keys[0] + " " + r.keys[1] + " " + std::string(r.metric));
      const auto it = expected.find({r.keys[0], r.keys[1]});
      ASSERT_NE(it, expected.end());
      const Expected& e = it->second;
      if (r.metric == "fcr") {
        EXPECT_EQ(r.numerator, e.fcr_resolved);
        EXPECT_EQ(r.denominator, e.fcr_resolved + e.fcr_repeated);
        EXPECT_EQ(r.pending, e.fcr_pending);
      } else if (r.metric == "fcr_same_reason") {
        EXPECT_EQ(r.numerator, e.sr_resolved);
        EXPECT_EQ(r.denominator, e.sr_resolved + e.sr_repeated);
        EXPECT_EQ(r.pending, e.sr_pending);
      } else if (r.metric == "contacts_per_issue") {
        EXPECT_EQ(r.numerator, e.issue_contacts);
        EXPECT_EQ(r.denominator, e.issues_closed);
        EXPECT_EQ(r.pending, e.issues_open);
      } else if (r.metric == "time_to_resolve_p90_hours") {
        std::vector<double> v = e.ttr;
        EXPECT_EQ(r.value, SelectPercentile(v, 0.9));
      } else if (r.metric == "time_to_resolve_median_business_hours") {
        std::vector<double> v = e.ttr_business;
        EXPECT_EQ(r.value, SelectPercentile(v, 0.5));
      } else {
        continue;
      }
      ++compared;
    }
    EXPECT_GE(compared, 5 * 5 * 3);  // 5 metrics, 5 partners, 3 months.
  }
}

// What a listener to a score hears, and on which threads.
struct Heard {
  std::vector<double> shares;
  std::vector<int64_t> contacts;
  bool elsewhere = false;  // A call came on another thread than the one that scored.
  ScoreProgress Listen() {
    return [this, caller = std::this_thread::get_id()](double share, int64_t n) {
      shares.push_back(share);
      contacts.push_back(n);
      elsewhere |= std::this_thread::get_id() != caller;
    };
  }
};

// A score tells a progress bar how far it has got, on the calling thread: shares that rise
// from inside (0, 1) to exactly 1, reached once, at the end, and the contacts of the customer
// blocks taken so far, rising to all of them. Listening changes nothing in the score.
// (The calling thread also reports after each block it scans, but whether it scans any is up
// to the scheduler: on a busy machine the other thread may take every block, so no test can
// require a report from inside the scans.)
// The score of a folder whose contacts.csv holds `rows` (canonical layout, no header), by
// (period, metric).
std::map<std::pair<std::string, std::string>, MetricRow> ScoreContacts(const testing::TempDir& dir,
                                                                       const std::string& name,
                                                                       const std::string& rows) {
  const std::string header =
      "contact_id,partner,site,queue,channel,customer_id,reason,arrived_at,customer_sent_at,"
      "answered_at,ended_at,handle_seconds,abandoned,transferred,agent_id,order_id,"
      "demographics_collected,consent_recorded\n";
  dir.Write(name + "/contacts.csv", header + rows);
  auto data = LoadDatasetFromFolder(dir.path() / name, ValidateOptions{}, DatasetScope::kCore);
  EXPECT_TRUE(data.ok()) << data.status().ToString();
  if (!data.ok()) return {};
  auto r = Score(*data, MetricSettings{}, kBy);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  std::map<std::pair<std::string, std::string>, MetricRow> out;
  if (r.ok()) {
    for (const MetricRow& row : r->rows) out[{row.keys[1], std::string(row.metric)}] = row;
  }
  return out;
}

// A mean is the double nearest the exact mean, rounded once: 18 handle times of
// 306317092.947876 s and one of .947885 average 306317092.9478764737 s. Dividing the µs sum by
// n, then by 10^6, gave .947877.
TEST(ScoreTest, AMeanIsTheExactMeanRoundedOnce) {
  testing::TempDir dir;
  std::string rows;
  for (int i = 0; i < 19; ++i) {
    rows +=
        fmt::format("h{0},P,,,voice,k{0},,2026-03-02T10:00:00Z,,2026-03-02T10:00:01Z,,{1},,,,,,\n",
                    i, i == 0 ? "306317092.947885" : "306317092.947876");
  }
  const auto score = ScoreContacts(dir, "means", rows);
  const MetricRow& aht = score.at({"2026-03", "aht_seconds"});
  EXPECT_EQ(FormatNumerator(aht), "5820024766.009653");
  EXPECT_EQ(FormatFixed6(*aht.value), "306317092.947876");
  // An exact half µs (490.5928125 s) prints as the golden set has it: its double lies below.
  const auto half = ScoreContacts(dir, "half",
                                  "a,P,,,voice,k1,,2026-03-02T10:00:00Z,,2026-03-02T10:00:01Z,,"
                                  "490.592812,,,,,,\n"
                                  "b,P,,,voice,k2,,2026-03-02T10:00:00Z,,2026-03-02T10:00:01Z,,"
                                  "490.592813,,,,,,\n");
  EXPECT_EQ(FormatFixed6(*half.at({"2026-03", "aht_seconds"}).value), "490.592812");
}

// A mistyped year is a valid timestamp (golden rule 1): one such row gets its own period and
// leaves the score of the others as it was.
TEST(ScoreTest, ARowCenturiesAwayLeavesTheOtherRowsAsTheyWere) {
  testing::TempDir dir;
  const std::string rows =
      "t1,P,,,email,k1,,2026-03-02T15:00:00Z,,2026-03-05T15:00:00Z,,,,,,,,\n"
      "t2,P,,,voice,k2,,2026-03-03T10:00:00Z,,2026-03-03T10:00:10Z,2026-03-03T10:05:00Z,,,,,,,\n";
  const auto score = [&](const std::string& name, const std::string& extra) {
    return ScoreContacts(dir, name, rows + extra);
  };
  const auto plain = score("plain", "");
  // An answer in 2430 on a voice call, and a contact in year 26.
  const auto odd = score("odd",
                         "t3,P,,,voice,k3,,2026-03-04T10:00:00Z,,2026-03-04T10:00:10Z,"
                         "2430-03-04T10:05:00Z,,,,,,,\n"
                         "t4,P,,,email,k4,,0026-03-03T15:00:00Z,,0026-03-04T15:00:00Z,,,,,,,,\n");
  ASSERT_FALSE(plain.empty());
  EXPECT_EQ(odd.at({"0026-03", "offered"}).numerator, 1);
  EXPECT_EQ(odd.at({"0026-03", "response_within"}).numerator, 1);  // Within 48 business hours.
  EXPECT_EQ(odd.at({"2026-03", "offered"}).numerator, 3);
  EXPECT_EQ(odd.at({"2026-03", "service_level"}).numerator, 2);
  EXPECT_EQ(odd.at({"2026-03", "service_level"}).denominator, 2);
  // The written contact of 2026 is judged as without the odd rows.
  const MetricRow& a = odd.at({"2026-03", "response_within"});
  const MetricRow& b = plain.at({"2026-03", "response_within"});
  EXPECT_EQ(std::tie(a.numerator, a.denominator, a.pending),
            std::tie(b.numerator, b.denominator, b.pending));
  EXPECT_EQ(a.numerator, 1);
}

TEST(ScoreTest, AScoreReportsItsProgressUpToOne) {
  testing::TempDir dir;
  Dataset data;
  ASSERT_NO_FATAL_FAILURE(LoadGenerated(dir.path(), &data));
  const auto quiet = Score(data, MetricSettings{}, kBy);
  ASSERT_TRUE(quiet.ok()) << quiet.status().ToString();
  for (int run = 0; run < 3; ++run) {
    Heard heard;
    const auto score = Score(data, MetricSettings{}, kBy, {.progress = heard.Listen()});
    ASSERT_TRUE(score.ok()) << score.status().ToString();
    EXPECT_EQ(FormatScoreCsv(*score), FormatScoreCsv(*quiet));
    EXPECT_FALSE(heard.elsewhere);
    ASSERT_GE(heard.shares.size(), 3u);
    EXPECT_GT(heard.shares.front(), 0);
    EXPECT_TRUE(std::is_sorted(heard.shares.begin(), heard.shares.end()));
    EXPECT_EQ(heard.shares.back(), 1.0);
    EXPECT_EQ(std::count(heard.shares.begin(), heard.shares.end(), 1.0), 1);
    EXPECT_TRUE(std::is_sorted(heard.contacts.begin(), heard.contacts.end()));
    EXPECT_EQ(heard.contacts.back(), static_cast<int64_t>(data.contacts.size()));
  }

  Heard empty;
  ASSERT_TRUE(Score(Dataset{}, MetricSettings{}, kBy, {.progress = empty.Listen()}).ok());
  EXPECT_EQ(empty.shares, std::vector<double>{1.0});
}

// Without the per-customer scans a score has every other row, equal to the full score's, and
// none of the per-customer metrics, which IsPerCustomerMetric names exactly.
TEST(ScoreTest, WithoutPerCustomerScansTheOtherRowsAreTheSame) {
  testing::TempDir dir;
  Dataset data;
  ASSERT_NO_FATAL_FAILURE(LoadGenerated(dir.path(), &data));
  const auto full = Score(data, MetricSettings{}, kBy);
  Heard heard;
  const auto part =
      Score(data, MetricSettings{}, kBy, {.per_customer = false, .progress = heard.Listen()});
  ASSERT_TRUE(full.ok() && part.ok());
  std::vector<MetricRow> expected;
  std::set<std::string_view> left_out;
  for (const MetricRow& r : full->rows) {
    if (IsPerCustomerMetric(r.metric)) {
      left_out.insert(r.metric);
    } else {
      expected.push_back(r);
    }
  }
  EXPECT_EQ(left_out.size(), 8u);
  ScoreResult same = *full;
  same.rows = expected;
  EXPECT_EQ(FormatScoreCsv(*part), FormatScoreCsv(same));
  EXPECT_EQ(part->without_customer, full->without_customer);
  EXPECT_EQ(heard.shares, std::vector<double>{1.0});
}

}  // namespace
}  // namespace cx
