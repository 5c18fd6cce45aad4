#include "generate/generator.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/time.h"

namespace cx {
namespace {

namespace fs = std::filesystem;
using Table = std::vector<std::vector<std::string>>;

constexpr const char* kFiles[] = {"contacts", "surveys", "self_service",   "kb_events",
                                  "outages",  "volumes", "partner_reports"};
constexpr const char* kHeaders[] = {
    "contact_id,partner,site,queue,channel,customer_id,reason,arrived_at,customer_sent_at,"
    "answered_at,ended_at,handle_seconds,abandoned,transferred,agent_id,order_id,"
    "demographics_collected,consent_recorded",
    "survey_id,contact_id,partner,customer_id,responded_at,nps,csat,ces,comment",
    "session_id,customer_id,started_at,channel,reason,completed",
    "event_id,at,article_id,kind,customer_id,contact_id,partner",
    "service,partner,started_at,ended_at",
    "date,kind,count",
    "partner,period,metric,value"};
enum Col {
  kId,
  kPartner,
  kSite,
  kQueue,
  kChannel,
  kCustomer,
  kReason,
  kArrived,
  kSent,
  kAnswered,
  kEnded,
  kHandle,
  kAbandoned,
  kTransferred
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// RFC 4180: quoted fields may hold commas, doubled quotes and newlines. Row 0 is the header.
Table ParseCsv(const std::string& text) {
  Table rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field.push_back(c);
    }
  }
  return rows;
}

fs::path TestDir(const std::string& name) {
  return fs::path(::testing::TempDir()) /
         ("cxpact_generate_" + std::to_string(getpid()) + "_" + name);
}

GenerateOptions SmallOptions() {
  GenerateOptions o;
  o.contacts = 20'000;
  o.seed = 7;
  return o;
}

class GeneratorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(TestDir("clean"));
    Result<GenerateStats> stats = Generate(SmallOptions(), *dir_);
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    stats_ = new GenerateStats(*stats);
    contacts_ = new Table(ParseCsv(ReadFile(*dir_ / "contacts.csv")));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete stats_;
    delete contacts_;
  }
  static Table Read(const std::string& file) { return ParseCsv(ReadFile(*dir_ / (file + ".csv"))); }

  static fs::path* dir_;
  static GenerateStats* stats_;
  static Table* contacts_;
};
fs::path* GeneratorTest::dir_ = nullptr;
GenerateStats* GeneratorTest::stats_ = nullptr;
Table* GeneratorTest::contacts_ = nullptr;

TEST_F(GeneratorTest, EveryFileHasTheCanonicalHeaderAndStatsCountRows) {
  const int64_t counts[] = {stats_->contacts,       stats_->surveys, stats_->self_service,
                            stats_->kb_events,      stats_->outages, stats_->volumes,
                            stats_->partner_reports};
  for (int i = 0; i < 7; ++i) {
    const std::string text = ReadFile(*dir_ / (std::string(kFiles[i]) + ".csv"));
    EXPECT_EQ(text.substr(0, text.find('\n')), kHeaders[i]) << kFiles[i];
    EXPECT_EQ(static_cast<int64_t>(ParseCsv(text).size()) - 1, counts[i]) << kFiles[i];
    EXPECT_GT(counts[i], 0) << kFiles[i];
  }
  EXPECT_EQ(stats_->volumes, 2 * (31 + 28 + 31 + 30));
}

