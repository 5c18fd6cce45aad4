#include "io/mapping.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

#include "base/time.h"
#include "io/validate.h"

namespace cx {
namespace {

using contact_field::kAbandoned;
using contact_field::kAnsweredAt;
using contact_field::kArrivedAt;
using contact_field::kChannel;
using contact_field::kContactId;
using contact_field::kCustomerId;
using contact_field::kEndedAt;

std::filesystem::path WriteTemp(const std::string& name, const std::string& bytes) {
  auto dir = std::filesystem::temp_directory_path() / "cxpact_mapping_test";
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

struct Mapped {
  std::vector<std::string> texts;
  std::string error;
  int64_t version;
};

// Maps `data` (written to a file named `name`) with the mapping text `toml`.
std::vector<Mapped> MapAll(const std::string& toml, const std::string& name,
                           const std::string& data) {
  auto mapping = ParseMapping(toml, "m.toml");
  EXPECT_TRUE(mapping.ok()) << mapping.status().ToString();
  if (!mapping.ok()) return {};
  auto source = OpenMappedSource(*mapping, WriteTemp(name, data));
  EXPECT_TRUE(source.ok()) << source.status().ToString();
  if (!source.ok()) return {};
  std::vector<Mapped> out;
  SourceRecord r;
  while (*(*source)->Next(&r)) {
    out.push_back({std::vector<std::string>(r.texts.begin(), r.texts.end()), r.error, r.version});
  }
  return out;
}

const char kCsvHead[] = "kind = \"contacts\"\nformat = \"csv\"\n";
const char kBase[] = "[constants]\npartner = \"p\"\nchannel = \"voice\"\n";

TEST(MappingTest, RenameConstantAndValueMap) {
  auto rows =
      MapAll(std::string(kCsvHead) + kBase +
                 "[fields.contact_id]\ncolumn = \"id\"\n"
                 "[fields.arrived_at]\ncolumn = \"at\"\n"
                 "[fields.abandoned]\ncolumn = \"res\"\n"
                 "map = { HANG = \"true\", AGENT = \"false\" }\n"
                 "[fields.queue]\ncolumn = \"res\"\nmap = { AGENT = \"served\" }\n"
                 "[fields.reason]\ncolumn = \"res\"\nmap = { X = \"y\" }\ndefault = \"other\"\n",
             "a.csv", "id,at,res\n7,2026-01-02T03:04:05Z,HANG\n8,2026-01-02T03:04:05Z,AGENT\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].texts[kContactId], "7");
  EXPECT_EQ(rows[0].texts[contact_field::kPartner], "p");
  EXPECT_EQ(rows[0].texts[kChannel], "voice");
  EXPECT_EQ(rows[0].texts[kArrivedAt], "2026-01-02T03:04:05Z");  // Canonical: kept as is.
  EXPECT_EQ(rows[0].texts[kAbandoned], "true");
  EXPECT_EQ(rows[1].texts[kAbandoned], "false");
  EXPECT_EQ(rows[0].texts[contact_field::kQueue], "HANG");  // Unmapped values pass through.
  EXPECT_EQ(rows[1].texts[contact_field::kQueue], "served");
  EXPECT_EQ(rows[0].texts[contact_field::kReason], "other");
  EXPECT_EQ(rows[0].version, INT64_MIN);
}

TEST(MappingTest, DateAndTimeCombineWithMidnightWrap) {
  const std::string toml = std::string(kCsvHead) +
                           "time_zone = \"UTC\"\nmissing = [\"0:00:00\"]\n" + kBase +
                           "[fields.contact_id]\ncolumn = \"id\"\n"
                           "[fields.arrived_at]\ndate = { column = \"d\", format = \"%y%m%d\" }\n"
                           "time = { column = [\"q\", \"v\"] }\n"
                           "midnight_wrap = { after = \"v\", tolerance = \"1:00:00\" }\n"
                           "[fields.ended_at]\ndate = { column = \"d\", format = \"%y%m%d\" }\n"
                           "time = \"e\"\n";
  auto rows = MapAll(toml, "dt.csv",
                     "id,d,v,q,e\n"
                     "1,990801,9:05:00,9:06:07,9:10:00\n"     // Same day.
                     "2,990831,23:59:50,0:00:05,0:01:00\n"    // q wraps; e has no wrap option.
                     "3,990801,12:04:42,12:03:15,13:00:00\n"  // 87 s early: skew, not a wrap.
                     "4,990801,8:00:00,0:00:00,9:00:00\n"     // q missing: coalesce to v.
                     "5,991332,8:00:00,8:00:01,9:00:00\n");   // Not a date.
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].texts[kArrivedAt], "1999-08-01T09:06:07Z");
  EXPECT_EQ(rows[1].texts[kArrivedAt], "1999-09-01T00:00:05Z");
  EXPECT_EQ(rows[1].texts[kEndedAt], "1999-08-31T00:01:00Z");
  EXPECT_EQ(rows[2].texts[kArrivedAt], "1999-08-01T12:03:15Z");
  EXPECT_EQ(rows[3].texts[kArrivedAt], "1999-08-01T08:00:00Z");
  EXPECT_EQ(rows[4].texts[kArrivedAt], "991332 8:00:01");  // Left for validation to reject.
}

TEST(MappingTest, LocalTimesConvertWithDstGapAndOverlapRules) {
  const date::time_zone* ny = date::locate_zone("America/New_York");
  auto local = [](const char* text) { return LocalAsUtc(*ParseLocalDateTime(text)); };
  auto utc = [](int64_t t) { return FormatTimestampUtc(t); };
  EXPECT_EQ(utc(LocalToUtcMicros(*ny, local("2026-01-15T09:00:00"))), "2026-01-15T14:00:00Z");
  // 02:30 does not exist on 2026-03-08: read with the offset before the gap (= 03:30 EDT).
  EXPECT_EQ(utc(LocalToUtcMicros(*ny, local("2026-03-08T02:30:00"))), "2026-03-08T07:30:00Z");
  // 01:30 happens twice on 2026-11-01: the earlier instant (EDT).
  EXPECT_EQ(utc(LocalToUtcMicros(*ny, local("2026-11-01T01:30:00"))), "2026-11-01T05:30:00Z");

  const std::string toml = std::string(kCsvHead) + "time_zone = \"Asia/Jerusalem\"\n" + kBase +
                           "[fields.contact_id]\ncolumn = \"id\"\n"
                           "[fields.arrived_at]\ncolumn = \"at\"\n"
                           "[fields.ended_at]\ncolumn = \"end\"\nformat = \"%d/%m/%Y %H:%M\"\n";
  auto rows = MapAll(toml, "tz.csv",
                     "id,at,end\n"
                     "1,1999-08-01 10:00:00,01/08/1999 10:30\n"    // IDT, +03:00.
                     "2,1999-01-05T10:00:00.250,5/1/1999 10:30\n"  // IST, +02:00.
                     "3,1999-04-02T02:30:00,\n"         // Israel's 1999 gap: 02:00-03:00.
                     "4,2026-03-02T09:15:07-05:00,x\n"  // With an offset: kept.
                     "5,1999-04-02T03:30:00,\n");       // After the gap: +03:00.
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].texts[kArrivedAt], "1999-08-01T07:00:00Z");
  EXPECT_EQ(rows[0].texts[kEndedAt], "1999-08-01T07:30:00Z");
  EXPECT_EQ(rows[1].texts[kArrivedAt], "1999-01-05T08:00:00.250000Z");
  EXPECT_EQ(rows[1].texts[kEndedAt], "1999-01-05T08:30:00Z");
  EXPECT_EQ(rows[2].texts[kArrivedAt], "1999-04-02T00:30:00Z");
  EXPECT_EQ(rows[2].texts[kEndedAt], "");
  EXPECT_EQ(rows[3].texts[kArrivedAt], "2026-03-02T09:15:07-05:00");
  EXPECT_EQ(rows[3].texts[kEndedAt], "x");
  EXPECT_EQ(rows[4].texts[kArrivedAt], "1999-04-02T00:30:00Z");  // 02:30 did not exist.
}

