#include "metrics/row_pipeline.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/testing/temp_dir.h"

namespace cx {
namespace {

// What a sink saw: each row as text with the key stage's word, in the order `add` got them.
struct Seen {
  std::vector<std::string> rows;
  std::vector<uint64_t> words;
  int64_t quarantined = 0;
};

Seen Read(const std::filesystem::path& path, const RowReadOptions& options) {
  Seen seen;
  uint64_t next_word = 0;
  const size_t fields = SpecOf(Kind::kContacts).fields.size();
  RowSink sink;
  sink.key = [&](const RowBatch& batch, RowSink::Words* words) {
    words->clear();
    for (size_t r = 0; r < batch.records.size(); ++r) words->push_back(next_word++);
  };
  sink.add = [&](const RowBatch& batch, const RowSink::Words& words) {
    std::vector<Value> row;
    for (size_t r = 0; r < batch.records.size(); ++r) {
      batch.Row(r, fields, &row);
      std::string text;
      for (const Value& v : row) {  // A text's `i` is its offset in the batch: left out.
        const int64_t i = v.tag == Value::Tag::kText ? 0 : v.i;
        text += fmt::format("{}|{}|{}|{}|", static_cast<int>(v.tag), i, v.d, v.s);
      }
      seen.rows.push_back(std::move(text));
      seen.words.push_back(words[r]);
    }
  };
  Status s = ReadRowsInto(path, Kind::kContacts, options, sink, &seen.quarantined);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return seen;
}

// A contacts file whose byte ranges often start inside a quoted, multi-line reason or among
// blank lines, with some bad records (unknown channel, answered or ended before arrival, a
// bad flag): the parallel reader must guess wrong, notice, and parse those ranges again.
std::string AwkwardContacts(size_t rows) {
  std::mt19937 rng(11);
  std::string csv =
      "contact_id,partner,site,queue,channel,customer_id,reason,arrived_at,customer_sent_at,"
      "answered_at,ended_at,handle_seconds,abandoned,transferred,agent_id,order_id,"
      "demographics_collected,consent_recorded\n";
  for (size_t i = 0; i < rows; ++i) {
    std::string reason = "billing";
    if (rng() % 2 == 0) {
      reason = "\"line one\n";
      for (int k = 0; k < 30; ++k) reason += "a \"\"quoted\"\" word,\n";
      reason += "end\"";
    }
    const bool bad = rng() % 50 == 0;
    // Answered and ended: missing, after arrival, or (bad) before it; a few bad flags.
    const auto instant = [&](int day) -> std::string {
      const unsigned pick = rng() % 30;
      if (pick < 10) return "";
      return fmt::format("2026-01-{:02d}T{}Z", day, pick == 29 ? "09:00:00" : "10:05:00");
    };
    const int day = 1 + static_cast<int>(i % 28);
    csv += fmt::format("c{},p{},s1,q1,{},k{},{},2026-01-{:02d}T10:00:00Z,,{},{},{},{},false,,,,\n",
                       i, i % 3, bad ? "fax" : "voice", i % 97, reason, day, instant(day),
                       instant(day), i % 600, rng() % 60 == 0 ? "maybe" : "false");
    if (rng() % 20 == 0) csv += "\n\n";
  }
  return csv;
}

TEST(RowPipelineTest, RangesInParallelGiveExactlyTheSerialRows) {
  testing::TempDir dir;
  dir.Write("contacts.csv", AwkwardContacts(6000));
  const auto path = dir / "contacts.csv";
  RowReadOptions serial;
  serial.threads = 1;
  const Seen expected = Read(path, serial);
  ASSERT_GT(expected.rows.size(), 5000u);
  ASSERT_GT(expected.quarantined, 50);
  for (int threads : {2, 3}) {
    RowReadOptions parallel;
    parallel.threads = threads;
    parallel.parallel_min_bytes = 0;
    parallel.range_bytes = 64 << 10;  // ~40 ranges of this ~2.7 MB file.
    const Seen got = Read(path, parallel);
    EXPECT_EQ(got.quarantined, expected.quarantined) << threads;
    ASSERT_EQ(got.rows.size(), expected.rows.size()) << threads;
    for (size_t r = 0; r < got.rows.size(); ++r) {
      ASSERT_EQ(got.rows[r], expected.rows[r]) << "row " << r << ", " << threads << " threads";
      ASSERT_EQ(got.words[r], r) << "the key stage saw rows out of file order";
    }
  }
}

// `parsed` tells a progress display how much of the file has been handed on: read by `add`
// after each batch, it never goes down, stays within [0, 1], and is 1 once the read ends, on
// one thread and in ranges.
TEST(RowPipelineTest, TheParsedShareRisesToOneInEitherMode) {
  testing::TempDir dir;
  // ~18 MB: more batches than the queues hold, so the parsers wait for `add` before the end
  // of the file, and more than one of the serial reader's buffers.
  dir.Write("contacts.csv", AwkwardContacts(40000));
  for (int threads : {1, 2}) {
    std::atomic<double> parsed = -1;
    RowReadOptions options;
    options.threads = threads;
    options.parallel_min_bytes = 0;
    options.range_bytes = 256 << 10;  // ~70 ranges, a batch or more each.
    options.parsed = &parsed;
    std::vector<double> seen;
    const RowSink sink{nullptr, [&](const RowBatch&, const RowSink::Words&) {
                         seen.push_back(parsed.load());
                       }};
    int64_t bad = 0;
    ASSERT_TRUE(ReadRowsInto(dir / "contacts.csv", Kind::kContacts, options, sink, &bad).ok());
    ASSERT_GT(seen.size(), 5u) << threads;
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end())) << threads << " threads";
    EXPECT_GE(seen.front(), 0.0);
    EXPECT_LE(seen.back(), 1.0);
    EXPECT_EQ(parsed.load(), 1.0) << threads;
    // `add` sees the share rise before the end: the readers run at most a few queues' length
    // (~15 batches of 1024 rows) ahead of it.
    if (threads > 1) {
      EXPECT_LT(seen.front(), 0.5);
    }
    EXPECT_TRUE(std::any_of(seen.begin(), seen.end(), [](double v) { return v > 0 && v < 1; }))
        << threads;
  }
}