TEST_F(GeneratorTest, ContactRowsAreValid) {
  const std::set<std::string> partners = {"atlas", "bluepeak", "corvid", "delta", "inhouse-nyc"};
  const std::set<std::string> channels = {"voice", "chat", "email", "messaging", "social"};
  std::set<std::pair<std::string, std::string>> keys;
  const Table& t = *contacts_;
  ASSERT_GT(t.size(), 1u);
  for (size_t i = 1; i < t.size(); ++i) {
    const auto& r = t[i];
    ASSERT_EQ(r.size(), 18u) << "row " << i;
    EXPECT_TRUE(partners.count(r[kPartner])) << r[kPartner];
    EXPECT_TRUE(channels.count(r[kChannel])) << r[kChannel];
    EXPECT_FALSE(r[kId].empty());
    EXPECT_TRUE(keys.insert({r[kPartner], r[kId]}).second) << "duplicate " << r[kId];
    const std::optional<Micros> arrived = ParseTimestamp(r[kArrived]);
    ASSERT_TRUE(arrived.has_value()) << r[kArrived];
    for (int col : {kSent, kAnswered, kEnded}) {
      if (!r[col].empty()) {
        ASSERT_TRUE(ParseTimestamp(r[col]).has_value()) << r[col];
      }
    }
    if (!r[kAnswered].empty()) {
      EXPECT_GE(*ParseTimestamp(r[kAnswered]), *arrived) << i;
    }
    if (!r[kEnded].empty()) {
      EXPECT_GE(*ParseTimestamp(r[kEnded]), *arrived) << i;
    }
    if (!r[kSent].empty()) {
      EXPECT_LE(*ParseTimestamp(r[kSent]), *arrived) << i;
    }
  }
  const int64_t rows = static_cast<int64_t>(t.size()) - 1;
  EXPECT_NEAR(rows, SmallOptions().contacts, SmallOptions().contacts / 1000);
}

TEST_F(GeneratorTest, ChannelMixAndMissingCustomersAreRealistic) {
  std::map<std::string, int> channels;
  int missing = 0;
  for (size_t i = 1; i < contacts_->size(); ++i) {
    ++channels[(*contacts_)[i][kChannel]];
    missing += (*contacts_)[i][kCustomer].empty();
  }
  const double n = static_cast<double>(contacts_->size() - 1);
  EXPECT_NEAR(channels["voice"] / n, 0.60, 0.04);
  EXPECT_NEAR(channels["chat"] / n, 0.20, 0.03);
  EXPECT_NEAR(channels["email"] / n, 0.15, 0.03);
  EXPECT_NEAR(channels["messaging"] / n, 0.05, 0.02);
  EXPECT_NEAR(missing / n, 0.03, 0.01);
}

TEST_F(GeneratorTest, RepeatContactsExistAndSomeCrossPartners) {
  std::map<std::string, std::vector<std::pair<Micros, std::string>>> by_customer;
  for (size_t i = 1; i < contacts_->size(); ++i) {
    const auto& r = (*contacts_)[i];
    if (!r[kCustomer].empty()) {
      by_customer[r[kCustomer]].push_back({*ParseTimestamp(r[kArrived]), r[kPartner]});
    }
  }
  int repeats = 0, cross = 0;
  for (auto& [customer, list] : by_customer) {
    std::sort(list.begin(), list.end());
    for (size_t i = 1; i < list.size(); ++i) {
      if (list[i].first - list[i - 1].first <= 7 * kMicrosPerDay) {
        ++repeats;
        cross += list[i].second != list[i - 1].second;
      }
    }
  }
  EXPECT_GT(repeats, 2000);
  EXPECT_GT(cross, 300);
  EXPECT_LT(cross, repeats);
}

TEST_F(GeneratorTest, ArrivalsCrossTheDstChangeWithLocalOffsets) {
  std::map<std::string, std::set<std::string>> offsets;
  for (size_t i = 1; i < contacts_->size(); ++i) {
    const std::string& a = (*contacts_)[i][kArrived];
    offsets[(*contacts_)[i][kPartner]].insert(a.back() == 'Z' ? "Z" : a.substr(a.size() - 6));
  }
  EXPECT_EQ(offsets["delta"], (std::set<std::string>{"-05:00", "-04:00"}));
  EXPECT_EQ(offsets["bluepeak"], (std::set<std::string>{"-05:00", "-04:00"}));
  EXPECT_EQ(offsets["atlas"], (std::set<std::string>{"Z"}));
  EXPECT_EQ(offsets["inhouse-nyc"], (std::set<std::string>{"-05:00", "Z"}));
}