TEST(MappingTest, OffsetlessTimestampWithoutZoneIsLeftAsIsAndEpochIsUtc) {
  auto rows =
      MapAll(std::string(kCsvHead) + kBase +
                 "[fields.contact_id]\ncolumn = \"id\"\n[fields.arrived_at]\ncolumn = \"at\"\n"
                 "[fields.answered_at]\ncolumn = \"s\"\nformat = \"epoch\"\n"
                 "[fields.ended_at]\ncolumn = \"ms\"\nformat = \"epoch_ms\"\n",
             "nz.csv", "id,at,s,ms\n1,2026-01-01T10:00:00,1767261600.5,1767261601250\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].texts[kArrivedAt], "2026-01-01T10:00:00");  // validation: bad_timestamp.
  EXPECT_EQ(rows[0].texts[kAnsweredAt], "2026-01-01T10:00:00.500000Z");
  EXPECT_EQ(rows[0].texts[kEndedAt], "2026-01-01T10:00:01.250000Z");
}

TEST(MappingTest, MissingTextsCoalesceTemplateSumAndConditions) {
  const std::string toml = std::string(kCsvHead) + "missing = [\"NULL\"]\n" + kBase +
                           "[[reject]]\ncolumn = \"kind\"\nin = [\"GHOST\"]\nreason = \"ghost\"\n"
                           "[fields.contact_id]\ntemplate = \"{line}-{id}\"\n"
                           "[fields.arrived_at]\ncolumn = \"at\"\n"
                           "[fields.customer_id]\ncolumn = [\"cust\", \"alt\"]\nmissing = [\"0\"]\n"
                           "[fields.handle_seconds]\nsum = [\"talk\", \"acw\"]\n"
                           "[fields.agent_id]\ncolumn = \"agent\"\n"
                           "when = { column = \"kind\", in = [\"AGENT\"] }\notherwise = \"none\"\n"
                           "[fields.transferred]\nconstant = true\n"
                           "when = [{ present = [\"xfer\"] }, { present = [\"next\"] }]\n"
                           "otherwise = false\n";
  auto rows = MapAll(toml, "c.csv",
                     "line,id,at,cust,alt,talk,acw,agent,kind,xfer,next\n"
                     "A1,5,2026-01-01T00:00:00Z,0,c9,30,2.5,ann,AGENT,,\n"
                     "A1,6,2026-01-01T00:00:00Z,c1,c9,NULL,,bob,HANG,,n\n"
                     "NULL,7,2026-01-01T00:00:00Z,0,NULL,x,1,,AGENT,t,\n"
                     "A1,8,2026-01-01T00:00:00Z,0,,,,,GHOST,,\n");
  ASSERT_EQ(rows.size(), 4u);
  using namespace contact_field;
  EXPECT_EQ(rows[0].texts[kContactId], "A1-5");
  EXPECT_EQ(rows[0].texts[kCustomerId], "c9");  // "0" is missing for this field: next source.
  EXPECT_EQ(rows[0].texts[kHandleSeconds], "32.5");
  EXPECT_EQ(rows[0].texts[kAgentId], "ann");
  EXPECT_EQ(rows[0].texts[kTransferred], "false");
  EXPECT_EQ(rows[1].texts[kCustomerId], "c1");
  EXPECT_EQ(rows[1].texts[kHandleSeconds], "");  // NULL is missing everywhere.
  EXPECT_EQ(rows[1].texts[kAgentId], "none");
  EXPECT_EQ(rows[1].texts[kTransferred], "true");
  EXPECT_EQ(rows[2].texts[kContactId], "");  // A template part is missing.
  EXPECT_EQ(rows[2].texts[kCustomerId], "");
  EXPECT_EQ(rows[2].texts[kHandleSeconds], "x");  // Not a number: left for validation.
  EXPECT_EQ(rows[2].texts[kTransferred], "true");
  EXPECT_EQ(rows[3].error, "ghost (kind is 'GHOST')");
}

TEST(MappingTest, JsonPathsByDotPointerAndIndex) {
  const std::string toml =
      "kind = \"contacts\"\nformat = \"json\"\nversion_field = \"v\"\nversion_format = "
      "\"integer\"\n"
      "[constants]\npartner = \"p\"\nchannel = \"chat\"\n"
      "[fields.contact_id]\ncolumn = \"/a.b/c~1d\"\n"
      "[fields.arrived_at]\ncolumn = \"t.0\"\n"
      "[fields.agent_id]\ncolumn = \"Agent.Username\"\n"
      "[fields.queue]\ncolumn = \"list.1.name\"\n"
      "[fields.handle_seconds]\ncolumn = \"Agent.Secs\"\n";
  auto rows =
      MapAll(toml, "p.jsonl",
             "{\"a.b\":{\"c/d\":\"X1\"},\"t\":[\"2026-01-01T00:00:00Z\"],"
             "\"Agent\":{\"Username\":\"ann\",\"Secs\":12},\"list\":[{},{\"name\":\"q\"}]}\n"
             "{\"a.b\":{\"c/d\":\"X2\"},\"Agent\":null,\"list\":[],\"v\":42}\n"
             "{\"a.b\":{\"c/d\":\"X3\"},\"v\":\"4.5\"}\n");
  ASSERT_EQ(rows.size(), 3u);
  using namespace contact_field;
  EXPECT_EQ(rows[0].texts[kContactId], "X1");
  EXPECT_EQ(rows[0].texts[kArrivedAt], "2026-01-01T00:00:00Z");
  EXPECT_EQ(rows[0].texts[kAgentId], "ann");
  EXPECT_EQ(rows[0].texts[kQueue], "q");
  EXPECT_EQ(rows[0].texts[kHandleSeconds], "12");
  EXPECT_EQ(rows[1].texts[kContactId], "X2");
  EXPECT_EQ(rows[1].texts[kAgentId], "");
  EXPECT_EQ(rows[1].texts[kQueue], "");
  EXPECT_EQ(rows[0].version, INT64_MIN);  // No version: never replaces a newer row.
  EXPECT_EQ(rows[1].version, 42);
  EXPECT_EQ(rows[2].error, "version_field v '4.5' cannot be read as integer");
}

TEST(MappingTest, TimePatterns) {
  auto p = ParseTimePattern("990801", "%y%m%d");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->year, 1999);
  EXPECT_EQ(p->day, 1);
  EXPECT_EQ(ParseTimePattern("010203", "%y%m%d")->year, 2001);
  EXPECT_EQ(ParseTimePattern("7:02:55", "%H:%M:%S")->hour, 7);
  EXPECT_EQ(ParseTimePattern("07:02:55.5", "%T")->micros, 500000);
  EXPECT_FALSE(ParseTimePattern("24:00:00", "%T"));
  EXPECT_FALSE(ParseTimePattern("1999-02-29", "%F"));
  EXPECT_FALSE(ParseTimePattern("7:02:55 ", "%T"));
  EXPECT_FALSE(ParseTimePattern("", "%T"));
}