// Every column of a contact table as text, row by row.
std::vector<std::string> Rows(const ContactTable& t) {
  std::vector<std::string> out;
  auto name = [](const StringDict& d, uint32_t id) {
    return id == kNoId ? std::string("-") : std::string(d[id]);
  };
  for (size_t r = 0; r < t.size(); ++r) {
    out.push_back(fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", t.contact_id[r],
                              name(t.partners, t.partner[r]), name(t.customers, t.customer[r]),
                              name(t.reasons, t.reason[r]), name(t.sites, t.site[r]),
                              name(t.queues, t.queue[r]), ChannelName(t.channel[r]),
                              t.arrived[r], t.sent[r], t.answered[r], t.ended[r], t.handle[r],
                              t.flags[r]));
  }
  return out;
}

// Contacts travel as typed, pre-hashed ContactBatch rows: on both cores the table is the one
// the builder makes row by row from the serial reader's rows, duplicates replaced in place.
TEST(RowPipelineTest, ContactBatchesInParallelBuildTheRowByRowTable) {
  testing::TempDir dir;
  std::string csv = AwkwardContacts(6000);
  // Re-sent contacts (golden rule 9): the later row replaces the earlier, in its place.
  for (int i = 0; i < 300; i += 7) {
    csv += fmt::format("c{},p{},s2,q2,chat,k{},refund,2026-02-01T10:00:00Z,,,,5,true,false,,,,true\n",
                       i, i % 3, i % 11);
  }
  dir.Write("contacts.csv", csv);
  const auto path = dir / "contacts.csv";

  ContactTableBuilder by_row;
  RowReadOptions serial;
  serial.threads = 1;
  const RowSink rows = RowByRow(by_row, Kind::kContacts);
  int64_t bad_serial = 0;
  ASSERT_TRUE(ReadRowsInto(path, Kind::kContacts, serial, rows, &bad_serial).ok());
  const std::vector<std::string> expected = Rows(by_row.Finish());
  ASSERT_GT(expected.size(), 5000u);

  RowReadOptions parallel;
  parallel.parallel_min_bytes = 0;
  parallel.range_bytes = 64 << 10;
  ContactTableBuilder batched;
  ContactSink sink{
      [&](const ContactBatch& b, ContactSink::Words* w) { batched.AssignRows(b, w); },
      [&](const ContactBatch& b, const ContactSink::Words& w) { batched.FillRows(b, w); }};
  int64_t bad = 0;
  ASSERT_TRUE(ReadRowsInto(path, Kind::kContacts, parallel, sink, &bad).ok());
  EXPECT_EQ(bad, bad_serial);
  const int64_t c7 = batched.Find("p1", "c7");  // Replaced by its re-sent row.
  const ContactTable table = batched.Finish();
  EXPECT_EQ(Rows(table), expected);
  ASSERT_GE(c7, 0);
  EXPECT_EQ(table.reasons[table.reason[static_cast<size_t>(c7)]], "refund");
  EXPECT_EQ(table.channel[static_cast<size_t>(c7)], Channel::kChat);
}