TEST_F(GeneratorTest, SurveyScoresAreInRangeAndCommentsNeedQuoting) {
  const Table t = Read("surveys");
  std::set<std::string> ids;
  int comma = 0, quote = 0, newline = 0, non_ascii = 0, relationship = 0;
  auto in_range = [](const std::string& v, int lo, int hi) {
    return v.empty() || (std::stoi(v) >= lo && std::stoi(v) <= hi);
  };
  for (size_t i = 1; i < t.size(); ++i) {
    const auto& r = t[i];
    ASSERT_EQ(r.size(), 9u);
    EXPECT_TRUE(ids.insert(r[0]).second) << r[0];
    EXPECT_TRUE(ParseTimestamp(r[4]).has_value()) << r[4];
    EXPECT_TRUE(in_range(r[5], 0, 10) && in_range(r[6], 1, 5) && in_range(r[7], 1, 7)) << r[0];
    EXPECT_EQ(r[1].empty(), r[2].empty());
    relationship += r[1].empty();
    const std::string& c = r[8];
    comma += c.find(',') != std::string::npos;
    quote += c.find('"') != std::string::npos;
    newline += c.find('\n') != std::string::npos;
    non_ascii += std::any_of(c.begin(), c.end(), [](char ch) { return ch & 0x80; });
  }
  EXPECT_GT(comma, 0);
  EXPECT_GT(quote, 0);
  EXPECT_GT(newline, 0);
  EXPECT_GT(non_ascii, 0);
  EXPECT_NEAR(static_cast<double>(relationship) / (t.size() - 1), 0.05, 0.02);
}

TEST_F(GeneratorTest, BluepeakReportFlattersItsServiceLevel) {
  // Recompute service level (voice + chat, answered <= 20 s over offered minus short abandons).
  std::map<std::string, std::pair<int, int>> truth;  // partner -> (hits, offered)
  for (size_t i = 1; i < contacts_->size(); ++i) {
    const auto& r = (*contacts_)[i];
    if (r[kChannel] != "voice" && r[kChannel] != "chat") continue;
    const Micros arrived = *ParseTimestamp(r[kArrived]);
    const bool abandoned = r[kAbandoned] == "true" || r[kAbandoned] == "1" ||
                           r[kAbandoned] == "yes" || r[kAbandoned] == "TRUE" ||
                           r[kAbandoned] == "Yes";
    if (abandoned && !r[kEnded].empty() &&
        *ParseTimestamp(r[kEnded]) - arrived < 5 * kMicrosPerSecond) {
      continue;
    }
    auto& [hits, offered] = truth[r[kPartner]];
    ++offered;
    hits +=
        !r[kAnswered].empty() && *ParseTimestamp(r[kAnswered]) - arrived <= 20 * kMicrosPerSecond;
  }
  std::map<std::string, std::vector<double>> reported;
  for (const auto& r : Read("partner_reports")) {
    if (r[2] == "service_level") reported[r[0]].push_back(std::stod(r[3]));
  }
  for (const auto& [partner, values] : reported) {
    ASSERT_EQ(values.size(), 4u) << partner;
    double mean = 0;
    for (double v : values) mean += v / values.size();
    const double real = static_cast<double>(truth[partner].first) / truth[partner].second;
    if (partner == "bluepeak") {
      EXPECT_GT(mean, real + 0.02) << partner;
    } else {
      EXPECT_NEAR(mean, real, 0.02) << partner;
    }
  }
}