std::string ErrorOf(const std::string& toml) {
  auto m = ParseMapping(toml, "bad.toml");
  return m.ok() ? "ok" : m.status().message();
}

TEST(MappingTest, ErrorsNameFileAndLine) {
  const std::string ok =
      std::string(kCsvHead) + kBase +  // Lines 1-5.
      "[fields.contact_id]\ncolumn = \"id\"\n[fields.arrived_at]\ncolumn = \"at\"\n";
  EXPECT_EQ(ErrorOf(ok), "ok");
  EXPECT_EQ(ErrorOf(ok + "[fields.queue]\ncolum = \"q\"\n"),
            "bad.toml:11: unknown key 'colum' in [fields.queue] (expected column, constant, "
            "template, sum, date, time, midnight_wrap, format, map, default, missing, when, "
            "otherwise)");
  EXPECT_EQ(ErrorOf(ok + "[fields.arival_at]\ncolumn = \"q\"\n"),
            "bad.toml:10: contacts has no field 'arival_at'");
  EXPECT_EQ(ErrorOf("format = \"csv\"\nkind = \"calls\"\n"), "bad.toml:2: unknown kind 'calls'");
  EXPECT_EQ(ErrorOf("kind = \"contacts\"\nformat = \"csv\"\ntime_zone = \"Mars/Olympus\"\n"),
            "bad.toml:3: unknown time zone 'Mars/Olympus' (an IANA name such as Europe/Paris)");
  EXPECT_EQ(ErrorOf("extra = 1\n" + ok),
            "bad.toml:1: unknown key 'extra' in the mapping "
            "(expected description, kind, format, time_zone, missing, version_field, "
            "version_format, require_customer_id, constants, fields, reject)");
  EXPECT_NE(ErrorOf("kind = \"contacts\"\nformat = = \"csv\"\n").find("bad.toml:2: not valid TOML"),
            std::string::npos);
  EXPECT_EQ(ErrorOf(std::string(kCsvHead) + kBase + "[fields.contact_id]\ncolumn = \"id\"\n"),
            "bad.toml: contacts requires 'arrived_at'; map it under [fields.arrived_at] or "
            "[constants]");
  EXPECT_EQ(ErrorOf(ok + "[fields.ended_at]\ndate = \"d\"\ntime = \"t\"\n"),
            "bad.toml:10: [fields.ended_at]: date/time need the mapping's time_zone");

  auto mapping = ParseMapping(ok + "[fields.queue]\ncolumn = \"skill\"\n", "m.toml");
  ASSERT_TRUE(mapping.ok());
  auto source = OpenMappedSource(*mapping, WriteTemp("h.csv", "id,at\n1,x\n"));
  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.status().message(), "m.toml:11: column 'skill' is not in the header of h.csv");
}