// Surveys travel as SurveyBatch rows linked to their contacts by a stage of their own: the
// table is the one the builder makes row by row, links and replaced surveys included.
TEST(RowPipelineTest, SurveyBatchesInParallelBuildTheRowByRowTable) {
  ContactTableBuilder contacts;
  for (int i = 0; i < 500; ++i) {
    std::vector<Value> v(contact_field::kCount, Value::Null());
    const std::string id = fmt::format("c{}", i), partner = fmt::format("p{}", i % 3);
    v[contact_field::kContactId] = Value::Text(id);
    v[contact_field::kPartner] = Value::Text(partner);
    v[contact_field::kChannel] = Value::Text("voice");
    v[contact_field::kCustomerId] = Value::Text("k");
    v[contact_field::kArrivedAt] = Value::Int(i);
    contacts.Add(v);
  }
  std::mt19937 rng(3);
  std::string csv = "survey_id,contact_id,partner,customer_id,responded_at,nps,csat,ces,comment\n";
  for (int i = 0; i < 8000; ++i) {
    // Linked (right or wrong partner), unlinked, or naming a contact that does not exist; some
    // re-sent; comments quoted across lines so that ranges start inside them.
    const int c = static_cast<int>(rng() % 700);
    const std::string link = rng() % 4 == 0 ? "," : fmt::format("c{},p{}", c, (c + rng() % 2) % 3);
    const std::string comment = rng() % 3 == 0 ? "\"so,\nslow\n\"\"really\"\"\"" : "ok";
    csv += fmt::format("s{},{},k{},2026-01-02T03:04:05Z,{},,{},{}\n", i % 7000, link, c % 50,
                       rng() % 11, 1 + rng() % 7, comment);
  }
  testing::TempDir dir;
  dir.Write("surveys.csv", csv);
  const auto path = dir / "surveys.csv";

  SurveyTableBuilder by_row(&contacts);
  RowReadOptions serial;
  serial.threads = 1;
  const RowSink rows = RowByRow(by_row, Kind::kSurveys);
  int64_t bad = 0;
  ASSERT_TRUE(ReadRowsInto(path, Kind::kSurveys, serial, rows, &bad).ok());
  const SurveyTable expected = by_row.Finish();
  ASSERT_EQ(expected.size(), 7000u);

  RowReadOptions parallel;
  parallel.parallel_min_bytes = 0;
  parallel.range_bytes = 16 << 10;
  SurveyTableBuilder batched(&contacts);
  SurveySink sink{[&](const SurveyBatch& b, SurveySink::Words* w) { batched.LinkRows(b, w); },
                  [&](const SurveyBatch& b, const SurveySink::Words& w) { batched.AddRows(b, w); }};
  ASSERT_TRUE(ReadRowsInto(path, Kind::kSurveys, parallel, sink, &bad).ok());
  const SurveyTable got = batched.Finish();
  EXPECT_EQ(got.contact, expected.contact);
  EXPECT_EQ(got.customer, expected.customer);
  EXPECT_EQ(got.responded, expected.responded);
  EXPECT_EQ(got.nps, expected.nps);
  EXPECT_EQ(got.csat, expected.csat);
  EXPECT_EQ(got.ces, expected.ces);
  const auto linked = std::count_if(got.contact.begin(), got.contact.end(),
                                    [](int64_t c) { return c >= 0; });
  EXPECT_GT(linked, 1000);  // Both outcomes are exercised.
  EXPECT_GT(static_cast<int64_t>(got.size()) - linked, 1000);
}