TEST(GeneratorDeterminismTest, SameSeedSameBytesOtherSeedOtherBytes) {
  const fs::path a = TestDir("a"), b = TestDir("b"), c = TestDir("c");
  GenerateOptions o = SmallOptions();
  o.contacts = 5'000;
  ASSERT_TRUE(Generate(o, a).ok());
  ASSERT_TRUE(Generate(o, b).ok());
  o.seed = 8;
  ASSERT_TRUE(Generate(o, c).ok());
  for (const char* f : kFiles) {
    const std::string name = std::string(f) + ".csv";
    EXPECT_EQ(ReadFile(a / name), ReadFile(b / name)) << name;
  }
  EXPECT_NE(ReadFile(a / "contacts.csv"), ReadFile(c / "contacts.csv"));
  EXPECT_NE(ReadFile(a / "surveys.csv"), ReadFile(c / "surveys.csv"));
  for (const auto& d : {a, b, c}) fs::remove_all(d);
}

TEST(GeneratorGzipTest, GzipFilesHoldTheSameBytes) {
  const fs::path plain = TestDir("plain"), gz = TestDir("gz");
  GenerateOptions o = SmallOptions();
  o.contacts = 3'000;
  ASSERT_TRUE(Generate(o, plain).ok());
  o.gzip = true;
  ASSERT_TRUE(Generate(o, gz).ok());
  for (const char* f : kFiles) {
    gzFile in = gzopen((gz / (std::string(f) + ".csv.gz")).c_str(), "rb");
    ASSERT_NE(in, nullptr) << f;
    std::string text;
    char buf[65536];
    int n;
    while ((n = gzread(in, buf, sizeof(buf))) > 0) text.append(buf, n);
    gzclose(in);
    EXPECT_EQ(text, ReadFile(plain / (std::string(f) + ".csv"))) << f;
  }
  fs::remove_all(plain);
  fs::remove_all(gz);
}

TEST(GeneratorDirtyTest, AddsDuplicatesAndBadRows) {
  const fs::path dir = TestDir("dirty");
  GenerateOptions o = SmallOptions();
  o.dirty = true;
  Result<GenerateStats> stats = Generate(o, dir);
  ASSERT_TRUE(stats.ok());
  const std::string text = ReadFile(dir / "contacts.csv");
  const Table t = ParseCsv(text);
  std::set<std::string> lines;
  std::set<std::pair<std::string, std::string>> keys;
  int exact_duplicates = 0, same_key = 0, bad_timestamp = 0, bad_channel = 0;
  const std::set<std::string> channels = {"voice", "chat", "email", "messaging", "social"};
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) exact_duplicates += !lines.insert(line).second;
  for (size_t i = 1; i < t.size(); ++i) {
    same_key += !keys.insert({t[i][kPartner], t[i][kId]}).second;
    bad_timestamp += !ParseTimestamp(t[i][kArrived]).has_value();
    bad_channel += !channels.count(t[i][kChannel]);
  }
  EXPECT_GT(exact_duplicates, 100);
  EXPECT_GT(same_key, exact_duplicates);  // corrections too
  EXPECT_GT(bad_timestamp, 0);
  EXPECT_GT(bad_channel, 0);
  EXPECT_EQ(static_cast<int64_t>(t.size()) - 1, stats->contacts);
  fs::remove_all(dir);
}

TEST(GeneratorOptionsTest, RejectsBadOptionsAndReportsProgress) {
  const fs::path dir = TestDir("options");
  GenerateOptions o = SmallOptions();
  o.contacts = 2'000;
  o.start_month = "2026-13";
  EXPECT_EQ(Generate(o, dir).status().code(), StatusCode::kInvalidArgument);
  o.start_month = "2026-01";
  o.time_zone = "Mars/Olympus_Mons";
  EXPECT_EQ(Generate(o, dir).status().code(), StatusCode::kInvalidArgument);
  o.time_zone = "America/New_York";
  std::vector<double> seen;
  ASSERT_TRUE(Generate(o, dir, [&](double f) { seen.push_back(f); }).ok());
  ASSERT_FALSE(seen.empty());
  EXPECT_LE(seen.size(), 101u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(seen.back(), 1.0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cx