// Maps a file, validates every record, and counts the outcomes.
struct Tally {
  int64_t records = 0, valid = 0, answered = 0, abandoned = 0, no_customer = 0;
  std::map<std::string, int64_t> reasons;
  std::vector<std::vector<Value>> rows;  // Valid rows (texts copied into `keep`).
  std::vector<std::vector<std::string>> keep;
  std::vector<int64_t> versions;
};

Tally MapAndValidate(const std::filesystem::path& mapping_path, const std::filesystem::path& data,
                     bool keep_rows) {
  Tally t;
  auto mapping = LoadMapping(mapping_path);
  EXPECT_TRUE(mapping.ok()) << mapping.status().ToString();
  if (!mapping.ok()) return t;
  auto source = OpenMappedSource(*mapping, data);
  EXPECT_TRUE(source.ok()) << source.status().ToString();
  if (!source.ok()) return t;
  const KindSpec& spec = SpecOf(mapping->kind);
  ValidateOptions options;
  options.require_customer_id = mapping->require_customer_id.value_or(true);
  SourceRecord r;
  std::vector<Value> row;
  Issue issue;
  while (*(*source)->Next(&r)) {
    ++t.records;
    if (!r.error.empty()) {
      ++t.reasons["malformed_record"];
      continue;
    }
    if (!ValidateRecord(spec, r.texts, &row, &issue, options)) {
      ++t.reasons[std::string(ReasonCode(issue.reason))];
      continue;
    }
    ++t.valid;
    t.answered += !row[kAnsweredAt].is_null();
    t.abandoned += row[kAbandoned].i;
    t.no_customer += row[kCustomerId].is_null();
    if (keep_rows) {
      t.keep.emplace_back(r.texts.begin(), r.texts.end());
      t.rows.push_back(row);
      t.versions.push_back(r.version);
    }
  }
  return t;
}