// FeedRows (a store's rows): the scan runs on a thread of its own, and the sink's halves see
// its rows in its order, batched, and build the table row by row would.
TEST(RowPipelineTest, FedRowsBuildTheRowByRowTable) {
  std::deque<std::string> texts;  // The rows' text views point here.
  const auto text = [&texts](std::string s) { return Value::Text(texts.emplace_back(s)); };
  std::vector<std::vector<Value>> rows;
  for (int i = 0; i < 40000; ++i) {
    std::vector<Value> v(contact_field::kCount, Value::Null());
    v[contact_field::kContactId] = text(fmt::format("c{}", i % 37000));  // Re-sent too.
    v[contact_field::kPartner] = text(fmt::format("p{}", i % 37000 % 3));
    v[contact_field::kChannel] = Value::Text(i % 2 ? "voice" : "email");
    v[contact_field::kCustomerId] = text(fmt::format("k{}", i % 9001));
    v[contact_field::kReason] = text(fmt::format("r{}", i % 5));
    v[contact_field::kArrivedAt] = Value::Int(int64_t{1'700'000'000'000'000} + i);
    v[contact_field::kHandleSeconds] = Value::Int(i % 600);
    rows.push_back(std::move(v));
  }
  const RowScan scan = [&](const auto& emit) {
    for (const auto& v : rows) emit(v);
    return Status::Ok();
  };
  ContactTableBuilder by_row;
  for (const auto& v : rows) by_row.Add(v);
  ContactTableBuilder fed;
  ContactSink sink{[&](const ContactBatch& b, ContactSink::Words* w) { fed.AssignRows(b, w); },
                   [&](const ContactBatch& b, const ContactSink::Words& w) { fed.FillRows(b, w); }};
  ASSERT_TRUE(FeedRows(scan, sink).ok());
  const std::vector<std::string> expected = Rows(by_row.Finish());
  EXPECT_EQ(expected.size(), 37000u);
  EXPECT_EQ(Rows(fed.Finish()), expected);
}

// A scan that fails partway: FeedRows returns its status once the rows before went through.
TEST(RowPipelineTest, AFailedScanIsReturnedAfterItsRows) {
  std::vector<Value> v(contact_field::kCount, Value::Null());
  v[contact_field::kContactId] = Value::Text("c");
  size_t added = 0;
  RowSink sink{nullptr, [&](const RowBatch& b, const RowSink::Words&) { added += b.size(); }};
  const Status s = FeedRows(
      [&](const auto& emit) {
        for (int i = 0; i < 2500; ++i) emit(v);
        return Internal("disk I/O error");
      },
      sink);
  EXPECT_EQ(s.ToString(), Internal("disk I/O error").ToString());
  EXPECT_EQ(added, 2500u);
}

// FeedParts (a store's readers): parts scanned on several threads at once reach the sink in
// part order, each part on its scanner (part i on i % scanners), and build the table row by
// row would.
TEST(RowPipelineTest, PartsScannedAtOnceBuildTheRowByRowTable) {
  std::deque<std::string> texts;  // The rows' text views point here.
  const auto text = [&texts](std::string s) { return Value::Text(texts.emplace_back(s)); };
  std::vector<std::vector<Value>> rows;
  for (int i = 0; i < 50000; ++i) {
    std::vector<Value> v(contact_field::kCount, Value::Null());
    v[contact_field::kContactId] = text(fmt::format("c{}", i));
    v[contact_field::kPartner] = text(fmt::format("p{}", i % 4));
    v[contact_field::kChannel] = Value::Text("chat");
    v[contact_field::kCustomerId] = text(fmt::format("k{}", i % 7001));
    v[contact_field::kArrivedAt] = Value::Int(int64_t{1'700'000'000'000'000} + 7 * i);
    rows.push_back(std::move(v));
  }
  ContactTableBuilder by_row;
  for (const auto& v : rows) by_row.Add(v);
  const std::vector<std::string> expected = Rows(by_row.Finish());

  for (size_t per_part : {size_t{1000}, size_t{16384}, size_t{70000}}) {
    const size_t parts = (rows.size() + per_part - 1) / per_part;
    std::mutex mu;
    std::vector<std::pair<size_t, size_t>> scanned;  // (scanner, part)
    const PartScan scan = [&](size_t scanner, size_t part, const auto& emit) {
      {
        std::lock_guard lock(mu);
        scanned.emplace_back(scanner, part);
      }
      for (size_t r = part * per_part; r < std::min(rows.size(), (part + 1) * per_part); ++r) {
        emit(rows[r]);
      }
      return Status::Ok();
    };
    ContactTableBuilder fed;
    ContactSink sink{
        [&](const ContactBatch& b, ContactSink::Words* w) { fed.AssignRows(b, w); },
        [&](const ContactBatch& b, const ContactSink::Words& w) { fed.FillRows(b, w); }};
    ASSERT_TRUE(FeedParts(parts, 2, scan, sink).ok()) << per_part;
    EXPECT_EQ(Rows(fed.Finish()), expected) << per_part;
    ASSERT_EQ(scanned.size(), parts);
    for (auto [scanner, part] : scanned) EXPECT_EQ(scanner, part % std::min<size_t>(2, parts));
  }
}

// A part that fails: FeedParts returns its status after the parts before it went through,
// and nothing after it reaches the sink.
TEST(RowPipelineTest, AFailedPartStopsTheFeedAfterThePartsBeforeIt) {
  std::vector<Value> v(contact_field::kCount, Value::Null());
  v[contact_field::kContactId] = Value::Text("c");
  size_t added = 0;
  RowSink sink{nullptr, [&](const RowBatch& b, const RowSink::Words&) { added += b.size(); }};
  const Status s = FeedParts(
      40, 2,
      [&](size_t, size_t part, const auto& emit) {
        for (int i = 0; i < 100; ++i) emit(v);
        return part == 7 ? Internal("disk I/O error in part 7") : Status::Ok();
      },
      sink);
  EXPECT_EQ(s.ToString(), Internal("disk I/O error in part 7").ToString());
  EXPECT_EQ(added, 800u) << "parts 0-7, the failed one's rows included, and no other";
}

// A stage, a scan or a parse that throws (a table that cannot grow: std::bad_alloc) makes the
// load fail with a Status; it must not end the process, which a server is.
TEST(RowPipelineTest, WhatAStageOrAScanThrowsIsAnErrorOfTheLoad) {
  std::vector<Value> v(contact_field::kCount, Value::Null());
  v[contact_field::kContactId] = Value::Text("c");
  const auto throws_at = [](size_t n) {
    return [n, seen = size_t{0}](size_t rows) mutable {
      seen += rows;
      if (seen >= n) throw std::runtime_error("no room left");
    };
  };
  const PartScan scan = [&](size_t, size_t, const auto& emit) {
    for (int i = 0; i < 3000; ++i) emit(v);
    return Status::Ok();
  };
  const auto expect_failed = [](const Status& s, std::string_view what) {
    EXPECT_FALSE(s.ok()) << what;
    EXPECT_NE(s.ToString().find("no room left"), std::string::npos) << what << ": " << s.ToString();
  };
  {
    auto add = throws_at(20000);
    RowSink sink{nullptr, [&](const RowBatch& b, const RowSink::Words&) { add(b.size()); }};
    expect_failed(FeedParts(30, 2, scan, sink), "add, parts");
  }
  {
    auto key = throws_at(20000);
    RowSink sink{[&](const RowBatch& b, RowSink::Words*) { key(b.size()); },
                 [](const RowBatch&, const RowSink::Words&) {}};
    expect_failed(FeedParts(30, 2, scan, sink), "key, parts");
  }
  {
    RowSink sink{nullptr, [](const RowBatch&, const RowSink::Words&) {}};
    const PartScan throwing = [&](size_t, size_t part, const auto& emit) {
      if (part == 5) throw std::runtime_error("no room left");
      return scan(0, part, emit);
    };
    expect_failed(FeedParts(30, 2, throwing, sink), "scan, parts");
    expect_failed(FeedRows([&](const auto& emit) { return throwing(0, 5, emit); }, sink),
                  "scan, rows");
  }
  {
    auto add = throws_at(20000);
    RowSink sink{nullptr, [&](const RowBatch& b, const RowSink::Words&) { add(b.size()); }};
    const RowScan seven_parts = [&](const auto& emit) {
      for (size_t part = 0; part < 7; ++part) RETURN_IF_ERROR(scan(0, part, emit));
      return Status::Ok();
    };
    expect_failed(FeedRows(seven_parts, sink), "add, rows");
  }
  testing::TempDir dir;
  dir.Write("contacts.csv", AwkwardContacts(6000));
  for (int threads : {1, 2}) {
    RowReadOptions options;
    options.threads = threads;
    options.parallel_min_bytes = 0;
    options.range_bytes = 64 << 10;
    auto add = throws_at(2000);
    RowSink sink{nullptr, [&](const RowBatch& b, const RowSink::Words&) { add(b.size()); }};
    int64_t bad = 0;
    expect_failed(ReadRowsInto(dir / "contacts.csv", Kind::kContacts, options, sink, &bad),
                  threads == 1 ? "add, file, one thread" : "add, file, ranges");
  }
}

TEST(RowPipelineTest, AnUnclosedQuoteIsAnErrorInEitherMode) {
  testing::TempDir dir;
  std::string csv = AwkwardContacts(3000);
  csv += "c-last,p1,s1,q1,voice,k1,\"never closed,2026-01-01T10:00:00Z,,,,1,false,false,,,,\n";
  dir.Write("contacts.csv", csv);
  std::vector<std::string> errors;
  for (int threads : {1, 2}) {
    RowReadOptions options;
    options.threads = threads;
    options.parallel_min_bytes = 0;
    options.range_bytes = 64 << 10;
    RowSink sink;
    sink.add = [](const RowBatch&, const RowSink::Words&) {};
    int64_t bad = 0;
    Status s = ReadRowsInto(dir / "contacts.csv", Kind::kContacts, options, sink, &bad);
    EXPECT_FALSE(s.ok()) << threads;
    EXPECT_NE(s.ToString().find("never closed"), std::string::npos) << s.ToString();
    errors.push_back(s.ToString());
  }
  EXPECT_EQ(errors[0], errors[1]) << "the same message, with the same line number";
}

}  // namespace
}  // namespace cx