const std::string kExamples = std::string(CXPACT_SOURCE_DIR) + "/examples/mappings/";
const std::string kRealData = std::string(CXPACT_SHARED_DIR) + "/realdata/";

TEST(MappingTest, AmazonConnectSampleMapsToOneValidContact) {
  Tally t = MapAndValidate(kExamples + "amazon-connect-ctr.toml",
                           kRealData + "formats/amazon_connect_ctr_sample.json", true);
  ASSERT_EQ(t.records, 1);
  ASSERT_EQ(t.valid, 1) << ::testing::PrintToString(t.reasons);
  const std::vector<std::string>& c = t.keep[0];
  using namespace contact_field;
  EXPECT_EQ(c[kContactId], "15a5cf14-3212-45a1-9f86-a8e97db8afaf");
  EXPECT_EQ(c[kPartner], "connect");
  EXPECT_EQ(c[kChannel], "voice");
  EXPECT_EQ(c[kQueue], "BasicQueue");
  EXPECT_EQ(c[kAgentId], "admin1");
  EXPECT_EQ(c[kCustomerId], "");                     // The sample sets no customerId attribute.
  EXPECT_EQ(c[kArrivedAt], "2022-04-08T15:00:42Z");  // Queue.EnqueueTimestamp.
  EXPECT_EQ(c[kAnsweredAt], "2022-04-08T15:00:49Z");
  EXPECT_EQ(c[kEndedAt], "2022-04-08T15:01:22Z");
  EXPECT_EQ(c[kHandleSeconds], "65");  // 33 talk + 0 hold + 32 after-contact work.
  EXPECT_EQ(c[kAbandoned], "false");
  EXPECT_EQ(c[kTransferred], "false");
  EXPECT_EQ(t.versions[0], *ParseTimestamp("2022-04-08T15:03:02Z"));
}

TEST(MappingTest, AmazonConnectRecordSentTwiceCarriesOrderedVersions) {
  std::ifstream in(kRealData + "formats/amazon_connect_ctr_sample.json");
  std::string one((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string later = one;
  const std::string old_stamp = "\"LastUpdateTimestamp\": \"2022-04-08T15:03:02Z\"";
  ASSERT_NE(later.find(old_stamp), std::string::npos);
  later.replace(later.find(old_stamp), old_stamp.size(),
                "\"LastUpdateTimestamp\": \"2022-04-08T15:09:30Z\"");
  // Firehose concatenates records; the newer one may come first.
  auto path = WriteTemp("ctr_twice.json", later + one);
  Tally t = MapAndValidate(kExamples + "amazon-connect-ctr.toml", path, true);
  ASSERT_EQ(t.valid, 2);
  EXPECT_EQ(t.keep[0][kContactId], t.keep[1][kContactId]);
  EXPECT_GT(t.versions[0], t.versions[1]);
  EXPECT_EQ(t.versions[0] - t.versions[1], (6 * 60 + 28) * kMicrosPerSecond);
}

// The whole real Technion file: every call is loaded or quarantined with a reason. The counts
// are explained in docs/decisions/0002-technion-anonbank-mapping.md.
TEST(MappingTest, TechnionAnonbankRealFile) {
  Tally t = MapAndValidate(kExamples + "technion-anonbank.toml",
                           kRealData + "technion_anonbank_1999_08_calls.csv", true);
  EXPECT_EQ(t.records, 42078);
  int64_t quarantined = 0;
  for (const auto& [reason, n] : t.reasons) quarantined += n;
  EXPECT_EQ(t.valid + quarantined, 42078);
  EXPECT_EQ(t.valid, 41741);
  EXPECT_EQ(t.reasons, (std::map<std::string, int64_t>{{"malformed_record", 310},
                                                       {"answered_before_arrived", 27}}));
  EXPECT_EQ(t.answered, 31318);
  EXPECT_EQ(t.abandoned, 10366);  // Every HANG row.
  EXPECT_EQ(t.no_customer, 22956);

  std::set<std::string> ids;
  int64_t hang = 0, wait_ok = 0, over_day = 0;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const std::vector<Value>& row = t.rows[i];
    ids.insert(t.keep[i][kContactId]);
    EXPECT_TRUE(row[kCustomerId].is_null() || row[kCustomerId].s != "0");
    if (row[kAbandoned].i) {
      ++hang;
      EXPECT_TRUE(row[kAnsweredAt].is_null());
    }
    if (!row[kAnsweredAt].is_null()) wait_ok += row[kAnsweredAt].i >= row[kArrivedAt].i;
    over_day += row[kEndedAt].i - row[kArrivedAt].i > kMicrosPerDay / 2;
  }
  EXPECT_EQ(ids.size(), t.rows.size());  // contact_id is unique.
  EXPECT_EQ(hang, 10366);
  EXPECT_EQ(wait_ok, t.answered);  // Validation guarantees it for every loaded row.
  EXPECT_EQ(over_day, 0);          // No midnight wrap turned into a 24-hour call.
  EXPECT_EQ(t.keep[0][kArrivedAt], "1999-07-31T21:10:27Z");  // 0:10:27 IDT on Aug 1, at vru_exit.
}

}  // namespace
}  // namespace cx
